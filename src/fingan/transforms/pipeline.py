"""A chain of invertible transforms, saved as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self

from fingan.core.exceptions import CheckpointError, NotFittedError
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

    @property
    def n_features_in_(self) -> int:
        """Number of columns (every step reads as many as the first)."""
        if not self.steps:
            raise NotFittedError("this Pipeline has no steps")
        return self.steps[0].n_features_in_

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> Self:
        """Rebuild from :meth:`to_dict` output; only fingan's own transform types are accepted.

        Raises
        ------
        CheckpointError
            If a step is of an unknown type or invalid, there are no steps, or the steps
            disagree on the number of columns.
        """
        entries = state.get("steps") if isinstance(state, dict) else None
        if not isinstance(entries, list) or not entries:
            raise CheckpointError("Pipeline state must hold a non-empty list of steps")
        steps: list[InvertibleTransform] = []
        for index, entry in enumerate(entries):
            kind = entry.get("type") if isinstance(entry, dict) else None
            if not isinstance(kind, str) or kind not in _KNOWN:
                raise CheckpointError(f"Pipeline step {index} has unknown transform type {kind!r}")
            try:
                steps.append(_KNOWN[kind].from_dict(entry.get("state")))
            except CheckpointError as error:
                raise CheckpointError(f"Pipeline step {index}: {error}") from error
        widths = {step.n_features_in_ for step in steps}
        if len(widths) != 1:
            raise CheckpointError(
                f"Pipeline steps disagree on the number of columns: {sorted(widths)}"
            )
        return cls(steps)
