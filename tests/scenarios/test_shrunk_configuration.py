"""``gan_shrunk`` and ``gan_shrunk_recent``: the GAN's condition strength below one, saved."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from fingan.models import InnovationGAN
from fingan.scenarios import ConditionalScenarioModel, GPDTails, build_configuration
from fingan.scenarios.configurations import (
    RECENT_DAYS,
    SHRUNK_STRENGTH,
    configuration_names,
    trains_in_steps,
)

TINY_GAN = dataclasses.replace(InnovationGAN.default_training, n_steps=3, batch_size=32)


WINDOWS = {"ewma+gan_shrunk": None, "ewma+gan_shrunk_recent": RECENT_DAYS}


@pytest.mark.parametrize("name", list(WINDOWS))
def test_shrunk_configurations_have_their_strength_and_tails(name: str) -> None:
    assert {"ewma+gan_shrunk", "garch+gan_shrunk", "gjr+gan_shrunk"} <= set(configuration_names())
    model = build_configuration(name, random_state=0)
    assert trains_in_steps(name)
    tails = model.innovations
    assert isinstance(tails, GPDTails)
    assert isinstance(tails.body, InnovationGAN)
    assert tails.body.condition_strength == SHRUNK_STRENGTH < 1.0
    assert tails.window == WINDOWS[name]
    assert tails.body.recency_halflife is None  # the GAN learns every past day alike
    assert build_configuration("gan").innovations.body.condition_strength == 1.0  # type: ignore[union-attr]


def test_shrunk_configuration_saves_and_loads(sp500: pd.DataFrame, tmp_path) -> None:
    later = pd.concat([sp500, sp500.iloc[-300:]])  # a history past the fitted days
    model = build_configuration("ewma+gan_shrunk", random_state=0, gan_training=TINY_GAN)
    model.fit(sp500).save(tmp_path / "shrunk")
    loaded = ConditionalScenarioModel.load(tmp_path / "shrunk")
    tails = loaded.innovations_
    assert isinstance(tails, GPDTails)
    assert isinstance(tails.body_, InnovationGAN)
    assert tails.body_.condition_strength == SHRUNK_STRENGTH
    np.testing.assert_array_equal(
        model.sample_paths(later.to_numpy(), 200, 2, random_state=3).values,
        loaded.sample_paths(later.to_numpy(), 200, 2, random_state=3).values,
    )
