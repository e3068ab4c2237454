"""The differentially private fit of :class:`~fingan.models.tabular_gan.TabularGAN`.

With ``epsilon`` set, everything the model keeps or releases about the training rows goes
through a private mechanism, or comes from what the user wrote (see ``docs``, "Why the epsilon
is honest"):

- the encoding (categories, numeric bounds and modes) is built from ``metadata`` and the
  table's schema (:func:`fingan.transforms.metadata.transformer_from_metadata`), never fitted on
  the rows; values are clipped to the bounds row by row;
- the category counts that generated rows' conditions (and unconditional sampling) follow are
  released once with the Gaussian mechanism (:func:`fingan.training.accounting.private_counts`);
  with a label and ``label_pair_weight`` above 0 the release is instead the label's joint
  counts with every other column (:mod:`fingan.training.label_pairs`), whose margins are the
  counts, at the same noise over sensitivity; the generator then matches those tables;
- the discriminator is trained with DP-SGD (:class:`fingan.training.private.PrivateRowTask`):
  Poisson samples, per-row clipping, Gaussian noise; training-by-sampling of real rows, which
  would sample rows by their category's frequency, is not used; the auxiliary label classifier
  is part of the discriminator, and each real row's classifier loss is clipped and noised with
  its critic term, so it adds no release;
- the record of the training data keeps the schema and the number of rows (public, as in
  DP-SGD's accounting), not a fingerprint of the values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
import torch

from fingan.core.exceptions import ConfigError
from fingan.models.checks import check_non_negative, data_fingerprint
from fingan.models.tabular_classifier import classifier_loss, label_span, labelled_span
from fingan.training.accounting import (
    HISTOGRAM_SHARE,
    PrivacySpend,
    calibrate_noise,
    check_privacy,
    default_delta,
    private_counts,
    secret_generator,
    spent_epsilon,
)
from fingan.training.label_pairs import (
    RELEASE_SHARE,
    LabelPairs,
    joint_levels,
    margins_of_pairs,
)
from fingan.training.private import PrivateRowTask
from fingan.transforms.metadata import clip_to_bounds, transformer_from_metadata

if TYPE_CHECKING:
    from fingan.models.tabular_gan import TabularGAN

__all__ = [
    "check_category_counts",
    "check_private_params",
    "prepare_private",
    "privacy_spent",
    "restore_privacy",
]


def check_private_params(model: TabularGAN) -> None:
    """Raise :class:`ConfigError` for a bad budget, clipping norm or label-pair weight.

    With ``epsilon`` set, ``pac`` must also be 1 (per-row clipping).
    """
    check_privacy(model.epsilon, model.delta, model.max_grad_norm)
    check_non_negative(model.label_pair_weight, "label_pair_weight")
    if model.epsilon is not None and model.pac != 1:
        raise ConfigError(
            f"with epsilon set, pac must be 1 (got {model.pac}): per-row clipping needs one row "
            "per discriminator input"
        )


def prepare_private(model: TabularGAN, frame: pd.DataFrame) -> PrivateRowTask:
    """Set the model's encoding, released counts and privacy plan; return the DP-SGD task.

    Raises
    ------
    ConfigError
        If the metadata does not cover the table, or ``training.batch_size`` (the expected
        Poisson sample) is not below the number of rows.
    """
    n_rows = len(frame)
    config = model._training_config()
    if config.batch_size >= n_rows:
        raise ConfigError(
            f"with epsilon set, training.batch_size ({config.batch_size}) is the expected size "
            f"of a Poisson sample and must be below the number of training rows ({n_rows})"
        )
    model._training_data = {
        "fingerprint": data_fingerprint(frame.iloc[:0]),  # the schema only
        "n_rows": n_rows,
        "n_columns": frame.shape[1],
    }
    model.transformer_ = transformer_from_metadata(
        frame, model.metadata or {}, max_modes=model.max_modes
    )
    rows = torch.as_tensor(
        model.transformer_.transform(clip_to_bounds(frame, model.transformer_)),
        dtype=torch.float32,
    )
    blocks = model._category_blocks()
    columns = model._condition_column_indices()
    model.label_span_ = label_span(model)
    sample_rate = config.batch_size / n_rows
    delta = model.delta if model.delta is not None else default_delta(n_rows)
    steps = config.n_steps * config.n_critic
    assert model.epsilon is not None  # only private fits come here
    label, groups = _label_pairs_layout(model)
    paired = bool(blocks) and label is not None and bool(groups) and model.label_pair_weight > 0
    share = RELEASE_SHARE if paired else HISTOGRAM_SHARE if blocks else 0.0
    noise, counts_noise = calibrate_noise(
        model.epsilon, delta, sample_rate, steps, histogram_share=share
    )
    secret = secret_generator()
    pairs = None
    if paired:
        assert counts_noise is not None
        assert label is not None
        levels, widths = joint_levels(rows, label, groups)
        tables = private_counts(levels, widths, counts_noise, secret)
        label_counts, group_counts = margins_of_pairs(tables, label[1], [w for _, w in groups])
        released = dict(zip([first for first, _ in groups], group_counts, strict=True))
        released[label[0]] = label_counts
        model.category_counts_ = [
            _positive_counts(released.get(start, [1] * width), width) for start, width in blocks
        ]
        pairs = LabelPairs(label, groups, tables, float(model.label_pair_weight))
    elif blocks:
        levels = torch.stack(
            [rows[:, start : start + width].argmax(dim=1) for start, width in blocks], dim=1
        )
        assert counts_noise is not None
        model.category_counts_ = private_counts(
            levels, [width for _, width in blocks], counts_noise, secret
        )
    else:
        model.category_counts_ = []
    model.privacy_spent_ = PrivacySpend(
        epsilon=spent_epsilon(delta, sample_rate, noise, steps, counts_noise),
        delta=delta,
        noise_multiplier=noise,
        steps=steps,
        sample_rate=sample_rate,
        max_grad_norm=float(model.max_grad_norm),
        histogram_noise_multiplier=counts_noise,
        release="label tables" if paired else "category counts",
    )
    return PrivateRowTask(
        rows,
        blocks,
        model.category_counts_,
        model.noise_dim,
        sample_rate=sample_rate,
        noise_multiplier=noise,
        max_grad_norm=float(model.max_grad_norm),
        secret=secret,
        columns=columns,
        classifier=classifier_loss(model),
        pairs=pairs,
    )


def _label_pairs_layout(
    model: TabularGAN,
) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """Return the label's one-hot and every other column's group of two or more cells."""
    label = labelled_span(model)
    groups = []
    for span in model.transformer_.spans_:
        first, size = (
            (span.start, span.width)
            if span.kind == "categorical"
            else (span.start + 1, span.width - 1)
        )
        if size >= 2 and (label is None or span.start != label[0]):
            groups.append((first, size))
    return label, groups


def _positive_counts(counts: list[int], width: int) -> list[int]:
    """Return ``counts``, or one of each category when the released ones all vanished."""
    return counts if sum(counts) > 0 else [1] * width


def privacy_spent(plan: PrivacySpend, updates: int) -> PrivacySpend:
    """Return the spend of a finished fit: the plan with the updates actually made."""
    return PrivacySpend(
        epsilon=spent_epsilon(
            plan.delta,
            plan.sample_rate,
            plan.noise_multiplier,
            updates,
            plan.histogram_noise_multiplier,
        ),
        delta=plan.delta,
        noise_multiplier=plan.noise_multiplier,
        steps=updates,
        sample_rate=plan.sample_rate,
        max_grad_norm=plan.max_grad_norm,
        histogram_noise_multiplier=plan.histogram_noise_multiplier,
        release=plan.release,
    )


def restore_privacy(model: TabularGAN, state: Any) -> None:
    """Set ``model.privacy_spent_`` from a saved fitted state's ``privacy`` entry.

    A private model saved before the label tables existed released category counts whatever
    its label: it loads with ``label_pair_weight`` 0, the setting it was fitted with.

    Raises
    ------
    ValueError
        If the entry is malformed, or present exactly when ``epsilon`` is not set.
    """
    model.privacy_spent_ = None if state is None else PrivacySpend.from_dict(state)
    if (model.privacy_spent_ is None) != (model.epsilon is None):
        raise ValueError("fitted.privacy must be saved exactly when epsilon is set")
    if state is not None and "release" not in state:
        model.label_pair_weight = 0.0


def check_category_counts(
    counts: Any, categories: list[list[Any]], n_rows: int | None, *, released: bool
) -> None:
    """Check restored category counts: a count (integer >= 0) per category of each column.

    Exact counts (``released`` false) add up to the same total in every column, ``n_rows``
    when known; released (noisy) counts need only a positive total per column.

    Raises
    ------
    ValueError
        Naming what is wrong.
    """
    if not isinstance(counts, list) or len(counts) != len(categories):
        raise ValueError("category_counts must hold one list per categorical column")
    totals = set()
    for levels, values in zip(counts, categories, strict=True):
        if (
            not isinstance(levels, list)
            or len(levels) != len(values)
            or not all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in levels)
        ):
            raise ValueError(
                "category_counts must hold a count (an integer >= 0) for every category"
            )
        totals.add(sum(levels))
    if released:
        totals = {0} if 0 in totals else {1}
    if len(totals) > 1 or 0 in totals or (n_rows is not None and totals - {n_rows}):
        raise ValueError("category_counts do not add up to the number of training rows")
