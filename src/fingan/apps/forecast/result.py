"""The result of a forecast evaluation: per-day forecasts of every model, scores and tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias, cast

import numpy as np
import pandas as pd
from scipy import stats

from fingan.apps.forecast.targets import (
    INTERVAL,
    TARGETS,
    Target,
    TargetForecast,
    quantile_columns,
)
from fingan.evaluation import RollingForecasts
from fingan.metrics.comparison import diebold_mariano, newey_west_variance
from fingan.metrics.forecast import PITHistogram, interval_coverage, pinball_loss, pit_histogram

if TYPE_CHECKING:
    from fingan.report import HtmlReport

__all__ = ["DayForecast", "ForecastEvaluation"]

DayForecast: TypeAlias = dict[Target, TargetForecast]
"""One model's forecast of every target on one day: what the per-day scorer returns."""

PIT_BINS = 10
"""Bins of the PIT histograms and their uniformity tests."""


@dataclass(frozen=True)
class ForecastEvaluation:
    """Out-of-sample probabilistic forecasts of several models and their scores.

    Attributes
    ----------
    forecasts : pandas.DataFrame
        One row per ``(target, model, date)``, ``date`` the forecast origin: ``observed`` (the
        realised value), ``crps``, ``pit`` (randomised PIT), ``lower`` and ``upper`` (the
        central interval) and one column ``q<level>`` per quantile level (``q0.05``, ...).
    asset : str
        The forecast asset.
    horizon : int
        Days summed in each target.
    quantiles : tuple of float
        Quantile levels forecast and scored by the pinball loss.
    benchmark : str
        The model the Diebold-Mariano tests compare every other model with.
    rolling : RollingForecasts
        The rolling run: each day's :class:`~fingan.apps.forecast.targets.TargetForecast` of
        each target, fits, timings and settings.
    interval : float
        Nominal coverage of the central interval.
    """

    REPORT_KIND: ClassVar[str] = "forecast report"
    """What a folder with this result's report holds, recorded in its marker file."""

    forecasts: pd.DataFrame
    asset: str
    horizon: int
    quantiles: tuple[float, ...]
    benchmark: str
    rolling: RollingForecasts[DayForecast] = field(repr=False)
    interval: float = INTERVAL

    @property
    def models(self) -> list[str]:
        """The models, in the order they were evaluated."""
        return list(self.forecasts.index.unique(level="model"))

    @property
    def dates(self) -> pd.DatetimeIndex:
        """The forecast origins."""
        return pd.DatetimeIndex(self.forecasts.index.unique(level="date"))

    def verdict(self) -> str:
        """Return the report's verdict (:func:`~fingan.apps.forecast.report.forecast_verdict`).

        The CRPS ranking of each target with an interval, the Diebold-Mariano tests against
        the benchmark, and what not to conclude.
        """
        from fingan.apps.forecast.report import forecast_verdict

        return forecast_verdict(self)

    def to_frame(self) -> pd.DataFrame:
        """Return the per-day forecasts, one row per ``(target, model, date)``."""
        return self.forecasts

    def observed(self, target: Target = "return") -> pd.Series:
        """Return the realised values of a target, indexed by origin."""
        first = self._day_frame(target, self.models[0])
        return first["observed"].rename(target)

    def quantile_forecasts(self, target: Target = "return") -> dict[str, pd.DataFrame]:
        """Return each model's quantile forecasts by origin, one column per level."""
        columns = quantile_columns(self.quantiles)
        return {
            model: self._day_frame(target, model)[columns].set_axis(list(self.quantiles), axis=1)
            for model in self.models
        }

    def pit(self, target: Target = "return") -> dict[str, pd.Series]:
        """Return each model's PIT values, indexed by origin."""
        return {model: self._day_frame(target, model)["pit"] for model in self.models}

    def crps(self, target: Target = "return") -> dict[str, pd.Series]:
        """Return each model's per-day CRPS, indexed by origin."""
        return {model: self._day_frame(target, model)["crps"] for model in self.models}

    def pit_histogram(self, target: Target, model: str) -> PITHistogram:
        """Return the PIT histogram of one model and target, with its uniformity test."""
        return pit_histogram(self._day_frame(target, model)["pit"].to_numpy(), PIT_BINS)

    def scores(self) -> pd.DataFrame:
        """Summary scores, one row per ``(target, model)``.

        Columns: ``crps`` (mean, lower is better), ``crps_skill`` (``1 - crps / crps`` of the
        benchmark: positive beats it), ``pinball_<level>`` (mean pinball loss per quantile),
        ``coverage`` (share of realised values inside the central interval; compare with
        ``interval``) and ``pit_p_value`` (chi-square test of uniform PIT values; small
        values reject calibration).
        """
        rows: dict[tuple[str, str], dict[str, float]] = {}
        for target in TARGETS:
            for model in self.models:
                frame = self._day_frame(target, model)
                observed = frame["observed"].to_numpy()
                pinball = pinball_loss(
                    observed, frame[quantile_columns(self.quantiles)].to_numpy(), self.quantiles
                )
                rows[(target, model)] = {
                    "crps": float(frame["crps"].mean()),
                    **{f"pinball_{level:g}": float(loss) for level, loss in pinball.items()},
                    "coverage": interval_coverage(observed, frame["lower"], frame["upper"]),
                    "pit_p_value": self.pit_histogram(target, model).p_value,
                }
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index = pd.MultiIndex.from_tuples(table.index, names=["target", "model"])
        benchmark_crps = table.xs(self.benchmark, level="model")["crps"]
        skill = 1.0 - table["crps"] / benchmark_crps.reindex(table.index, level="target")
        table.insert(1, "crps_skill", skill)
        return table

    def crps_intervals(self, confidence: float = 0.95) -> pd.DataFrame:
        """Mean CRPS per ``(target, model)`` with a normal interval over forecast days.

        The standard error of the mean uses the Newey-West variance with ``horizon - 1`` lags
        (overlapping targets are correlated), as the Diebold-Mariano tests do. Columns
        ``crps``, ``ci_low`` and ``ci_high``.
        """
        z = float(stats.norm.ppf(0.5 + confidence / 2.0))
        rows: dict[tuple[str, str], dict[str, float]] = {}
        for target in TARGETS:
            for model in self.models:
                values = self._day_frame(target, model)["crps"].to_numpy(np.float64)
                values = values[np.isfinite(values)]
                mean = float(values.mean()) if values.size else np.nan
                lags = min(self.horizon - 1, max(values.size - 1, 0))
                error = (
                    float(np.sqrt(newey_west_variance(values, lags) / values.size))
                    if values.size > 1
                    else np.nan
                )
                rows[(target, model)] = {
                    "crps": mean,
                    "ci_low": mean - z * error,
                    "ci_high": mean + z * error,
                }
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index = pd.MultiIndex.from_tuples(table.index, names=["target", "model"])
        return table

    def dm_tests(self) -> pd.DataFrame:
        """Diebold-Mariano tests of each model's per-day CRPS against the benchmark's.

        One row per ``(target, model)`` other than the benchmark: ``mean_difference`` (mean
        of the model's CRPS minus the benchmark's; negative: the model is better),
        ``statistic`` and the two-sided ``p_value`` (Newey-West variance with ``horizon - 1``
        lags, Harvey-Leybourne-Newbold correction).
        """
        rows: dict[tuple[str, str], dict[str, float]] = {}
        for target in TARGETS:
            reference = self._day_frame(target, self.benchmark)["crps"]
            for model in self.models:
                if model == self.benchmark:
                    continue
                losses = self._day_frame(target, model)["crps"].reindex(reference.index)
                test = diebold_mariano(
                    losses.to_numpy(), reference.to_numpy(), horizon=self.horizon
                )
                rows[(target, model)] = {
                    "mean_difference": test.mean_difference,
                    "statistic": test.statistic,
                    "p_value": test.p_value,
                }
        columns = ["mean_difference", "statistic", "p_value"]
        if not rows:
            index = pd.MultiIndex.from_tuples([], names=["target", "model"])
            return pd.DataFrame(columns=columns, index=index, dtype=np.float64)
        table = pd.DataFrame.from_dict(rows, orient="index")[columns]
        table.index = pd.MultiIndex.from_tuples(table.index, names=["target", "model"])
        return table

    def summary(self) -> str:
        """Return the main scores and the Diebold-Mariano tests as text."""
        number = "{:.4g}".format
        head = (
            f"{self.horizon}-day forecasts of {self.asset}: {len(self.dates):,} origins, "
            f"{self.dates[0]:%Y-%m-%d} to {self.dates[-1]:%Y-%m-%d}; benchmark {self.benchmark}"
        )
        main = self.scores()[["crps", "crps_skill", "coverage", "pit_p_value"]]
        parts = [head, "", main.to_string(float_format=number)]
        tests = self.dm_tests()
        if not tests.empty:
            parts += ["", f"Diebold-Mariano (CRPS vs {self.benchmark}):"]
            parts.append(tests.to_string(float_format=number))
        return "\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready settings and, per target and model, the scores, PIT histogram and test."""
        scores = self.scores().to_dict("index")
        tests = self.dm_tests().to_dict("index")
        timings = self.rolling.timings()
        targets: dict[str, Any] = {}
        for target in TARGETS:
            models: dict[str, Any] = {}
            for model in self.models:
                entry: dict[str, Any] = {
                    "scores": {
                        str(key): _number(value) for key, value in scores[(target, model)].items()
                    },
                    "pit_histogram": self.pit_histogram(target, model).to_dict(),
                }
                if (target, model) in tests:
                    entry["dm_test_vs_benchmark"] = {
                        str(key): _number(value) for key, value in tests[(target, model)].items()
                    }
                models[model] = entry
            targets[target] = models
        return {
            "asset": self.asset,
            "horizon": self.horizon,
            "start": f"{self.dates[0]:%Y-%m-%d}",
            "end": f"{self.dates[-1]:%Y-%m-%d}",
            "n_forecasts": len(self.dates),
            "n_paths": self.rolling.n_paths,
            "refit": self.rolling.refit,
            "quantiles": list(self.quantiles),
            "interval": self.interval,
            "benchmark": self.benchmark,
            "targets": targets,
            "timings": {
                str(model): {
                    "fits": int(row["fits"]),
                    "fit_seconds": _number(row["fit_seconds"]),
                    "sample_seconds": _number(row["sample_seconds"]),
                }
                for model, row in timings.iterrows()
            },
            "notes": {
                "crps": "mean continuous ranked probability score (fair estimator); lower "
                "is better",
                "crps_skill": "1 - crps / benchmark crps; positive beats the benchmark",
                "coverage": f"share of realised values in the central {self.interval:.0%} interval",
                "pit_p_value": "chi-square test of uniform PIT values; small rejects calibration",
                "dm_test_vs_benchmark": "Diebold-Mariano test of per-day CRPS, model minus "
                "benchmark; negative statistic: the model is better",
            },
        }

    def report(self) -> HtmlReport:
        """Return the HTML report (see :func:`fingan.apps.forecast.report.forecast_report`)."""
        from fingan.apps.forecast.report import forecast_report

        return forecast_report(self)

    def _day_frame(self, target: Target, model: str) -> pd.DataFrame:
        return cast(pd.DataFrame, self.forecasts.xs((target, model), level=("target", "model")))


def _number(value: Any) -> float | None:
    number = float(value)
    return number if np.isfinite(number) else None
