"""News impact curves of a saved model beside EWMA, GARCH(1,1) and GJR-GARCH fitted on the data."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

from fingan.apps.explain.sensitivity import NOT_APPLICABLE, explain_sensitivity
from fingan.apps.risk.saved import configuration_of, load_risk_model, match_assets
from fingan.core.random import RandomState, draw_seed
from fingan.explain import NewsImpactCurve, news_impact_curve
from fingan.explain.condition_sensitivity import ConditionSensitivity
from fingan.scenarios import build_configuration

if TYPE_CHECKING:
    from fingan.report import HtmlReport

__all__ = ["PEERS", "NewsImpactStudy", "explain_news_impact"]

PEERS: dict[str, str] = {"EWMA": "ewma+t", "GARCH(1,1)": "garch+t", "GJR-GARCH(1,1)": "gjr+t"}
"""The classical curves drawn beside the model's: name in the report → configuration."""


@dataclass(frozen=True)
class NewsImpactStudy:
    """News impact curves of a saved model and of the classical filters on the same data.

    Attributes
    ----------
    model : str
        The saved model's configuration (``"ewma+gan_evt"``...).
    curves : dict of str to NewsImpactCurve
        ``"model"`` first, then each of :data:`PEERS`.
    start, end : str
        The data's first and last day (the curves follow the last).
    sensitivity : ConditionSensitivity or None
        How the model's GAN VaR responds to its condition features; ``None`` for a model
        without a GAN innovation model.
    """

    REPORT_KIND: ClassVar[str] = "explain report"

    model: str
    curves: dict[str, NewsImpactCurve]
    start: str
    end: str
    sensitivity: ConditionSensitivity | None = None

    def to_frame(self) -> pd.DataFrame:
        """Return every curve: index ``(model, shock)``; volatility, VaR and ES columns."""
        return pd.concat(
            {name: curve.frame for name, curve in self.curves.items()}, names=["model"]
        )

    def asymmetries(self) -> pd.Series:
        """Return each curve's asymmetry (volatility after -2 over after +2 volatilities)."""
        values = {name: curve.asymmetry(2.0) for name, curve in self.curves.items()}
        return pd.Series(values, name="asymmetry")

    def verdict(self) -> str:
        """Say what the model learned about news, in the filters' terms."""
        asymmetry = self.asymmetries()
        curve = self.curves["model"].frame["volatility"]
        after_rise = float(curve.loc[4.0] / curve.loc[0.0]) if 4.0 in curve.index else None
        gjr = float(asymmetry["GJR-GARCH(1,1)"])
        ours = float(asymmetry["model"])
        parts = [
            f"The model ({self.model}) raises tomorrow's volatility {ours:.2f} times as much "
            f"after a fall of two daily volatilities as after a rise of two (GJR-GARCH: "
            f"{gjr:.2f}; GARCH(1,1): {float(asymmetry['GARCH(1,1)']):.2f}; EWMA: "
            f"{float(asymmetry['EWMA']):.2f})."
        ]
        if ours > 1.05:
            parts.append("It has learned a leverage effect.")
        if after_rise is not None and after_rise < 0.95:
            parts.append(
                f"After a rise of four volatilities it forecasts a calmer day than after no news "
                f"({after_rise:.2f} of the no-shock volatility), which no GARCH curve allows; "
                "days that large are rare, so this part of the curve is an extrapolation."
            )
        parts.append(
            "One history (the last day of the data), one asset; the curves come from each "
            "model's scenarios with the same random numbers for every shock."
        )
        return " ".join(parts)

    def summary(self) -> str:
        """Return the verdict and the asymmetries as text."""
        table = self.asymmetries().to_string(float_format=lambda value: f"{value:.3f}")
        sensitivity = NOT_APPLICABLE if self.sensitivity is None else self.sensitivity.summary()
        return f"{self.verdict()}\n{table}\n\n{sensitivity}"

    def to_dict(self) -> dict[str, Any]:
        """Return settings and curves, JSON-ready."""
        first = next(iter(self.curves.values()))
        return {
            "model": self.model,
            "asset": first.asset,
            "volatility": first.volatility,
            "level": first.level,
            "period": {"start": self.start, "end": self.end},
            "asymmetry": {str(k): float(v) for k, v in self.asymmetries().items()},
            "curves": {
                name: {
                    str(column): [float(value) for value in curve.frame[column]]
                    for column in ("return", "volatility", "var", "es")
                }
                | {"shock": [float(value) for value in curve.frame.index]}
                for name, curve in self.curves.items()
            },
            "sensitivity": {"applies": False, "note": NOT_APPLICABLE}
            if self.sensitivity is None
            else {"applies": True} | self.sensitivity.to_dict(),
        }

    def report(self) -> HtmlReport:
        """Return the HTML report (:func:`fingan.apps.explain.report.explain_report`)."""
        from fingan.apps.explain.report import explain_report

        return explain_report(self)


def explain_news_impact(
    model_dir: str | os.PathLike[str],
    returns: pd.DataFrame,
    *,
    asset: str | None = None,
    n_paths: int = 20_000,
    level: float = 0.99,
    day: str | None = None,
    random_state: RandomState = 0,
) -> NewsImpactStudy:
    """Load a saved scenario model and measure its news impact curve beside the filters'.

    Parameters
    ----------
    model_dir : path-like
        A folder written by ``fingan risk fit`` (:func:`fingan.apps.risk.save_risk_model`).
    returns : pandas.DataFrame
        Daily log returns with the model's assets; the curves follow its last day, and the
        classical peers (:data:`PEERS`) are fitted on all of it.
    asset : str, optional
        The shocked asset (default: the first).
    n_paths : int, default 20000
        Scenarios per shock.
    level : float, default 0.99
        Level of the VaR and ES curves, and of the condition sensitivity.
    day : str, optional
        The day whose VaR the condition sensitivity attributes (default: the data's last).
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the scenarios (the same for every shock and model).

    Raises
    ------
    CheckpointError
        If ``model_dir`` is not a saved model.
    ShapeError
        If the data's assets are not the model's.
    ConfigError
        If ``day`` is not a day of the data.
    """
    model = load_risk_model(model_dir)
    frame = match_assets(model, returns, source=model_dir)
    seed = draw_seed(random_state)
    fitted = {"model": model}
    fitted |= {name: build_configuration(config).fit(frame) for name, config in PEERS.items()}
    curves = {
        name: news_impact_curve(
            candidate, frame, asset=asset, n_paths=n_paths, level=level, random_state=seed
        )
        for name, candidate in fitted.items()
    }
    sensitivity = explain_sensitivity(
        model, frame, asset=asset, day=day, level=level, random_state=seed
    )
    index = frame.index
    return NewsImpactStudy(
        model=configuration_of(model) or "a saved model",
        curves=curves,
        start=str(pd.Timestamp(index[0]).date()) if len(index) else "",
        end=str(pd.Timestamp(index[-1]).date()) if len(index) else "",
        sensitivity=sensitivity,
    )
