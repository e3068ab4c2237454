"""Configurations that follow recent residuals: recency-weighted GAN, recent GPD tails."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from fingan.models import InnovationGAN
from fingan.scenarios import (
    ConditionalScenarioModel,
    EmpiricalInnovations,
    GPDTails,
    build_configuration,
)
from fingan.scenarios.configurations import RECENT_DAYS, trains_in_steps

TINY_GAN = dataclasses.replace(InnovationGAN.default_training, n_steps=3, batch_size=32)

PARTS = {name: (RECENT_DAYS, RECENT_DAYS) for name in ("ewma+gan_recent", "gjr+gan_recent")}


@pytest.mark.parametrize("name", list(PARTS))
def test_recent_configurations_have_their_parts(name: str) -> None:
    model = build_configuration(name, random_state=0)
    assert trains_in_steps(name)
    tails = model.innovations
    assert isinstance(tails, GPDTails)
    assert isinstance(tails.body, InnovationGAN)
    assert (tails.body.recency_halflife, tails.window) == PARTS[name]


def test_recent_configurations_save_and_load(sp500: pd.DataFrame, tmp_path) -> None:
    later = pd.concat([sp500, sp500.iloc[-300:]])  # a history past the fitted days
    for name in ("ewma+gan_recent",):
        model = build_configuration(name, random_state=0, gan_training=TINY_GAN).fit(sp500)
        model.save(tmp_path / name)
        loaded = ConditionalScenarioModel.load(tmp_path / name)
        tails = loaded.innovations_
        assert isinstance(tails, GPDTails)
        assert isinstance(tails.body_, InnovationGAN)
        assert (tails.body_.recency_halflife, tails.window) == PARTS[name]
        np.testing.assert_array_equal(
            model.sample_paths(later.to_numpy(), 200, 2, random_state=3).values,
            loaded.sample_paths(later.to_numpy(), 200, 2, random_state=3).values,
        )


def test_empirical_evt_has_its_parts_and_saves(sp500: pd.DataFrame, tmp_path) -> None:
    model = build_configuration("ewma+empirical_evt", random_state=0)
    assert not trains_in_steps("ewma+empirical_evt")
    tails = model.innovations
    assert isinstance(tails, GPDTails)
    assert isinstance(tails.body, EmpiricalInnovations)
    assert (tails.body.window, tails.window) == (None, RECENT_DAYS)
    later = pd.concat([sp500, sp500.iloc[-300:]])  # a history past the fitted days
    model.fit(sp500).save(tmp_path / "evt")
    loaded = ConditionalScenarioModel.load(tmp_path / "evt")
    drawn = model.sample_paths(later.to_numpy(), 4000, 1, random_state=3).values
    np.testing.assert_array_equal(
        drawn, loaded.sample_paths(later.to_numpy(), 4000, 1, random_state=3).values
    )
