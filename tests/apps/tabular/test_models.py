"""fit_tabular: a private fit takes the settings chosen for private fits."""

from __future__ import annotations

import pytest

from fingan.apps.tabular.models import fit_tabular
from fingan.datasets import load_german_credit
from tests.apps.tabular.metadata import table_metadata

pytest.importorskip("opacus")


def test_a_private_fit_conditions_on_every_categorical_column_the_label_half_the_time() -> None:
    credit = load_german_credit().iloc[:200]
    metadata = table_metadata(credit)
    categorical = [column for column, info in metadata.items() if "categories" in info]
    model = fit_tabular(credit, target="creditability", epsilon=3.0, metadata=metadata, n_steps=2)
    assert model.condition_columns is not None
    assert set(model.condition_columns) == set(categorical)
    assert model.condition_columns.count("creditability") == len(categorical) - 1
    assert model.pac == 1
    assert model.training is not None
    assert model.training.batch_size == 75  # 0.375 of 200 rows
    assert model.privacy_spent_ is not None
    assert model.privacy_spent_.sample_rate == pytest.approx(0.375)
