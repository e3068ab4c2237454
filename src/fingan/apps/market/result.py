"""The result of the market study: scores of each generator against held-out returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

from fingan.apps.market.models import GAN_NAME
from fingan.apps.serialise import finite_or_none, period_of
from fingan.core.paths import ReturnPaths
from fingan.metrics import STYLIZED_GROUPS, head_to_head

if TYPE_CHECKING:
    from fingan.report import HtmlReport

__all__ = ["MarketEvaluation"]


@dataclass(frozen=True)
class MarketEvaluation:
    """Scores of several scenario generators against held-out real returns.

    Attributes
    ----------
    train, test : pandas.DataFrame
        The fitting and the held-out period (daily log returns).
    paths : dict of str to ReturnPaths
        Each generator's paths, as long as the held-out period.
    scores : pandas.DataFrame
        Raw errors, one row per generator, columns ``(group, metric)``; lower is better.
    ranking : pandas.DataFrame
        Group scores (each error relative to the median generator), ``overall`` and ``rank``.
    fit_seconds : dict of str to float
        Wall time of each fit.
    histories : dict of str to pandas.DataFrame
        Training history of each GAN (see ``GANEstimator.history_``).
    """

    train: pd.DataFrame
    test: pd.DataFrame
    paths: dict[str, ReturnPaths]
    scores: pd.DataFrame
    ranking: pd.DataFrame
    fit_seconds: dict[str, float] = field(default_factory=dict)
    histories: dict[str, pd.DataFrame] = field(default_factory=dict)

    REPORT_KIND: ClassVar[str] = "market report"
    """What a folder with this result's report holds."""

    def stylized_wins(self, model: str = GAN_NAME, rivals: list[str] | None = None) -> pd.DataFrame:
        """Which stylized-fact groups ``model`` wins against each rival (True = lower error)."""
        wins = head_to_head(self.scores, model, rivals)
        return wins[wins.index.isin([*STYLIZED_GROUPS, "overall"])]

    def summary(self) -> str:
        """Return the ranking as text."""
        return self.ranking.to_string(float_format=lambda value: f"{value:.3f}")

    def to_frame(self) -> pd.DataFrame:
        """Return the ranking: group scores, ``overall`` and ``rank`` per generator."""
        return self.ranking

    def report(self, *, title: str | None = None) -> HtmlReport:
        """Return the HTML report (see :func:`fingan.apps.market.report.market_report`)."""
        from fingan.apps.market.report import market_report

        return market_report(self, title=title)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready results: per model, every metric, group score, overall score and rank."""
        models: dict[str, Any] = {}
        for name in self.scores.index:
            metrics = {
                f"{group}.{metric}": finite_or_none(value)
                for (group, metric), value in self.scores.loc[name].items()
            }
            row = self.ranking.loc[name]
            models[str(name)] = {
                "metrics": metrics,
                "groups": {
                    str(key): finite_or_none(value)
                    for key, value in row.items()
                    if key not in ("overall", "rank")
                },
                "overall_score": finite_or_none(row["overall"]),
                "rank": int(row["rank"]),
                "fit_seconds": self.fit_seconds.get(str(name)),
            }
        return {
            "train": period_of(self.train),
            "test": period_of(self.test),
            "assets": [str(column) for column in self.train.columns],
            "n_paths": next(iter(self.paths.values())).n_paths,
            "overall_score": (
                "mean over groups of each group's errors divided by the median generator's; "
                "lower is better, 1 is typical of the set compared"
            ),
            "models": models,
        }
