"""Choosing the device to train on."""

from __future__ import annotations

import torch

from fingan.core.exceptions import ConfigError


def resolve_device(device: str | torch.device) -> torch.device:
    """Return the torch device that ``device`` names.

    Parameters
    ----------
    device : str or torch.device
        ``"auto"`` picks the first CUDA GPU when one is available and the CPU otherwise;
        anything else is passed to :class:`torch.device`.

    Raises
    ------
    ConfigError
        If the name is not a device, or names a CUDA device when CUDA is unavailable.
    """
    if isinstance(device, torch.device):
        resolved = device
    elif device == "auto":
        resolved = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    else:
        try:
            resolved = torch.device(device)
        except RuntimeError as error:
            raise ConfigError(f"unknown device {device!r}") from error
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise ConfigError(f"device {device!r} requested but CUDA is not available")
    return resolved
