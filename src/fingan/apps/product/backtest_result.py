"""The result of a product backtest: predicted outcome bands against what each start paid."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from fingan.evaluation import RefitSchedule
from fingan.metrics.interval import (
    coverage_p_value,
    effective_count,
    newey_west_effective_count,
    pit_uniformity,
)
from fingan.products import ProductSpec, spec_to_dict

if TYPE_CHECKING:
    from fingan.report import HtmlReport

__all__ = ["BAND", "CHI2_BINS", "SCORE_COLUMNS", "ProductBacktest"]

BAND: tuple[float, float] = (0.1, 0.9)
"""The predicted band's quantiles: a central 80 % band (alpha 0.2 for its Winkler score)."""

CHI2_BINS = 5
"""Bins of the PIT chi-square test (few, since few outcomes are independent)."""

SCORE_COLUMNS: tuple[str, ...] = (
    "coverage",
    "pit_coverage",
    "coverage_p",
    "winkler",
    "width",
    "pit_ks_p",
    "pit_chi2_p",
    "pit_ks_p_iid",
    "stress_breach",
    "n_effective_nw",
)
"""The columns of :meth:`ProductBacktest.scores`, one row per generator."""


@dataclass(frozen=True, eq=False)
class ProductBacktest:
    """A product's predicted outcome at monthly starts against its realised outcome.

    Attributes
    ----------
    spec : ProductSpec
        The product.
    forecasts : pandas.DataFrame
        One row per generator and start (index ``(generator, start)``): the predicted
        ``q10``, ``q50``, ``q90`` of the product's return, the ``realised`` return, its
        randomised ``pit``, whether it fell ``inside`` the 10-90 % band, the band's
        ``winkler`` score, the PRIIPs ``stress`` value and whether the outcome fell
        ``below_stress``, and the predicted ``expected_return`` and ``p_loss``.
    fits : pandas.DataFrame
        One row per fit of a conditional model: ``generator``, ``refit_date``,
        ``train_start``, ``train_end``, ``n_rows`` and ``seconds``.
    n_paths : int
        Paths per generator and start.
    random_state : int
        The seed of the run.
    refit : str or int
        The refit schedule.
    n_steps : int, optional
        GAN training steps, when given.
    step_days : float
        Mean trading days between consecutive starts.
    data_start : str
        The first day of the data (every fit's expanding window starts there).
    """

    REPORT_KIND: ClassVar[str] = "product backtest report"

    spec: ProductSpec
    forecasts: pd.DataFrame
    fits: pd.DataFrame
    n_paths: int
    random_state: int
    refit: RefitSchedule
    step_days: float
    data_start: str
    n_steps: int | None = None

    @property
    def generators(self) -> list[str]:
        """The generators, the conditional models first and ``"priips"`` last."""
        return list(dict.fromkeys(self.forecasts.index.get_level_values("generator")))

    @property
    def starts(self) -> pd.DatetimeIndex:
        """The start dates, in order."""
        return pd.DatetimeIndex(self.forecasts.index.get_level_values("start").unique())

    @property
    def n_starts(self) -> int:
        """Number of start dates."""
        return len(self.starts)

    @property
    def n_effective(self) -> float:
        """How many outcomes are effectively independent: ``n_starts * step / maturity``."""
        return effective_count(self.n_starts, self.step_days, self.spec.maturity)

    @property
    def overlap_lags(self) -> int:
        """Starts whose holding periods overlap a start's, after it: the Newey-West lags."""
        return max(0, math.ceil(self.spec.maturity / self.step_days) - 1)

    def to_frame(self) -> pd.DataFrame:
        """Return :attr:`forecasts`: one row per generator and start."""
        return self.forecasts.copy()

    def scores(self) -> pd.DataFrame:
        """Return one row per generator with the columns of :data:`SCORE_COLUMNS`.

        ``coverage``: share of starts whose outcome fell in the 10-90 % band (nominal 0.8),
        ``pit_coverage``: share of randomised PIT values in [0.1, 0.9], the band's coverage
        with atoms split at random (exactly 0.8 in expectation for a calibrated prediction,
        whereas ``coverage`` counts an outcome on an atom at a band's end as inside);
        ``coverage_p`` its two-sided p-value against 0.8 on :attr:`n_effective` outcomes;
        ``winkler``: mean interval score at alpha 0.2 (lower is better); ``width``: mean band
        width; ``pit_ks_p`` and ``pit_chi2_p``: PIT uniformity p-values (Kolmogorov-Smirnov,
        chi-square on :data:`CHI2_BINS` bins) on :attr:`n_effective` outcomes, ``pit_ks_p_iid``
        the KS p-value as if every start were independent (too small; for comparison only);
        ``stress_breach``: share of starts whose outcome fell below the stress value;
        ``n_effective_nw``: the Newey-West count of the PIT series (a check on
        :attr:`n_effective`).
        """
        rows = {}
        n_effective = self.n_effective
        for name, group in self.forecasts.groupby(level="generator", sort=False):
            pit = group["pit"].to_numpy()
            adjusted = pit_uniformity(pit, n_effective=n_effective, n_bins=CHI2_BINS)
            in_band = (pit >= BAND[0]) & (pit <= BAND[1])
            rows[str(name)] = {
                "coverage": float(group["inside"].mean()),
                "pit_coverage": float(in_band.mean()),
                "coverage_p": coverage_p_value(in_band, BAND[1] - BAND[0], n_effective),
                "winkler": float(group["winkler"].mean()),
                "width": float((group["q90"] - group["q10"]).mean()),
                "pit_ks_p": adjusted.ks_p_value,
                "pit_chi2_p": adjusted.chi2_p_value,
                "pit_ks_p_iid": pit_uniformity(pit, n_bins=CHI2_BINS).ks_p_value,
                "stress_breach": float(group["below_stress"].mean()),
                "n_effective_nw": newey_west_effective_count(pit, self.overlap_lags),
            }
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(SCORE_COLUMNS))
        frame.index.name = "generator"
        return frame

    def pit_histograms(self, n_bins: int = 10) -> dict[str, list[int]]:
        """Return each generator's PIT counts in ``n_bins`` equal bins of [0, 1]."""
        return {
            str(name): np.histogram(group["pit"], bins=n_bins, range=(0.0, 1.0))[0].tolist()
            for name, group in self.forecasts.groupby(level="generator", sort=False)
        }

    def verdict(self) -> str:
        """Say which generators' bands covered the realised outcomes, and at what score."""
        scores = self.scores()
        starts = self.starts
        nominal = BAND[1] - BAND[0]
        parts = [
            f"Over {self.n_starts} monthly starts from {starts[0]:%Y-%m-%d} to "
            f"{starts[-1]:%Y-%m-%d}, whose {self.spec.maturity}-day holding periods overlap "
            f"(about {self.n_effective:.1f} independent outcomes), the 10-90 % band of this "
            f"{self.spec.kind} covered the realised return on "
            + ", ".join(f"{value:.0%} ({name})" for name, value in scores["coverage"].items())
            + f" of starts (nominal {nominal:.0%}); counting an outcome that lands on an atom "
            "(a coupon paid on many paths) as inside only in proportion, through its randomised "
            "PIT, the shares are "
            + ", ".join(f"{value:.0%} ({name})" for name, value in scores["pit_coverage"].items())
            + "."
        ]
        winkler = {str(name): float(value) for name, value in scores["winkler"].items()}
        best = min(winkler, key=winkler.__getitem__)
        parts.append(
            f"The best Winkler score (width plus 10 times each miss) is {best}'s "
            f"({winkler[best]:.4f})."
        )
        if "priips" in winkler and len(winkler) > 1:
            reference = winkler["priips"]
            better = [name for name, value in winkler.items()
                      if name != "priips" and value <= reference]  # fmt: skip
            parts.append(
                f"{', '.join(better)} scored no worse than the regulation's bootstrap (priips, "
                f"{reference:.4f})."
                if better
                else f"Every generator scored worse than the regulation's bootstrap (priips, "
                f"{reference:.4f})."
            )
        rejected = [str(n) for n in scores.index if scores.loc[n, "pit_ks_p"] < 0.05]
        parts.append(
            "Uniform PIT values are rejected at 5 % (Kolmogorov-Smirnov on the effective "
            f"count) for {', '.join(rejected)}."
            if rejected
            else "No generator's PIT values are rejected as non-uniform at 5 % "
            "(Kolmogorov-Smirnov on the effective count), a weak test with so few outcomes."
        )
        breaches = scores["stress_breach"]
        parts.append(
            "The realised return fell below the stress value on "
            + ", ".join(f"{value:.0%} ({name})" for name, value in breaches.items())
            + " of starts."
        )
        parts.append(
            f"{self.n_paths:,} paths per generator and start, one seed; overlapping holding "
            "periods make neighbouring outcomes nearly the same event, so these shares are "
            "much noisier than their count suggests."
        )
        return " ".join(parts)

    def summary(self) -> str:
        """Return the verdict and the table of scores as text."""
        table = self.scores().to_string(float_format=lambda value: f"{value:.4f}")
        return f"{self.verdict()}\n{table}"

    def to_dict(self) -> dict[str, Any]:
        """Return settings, scores per generator and every forecast, JSON-ready."""
        scores = self.scores()
        histograms = self.pit_histograms()
        generators = {
            name: {**scores.loc[name].to_dict(), "pit_histogram": histograms[name]}
            for name in scores.index
        }
        forecasts = self.forecasts.reset_index()
        forecasts["start"] = forecasts["start"].dt.strftime("%Y-%m-%d")
        starts = self.starts
        return {
            "product": spec_to_dict(self.spec),
            "assets": list(self.spec.underlyings),
            "period": {
                "first_start": f"{starts[0]:%Y-%m-%d}",
                "last_start": f"{starts[-1]:%Y-%m-%d}",
                "data_start": self.data_start,
            },
            "n_starts": self.n_starts,
            "step_days": self.step_days,
            "n_effective": self.n_effective,
            "holding_period_days": self.spec.maturity,
            "band": list(BAND),
            "pit": "randomised PIT; uniformity: Kolmogorov-Smirnov (exact, on n_effective "
            f"outcomes) and chi-square on {CHI2_BINS} bins scaled by n_effective / n_starts",
            "n_paths": self.n_paths,
            "refit": self.refit,
            "random_state": self.random_state,
            "n_steps": self.n_steps,
            "generators": generators,
            "fits": self.fits.to_dict(orient="records"),
            "forecasts": forecasts.to_dict(orient="records"),
        }

    def report(self) -> HtmlReport:
        """Return the HTML report (:func:`fingan.apps.product.backtest_report.backtest_report`)."""
        from fingan.apps.product.backtest_report import backtest_report

        return backtest_report(self)
