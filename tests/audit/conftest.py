"""Seeded tables for the audit tests: a population to draw independent tables from."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.datasets.credit import GERMAN_CREDIT_NUMERIC, load_german_credit


def population(seed: int, n: int) -> pd.DataFrame:
    """Independent draws from one mixed numeric/categorical distribution."""
    rng = np.random.default_rng(seed)
    income = rng.lognormal(8.0, 0.5, size=n)
    return pd.DataFrame(
        {
            "amount": np.round(income * rng.uniform(0.5, 2.0, size=n), 2),
            "income": np.round(income, 2),
            "age": rng.integers(18, 75, size=n),
            "purpose": pd.Categorical(rng.choice(["car", "home", "tv", "other"], size=n)),
            "region": pd.Categorical(rng.choice(list("abcdefgh"), size=n)),
            "owner": rng.random(n) < 0.4,
        }
    )


def leaky_copy(train: pd.DataFrame, numeric: list[str], scale: float, seed: int) -> pd.DataFrame:
    """The training rows with Gaussian noise of ``scale`` standard deviations on numbers."""
    rng = np.random.default_rng(seed)
    noisy = train.copy()
    for column in numeric:
        std = float(train[column].std())
        noisy[column] = train[column].to_numpy(np.float64) + rng.normal(0, scale * std, len(train))
    return noisy.sample(frac=1.0, random_state=seed).reset_index(drop=True)


@pytest.fixture(scope="package")
def credit_halves() -> tuple[pd.DataFrame, pd.DataFrame]:
    """German Credit split at random into a training half and a holdout half."""
    credit = load_german_credit()
    order = np.random.default_rng(7).permutation(len(credit))
    return (
        credit.iloc[order[:500]].reset_index(drop=True),
        credit.iloc[order[500:]].reset_index(drop=True),
    )


CREDIT_NUMERIC = list(GERMAN_CREDIT_NUMERIC)
