"""Saving and loading a conditional scenario model: JSON, safetensors, and a GAN checkpoint.

A model folder holds ``scenario_model.json`` (the parts by class name, their parameters and
fitted state), ``arrays.safetensors`` (residuals an empirical innovation model draws from)
and, when the innovations hold a GAN, the GAN's own checkpoint folder ``innovation_gan/``
(:meth:`fingan.models.GANEstimator.save`). Classes are looked up in a fixed table: loading
never imports or runs anything named in the folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import load_file, save_file

from fingan.core.exceptions import CheckpointError
from fingan.core.io import atomic_directory
from fingan.models.innovation_gan import InnovationGAN
from fingan.scenarios.filters import EWMAFilter, GARCHFilter, GJRGARCHFilter, VolatilityFilterBase
from fingan.scenarios.innovations import EmpiricalInnovations, StudentTInnovations
from fingan.scenarios.model import ConditionalScenarioModel
from fingan.scenarios.tails import GPDTails

__all__ = ["MODEL_KIND", "load_scenario_model", "save_scenario_model"]

MODEL_KIND = "scenario model"
"""The kind of output a saved model folder is (its marker file, see :mod:`fingan.core.io`)."""

_META = "scenario_model.json"
_ARRAYS = "arrays.safetensors"
_GAN = "innovation_gan"
_FORMAT = "fingan conditional scenario model"

_FILTERS: dict[str, type[VolatilityFilterBase]] = {
    cls.__name__: cls for cls in (EWMAFilter, GARCHFilter, GJRGARCHFilter)
}
_CLASSICAL = {cls.__name__: cls for cls in (EmpiricalInnovations, StudentTInnovations)}


def save_scenario_model(
    model: ConditionalScenarioModel, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write a fitted model to the new folder ``path`` (all or nothing).

    Raises
    ------
    OutputPathError
        If ``path`` cannot receive it (see :func:`fingan.core.io.check_output_folder`).
    TypeError
        If a part is not one of fingan's built-in filters or innovation models.
    """
    volatility = model.volatility_
    if type(volatility).__name__ not in _FILTERS:
        raise TypeError(f"cannot save a {type(volatility).__name__} filter")
    with atomic_directory(path, kind=MODEL_KIND, overwrite=overwrite) as folder:
        arrays: dict[str, np.ndarray] = {}
        meta = {
            "format": _FORMAT,
            "version": 1,
            "assets": list(model.assets_),
            "volatility": {
                "class": type(volatility).__name__,
                "params": volatility.get_params(),
                "state": volatility.to_dict(),
            },
            "innovations": _describe(model.innovations_, folder, arrays),
        }
        (folder / _META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        if arrays:
            save_file(arrays, str(folder / _ARRAYS))
    return Path(path)


def load_scenario_model(path: str | os.PathLike[str]) -> ConditionalScenarioModel:
    """Read a model written by :func:`save_scenario_model`.

    Raises
    ------
    CheckpointError
        If the folder is not such a model, or holds a state a fit could not have produced;
        the message names the file.
    """
    folder = Path(path)
    meta_file = folder / _META
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
            raise ValueError("not a fingan conditional scenario model")
        arrays_file = folder / _ARRAYS
        arrays = load_file(str(arrays_file)) if arrays_file.exists() else {}
        spec = meta["volatility"]
        volatility = _FILTERS[spec["class"]](**spec["params"]).restore(spec["state"])
        innovations = _restore(meta["innovations"], folder, arrays)
        assets = tuple(str(name) for name in meta["assets"])
        if len(assets) != len(volatility.params_):
            raise ValueError("the filter and the asset names disagree")
    except (OSError, KeyError, TypeError, ValueError) as error:
        raise CheckpointError(f"{meta_file} holds no usable scenario model: {error}") from error
    model = ConditionalScenarioModel(volatility=volatility, innovations=innovations)
    model.volatility_, model.innovations_, model.assets_ = volatility, innovations, assets
    return model


def _describe(part: Any, folder: Path, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    name = type(part).__name__
    if isinstance(part, InnovationGAN):
        part.save(folder / _GAN)
        return {"class": name, "folder": _GAN}
    if isinstance(part, GPDTails):
        return {
            "class": name,
            "params": {"tail_probability": part.tail_probability, "window": part.window},
            "state": part.to_dict(),
            "body": _describe(part.body_, folder, arrays),
        }
    if name not in _CLASSICAL:
        raise TypeError(f"cannot save a {name} innovation model")
    if isinstance(part, EmpiricalInnovations):
        arrays["residuals"] = np.ascontiguousarray(part.residuals_)
    return {"class": name, "params": part.get_params(), "state": part.to_dict()}


def _restore(spec: dict[str, Any], folder: Path, arrays: dict[str, np.ndarray]) -> Any:
    name = spec["class"]
    if name == "InnovationGAN":
        if spec["folder"] != _GAN:
            raise ValueError(f"the GAN folder must be {_GAN}")
        return InnovationGAN.load(folder / _GAN, device="cpu")
    if name == "GPDTails":
        body = _restore(spec["body"], folder, arrays)
        tails = GPDTails(body=body, **spec["params"])
        return tails.restore_tails(spec["state"], body)
    if name not in _CLASSICAL:
        raise ValueError(f"unknown innovation model {name!r}")
    return _CLASSICAL[name](**spec["params"]).restore(spec["state"], arrays)
