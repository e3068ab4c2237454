"""The demo job: fit a GAN to daily returns and compare it with classical baselines."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pandas as pd

from fingan._io import atomic_directory
from fingan._random import RandomState, draw_seed
from fingan.baselines import GaussianBaseline, StudentTBaseline
from fingan.data.validation import validate_returns_frame
from fingan.datasets import load_sp500
from fingan.metrics import compare_marginals
from fingan.models import MLPGAN
from fingan.report import HtmlReport, qq_plot, return_histograms, training_curves
from fingan.training import ProgressCallback, TrainingConfig

DEMO_TRAINING = TrainingConfig(
    loss="wgan-gp", n_steps=1500, batch_size=256, lr_g=1e-3, lr_d=1e-3, n_critic=5
)
"""Settings that fit the S&P 500 marginal in about half a minute on two CPU cores."""

_MIN_ROWS = 250


@dataclass(frozen=True)
class DemoResult:
    """What the demo produced.

    Attributes
    ----------
    out_dir : Path
        Folder holding ``report.html``, ``metrics.json``, ``samples.csv``, ``history.csv`` and
        the fitted model in ``model/``.
    scores : pandas.DataFrame
        One row per (asset, model), one column per metric (lower is better).
    """

    out_dir: Path
    scores: pd.DataFrame

    @property
    def report_path(self) -> Path:
        """Path of the HTML report."""
        return self.out_dir / "report.html"

    def summary(self) -> str:
        """Return the score table as text."""
        return self.scores.to_string(float_format=lambda value: f"{value:.4g}")


def run_demo(
    out_dir: str | os.PathLike[str],
    *,
    returns: pd.DataFrame | None = None,
    n_steps: int = DEMO_TRAINING.n_steps,
    n_samples: int = 100_000,
    random_state: RandomState = 0,
    progress: ProgressCallback | None = None,
) -> DemoResult:
    """Fit an :class:`~fingan.models.MLPGAN` to daily log returns and report on it.

    The GAN learns the joint distribution of one day's returns (no dynamics); a Gaussian and a
    Student-t model are fitted to the same data, and all three are scored on how well their
    samples match the real returns (in sample).

    Parameters
    ----------
    out_dir : path-like
        Folder to write; replaced as a whole, only once everything has succeeded.
    returns : pandas.DataFrame, optional
        Daily log returns, one column per asset; the built-in S&P 500 when ``None``.
    n_steps : int
        Generator updates.
    n_samples : int
        Synthetic rows drawn from each model for scoring.
    random_state : int, numpy.random.Generator or None
        Seed of the whole run.
    progress : callable, optional
        Training progress callback ``(step, n_steps, record)``.
    """
    frame = (
        load_sp500().to_frame()
        if returns is None
        else validate_returns_frame(returns, min_rows=_MIN_ROWS)
    )
    seed = draw_seed(random_state)
    training = TrainingConfig(**{**DEMO_TRAINING.__dict__, "n_steps": n_steps})
    gan = MLPGAN(training=training, random_state=seed).fit(frame, progress=progress)
    samples = {
        "GAN": gan.sample(n_samples, random_state=seed + 1),
        "Gaussian": GaussianBaseline().fit(frame).sample(n_samples, random_state=seed + 2),
        "Student-t": StudentTBaseline().fit(frame).sample(n_samples, random_state=seed + 3),
    }
    scores = pd.DataFrame(
        {
            (asset, name): compare_marginals(frame[asset], sample[asset])
            for asset in frame.columns
            for name, sample in samples.items()
        }
    ).T.rename_axis(["asset", "model"])

    with atomic_directory(out_dir) as staging:
        gan.save(staging / "model")
        samples["GAN"].head(10_000).to_csv(staging / "samples.csv", index=False)
        gan.history_.to_csv(staging / "history.csv")
        (staging / "metrics.json").write_text(json.dumps(_scores_json(scores), indent=2))
        _report(frame, samples, scores, gan).write(staging / "report.html")
    return DemoResult(out_dir=Path(out_dir), scores=scores)


def _scores_json(scores: pd.DataFrame) -> dict[str, dict[str, dict[str, float]]]:
    result: dict[str, dict[str, dict[str, float]]] = {}
    for key, row in scores.iterrows():
        asset, model = cast(tuple[str, str], key)
        result.setdefault(asset, {})[model] = {str(key): float(value) for key, value in row.items()}
    return result


def _report(
    frame: pd.DataFrame,
    samples: dict[str, pd.DataFrame],
    scores: pd.DataFrame,
    gan: MLPGAN,
) -> HtmlReport:
    start, end = frame.index[0], frame.index[-1]
    period = f"{start:%Y-%m-%d} to {end:%Y-%m-%d}" if hasattr(start, "year") else "all rows"
    report = HtmlReport("fingan demo: a GAN for the distribution of daily returns")
    report.add_text(
        f"{len(frame):,} daily log returns of {', '.join(frame.columns)} ({period}). "
        "A GAN with perceptron generator and discriminator (WGAN-GP) learned the distribution "
        "of one day's returns; a Gaussian and a Student-t model were fitted to the same data. "
        f"Each model drew {len(samples['GAN']):,} samples, compared here with the real returns "
        "(in sample). The GAN has no dynamics: volatility clustering needs the market model."
    )
    report.add_heading("Scores (lower is better)")
    report.add_table(scores)
    for asset in frame.columns:
        synthetic = {name: sample[asset] for name, sample in samples.items()}
        report.add_heading(f"{asset}: distribution")
        report.add_figure(
            return_histograms(frame[asset], synthetic),
            f"{asset}: density of daily log returns, log scale (fat tails show as wide wings)",
        )
        report.add_figure(qq_plot(frame[asset], synthetic), f"{asset}: quantile-quantile plot")
    report.add_heading("Training")
    report.add_figure(training_curves(gan.history_), "Losses and gradient norms per step")
    wall = gan.history_["wall_time"].iloc[-1]
    report.add_text(f"{len(gan.history_):,} steps in {wall:.1f} s on {gan.device_}.")
    return report
