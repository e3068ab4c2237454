"""Condition sensitivity of a conditional GAN's VaR: curves, attributions and their checks.

:func:`condition_sensitivity` explains a fitted conditional GAN scenario model on a history:

- **partial dependence and individual (ICE) curves** of the VaR, in units of the filter's
  volatility, on each condition feature, the other features of each day as they were;
- **integrated gradients** of that VaR for a chosen day, averaged over baselines drawn from
  the other days (expected gradients, Erion et al., 2021): each feature's share of the day's
  VaR minus an average day's, measured against the same perturbation the deletion test makes;
- **the days where the VaR moved most**, the change from the day before split by integrated
  gradients (the day before as the baseline) between the filter's volatility and each feature;
- a **deletion test** (:func:`~fingan.explain.faithfulness.deletion_test`) of both kinds of
  attribution on a sample of days: the condition attribution by replacing features with
  other days' values, the change attribution by reverting them to the day before's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int
from fingan.explain.faithfulness import DeletionTest, deletion_test
from fingan.explain.sensitivity import ConditionalVaR, ConditionHistory, integrated_gradients

__all__ = ["ConditionSensitivity", "condition_sensitivity", "partial_dependence"]


@dataclass(frozen=True)
class ConditionSensitivity:
    """How a conditional GAN's one-day VaR responds to its condition features.

    Attributes
    ----------
    asset : str
        The explained asset.
    level : float
        VaR level.
    day : str
        The day explained by :attr:`attribution`.
    attribution : pandas.Series
        Integrated gradients of the day's VaR (units of volatility) by feature, averaged over
        baselines drawn from the days; they add up to ``day_var - typical_var``.
    day_var, typical_var : float
        The day's VaR and the baseline days' mean, in units of the filter's volatility.
    curves : pandas.DataFrame
        Partial dependence: index ``(feature, value)``, column ``var`` (mean over days).
    ice : dict of str to pandas.DataFrame
        Individual curves per feature: one row per sampled day, one column per grid value.
    moved : pandas.DataFrame
        The days the VaR moved most: index the day; columns ``var``, ``previous``, ``change``
        (in return units), then the change's attribution to the filter's volatility and each
        feature.
    deletion : dict of str to DeletionTest
        ``"condition"`` (attributions against other days) and ``"change"`` (against the
        day before), each on a sample of days.
    n_days : int
        Days with a condition in the history.
    """

    asset: str
    level: float
    day: str
    attribution: pd.Series
    day_var: float
    typical_var: float
    curves: pd.DataFrame
    ice: dict[str, pd.DataFrame] = field(repr=False)
    moved: pd.DataFrame
    deletion: dict[str, DeletionTest]
    n_days: int

    def deletion_frame(self) -> pd.DataFrame:
        """Return the deletion tests: one row per kind of attribution."""
        columns = ["top_change", "bottom_change", "gap", "low", "high", "k", "passed"]
        rows = [[getattr(test, column) for column in columns] for test in self.deletion.values()]
        index = pd.Index(list(self.deletion), name="attribution")
        return pd.DataFrame(rows, index=index, columns=columns)

    def summary(self) -> str:
        """Return the day's attribution, the moved days and the deletion tests as text."""
        lines = [
            f"Condition sensitivity of the {self.level:.1%} VaR of {self.asset} "
            f"({self.n_days} days).",
            f"{self.day}: VaR {self.day_var:.3f} volatilities "
            f"(average day {self.typical_var:.3f}); integrated gradients:",
            self.attribution.to_string(float_format=lambda v: f"{v:+.4f}"),
            "Days the VaR moved most:",
            self.moved.to_string(float_format=lambda v: f"{v:+.5f}"),
        ]
        lines += [test.summary() for test in self.deletion.values()]
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """Return the partial dependence curves (index ``(feature, value)``)."""
        return self.curves

    def to_dict(self) -> dict[str, Any]:
        """Return the results, JSON-ready."""
        return {
            "asset": self.asset,
            "level": self.level,
            "n_days": self.n_days,
            "day": self.day,
            "day_var": self.day_var,
            "typical_var": self.typical_var,
            "attribution": {str(k): float(v) for k, v in self.attribution.items()},
            "moved": [
                {"day": _label(day)} | {str(k): float(v) for k, v in row.items()}
                for day, row in self.moved.iterrows()
            ],
            "deletion": {name: test.to_dict() for name, test in self.deletion.items()},
        }


def partial_dependence(
    function: ConditionalVaR,
    history: ConditionHistory,
    *,
    grid_size: int = 21,
    n_curves: int = 100,
    random_state: RandomState = 0,
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Partial dependence and ICE curves of the VaR (units of volatility) on each feature.

    Each feature's grid spans its 2nd to 98th percentile over the history; each curve is one
    sampled day with that feature set to each grid value and the others as they were.

    Returns
    -------
    curves : pandas.DataFrame
        Index ``(feature, value)``; column ``var``: the mean of the individual curves.
    ice : dict of str to pandas.DataFrame
        Per feature, one row per sampled day (its date), one column per grid value.
    """
    features = history.features
    grid_size = check_int(grid_size, "grid_size", minimum=2)
    rng = np.random.default_rng(draw_seed(random_state))
    n = min(check_int(n_curves, "n_curves", minimum=1), len(features))
    days = np.sort(rng.choice(len(features), size=n, replace=False))
    base = features.to_numpy(dtype=np.float64)[days]  # (n_curves, n_features)
    curves, ice = [], {}
    for j, name in enumerate(features.columns):
        low, high = np.percentile(features[name], [2.0, 98.0])
        grid = np.linspace(low, high, grid_size)
        rows = np.repeat(base[:, None, :], grid_size, axis=1)  # (n_curves, grid, n_features)
        rows[:, :, j] = grid
        values = function.residual_var(rows.reshape(-1, base.shape[1])).reshape(n, grid_size)
        ice[str(name)] = pd.DataFrame(values, index=features.index[days], columns=grid)
        curves.append(
            pd.DataFrame({"feature": str(name), "value": grid, "var": values.mean(axis=0)})
        )
    return pd.concat(curves).set_index(["feature", "value"]), ice


def condition_sensitivity(
    function: ConditionalVaR,
    history: ConditionHistory,
    *,
    day: str | None = None,
    n_moved: int = 5,
    n_rows: int = 200,
    k: int = 3,
    n_steps: int = 32,
    n_baselines: int = 16,
    random_state: RandomState = 0,
) -> ConditionSensitivity:
    """Explain a conditional GAN's VaR on a history (see the module docstring).

    Parameters
    ----------
    function : ConditionalVaR
        The model's VaR as a function of its condition.
    history : ConditionHistory
        ``function.history(returns)``.
    day : str, optional
        The day to attribute (a date of the history; default its last day).
    n_moved : int, default 5
        Days the VaR moved most that are attributed.
    n_rows : int, default 200
        Days sampled for the deletion tests.
    k : int, default 3
        Features replaced by the deletion tests (at most half the features: fewer with a
        small condition).
    n_steps : int, default 32
        Steps of the integrated gradients.
    n_baselines : int, default 16
        Days drawn as baselines of each sampled day's condition attribution (averaged:
        expected gradients); the chosen day gets 32 times as many.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the sampled days and the deletion tests.

    Raises
    ------
    ConfigError
        If ``day`` is not a day of the history.
    ImportError
        If captum is missing (``pip install "fingan[explain]"``).
    """
    rng = np.random.default_rng(draw_seed(random_state))
    features = history.features
    x = features.to_numpy(dtype=np.float64)
    index = features.index
    position = len(index) - 1 if day is None else _position(index, day)
    n_steps = check_int(n_steps, "n_steps", minimum=2)
    n_baselines = check_int(n_baselines, "n_baselines", minimum=1)

    def against_other_days(rows: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """IG averaged over ``count`` baselines drawn from the days (expected gradients)."""
        donors = x[rng.integers(0, len(x), size=(len(rows), count))]
        attr, _ = integrated_gradients(
            function.residual_var_tensor,
            np.repeat(rows, count, axis=0),
            donors.reshape(-1, x.shape[1]),
            n_steps=n_steps,
        )
        reference = function.residual_var(donors.reshape(-1, x.shape[1]))
        shape = (len(rows), count)
        return attr.reshape(*shape, -1).mean(axis=1), reference.reshape(shape).mean(axis=1)

    # The shown day gets many baselines (one row: cheap), so its bars are not baseline noise.
    attribution, reference = against_other_days(x[[position]], 32 * n_baselines)
    day_var = float(function.residual_var(x[[position]])[0])

    inputs = history.inputs().to_numpy(dtype=np.float64)
    var = function.var(inputs)
    change = np.diff(var)
    top = np.argsort(-np.abs(change), kind="stable")[: check_int(n_moved, "n_moved", minimum=1)]
    moved_attr, _ = integrated_gradients(
        function.var_tensor, inputs[top + 1], inputs[top], n_steps=n_steps
    )
    moved = pd.DataFrame(
        moved_attr, index=index[top + 1], columns=history.inputs().columns
    ).rename_axis("day")
    moved.insert(0, "change", change[top])
    moved.insert(0, "previous", var[top])
    moved.insert(0, "var", var[top + 1])

    sample = np.sort(rng.choice(len(x) - 1, size=min(n_rows, len(x) - 1), replace=False)) + 1
    seed = int(rng.integers(2**62))
    condition_attr, _ = against_other_days(x[sample], n_baselines)
    change_attr, _ = integrated_gradients(
        function.var_tensor, inputs[sample], inputs[sample - 1], n_steps=n_steps
    )
    deletion = {
        "condition": _deletion(function.residual_var, x[sample], condition_attr, k, seed),
        "change": _deletion(
            function.var, inputs[sample], change_attr, k, seed, donors=inputs[sample - 1]
        ),
    }
    curves, ice = partial_dependence(function, history, random_state=rng)
    return ConditionSensitivity(
        asset=function.asset,
        level=function.level,
        day=_label(index[position]),
        attribution=pd.Series(attribution[0], index=features.columns, name="attribution"),
        day_var=day_var,
        typical_var=float(reference[0]),
        curves=curves,
        ice=ice,
        moved=moved,
        deletion=deletion,
        n_days=len(index),
    )


def _deletion(
    predict: Any,
    rows: np.ndarray,
    attributions: np.ndarray,
    k: int,
    seed: int,
    donors: np.ndarray | None = None,
) -> DeletionTest:
    return deletion_test(
        predict,
        rows,
        attributions,
        k=max(1, min(k, rows.shape[1] // 2)),
        donors=donors,
        paired=donors is not None,
        random_state=seed,
    )


def _label(day: Any) -> str:
    return str(day.date()) if isinstance(day, pd.Timestamp) else str(day)


def _position(index: pd.Index, day: str) -> int:
    if not isinstance(index, pd.DatetimeIndex):
        raise ConfigError("day needs data with dates")
    try:
        stamp = pd.Timestamp(day)
    except (ValueError, TypeError) as error:
        raise ConfigError(f"day must be a date such as 2008-10-15; got {day!r}") from error
    matches = np.flatnonzero(index.normalize() == stamp.normalize())
    if not len(matches):
        raise ConfigError(
            f"day {day} is not a day of the data with a condition "
            f"({_label(index[0])} to {_label(index[-1])})"
        )
    return int(matches[0])
