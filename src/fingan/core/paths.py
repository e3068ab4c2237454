"""A container for simulated return paths, shared by models, baselines and metrics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.exceptions import ShapeError


@dataclass(frozen=True)
class ReturnPaths:
    """Simulated daily log-return paths of one or more assets.

    Attributes
    ----------
    values : ndarray of shape (n_paths, horizon, n_assets)
        Log returns; ``values[i, t, k]`` is path ``i``'s return of asset ``k`` on day ``t``.
    assets : tuple of str
        Asset names, one per last axis entry.

    Examples
    --------
    >>> import numpy as np
    >>> paths = ReturnPaths(np.zeros((2, 3, 1)), ("sp500",))
    >>> paths.to_frame().shape
    (6, 1)
    """

    values: npt.NDArray[np.float64]
    assets: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.values.ndim != 3:
            raise ShapeError(
                f"paths must have shape (n_paths, horizon, n_assets); got {self.values.shape}"
            )
        if self.values.shape[2] != len(self.assets):
            raise ShapeError(
                f"{self.values.shape[2]} asset columns but {len(self.assets)} asset names"
            )

    @classmethod
    def from_array(cls, values: npt.ArrayLike, assets: Sequence[str]) -> ReturnPaths:
        """Build from an array of shape (n_paths, horizon, n_assets), cast to float64."""
        return cls(np.asarray(values, dtype=np.float64), tuple(str(name) for name in assets))

    @property
    def n_paths(self) -> int:
        """Number of paths."""
        return int(self.values.shape[0])

    @property
    def horizon(self) -> int:
        """Number of days in each path."""
        return int(self.values.shape[1])

    def asset(self, name: str) -> npt.NDArray[np.float64]:
        """Return one asset's paths as an array of shape (n_paths, horizon)."""
        if name not in self.assets:
            raise KeyError(f"unknown asset {name!r}; have {', '.join(self.assets)}")
        return self.values[:, :, self.assets.index(name)]

    def to_frame(self) -> pd.DataFrame:
        """Return a tidy frame: a (path, step) MultiIndex and one column per asset."""
        index = pd.MultiIndex.from_product(
            [range(self.n_paths), range(self.horizon)], names=["path", "step"]
        )
        return pd.DataFrame(
            self.values.reshape(-1, len(self.assets)), index=index, columns=list(self.assets)
        )

    def cumulative(self) -> npt.NDArray[np.float64]:
        """Cumulative log returns along each path, same shape as ``values``."""
        return np.cumsum(self.values, axis=1)
