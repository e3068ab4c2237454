"""The linkability attack of Giomi et al. (2022), the algorithm of anonymeter 1.1.

The attacker holds two tables about the same people that share no column — two sets of
*auxiliary columns* of the real table — and uses the synthetic table to join them: for each
target row, it looks up the ``n_neighbors`` synthetic rows closest to the row's first half
and those closest to its second half (:func:`~fingan.audit.neighbours.mixed_neighbours`);
the attack on that row *succeeds* when the two lists share a synthetic row. Targets are
``n_attacks`` rows drawn without replacement from the training rows, and as many from the
control rows; the baseline attacker draws both lists at random from the synthetic rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from fingan.audit.neighbours import mixed_neighbours
from fingan.audit.risk import AttackRisk, attack_risk
from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState

__all__ = ["linkability_risk", "split_columns"]


def split_columns(
    columns: Sequence[str], random_state: RandomState = None
) -> tuple[list[str], list[str]]:
    """Split columns at random into two halves (the first gets the extra one when odd).

    Parameters
    ----------
    columns : sequence of str
        At least two column names.
    random_state : int, numpy.random.Generator or None
        Seed of the split.

    Raises
    ------
    ConfigError
        If there are fewer than two columns.
    """
    names = list(columns)
    if len(names) < 2:
        raise ConfigError(f"linkability needs at least two columns; got {names!r}")
    order = np.random.default_rng(random_state).permutation(len(names))
    half = (len(names) + 1) // 2
    return [names[i] for i in order[:half]], [names[i] for i in order[half:]]


def linkability_risk(
    train: pd.DataFrame,
    control: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    aux_columns: tuple[Sequence[str], Sequence[str]] | None = None,
    n_attacks: int = 500,
    n_neighbors: int = 1,
    confidence: float = 0.95,
    random_state: RandomState = None,
) -> AttackRisk:
    """Linkability risk of a synthetic table.

    Parameters
    ----------
    train : pandas.DataFrame
        The rows the generator was fitted on (the attack's targets).
    control : pandas.DataFrame
        Real rows the generator never saw.
    synthetic : pandas.DataFrame
        The generator's rows; all three tables share one set of columns.
    aux_columns : (sequence of str, sequence of str), optional
        The two attacker tables' columns; disjoint, non-empty. Default: every column, split
        at random in two halves (:func:`split_columns`).
    n_attacks : int, default 500
        Targets attacked (at most the rows of ``train`` and of ``control``).
    n_neighbors : int, default 1
        Synthetic neighbours looked up per half.
    confidence : float, default 0.95
        Confidence level of the intervals.
    random_state : int, numpy.random.Generator or None
        Seed of the column split, the targets and the baseline.

    Returns
    -------
    AttackRisk
        Named ``"linkability"``.

    Raises
    ------
    ConfigError
        If the auxiliary columns overlap, are empty or unknown, or ``n_attacks`` or
        ``n_neighbors`` is not positive.
    """
    if n_attacks < 1 or n_neighbors < 1:
        raise ConfigError(
            f"n_attacks and n_neighbors must be at least 1; got {n_attacks!r}, {n_neighbors!r}"
        )
    rng = np.random.default_rng(random_state)
    first, second = (
        split_columns(list(train.columns), rng)
        if aux_columns is None
        else (list(aux_columns[0]), list(aux_columns[1]))
    )
    _check_aux(first, second, list(train.columns))
    n_attacks = min(n_attacks, len(train), len(control))
    n_neighbors = min(n_neighbors, len(synthetic))

    def successes(targets: pd.DataFrame) -> int:
        chosen = targets.iloc[rng.choice(len(targets), size=n_attacks, replace=False)]
        left = mixed_neighbours(synthetic[first], chosen[first], n_neighbors)
        right = mixed_neighbours(synthetic[second], chosen[second], n_neighbors)
        return _count_links(left, right)

    n_success = successes(train)
    n_control = successes(control)
    random_left = np.stack(
        [rng.choice(len(synthetic), n_neighbors, replace=False) for _ in range(n_attacks)]
    )
    random_right = np.stack(
        [rng.choice(len(synthetic), n_neighbors, replace=False) for _ in range(n_attacks)]
    )
    return attack_risk(
        "linkability",
        n_attacks=n_attacks,
        n_success=n_success,
        n_baseline=_count_links(random_left, random_right),
        n_control=n_control,
        confidence=confidence,
    )


def _count_links(left: np.ndarray, right: np.ndarray) -> int:
    """Rows whose two neighbour lists share at least one synthetic row."""
    shared = (left[:, :, None] == right[:, None, :]).any(axis=(1, 2))
    return int(shared.sum())


def _check_aux(first: list[str], second: list[str], columns: list[str]) -> None:
    unknown = sorted(set(first + second) - set(columns))
    if unknown:
        raise ConfigError(f"auxiliary columns not in the table: {unknown}")
    if not first or not second:
        raise ConfigError("each of the two auxiliary column sets needs at least one column")
    if set(first) & set(second):
        raise ConfigError(f"auxiliary column sets overlap: {sorted(set(first) & set(second))}")
