"""The attribute-inference attack of Giomi et al. (2022), the algorithm of anonymeter 1.1.

The attacker knows some columns of a target person (the *auxiliary columns*) and wants one
more, the *secret*. It finds the synthetic row closest to the target on the auxiliary columns
(:func:`~fingan.audit.neighbours.mixed_neighbours`) and guesses that row's secret. A guess
*succeeds* when it equals the secret (categorical secret) or lies within a relative
``tolerance`` of it, ``|guess - secret| <= tolerance * |guess|`` (numeric secret, when
``regression`` is true). Targets are ``n_attacks`` rows drawn without replacement from the
training rows, and as many from the control rows; the baseline attacker guesses the secret of
a random synthetic row.

anonymeter divides by the guess without its absolute value (every negative guess then
succeeds); here the absolute value is taken. Its ``InferenceEvaluator`` treats every secret
as categorical unless told ``regression=True``; here the default follows the secret's kind.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.audit.neighbours import mixed_neighbours
from fingan.audit.risk import AttackRisk, attack_risk
from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState
from fingan.data.tables import column_kind

__all__ = ["inference_risk"]


def inference_risk(
    train: pd.DataFrame,
    control: pd.DataFrame,
    synthetic: pd.DataFrame,
    secret: str,
    *,
    aux_columns: Sequence[str] | None = None,
    regression: bool | None = None,
    tolerance: float = 0.05,
    n_attacks: int = 500,
    confidence: float = 0.95,
    random_state: RandomState = None,
) -> AttackRisk:
    """Inference risk of one secret column of a synthetic table.

    Parameters
    ----------
    train : pandas.DataFrame
        The rows the generator was fitted on (the attack's targets).
    control : pandas.DataFrame
        Real rows the generator never saw.
    synthetic : pandas.DataFrame
        The generator's rows; all three tables share one set of columns.
    secret : str
        The column the attacker tries to infer.
    aux_columns : sequence of str, optional
        The columns the attacker knows (default: every other column).
    regression : bool, optional
        Whether a guess counts within ``tolerance`` (numeric secret) or only when exact;
        default: true for a numeric secret, false for a categorical one.
    tolerance : float, default 0.05
        Largest relative error of a successful numeric guess.
    n_attacks : int, default 500
        Targets attacked (at most the rows of each table).
    confidence : float, default 0.95
        Confidence level of the intervals.
    random_state : int, numpy.random.Generator or None
        Seed of the targets and the baseline guesses.

    Returns
    -------
    AttackRisk
        Named ``"inference:<secret>"``.

    Raises
    ------
    ConfigError
        If the secret or an auxiliary column is unknown, the secret is among the auxiliary
        columns, or ``n_attacks`` is not positive.
    """
    if secret not in train.columns:
        raise ConfigError(f"secret column {secret!r} is not in the table")
    aux = [c for c in train.columns if c != secret] if aux_columns is None else list(aux_columns)
    unknown = sorted(map(str, set(aux) - set(train.columns)))
    if unknown or secret in aux or not aux:
        raise ConfigError(
            f"auxiliary columns must be known columns other than the secret {secret!r}; got {aux!r}"
        )
    if n_attacks < 1:
        raise ConfigError(f"n_attacks must be at least 1; got {n_attacks!r}")
    if regression is None:
        regression = column_kind(train[secret]) == "numeric"
    rng = np.random.default_rng(random_state)
    n_main = min(n_attacks, len(train))
    n_base = min(len(synthetic), n_main)
    n_ctrl = min(n_attacks, len(control))

    def correct(targets: pd.DataFrame, guesses: pd.Series) -> int:
        return int(_matches(guesses, targets[secret], regression, tolerance).sum())

    baseline_targets = train.iloc[rng.choice(len(train), size=n_base, replace=False)]
    baseline_guesses = synthetic[secret].iloc[rng.choice(len(synthetic), n_base, replace=False)]
    n_baseline = correct(baseline_targets, baseline_guesses)

    def attack(targets: pd.DataFrame, size: int) -> int:
        chosen = targets.iloc[rng.choice(len(targets), size=size, replace=False)]
        nearest = mixed_neighbours(synthetic[aux], chosen[aux], 1)[:, 0]
        return correct(chosen, synthetic[secret].iloc[nearest])

    n_success = attack(train, n_main)
    n_control = attack(control, n_ctrl)
    return attack_risk(
        f"inference:{secret}",
        n_attacks=(n_main, n_base, n_ctrl),
        n_success=n_success,
        n_baseline=n_baseline,
        n_control=n_control,
        confidence=confidence,
    )


def _matches(
    guesses: pd.Series, secrets: pd.Series, regression: bool, tolerance: float
) -> npt.NDArray[np.bool_]:
    guessed, truth = guesses.to_numpy(), secrets.to_numpy()
    if regression:
        guessed, truth = guessed.astype(np.float64), truth.astype(np.float64)
        return np.asarray(np.abs(guessed - truth) <= tolerance * (np.abs(guessed) + 1e-12))
    return np.asarray(guessed.astype(object) == truth.astype(object))
