"""The result of a VaR backtest: per-day forecasts of every model and their tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd
from scipy import stats

from fingan.evaluation import RollingForecasts
from fingan.metrics.arrays import json_number
from fingan.metrics.backtest import VaRBacktest
from fingan.metrics.portfolio import describe_weights

if TYPE_CHECKING:
    from fingan.apps.risk.sensitivity import BacktestSensitivity
    from fingan.report import HtmlReport

__all__ = ["TAIL_POINTS", "RiskBacktest", "VaRDay"]


@dataclass(frozen=True)
class VaRDay:
    """One model's VaR and ES forecast for one day, and what happened.

    Attributes
    ----------
    var, es : float
        Forecast value at risk and expected shortfall (losses, positive).
    realised : float
        The portfolio's simple return over the forecast window.
    violation : bool
        Whether the realised loss exceeded the VaR (``-realised > var``).
    pit : float
        Share of the scenarios at or below the realised return (its probability integral
        transform; adaptive conformal calibration works from it).
    tail : tuple of float
        The scenarios' losses beyond the VaR as :data:`TAIL_POINTS` equally likely values
        (quantiles of the tail at evenly spaced probabilities): what the Z2 test simulates
        from.
    """

    var: float
    es: float
    realised: float
    violation: bool
    pit: float
    tail: tuple[float, ...]


TAIL_POINTS = 32
"""Values that describe each day's forecast tail beyond the VaR."""


@dataclass(frozen=True)
class RiskBacktest:
    """VaR and ES forecasts of several models, day by day, and their backtests.

    Attributes
    ----------
    forecasts : pandas.DataFrame
        One row per model and forecast day: ``date``, ``model``, ``var`` and ``es`` (forecast
        losses, positive), ``realised`` (the portfolio's simple return over the forecast
        window starting on ``date``), ``violation`` (``-realised > var``) and ``pit`` (share of
        the scenarios at or below the realised return).
    backtests : dict of str to VaRBacktest
        Each model's tests (:func:`fingan.metrics.backtest.var_backtest`).
    weights : pandas.Series
        The portfolio weights used, by asset (summing to one; see
        :class:`~fingan.metrics.portfolio.PortfolioWeights`).
    level : float
        Confidence level of the VaR and ES.
    horizon : int
        Days per forecast window; windows do not overlap.
    rolling : RollingForecasts
        The run behind the forecasts: each day's :class:`VaRDay`, fits and timings.
    conformal_learning_rate : float or None
        When set, the report and ``to_dict`` add the backtests after adaptive conformal
        calibration of each model's level (:meth:`conformal`) at this learning rate.
    explanations : dict of str to BacktestSensitivity or None
        With ``backtest_var(..., explain=True)``: what moved each conditional GAN
        configuration's VaR (empty when no model has a GAN); ``None`` otherwise.
    """

    REPORT_KIND: ClassVar[str] = "risk report"
    """What a folder with this result's report holds, recorded in its marker file."""

    forecasts: pd.DataFrame
    backtests: dict[str, VaRBacktest]
    weights: pd.Series
    level: float
    horizon: int
    rolling: RollingForecasts[VaRDay]
    conformal_learning_rate: float | None = None
    explanations: dict[str, BacktestSensitivity] | None = None

    @property
    def models(self) -> list[str]:
        """Model names, in the order they were run."""
        return list(self.backtests)

    def verdict(self) -> str:
        """Return the verdict of the report (see :func:`fingan.apps.risk.report.risk_verdict`).

        The best model by traffic light and tests, which models pass and fail, the limits.
        """
        from fingan.apps.risk.report import risk_verdict

        return risk_verdict(self)

    def to_frame(self) -> pd.DataFrame:
        """Return the per-day forecasts (see ``forecasts``)."""
        return self.forecasts

    def tests(self) -> pd.DataFrame:
        """Per model: violations, their rate, each test's statistic and p-value, the light."""
        frame = pd.DataFrame({name: test.to_dict() for name, test in self.backtests.items()}).T
        frame.index.name = "model"
        return frame

    def violation_rate_intervals(self, confidence: float = 0.95) -> pd.DataFrame:
        """Per model: violation rate with its exact (Clopper-Pearson) interval.

        Violations are counted as independent Bernoulli trials, one per forecast day, which
        the independence test checks. Columns ``violation_rate``, ``ci_low``, ``ci_high`` and
        ``expected_rate``; an interval that excludes ``expected_rate`` is Kupiec's rejection
        in interval form.
        """
        tail = (1.0 - confidence) / 2.0
        rows = {}
        for name, test in self.backtests.items():
            k, n = test.n_violations, test.n_days
            low = float(stats.beta.ppf(tail, k, n - k + 1)) if k > 0 else 0.0
            high = float(stats.beta.ppf(1.0 - tail, k + 1, n - k)) if k < n else 1.0
            rows[name] = {
                "violation_rate": test.violation_rate,
                "ci_low": low,
                "ci_high": high,
                "expected_rate": test.expected_rate,
            }
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "model"
        return frame

    def quantile_losses(self, benchmark: str = "fhs") -> pd.DataFrame:
        """Per model: tick loss of the VaR and a Diebold-Mariano test against ``benchmark``.

        See :func:`fingan.apps.risk.calibration.quantile_losses`.
        """
        from fingan.apps.risk.calibration import quantile_losses

        return quantile_losses(self, benchmark)

    def conformal(self, learning_rate: float | None = None) -> pd.DataFrame:
        """Per model: the backtest after adaptive conformal calibration of the VaR level.

        ``learning_rate`` defaults to the run's ``conformal_learning_rate``, else 0.005; see
        :func:`fingan.apps.risk.calibration.conformal_backtests`.
        """
        from fingan.apps.risk.calibration import DEFAULT_LEARNING_RATE, conformal_backtests

        rate = learning_rate or self.conformal_learning_rate or DEFAULT_LEARNING_RATE
        return conformal_backtests(self, rate)

    def timings(self) -> pd.DataFrame:
        """Per model: forecasts, fits, fit and sampling seconds (see ``RollingForecasts``)."""
        return self.rolling.timings()

    def summary(self) -> str:
        """Return the period and the main results of each model's tests as text."""
        columns = [
            "n_violations",
            "violation_rate",
            "kupiec_p_value",
            "independence_p_value",
            "conditional_coverage_p_value",
            "traffic_light",
            "es_p_value",
        ]
        dates = self.forecasts["date"]
        head = (
            f"{self.level:.1%} VaR of a {self.horizon}-day horizon, {dates.nunique():,} "
            f"forecasts from {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d} "
            f"(expected violation rate {1 - self.level:.2%})"
        )
        table = self.tests()[columns].to_string(
            float_format=lambda value: f"{value:.4f}", na_rep="-"
        )
        explained = [
            f"explained {name} (refit {item.refit_date}, {item.start} to {item.end}); deletion "
            f"tests: {item.deletion_verdicts()}"
            for name, item in (self.explanations or {}).items()
        ]
        return "\n".join([head, f"weights: {describe_weights(self.weights)}", table, *explained])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready results: settings, and per model its tests, fits and timings."""
        dates = self.forecasts["date"]
        timings = self.rolling.to_dict()
        losses = self.quantile_losses()
        conformal = None if self.conformal_learning_rate is None else self.conformal()
        return {
            "level": self.level,
            "horizon": self.horizon,
            "n_paths": self.rolling.n_paths,
            "refit": self.rolling.refit,
            "weights": {str(name): float(value) for name, value in self.weights.items()},
            "gross_leverage": float(self.weights.abs().sum()),
            "period": {
                "start": f"{dates.min():%Y-%m-%d}",
                "end": f"{dates.max():%Y-%m-%d}",
                "forecasts": int(dates.nunique()),
            },
            "models": {
                name: {
                    **test.to_dict(),
                    **_json_row(losses, name),
                    "timing": timings["models"][name],
                    **({"conformal": _json_row(conformal, name)} if conformal is not None else {}),
                }
                for name, test in self.backtests.items()
            },
            "quantile_loss_benchmark": "fhs" if "fhs" in self.backtests else None,
            "conformal_learning_rate": self.conformal_learning_rate,
            **({} if self.explanations is None else {"explain": self._explain_dict()}),
        }

    def _explain_dict(self) -> dict[str, Any]:
        """Return the ``explain`` entry of :meth:`to_dict`: each explained model, or a note."""
        explanations = self.explanations or {}
        note = None if explanations else "no model of this backtest has a GAN innovation model"
        return {"models": {name: e.to_dict() for name, e in explanations.items()}, "note": note}

    def report(self) -> HtmlReport:
        """Return the HTML report (see :func:`fingan.apps.risk.report.risk_report`)."""
        from fingan.apps.risk.report import risk_report

        return risk_report(self)


def _json_row(frame: pd.DataFrame, name: str) -> dict[str, Any]:
    """One model's row of a per-model table, JSON-ready (NaN as ``None``)."""
    return {
        str(key): value if isinstance(value, str) else json_number(float(value))
        for key, value in frame.loc[name].to_dict().items()
    }
