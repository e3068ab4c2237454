"""The demo job: market scenarios for the S&P 500, a GAN against the classical generators."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from fingan.apps.market import MarketEvaluation, evaluate_market, market_gan
from fingan.apps.provenance import Provenance
from fingan.core.io import atomic_directory, check_output_folder
from fingan.core.random import RandomState
from fingan.data.validation import validate_returns_frame
from fingan.datasets import load_sp500
from fingan.training import ProgressCallback

DEMO_STEPS = 500
"""GAN training steps of the demo: about a minute on two CPU cores."""

DEMO_PERIOD = ("2009-01-01", "2018-12-31")
DEMO_TEST_START = "2016-01-01"

OUTPUT_KIND = "demo"
"""What :func:`run_demo` folders hold, recorded in their marker file."""


def run_demo(
    out_dir: str | os.PathLike[str],
    *,
    returns: pd.DataFrame | None = None,
    n_steps: int = DEMO_STEPS,
    n_paths: int = 100,
    random_state: RandomState = 0,
    progress: ProgressCallback | None = None,
    overwrite: bool = False,
    command: Sequence[str] | None = None,
) -> MarketEvaluation:
    """Fit a MarketGAN and the classical generators, score them on held-out days, report.

    On the built-in data the generators are fitted on S&P 500 returns of 2009-2015 and scored on
    2016-2018; on user data the last quarter of the days is held out. The folder receives
    ``report.html``, ``metrics.json`` (with the report's ``"verdict"`` and its
    ``"provenance"``) and the fitted GAN in ``model/``.

    Parameters
    ----------
    out_dir : path-like
        Folder to write, only once everything has succeeded: new, empty, or an earlier demo
        folder (replaced only when ``overwrite`` is true). Checked before the work starts.
    returns : pandas.DataFrame, optional
        Daily log returns, one column per asset; the built-in S&P 500 when ``None``.
    n_steps : int
        GAN training steps (the full default of ``MarketGAN`` is longer; see the benchmarks).
    n_paths : int
        Paths drawn from each generator.
    random_state : int, numpy.random.Generator or None
        Seed of the whole run.
    progress : callable, optional
        GAN training progress callback ``(step, n_steps, record)``.
    overwrite : bool, default False
        Replace an earlier demo folder at ``out_dir``.
    command : sequence of str, optional
        The command line that ran the demo, recorded in its provenance.

    Raises
    ------
    OutputPathError
        If ``out_dir`` holds anything else (see :mod:`fingan.core.io`).
    """
    check_output_folder(out_dir, kind=OUTPUT_KIND, overwrite=overwrite)
    started = time.perf_counter()
    if returns is None:
        frame = load_sp500(*DEMO_PERIOD)
        test_start: str | None = DEMO_TEST_START
    else:
        frame = validate_returns_frame(returns)
        test_start = None
    gan = market_gan(random_state, n_steps=n_steps)
    result = evaluate_market(
        frame,
        test_start=test_start,
        gan=gan,
        n_paths=n_paths,
        random_state=random_state,
        progress=progress,
    )
    verdict = result.verdict()  # its bootstrap runs once; the report shows the same text
    metrics = result.to_dict()
    seed = random_state if isinstance(random_state, int) else gan.seed_
    provenance = Provenance.capture(
        metrics, command=command, seed=seed, n_steps=n_steps, started=started
    )
    metrics = {"verdict": verdict, **metrics}
    report = result.report(title="fingan demo: S&P 500 market scenarios")
    report.set_provenance(provenance.lines())
    with atomic_directory(out_dir, kind=OUTPUT_KIND, overwrite=overwrite) as staging:
        gan.save(staging / "model")
        metrics["provenance"] = provenance.to_dict()
        (staging / "metrics.json").write_text(json.dumps(metrics, indent=2))
        report.write(staging / "report.html")
    return result


def demo_report_path(out_dir: str | os.PathLike[str]) -> Path:
    """Return where :func:`run_demo` puts its report."""
    return Path(out_dir) / "report.html"
