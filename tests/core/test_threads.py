"""One place decides the thread counts: the order of the sources, and reproducibility."""

from __future__ import annotations

import pandas as pd
import pytest
import torch

from fingan.core import threads
from fingan.core.exceptions import ConfigError
from fingan.core.threads import DEFAULT_THREADS, ensure_threads, resolve_threads, set_threads
from fingan.models import MLPGAN
from fingan.nn import MLPConfig
from fingan.training import TrainingConfig


@pytest.fixture
def clean_environment(monkeypatch):
    monkeypatch.delenv("FINGAN_NUM_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    yield monkeypatch
    set_threads(1)  # the test session runs on one thread (tests/conftest.py)


def test_the_sources_are_taken_in_order(clean_environment):
    assert resolve_threads() == DEFAULT_THREADS
    clean_environment.setenv("OMP_NUM_THREADS", "3")
    assert resolve_threads() == 3
    clean_environment.setenv("FINGAN_NUM_THREADS", "2")
    assert resolve_threads() == 2
    assert resolve_threads(5) == 5


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_bad_counts_are_refused_with_their_source(clean_environment, value):
    clean_environment.setenv("FINGAN_NUM_THREADS", value)
    with pytest.raises(ConfigError, match="FINGAN_NUM_THREADS must be a positive number"):
        resolve_threads()
    with pytest.raises(ConfigError, match="--threads must be a positive number"):
        resolve_threads(0)


def test_a_chosen_count_is_kept_by_later_fits(clean_environment):
    clean_environment.setattr(threads, "_applied", None)
    clean_environment.setenv("FINGAN_NUM_THREADS", "2")
    ensure_threads()
    assert torch.get_num_threads() == 2
    set_threads(1)
    clean_environment.setenv("FINGAN_NUM_THREADS", "2")
    ensure_threads()  # the user's choice stands
    assert torch.get_num_threads() == 1


def test_the_same_thread_count_gives_the_same_weights(clean_environment, rng):
    data = pd.DataFrame(rng.standard_t(4, size=(400, 3)), columns=list("abc"))

    def fitted_weights() -> list[torch.Tensor]:
        model = MLPGAN(
            generator=MLPConfig(hidden_dims=(32, 32)),
            discriminator=MLPConfig(hidden_dims=(32, 32)),
            training=TrainingConfig(n_steps=8, batch_size=64),
            random_state=3,
        ).fit(data)
        return [parameter.detach().clone() for parameter in model.generator_.parameters()]

    set_threads(2)
    first, second = fitted_weights(), fitted_weights()
    assert all(torch.equal(a, b) for a, b in zip(first, second, strict=True))
