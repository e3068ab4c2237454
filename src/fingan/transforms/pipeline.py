"""A chain of invertible transforms, saved as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self

from fingan.exceptions import CheckpointError
from fingan.transforms.base import FloatArray, InvertibleTransform
from fingan.transforms.lambertw import LambertWGaussianizer
from fingan.transforms.scaling import Standardizer

_KNOWN: dict[str, type[InvertibleTransform]] = {
    cls.__name__: cls for cls in (Standardizer, LambertWGaussianizer)
}


class Pipeline(InvertibleTransform):
    """Apply transforms in order; invert them in reverse order.

    Parameters
    ----------
    steps : sequence of InvertibleTransform
        The transforms, first applied first.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_t(3, size=(1000, 1))
    >>> quant_gans = Pipeline([Standardizer(), LambertWGaussianizer(), Standardizer()])
    >>> z = quant_gans.fit_transform(x)
    >>> bool(np.allclose(quant_gans.inverse_transform(z), x))
    True
    """

    def __init__(self, steps: Sequence[InvertibleTransform]) -> None:
        self.steps = list(steps)

    def fit(self, values: FloatArray) -> Self:
        """Fit each step on the output of the previous one."""
        for step in self.steps:
            values = step.fit_transform(values)
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        """Apply every step in order."""
        for step in self.steps:
            values = step.transform(values)
        return values

    def inverse_transform(self, values: FloatArray) -> FloatArray:
        """Invert every step in reverse order."""
        for step in reversed(self.steps):
            values = step.inverse_transform(values)
        return values

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"steps": [{"type": name, "state": {...}}, ...]}``."""
        return {
            "steps": [{"type": type(step).__name__, "state": step.to_dict()} for step in self.steps]
        }

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> Self:
        """Rebuild from :meth:`to_dict` output; only fingan's own transform types are accepted."""
        steps: list[InvertibleTransform] = []
        for entry in state["steps"]:
            if entry["type"] not in _KNOWN:
                raise CheckpointError(f"unknown transform type {entry['type']!r}")
            steps.append(_KNOWN[entry["type"]].from_dict(entry["state"]))
        return cls(steps)
