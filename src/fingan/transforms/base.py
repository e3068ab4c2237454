"""The interface every invertible data transform follows."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, Self

import numpy as np
from numpy.typing import NDArray

from fingan.core.exceptions import CheckpointError

FloatArray = NDArray[np.float64]


class InvertibleTransform(ABC):
    """A fitted, invertible map between data space and model space.

    Subclasses learn their parameters in :meth:`fit`, and store them in JSON-ready form through
    :meth:`to_dict` / :meth:`from_dict` so that saved models need no pickle.
    """

    @abstractmethod
    def fit(self, values: FloatArray) -> Self:
        """Learn the transform's parameters from ``values`` of shape ``(n_samples, n_features)``."""

    @abstractmethod
    def transform(self, values: FloatArray) -> FloatArray:
        """Map data to model space."""

    @abstractmethod
    def inverse_transform(self, values: FloatArray) -> FloatArray:
        """Map model space back to data space."""

    @abstractmethod
    def to_dict(self) -> dict[str, Any]:
        """Return the fitted parameters as a JSON-ready dictionary."""

    @classmethod
    @abstractmethod
    def from_dict(cls, state: dict[str, Any]) -> Self:
        """Rebuild a fitted transform from :meth:`to_dict` output.

        Saved state is checked as strictly as a fit would produce it (finite values, positive
        scales, matching lengths); anything else raises
        :class:`~fingan.core.exceptions.CheckpointError`.
        """

    @property
    @abstractmethod
    def n_features_in_(self) -> int:
        """Number of columns the fitted transform reads."""

    def fit_transform(self, values: FloatArray) -> FloatArray:
        """Fit to ``values`` and return them transformed."""
        return self.fit(values).transform(values)


def restored_vector(
    state: Any,
    key: str,
    owner: str,
    *,
    positive: bool = False,
    bounds: tuple[float, float] | None = None,
    length: int | None = None,
) -> FloatArray:
    """Read one saved vector of a fitted transform and check it.

    Parameters
    ----------
    state : Mapping
        The transform's saved state (JSON).
    key : str
        The field: a non-empty list of finite numbers.
    owner : str
        The transform's name, for messages.
    positive : bool, default False
        Every value must be above zero (scales, variances).
    bounds : (float, float), optional
        Every value must lie in this closed interval.
    length : int, optional
        The number of values required.

    Returns
    -------
    ndarray
        The values as float64.

    Raises
    ------
    CheckpointError
        Naming ``owner.key`` and the first bad value.
    """
    if not isinstance(state, Mapping):
        raise CheckpointError(f"{owner} state must be a mapping; got {type(state).__name__}")
    if key not in state:
        raise CheckpointError(f"{owner} state lacks {key!r}")
    raw, name = state[key], f"{owner}.{key}"
    if (
        not isinstance(raw, list)
        or not raw
        or any(isinstance(value, bool) or not isinstance(value, int | float) for value in raw)
    ):
        raise CheckpointError(f"{name} must be a non-empty list of numbers")
    values = np.asarray(raw, dtype=np.float64)
    if length is not None and values.size != length:
        raise CheckpointError(f"{name} has {values.size} values; {length} expected")
    bad = ~np.isfinite(values)
    rule = "finite"
    if positive:
        bad |= ~(values > 0)
        rule = "finite and positive"
    if bounds is not None:
        bad |= ~((values >= bounds[0]) & (values <= bounds[1]))
        rule = f"finite and in [{bounds[0]:g}, {bounds[1]:g}]"
    if bad.any():
        index = int(np.argmax(bad))
        raise CheckpointError(f"{name}[{index}] is {float(values[index])!r}; it must be {rule}")
    return values
