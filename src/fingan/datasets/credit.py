"""The Statlog German Credit data, packaged with fingan."""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = ["GERMAN_CREDIT_NUMERIC", "GERMAN_CREDIT_TARGET", "load_german_credit"]

#: The label column of :func:`load_german_credit`.
GERMAN_CREDIT_TARGET = "creditability"

#: The seven numeric (int64) columns of :func:`load_german_credit`; the rest are categorical.
GERMAN_CREDIT_NUMERIC: tuple[str, ...] = (
    "duration_in_month",
    "credit_amount",
    "installment_rate_in_percentage_of_disposable_income",
    "present_residence_since",
    "age_in_years",
    "number_of_existing_credits_at_this_bank",
    "number_of_people_being_liable_to_provide_maintenance_for",
)

_FILE_NAME = "german_credit.csv"


def load_german_credit() -> pd.DataFrame:
    """Load the Statlog German Credit data: 1,000 loan applicants, good or bad credit risks.

    Statlog (German Credit Data), UCI Machine Learning Repository, donated by Prof. Hans
    Hofmann, University of Hamburg (1994), CC BY 4.0, DOI 10.24432/C5NC77. This copy uses
    readable category labels.

    Returns
    -------
    pandas.DataFrame
        1,000 rows and 21 columns: 13 categorical attributes (``category`` dtype, categories in
        sorted order), the 7 numeric attributes in :data:`GERMAN_CREDIT_NUMERIC` (int64), and
        the label ``creditability``, a ``category`` with categories ``["good", "bad"]``
        (700 good, 300 bad).

    Examples
    --------
    >>> credit = load_german_credit()
    >>> credit.shape
    (1000, 21)
    >>> credit["creditability"].value_counts().to_dict()
    {'good': 700, 'bad': 300}
    """
    source = resources.files("fingan.datasets").joinpath("data").joinpath(_FILE_NAME)
    with source.open("rb") as handle:
        frame = pd.read_csv(
            handle,
            keep_default_na=False,
            dtype={name: "int64" for name in GERMAN_CREDIT_NUMERIC},
        )
    for column in frame.columns:
        if column == GERMAN_CREDIT_TARGET:
            frame[column] = frame[column].astype(pd.CategoricalDtype(["good", "bad"]))
        elif column not in GERMAN_CREDIT_NUMERIC:
            frame[column] = frame[column].astype("category")
    return frame
