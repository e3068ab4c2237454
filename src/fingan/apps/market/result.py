"""The result of the market study: scores of each generator against held-out returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.apps.market.models import GAN_NAME
from fingan.apps.serialise import finite_or_none, period_of
from fingan.core.paths import ReturnPaths
from fingan.metrics import STYLIZED_GROUPS, head_to_head, overall_score
from fingan.metrics.bootstrap import BootstrapInterval, percentile_bootstrap, stylized_errors

if TYPE_CHECKING:
    from fingan.apps.market.attribution import MarketAttribution
    from fingan.report import HtmlReport

__all__ = ["VERDICT_RESAMPLES", "MarketEvaluation"]

VERDICT_RESAMPLES = 200
"""Bootstrap resamples of the verdict's interval by default (about 10 s per asset)."""


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
    attribution : MarketAttribution or None
        What the GAN's critic looks at and what its noise controls (``evaluate_market(...,
        explain=True)``); ``None`` otherwise.

    Notes
    -----
    The verdict runs a bootstrap; :meth:`verdict` keeps it, so that the report and
    ``metrics.json`` show the same text and the bootstrap runs once per result.
    """

    train: pd.DataFrame
    test: pd.DataFrame
    paths: dict[str, ReturnPaths]
    scores: pd.DataFrame
    ranking: pd.DataFrame
    fit_seconds: dict[str, float] = field(default_factory=dict)
    histories: dict[str, pd.DataFrame] = field(default_factory=dict)
    attribution: MarketAttribution | None = None
    _verdict: dict[int, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    REPORT_KIND: ClassVar[str] = "market report"
    """What a folder with this result's report holds."""

    def stylized_wins(self, model: str = GAN_NAME, rivals: list[str] | None = None) -> pd.DataFrame:
        """Which stylized-fact groups ``model`` wins against each rival (True = lower error)."""
        wins = head_to_head(self.scores, model, rivals)
        return wins[wins.index.isin([*STYLIZED_GROUPS, "overall"])]

    def overall_difference(
        self,
        first: str | None = None,
        second: str | None = None,
        *,
        n_resamples: int = 200,
        confidence: float = 0.95,
        random_state: int = 0,
    ) -> BootstrapInterval:
        """Bootstrap interval over paths of ``overall(first) - overall(second)``.

        Each resample draws the paths of ``first`` and of ``second`` with replacement
        (independently), scores their seven stylized-fact groups again against the same
        held-out returns, and recomputes every overall score with the other generators' errors
        as computed (the medians move with the two resampled rows). The discriminative and
        predictive scores train classifiers and are held at their computed values, so the
        interval reflects the path-to-path noise of the stylized facts of the two generators
        compared. Cost: about 25 ms per generator, asset and resample (measured on 20 to 100
        paths of 500 days), so about 10 s for 200 resamples of one asset.

        Parameters
        ----------
        first, second : str, optional
            Generators compared (default: the best and the runner-up of :attr:`ranking`).
        n_resamples : int
            Bootstrap resamples.
        confidence : float
            Coverage of the percentile interval.
        random_state : int
            Seed of the resampling.

        Returns
        -------
        BootstrapInterval
            Negative values: ``first`` has the lower (better) overall score.
        """
        order = [str(name) for name in self.ranking.index]
        first = order[0] if first is None else first
        second = order[1] if second is None else second
        compared = [first, second]
        values = [self.paths[name].values for name in compared]
        columns = self.scores.columns
        stylized = columns.get_level_values("group").isin(STYLIZED_GROUPS)

        def difference(indices: Sequence[npt.NDArray[np.int64]]) -> float:
            scores = self.scores.copy()
            for name, paths, index in zip(compared, values, indices, strict=True):
                errors = stylized_errors(self.test, paths[index])
                scores.loc[name, stylized] = errors.reindex(columns[stylized]).to_numpy()
            table = overall_score(scores)["overall"]
            return float(table[first] - table[second])

        return percentile_bootstrap(
            difference,
            [paths.shape[0] for paths in values],
            n_resamples=n_resamples,
            confidence=confidence,
            random_state=random_state,
        )

    def verdict(self, *, n_resamples: int | None = None) -> str:
        """Return the verdict of the report (see :func:`fingan.apps.market.report.market_verdict`).

        Computed once: its interval of the best minus the runner-up's overall score
        (:meth:`overall_difference`) resamples the paths ``n_resamples`` times, about 10 s per
        asset for 200 resamples. Later calls return the same text.

        Parameters
        ----------
        n_resamples : int, optional
            Bootstrap resamples. By default the verdict already computed for this result,
            whatever its resamples, else :data:`VERDICT_RESAMPLES`; a different number
            computes it again.
        """
        if n_resamples is None:
            if self._verdict:
                return next(iter(self._verdict.values()))
            n_resamples = VERDICT_RESAMPLES
        if n_resamples not in self._verdict:
            from fingan.apps.market.report import market_verdict

            interval = (
                self.overall_difference(n_resamples=n_resamples) if len(self.ranking) > 1 else None
            )
            self._verdict.clear()
            self._verdict[n_resamples] = market_verdict(self, interval)
        return self._verdict[n_resamples]

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
        result: dict[str, Any] = {
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
        if self.attribution is not None:
            result["attribution"] = self.attribution.to_dict()
        return result
