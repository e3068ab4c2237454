"""The auxiliary label classifier of :class:`~fingan.models.tabular_gan.TabularGAN` (CTAB-GAN).

With a label column (``target``, or the first of ``condition_columns``) and
``classifier_weight`` above 0, the discriminator becomes a
:class:`~fingan.nn.auxiliary.ClassifiedCritic`: a classifier beside the critic learns the label
from the other columns of real rows, and the generator is penalised by its cross-entropy on
generated rows (:mod:`fingan.training.auxiliary`). The label's span in the encoded row is kept
in the fitted state; a model saved before the classifier existed has none and loads as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from torch import nn

from fingan.core.exceptions import ConfigError
from fingan.models.checks import check_non_negative
from fingan.nn.auxiliary import ClassifiedCritic, LabelClassifier
from fingan.nn.mlp import MLPConfig
from fingan.training.auxiliary import ClassifierLoss

if TYPE_CHECKING:
    from fingan.models.tabular_gan import TabularGAN

__all__ = [
    "check_label_params",
    "classifier_loss",
    "label_span",
    "labelled_span",
    "with_classifier",
]


def check_label_params(condition_columns: Any, target: Any, weight: Any) -> None:
    """Raise :class:`ConfigError` unless the label settings are well-typed.

    ``condition_columns`` must be a list of names or None, ``target`` a name or None and
    ``weight`` a finite number >= 0.
    """
    if condition_columns is not None and (
        not isinstance(condition_columns, list | tuple)
        or not all(isinstance(name, str) for name in condition_columns)
    ):
        raise ConfigError(
            f"condition_columns must be a list of column names or None; got {condition_columns!r}"
        )
    if target is not None and not isinstance(target, str):
        raise ConfigError(f"target must be a column name or None; got {target!r}")
    check_non_negative(weight, "classifier_weight")


def label_span(model: TabularGAN) -> tuple[int, int] | None:
    """``(start, width)`` of the classifier's label in the encoded row; ``None``: no classifier.

    Raises
    ------
    ConfigError
        If ``target`` does not name a categorical column of the fitted encoding.
    """
    return labelled_span(model) if model.classifier_weight else None


def labelled_span(model: TabularGAN) -> tuple[int, int] | None:
    """``(start, width)`` of the label column in the encoded row, whatever uses it.

    The label is ``target``, or the first of ``condition_columns``; ``None`` when neither is
    given or the label has a single category.

    Raises
    ------
    ConfigError
        If the label is not a categorical column of the fitted encoding.
    """
    column = model.target
    if column is None:
        if not model.condition_columns:
            return None
        column = model.condition_columns[0]
    spans = {span.column: span for span in model.transformer_.spans_}
    span = spans.get(column)
    if span is None or span.kind != "categorical":
        names = [name for name, item in spans.items() if item.kind == "categorical"]
        raise ConfigError(
            f"target must name a categorical column of the table; {column!r} is not one "
            f"(categorical columns: {', '.join(map(repr, names)) or 'none'})"
        )
    if span.width < 2:
        return None  # a single category: no relation to learn
    return (span.start, span.width)


def classifier_loss(model: TabularGAN) -> ClassifierLoss | None:
    """Return the training terms of the classifier, ``None`` when the model has none."""
    if model.label_span_ is None:
        return None
    return ClassifierLoss(weight=float(model.classifier_weight))


def with_classifier(
    model: TabularGAN, critic: nn.Module, width: int, config: MLPConfig
) -> nn.Module:
    """``critic`` with a label classifier of hidden layers ``config`` beside it (if any)."""
    if model.label_span_ is None:
        return critic
    return ClassifiedCritic(critic, LabelClassifier(width, model.label_span_, config))
