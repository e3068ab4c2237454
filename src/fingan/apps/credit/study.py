"""The credit study: repeated stratified k-fold, augmenters fitted on each training fold only."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import RepeatedStratifiedKFold

from fingan.apps.credit.classifiers import CLASSIFIERS, score_classifier
from fingan.apps.credit.data import prepare_table
from fingan.apps.credit.models import (
    NO_AUGMENTATION,
    GeneratorFactory,
    default_augmenters,
    default_pairs,
)
from fingan.apps.credit.reliance import CreditReliance, measure_reliance
from fingan.apps.credit.result import CreditEvaluation, FoldSample
from fingan.apps.credit.scarcity import DefaulterShareCurve, check_shares, keep_positives
from fingan.core.exceptions import ConfigError, FinganError
from fingan.core.protocols import TableModel
from fingan.core.random import RandomState, library_seed
from fingan.core.validation import check_choice, check_int
from fingan.evaluation import Executor, SerialExecutor

__all__ = ["FoldProgress", "evaluate_credit"]

FoldProgress = Callable[[int, int, str], None]
"""Called with ``(folds done, folds in total, what is happening)``."""


def evaluate_credit(
    data: pd.DataFrame,
    target: str,
    positive: object,
    *,
    augmenters: Mapping[str, GeneratorFactory] | None = None,
    classifiers: Sequence[str] = CLASSIFIERS,
    n_splits: int = 5,
    n_repeats: int = 5,
    random_state: RandomState = 0,
    progress: FoldProgress | None = None,
    feature_reliance: bool = False,
    n_explained: int = 100,
    defaulter_shares: Sequence[float] = (),
    executor: Executor | None = None,
) -> CreditEvaluation:
    """Cross-validate default classifiers trained with and without synthetic positives.

    In every fold of a repeated stratified k-fold, each augmenter is built from a seed, fitted
    on the training fold alone and asked for ``n_negative - n_positive`` rows of the positive
    class, which are appended to the training fold; ``"none"`` appends nothing. Each classifier
    is fitted on the result and scored on the untouched test fold by PR-AUC, ROC-AUC, recall at
    80 % precision and Brier score. Categorical encodings are learnt from the training fold;
    categories unseen there are ignored (one-hot) or treated as missing (gradient boosting).

    Parameters
    ----------
    data : pandas.DataFrame
        Numeric and categorical columns, including ``target``.
    target : str
        The label column: categorical or integer-coded.
    positive : object
        The label of the positive class (e.g. ``"bad"``); see
        :func:`~fingan.apps.credit.resolve_positive`.
    augmenters : mapping of str to callable, optional
        Factories of table generators by name (default
        :func:`~fingan.apps.credit.default_augmenters`).
    classifiers : sequence of str
        Any of :data:`~fingan.apps.credit.CLASSIFIERS`.
    n_splits, n_repeats : int
        Folds per repeat (at least 2) and repeats.
    random_state : int, numpy.random.Generator or None
        Seed of the folds, the augmenters and the classifiers.
    progress : callable, optional
        Called as ``progress(done, total, description)`` before each augmenter is fitted and
        after each fold.
    feature_reliance : bool, default False
        Also compare, in the first fold, the SHAP importances of gradient boosting trained on
        each augmenter's rows only with those of gradient boosting trained on the real rows
        (:func:`~fingan.apps.credit.reliance.measure_reliance`).
    n_explained : int, default 100
        Test-fold rows the SHAP values are computed on (with ``feature_reliance``; about
        0.3 s per row and classifier on one core).
    defaulter_shares : sequence of float, optional
        Also run every fold with only these shares of its training positives (e.g.
        :data:`~fingan.apps.credit.scarcity.DEFAULTER_SHARES`), to see where augmentation
        starts to help (:class:`~fingan.apps.credit.scarcity.DefaulterShareCurve`); each share
        costs as much as the study itself.
    executor : Executor, optional
        Runs the folds, each an independent piece with its own seed (from ``random_state``
        and the fold's number): serial (default), local processes or Ray
        (:mod:`fingan.evaluation.executor`); the results do not depend on it.

    Returns
    -------
    CreditEvaluation
        Fold-level scores, with intervals and paired tests as methods.
    """
    n_splits = check_int(n_splits, "n_splits", minimum=2)
    n_repeats = check_int(n_repeats, "n_repeats", minimum=1)
    n_explained = check_int(n_explained, "n_explained", minimum=2)
    shares = check_shares(defaulter_shares) if len(defaulter_shares) else ()
    for name in classifiers:
        check_choice(name, "classifier", CLASSIFIERS)
    frame, positive = prepare_table(data, target, positive, n_splits)
    factories = dict(default_augmenters(target=target) if augmenters is None else augmenters)
    if NO_AUGMENTATION in factories:
        raise ConfigError(f"{NO_AUGMENTATION!r} is built in; give other augmenter names")
    labels = (frame[target] == positive).to_numpy()
    base_seed = library_seed(random_state)
    folds = RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats, random_state=base_seed)
    splits = list(folds.split(frame, labels))
    total = n_splits * n_repeats * (1 + len(shares))
    runner = SerialExecutor() if executor is None else executor
    settings = _FoldSettings(
        frame,
        labels,
        target,
        positive,
        factories,
        tuple(classifiers),
        n_splits,
        feature_reliance,
        n_explained,
    )
    pieces = [
        partial(
            _run_fold,
            settings,
            index,
            train_rows,
            test_rows,
            base_seed,
            None if runner.parallel else progress,
            total,
        )
        for index, (train_rows, test_rows) in enumerate(splits)
    ]
    scarce = replace(settings, feature_reliance=False, measure_first_fold=False)
    pieces += [
        partial(
            _run_fold,
            scarce,
            index,
            keep_positives(train_rows, labels, share, _share_seed(base_seed, index, share)),
            test_rows,
            base_seed,
            None,
            total,
        )
        for share in shares
        for index, (train_rows, test_rows) in enumerate(splits)
    ]
    done = 0

    def finished(position: int) -> None:
        nonlocal done
        done += 1
        if progress is not None and (runner.parallel or position >= len(splits)):
            progress(done, total, f"scored {done} of {total} folds on {runner.name}")

    everything = runner.run(pieces, done=finished)
    outputs, scarce_outputs = everything[: len(splits)], everything[len(splits) :]
    records = [record for output in outputs for record in output.records]
    seconds = {name: [output.seconds[name] for output in outputs] for name in factories}
    first_fold, reliance = outputs[0].first_fold, outputs[0].reliance
    train_sizes = [output.n_train for output in outputs]
    test_sizes = [output.n_test for output in outputs]
    scores = pd.DataFrame(
        records, columns=["repeat", "fold", "augmenter", "classifier", "metric", "value"]
    )
    return CreditEvaluation(
        target=target,
        positive=positive,
        class_counts={"positive": int(labels.sum()), "negative": int((~labels).sum())},
        n_splits=n_splits,
        n_repeats=n_repeats,
        scores=scores,
        n_train=float(np.mean(train_sizes)),
        n_test=float(np.mean(test_sizes)),
        fit_seconds={name: float(np.mean(values)) for name, values in seconds.items()},
        pairs=default_pairs(list(factories)),
        first_fold=first_fold,
        reliance=reliance,
        share_curve=_share_curve(shares, scarce_outputs, train_sizes, test_sizes),
    )


def _share_seed(base_seed: int, index: int, share: float) -> int:
    """Seed of the positives kept in fold ``index`` at ``share`` (the same for every augmenter)."""
    return int(np.random.SeedSequence([base_seed, index, round(share * 1e6)]).generate_state(1)[0])


def _share_curve(
    shares: Sequence[float],
    outputs: Sequence[_FoldOutput],
    train_sizes: Sequence[int],
    test_sizes: Sequence[int],
) -> DefaulterShareCurve | None:
    """Gather the folds run with fewer positives (in the order share, fold) into the curve."""
    if not shares:
        return None
    per_share = len(outputs) // len(shares)
    rows, kept = [], {}
    for position, share in enumerate(shares):
        block = outputs[position * per_share : (position + 1) * per_share]
        rows += [(share, *record) for output in block for record in output.records]
        kept[share] = float(np.mean([output.n_positive for output in block]))
    scores = pd.DataFrame(
        rows, columns=["share", "repeat", "fold", "augmenter", "classifier", "metric", "value"]
    )
    return DefaulterShareCurve(
        scores=scores,
        kept=kept,
        n_train=float(np.mean(train_sizes)),
        n_test=float(np.mean(test_sizes)),
    )


@dataclass(frozen=True)
class _FoldSettings:
    """What every fold of one study shares."""

    frame: pd.DataFrame
    labels: np.ndarray
    target: str
    positive: Any
    factories: Mapping[str, GeneratorFactory]
    classifiers: tuple[str, ...]
    n_splits: int
    feature_reliance: bool
    n_explained: int
    measure_first_fold: bool = True


@dataclass(frozen=True)
class _FoldOutput:
    records: list[tuple[int, int, str, str, str, float]]
    seconds: dict[str, float]
    n_train: int
    n_test: int
    n_positive: int
    first_fold: FoldSample | None
    reliance: CreditReliance | None


def _run_fold(
    settings: _FoldSettings,
    index: int,
    train_rows: np.ndarray,
    test_rows: np.ndarray,
    base_seed: int,
    progress: FoldProgress | None,
    total: int,
) -> _FoldOutput:
    """Fit every augmenter on one training fold and score every classifier on its test fold."""
    repeat, fold = divmod(index, settings.n_splits)
    where = f"repeat {repeat + 1}, fold {fold + 1}"
    train, test = settings.frame.iloc[train_rows], settings.frame.iloc[test_rows]
    seed = int(np.random.SeedSequence([base_seed, index]).generate_state(1)[0])
    n_new = int((~settings.labels[train_rows]).sum() - settings.labels[train_rows].sum())
    generated: dict[str, pd.DataFrame] = {}
    fitted: dict[str, TableModel] = {}
    seconds: dict[str, float] = {}
    for name, factory in settings.factories.items():
        if progress is not None:
            progress(index, total, f"fitting {name} ({where})")
        started = time.perf_counter()
        fitted[name] = factory(seed)
        generated[name] = _generate(
            fitted[name], name, train, settings.target, settings.positive, n_new, seed
        )
        seconds[name] = time.perf_counter() - started
    first_fold: FoldSample | None = None
    reliance: CreditReliance | None = None
    if index == 0 and n_new > 0 and settings.measure_first_fold:
        holdout = test[settings.labels[test_rows]]
        first_fold = FoldSample.measure(
            train, holdout, generated, settings.target, settings.positive
        )
        if settings.feature_reliance and "gradient_boosting" in settings.classifiers:
            if progress is not None:
                progress(index, total, f"explaining classifiers ({where})")
            reliance = measure_reliance(
                train,
                test,
                fitted,
                settings.target,
                settings.positive,
                seed,
                n_rows=settings.n_explained,
            )
    records: list[tuple[int, int, str, str, str, float]] = []
    for name in (NO_AUGMENTATION, *settings.factories):
        augmented = pd.concat([train, generated.get(name, train.iloc[:0])], ignore_index=True)
        for classifier in settings.classifiers:
            fold_scores = score_classifier(
                classifier, augmented, test, settings.target, settings.positive, seed
            )
            for metric, value in fold_scores.items():
                records.append((repeat, fold, name, classifier, metric, value))
    if progress is not None:
        progress(index + 1, total, f"scored {where}")
    n_positive = int(settings.labels[train_rows].sum())
    return _FoldOutput(records, seconds, len(train), len(test), n_positive, first_fold, reliance)


def _generate(
    generator: TableModel,
    name: str,
    train: pd.DataFrame,
    target: str,
    positive: Any,
    n: int,
    seed: int,
) -> pd.DataFrame:
    """Fit ``generator`` on the training fold and return ``n`` checked positive rows."""
    if n <= 0:
        return train.iloc[:0]
    generator.fit(train)
    rows = generator.sample(n, conditions={target: positive}, random_state=seed)
    if not isinstance(rows, pd.DataFrame) or len(rows) != n:
        raise FinganError(f"augmenter {name!r} returned {len(rows)} rows; {n} were asked for")
    if set(rows.columns) != set(train.columns):
        raise FinganError(f"augmenter {name!r} returned other columns than it was fitted on")
    rows = rows[list(train.columns)].reset_index(drop=True)
    if not (rows[target] == positive).all():
        raise FinganError(f"augmenter {name!r} returned rows outside the class {positive!r}")
    return rows
