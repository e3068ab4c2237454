"""Saved models and checkpoints of every GAN: tampered files refused, resume only where it fits."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import torch
from safetensors.torch import load_file, save_file

from fingan.core.exceptions import CheckpointError
from fingan.core.filtered import FilteredReturns
from fingan.models import MLPGAN, GANEstimator, InnovationGAN, MarketGAN, TabularGAN
from fingan.nn import MLPConfig
from fingan.nn.tcn import TCNConfig
from fingan.training import TrainingConfig

TINY_MLP = MLPConfig(hidden_dims=(8,))
TINY_TCN = TCNConfig(hidden_channels=4, skip_channels=4, n_blocks=4)  # receptive field 16


def returns(n_assets: int, n_days: int = 160, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2015-01-01", periods=n_days)
    columns = [f"asset{i}" for i in range(n_assets)]
    return pd.DataFrame(0.01 * rng.standard_t(4, (n_days, n_assets)), index, columns)


def filtered(n_assets: int, n_days: int = 160, seed: int = 0) -> FilteredReturns:
    """Standardised t residuals and a slowly moving variance: what a filter hands a GAN."""
    rng = np.random.default_rng(seed)
    residuals = rng.standard_t(5, (n_days, n_assets)) * np.sqrt(3 / 5)
    variances = 1e-4 * np.exp(np.cumsum(0.05 * rng.standard_normal((n_days, n_assets)), axis=0))
    return FilteredReturns(residuals, variances, variances[-1], np.full(n_assets, 1e-4))


def table(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "amount": rng.normal(size=60),
            "count": rng.integers(1, 5, 60),
            "label": pd.Categorical(rng.choice(["a", "b"], 60)),
        }
    )


def training(n_steps: int = 4, **kwargs: Any) -> TrainingConfig:
    return TrainingConfig(n_steps=n_steps, batch_size=10, checkpoint_every=2, **kwargs)


def make(name: str, n_steps: int = 4, **kwargs: Any) -> GANEstimator:
    options: dict[str, Any] = {
        "generator": TINY_MLP,
        "discriminator": TINY_MLP,
        "training": training(n_steps),
        "random_state": 0,
        "device": "cpu",
    }
    if name == "MLPGAN":
        return MLPGAN(**{"noise_dim": 4, **options, **kwargs})
    if name == "MarketGAN":
        options.update(generator=TINY_TCN, discriminator=TINY_TCN)
        # Lambert W on: the tampering below reaches into all three preprocessing steps.
        return MarketGAN(**{"window": 32, "lambert_w": True, **options, **kwargs})
    if name == "InnovationGAN":
        tiny = {"n_lags": 3, "changes": (1, 5), "dispersion_window": 20, "noise_dim": 4}
        return InnovationGAN(**{**tiny, **options, **kwargs})
    return TabularGAN(**{"noise_dim": 4, "pac": 2, **options, **kwargs})


DATA: dict[str, Callable[[], pd.DataFrame | FilteredReturns]] = {
    "MLPGAN": lambda: returns(2),
    "MarketGAN": lambda: returns(2),
    "InnovationGAN": lambda: filtered(2),
    "TabularGAN": table,
}
NAMES = list(DATA)


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict[str, Path]:
    """One fitted and saved tiny model of each class."""
    root = tmp_path_factory.mktemp("saved")
    folders = {}
    for name in NAMES:
        make(name).fit(DATA[name]()).save(root / name)
        folders[name] = root / name
    return folders


def copy_of(saved: dict[str, Path], name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(saved[name], tmp_path / name))


def edit_meta(folder: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    file = folder / "checkpoint.json"
    meta = json.loads(file.read_text())
    edit(meta)
    file.write_text(json.dumps(meta, allow_nan=True))


def draw(model: GANEstimator) -> np.ndarray:
    if isinstance(model, MarketGAN):
        return model.sample(3, 20, random_state=1).values
    if isinstance(model, InnovationGAN):
        sampler = model.sampler(filtered(2), 3, np.random.default_rng(1))
        variance, days = np.full((3, 2), 1e-4), []
        for _ in range(4):
            days.append(sampler.draw(variance))
            sampler.advance(days[-1], variance)
        return np.stack(days, axis=1)  # (paths, days, assets)
    assert isinstance(model, MLPGAN | TabularGAN)
    return model.sample(5, random_state=1).to_numpy()


def weights(model: GANEstimator) -> dict[str, torch.Tensor]:
    return {
        f"{part}.{key}": value
        for part, network in (("g", model.generator_), ("d", model.discriminator_))
        for key, value in network.state_dict().items()
    }


# -- saved models round-trip, tampered ones are refused ------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_good_save_and_load_round_trips(saved, name):
    model = make(name).fit(DATA[name]())
    loaded = GANEstimator.load(saved[name], device="cpu")
    assert type(loaded).__name__ == name
    np.testing.assert_array_equal(draw(loaded), draw(model))
    assert loaded._training_data == model._training_data


def fitted(meta: dict[str, Any]) -> dict[str, Any]:
    state: dict[str, Any] = meta["model"]["fitted"]
    return state


def params(meta: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = meta["model"]["params"]
    return values


def steps(meta: dict[str, Any]) -> list[dict[str, Any]]:
    return fitted(meta)["transform"]["steps"]


NAN = float("nan")
TAMPERED: list[tuple[str, Callable[[dict[str, Any]], object], str]] = [
    ("MLPGAN", lambda m: fitted(m)["scaler"]["scale"].__setitem__(0, NAN), r"scale\[0\] is nan"),
    ("MLPGAN", lambda m: fitted(m)["scaler"]["scale"].__setitem__(1, 0.0), "finite and positive"),
    ("MLPGAN", lambda m: fitted(m)["scaler"].update(mean=[0.0]), "scale has 2 values; 1 expected"),
    ("MLPGAN", lambda m: fitted(m).update(columns=["a", "a"]), "columns repeat a name"),
    ("MLPGAN", lambda m: params(m).update(noise_dim=0), "noise_dim must be a positive"),
    ("MLPGAN", lambda m: params(m)["training"].update(lr_g=-1.0), "lr_g must be a positive"),
    ("MLPGAN", lambda m: m["model"].update(seed="x"), "seed must be an integer"),
    ("MLPGAN", lambda m: m["history"][0].update(g_loss=NAN), "NaN or infinite"),
    ("MLPGAN", lambda m: m["model"]["data"].update(n_columns=3), "trained on 3"),
    ("MarketGAN", lambda m: params(m).update(window=10**9), "at least 1000000001 training rows"),
    ("MarketGAN", lambda m: steps(m)[1]["state"].update(delta=[0.1, 5.0]), r"in \[0, 2\]"),
    ("MarketGAN", lambda m: steps(m)[0]["state"]["scale"].__setitem__(0, -1.0), "positive"),
    ("MarketGAN", lambda m: fitted(m)["transform"].update(steps=steps(m)[:1]), "transform has"),
    ("MarketGAN", lambda m: params(m).update(noise_channels=1), "noise_channels"),
    ("MarketGAN", lambda m: params(m).update(lambert_w="yes"), "lambert_w must be True or"),
    (
        "InnovationGAN",
        lambda m: fitted(m)["feature_scale"].__setitem__(0, -2.0),
        "feature_scale must be positive and finite; got -2.0",
    ),
    (
        "InnovationGAN",
        lambda m: fitted(m)["feature_mean"].__setitem__(0, NAN),
        "feature_mean must hold 12 finite numbers",
    ),
    ("InnovationGAN", lambda m: fitted(m).update(n_assets=3), "hold 18 finite numbers"),
    ("InnovationGAN", lambda m: params(m).update(changes=[1, 5, 20]), "hold 14 finite numbers"),
    ("InnovationGAN", lambda m: params(m).update(n_lags=10**9), "hold 2000000006 finite"),
    ("InnovationGAN", lambda m: params(m).update(dispersion_window=10**9), "training rows"),
    ("InnovationGAN", lambda m: params(m).update(changes=[]), "changes must be a non-empty"),
    ("InnovationGAN", lambda m: params(m).update(noise_dim=1), r"noise_dim \(1\) is below"),
    (
        "TabularGAN",
        lambda m: fitted(m)["transformer"]["normalizers"]["amount"]["knots"].__setitem__(0, 1e9),
        "knots must be at least two, non-decreasing",
    ),
    (
        "TabularGAN",
        lambda m: fitted(m)["transformer"]["columns"][2].update(categories=["a", "a"]),
        "repeats a category",
    ),
    (
        "TabularGAN",
        lambda m: fitted(m)["transformer"]["columns"][2].update(dtype="float64"),
        "not categorical",
    ),
    (
        "TabularGAN",
        lambda m: fitted(m)["transformer"]["columns"][0].update(maximum=float("inf")),
        "finite range",
    ),
    ("TabularGAN", lambda m: fitted(m)["category_counts"][0].__setitem__(0, -1), "integer >= 0"),
    ("TabularGAN", lambda m: fitted(m)["transformer"]["spans"][0].update(width=9), "spans"),
    ("TabularGAN", lambda m: params(m).update(pac=3), "multiple of pac"),
    ("TabularGAN", lambda m: params(m).update(condition_columns=["amount"]), "condition_columns"),
]


@pytest.mark.parametrize(
    ("name", "edit", "message"), TAMPERED, ids=[f"{n}-{m}" for n, _, m in TAMPERED]
)
def test_tampered_model_metadata_is_refused(saved, tmp_path, name, edit, message):
    folder = copy_of(saved, name, tmp_path)
    edit_meta(folder, edit)
    with pytest.raises(CheckpointError, match=message) as caught:
        GANEstimator.load(folder, device="cpu")
    assert "checkpoint.json" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("name", NAMES)
def test_non_finite_weights_are_refused(saved, tmp_path, name):
    folder = copy_of(saved, name, tmp_path)
    tensors = load_file(str(folder / "weights.safetensors"))
    key = next(key for key in sorted(tensors) if key.startswith("generator_ema."))
    tensors[key] = tensors[key].clone()
    tensors[key].view(-1)[-1] = float("inf")
    save_file(tensors, str(folder / "weights.safetensors"))
    with pytest.raises(CheckpointError, match=f"NaN or infinite values in {key}"):
        GANEstimator.load(folder, device="cpu")


def test_weights_that_do_not_fit_the_parameters_are_refused_before_building(saved, tmp_path):
    # A huge noise width fits the fitted state and (without a record of the data, as in older
    # checkpoints) cannot be checked against the rows; the networks it describes are then
    # compared with the weights on the "meta" device, without allocating 10^9-wide layers.
    folder = copy_of(saved, "InnovationGAN", tmp_path)

    def huge_noise(meta: dict[str, Any]) -> None:
        params(meta).update(noise_dim=10**9)
        meta["model"]["data"] = None

    edit_meta(folder, huge_noise)
    with pytest.raises(CheckpointError, match="does not fit the model's parameters"):
        GANEstimator.load(folder, device="cpu")


# -- resume ------------------------------------------------------------------------------------


class InterruptError(Exception):
    pass


def stop_at(step: int) -> Callable[[int, int, object], None]:
    def progress(current: int, total: int, record: object) -> None:
        if current == step:
            raise InterruptError

    return progress


@pytest.mark.parametrize("name", NAMES)
def test_interrupted_and_resumed_fit_ends_bit_identical(tmp_path, name):
    data = DATA[name]()
    uninterrupted = make(name, n_steps=6).fit(data)
    with pytest.raises(InterruptError):
        make(name, n_steps=6).fit(data, checkpoint_dir=tmp_path, progress=stop_at(5))
    seen: list[int] = []
    resumed = make(name, n_steps=6).fit(
        data, resume=tmp_path, checkpoint_dir=tmp_path, progress=lambda s, n, r: seen.append(s)
    )
    assert seen == [5, 6]  # started after the checkpoint of step 4
    for key, value in weights(uninterrupted).items():
        assert torch.equal(value, weights(resumed)[key]), key
    pd.testing.assert_index_equal(resumed.history_.index, uninterrupted.history_.index)


@pytest.fixture
def checkpoints(tmp_path) -> Path:
    """Checkpoints at steps 2 and 4 of a tiny MLPGAN."""
    make("MLPGAN").fit(DATA["MLPGAN"](), checkpoint_dir=tmp_path / "runs")
    return tmp_path / "runs"


def test_resume_may_only_add_steps(checkpoints):
    model = make("MLPGAN", n_steps=7).fit(DATA["MLPGAN"](), resume=checkpoints)
    assert list(model.history_.index) == list(range(1, 8))
    with pytest.raises(CheckpointError, match=r"at step 4, beyond training.n_steps \(3\)"):
        make("MLPGAN", n_steps=3).fit(DATA["MLPGAN"](), resume=checkpoints)


@pytest.mark.parametrize(
    ("model", "data", "message"),
    [
        (lambda: make("MLPGAN"), lambda: returns(2, seed=1), "made on other data"),
        (lambda: make("MLPGAN"), lambda: returns(2).iloc[:-1], "made on other data"),
        (lambda: make("MLPGAN"), lambda: returns(2).rename(columns=str.upper), "other data"),
        (lambda: make("MLPGAN", random_state=1), lambda: returns(2), "seed 0, this run has seed 1"),
        (lambda: make("MLPGAN", noise_dim=5), lambda: returns(2), "noise_dim is 5 here but 4"),
        (
            lambda: make("MLPGAN", training=training(lr_g=1e-3)),
            lambda: returns(2),
            "training.lr_g is 0.001 here but 0.0001",
        ),
        (
            lambda: make("MLPGAN", training=dataclasses.replace(training(), checkpoint_every=3)),
            lambda: returns(2),
            "training.checkpoint_every",
        ),
        (lambda: make("MarketGAN"), lambda: returns(2), "cannot resume a MarketGAN"),
    ],
)
def test_resume_refuses_a_checkpoint_of_another_run(checkpoints, model, data, message):
    with pytest.raises(CheckpointError, match=message):
        model().fit(data(), resume=checkpoints)


def test_resume_refuses_a_checkpoint_without_a_data_fingerprint(checkpoints):
    for folder in checkpoints.iterdir():
        edit_meta(folder, lambda meta: meta["model"].pop("data"))
    with pytest.raises(CheckpointError, match=r"records no fingerprint .* older fingan"):
        make("MLPGAN").fit(DATA["MLPGAN"](), resume=checkpoints)
    # Such a model still loads for sampling.
    assert isinstance(GANEstimator.load(checkpoints, device="cpu"), MLPGAN)


def test_fit_refuses_a_checkpoint_dir_with_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(CheckpointError, match="not a fingan checkpoint"):
        make("MLPGAN").fit(DATA["MLPGAN"](), checkpoint_dir=tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"
