"""Credit default evaluation: folds never leak, balancing is exact, the statistics are right."""

from __future__ import annotations

import json
from typing import ClassVar, Self

import numpy as np
import pandas as pd
import pytest

from fingan.apps.credit import CreditEvaluation, evaluate_credit, resolve_positive
from fingan.core.exceptions import ConfigError, DataValidationError, TooFewRowsError
from fingan.datasets import load_german_credit
from fingan.report import HtmlReport

TARGET = "creditability"


class Bootstrap:
    """A class-conditional bootstrap: draws fitted rows of the wanted class with replacement."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def fit(self, frame: pd.DataFrame) -> Self:
        self.frame_ = frame
        return self

    def sample(self, n, *, conditions=None, random_state=None) -> pd.DataFrame:
        rows = self.frame_
        for column, value in (conditions or {}).items():
            rows = rows[rows[column] == value]
        picks = np.random.default_rng(random_state).integers(len(rows), size=n)
        return rows.iloc[picks].reset_index(drop=True)


class Recorder(Bootstrap):
    """A bootstrap that remembers what it was fitted on and asked for."""

    calls: ClassVar[list[dict[str, object]]] = []

    def fit(self, frame: pd.DataFrame) -> Self:
        Recorder.calls.append({"index": set(frame.index), "labels": frame[TARGET].copy()})
        return super().fit(frame)

    def sample(self, n, *, conditions=None, random_state=None) -> pd.DataFrame:
        Recorder.calls[-1].update(n=n, conditions=conditions)
        return super().sample(n, conditions=conditions, random_state=random_state)


@pytest.fixture(scope="module")
def credit() -> pd.DataFrame:
    return load_german_credit().sample(300, random_state=1).reset_index(drop=True)


def test_augmenters_see_only_the_training_fold_and_balance_it_exactly(credit):
    Recorder.calls = []
    result = evaluate_credit(
        credit,
        TARGET,
        "bad",
        augmenters={"recorder": Recorder},
        classifiers=("logistic",),
        n_splits=2,
        n_repeats=2,
        random_state=3,
    )
    assert len(Recorder.calls) == 4
    for first, second in (Recorder.calls[:2], Recorder.calls[2:]):
        # With two folds, each fold's training rows are exactly the other fold's test rows.
        assert not first["index"] & second["index"]
        assert first["index"] | second["index"] == set(credit.index)
    for call in Recorder.calls:
        labels = call["labels"]
        assert call["n"] == (labels != "bad").sum() - (labels == "bad").sum()
        assert call["conditions"] == {TARGET: "bad"}
    fold = result.first_fold
    assert fold is not None
    assert set(fold.train.index) == Recorder.calls[0]["index"]
    assert not set(fold.holdout.index) & set(fold.train.index)
    added = fold.synthetic["recorder"]
    assert len(added) == Recorder.calls[0]["n"]
    assert (added[TARGET] == "bad").all()
    assert list(added.columns) == list(credit.columns)


def test_results_frames_and_json(credit):
    result = evaluate_credit(
        credit, TARGET, "bad", augmenters={"boot": Bootstrap}, n_splits=2, n_repeats=1
    )
    frame = result.to_frame()
    assert list(frame.columns) == ["repeat", "fold", "augmenter", "classifier", "metric", "value"]
    assert len(frame) == 2 * 2 * 2 * 4  # folds x augmenters x classifiers x metrics
    intervals = result.intervals()
    assert list(intervals.index.get_level_values("augmenter").unique()) == ["none", "boot"]
    assert (intervals["ci_low"] <= intervals["mean"]).all()
    assert (intervals["mean"] <= intervals["ci_high"]).all()
    tests = result.paired_tests()
    assert set(tests.index.get_level_values("a")) == {"boot"}
    assert set(tests.index.get_level_values("b")) == {"none"}
    assert tests["p_value"].between(0.0, 1.0).all()
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["positive"] == "bad"
    assert payload["results"]["boot"]["logistic"]["pr_auc"]["mean"] == pytest.approx(
        intervals.loc[("boot", "logistic", "pr_auc"), "mean"]
    )
    assert payload["first_fold"]["leakage"]["boot"]["exact_copy_share"] == 1.0  # it copies rows
    assert set(result.fit_seconds) == {"boot"}
    with pytest.raises(ConfigError, match="augmenter"):
        result.paired_tests([("boot", "gan")])


def test_summary_is_text_with_the_means_and_the_pr_auc_tests(credit):
    result = evaluate_credit(
        credit, TARGET, "bad", augmenters={"boot": Bootstrap}, n_splits=2, n_repeats=1
    )
    text = result.summary()
    assert isinstance(text, str)
    positives = result.class_counts["positive"]
    assert text.startswith(
        f"1 x 2-fold cross-validation of 'creditability': {positives} rows of the positive "
        "class 'bad'"
    )
    intervals = result.intervals()
    for augmenter, classifier in (("none", "logistic"), ("boot", "gradient_boosting")):
        assert f"{intervals.loc[(augmenter, classifier, 'pr_auc'), 'mean']:.4f}" in text
    tests = result.paired_tests()
    assert f"{tests.loc[('boot', 'none', 'logistic', 'pr_auc'), 'p_value']:.4f}" in text
    assert text.index("\nnone ") < text.index("\nboot ")  # augmenters in the order evaluated
    assert CreditEvaluation.REPORT_KIND == "credit report"
    assert isinstance(result.report(), HtmlReport)


def test_same_seed_same_scores(credit):
    runs = [
        evaluate_credit(
            credit, TARGET, "bad", augmenters={"boot": Bootstrap}, n_splits=2, n_repeats=1
        ).to_frame()
        for _ in range(2)
    ]
    pd.testing.assert_frame_equal(*runs)


def test_paired_test_detects_an_augmenter_that_leaks_test_labels(credit):
    """A cheat that copies the test fold's defaulters into training must win, clearly."""

    class Cheat(Bootstrap):
        def sample(self, n, *, conditions=None, random_state=None) -> pd.DataFrame:
            unseen = credit.drop(index=self.frame_.index)
            defaulters = unseen[unseen[TARGET] == "bad"]
            picks = np.arange(n) % len(defaulters)
            return defaulters.iloc[picks].reset_index(drop=True)

    result = evaluate_credit(
        credit,
        TARGET,
        "bad",
        augmenters={"cheat": Cheat},
        classifiers=("gradient_boosting",),
        n_splits=3,
        n_repeats=2,
    )
    row = result.paired_tests().loc[("cheat", "none", "gradient_boosting", "pr_auc")]
    assert row["mean_difference"] > 0.2
    assert row["p_value"] < 0.01


def test_integer_coded_target_and_positive_given_as_text(credit):
    coded = credit.assign(**{TARGET: (credit[TARGET] == "bad").astype("int64")})
    assert resolve_positive(coded[TARGET], "1") == 1
    result = evaluate_credit(
        coded,
        TARGET,
        "1",
        augmenters={"boot": Bootstrap},
        classifiers=("logistic",),
        n_splits=2,
        n_repeats=1,
    )
    assert result.positive == 1
    assert result.class_counts["positive"] == (credit[TARGET] == "bad").sum()


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (lambda frame: frame, ConfigError, "target column 'nope' is not in the table"),
        (lambda frame: frame.assign(nope=1.5), ConfigError, "categorical or integer-coded"),
        (lambda frame: frame.assign(nope="good"), DataValidationError, "one class"),
        (lambda frame: frame.assign(nope="good").assign(nope=lambda f: f["nope"].where(
            f.index > 0, "ugly")), ConfigError, "known values: 'good', 'ugly'"),
        (lambda frame: frame.assign(nope=np.where(frame.index < 1, "bad", "good")),
         TooFewRowsError, "at least n_splits"),
    ],
)  # fmt: skip
def test_bad_targets_are_named(credit, change, error, match):
    with pytest.raises(error, match=match):
        evaluate_credit(change(credit), "nope", "bad", augmenters={}, n_splits=2, n_repeats=1)


@pytest.mark.slow
def test_default_augmenters_run_end_to_end(credit):
    from fingan.apps.credit import default_augmenters
    from fingan.training import TrainingConfig

    augmenters = default_augmenters(TrainingConfig(n_steps=5, batch_size=100), target=TARGET)
    result = evaluate_credit(
        credit.iloc[:200], TARGET, "bad", augmenters=augmenters, n_splits=2, n_repeats=1
    )
    assert result.augmenters == ["none", "smote", "copula", "gan"]
    assert result.pairs == [("gan", "smote"), ("gan", "none")]
    assert result.first_fold is not None
    assert set(result.first_fold.quality) == {"smote", "copula", "gan"}
    assert np.isfinite(result.intervals().to_numpy()).all()
