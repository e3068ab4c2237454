"""A GAN for i.i.d. numeric rows with perceptron generator and discriminator."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd
import torch
from torch import nn

from fingan.core.random import RandomState
from fingan.core.validation import check_int
from fingan.data.validation import check_min_rows, to_numeric_frame
from fingan.models.base import GANEstimator
from fingan.models.checks import check_width, checked_names
from fingan.nn.mlp import MLP, MLPConfig
from fingan.training.config import TrainingConfig
from fingan.training.tasks import RowTask
from fingan.transforms.scaling import Standardizer

_SAMPLE_CHUNK = 65_536


class MLPGAN(GANEstimator):
    """A GAN for independent numeric rows (a distribution, not a time series).

    Each column is standardised; the generator maps Gaussian noise through a perceptron to a row,
    and the discriminator maps a row to a score. Useful for return distributions without
    dynamics, factor tables, and as the simplest model on the shared training engine.

    Parameters
    ----------
    noise_dim : int, default 16
        Width of the generator's Gaussian input.
    generator, discriminator : MLPConfig, optional
        Hidden layers of each network (defaults: two residual layers of 128 units).
    training : TrainingConfig, optional
        Loss, steps, batch size, learning rates and checkpointing (default
        :attr:`default_training`: WGAN-GP).
    random_state : int, numpy.random.Generator or None
        Seed for weight initialisation and training; the same seed gives the same model on CPU.
    device : str, default "auto"
        ``"auto"`` trains on a CUDA GPU when one is available, else on the CPU.

    Attributes
    ----------
    columns_ : list of str
        Column names seen in ``fit``.
    scaler_ : Standardizer
        The fitted column standardiser.

    Examples
    --------
    >>> import numpy as np
    >>> from fingan.models import MLPGAN
    >>> from fingan.training import TrainingConfig
    >>> data = np.random.default_rng(0).normal(size=(500, 2))
    >>> model = MLPGAN(training=TrainingConfig(n_steps=50), random_state=0).fit(data)
    >>> model.sample(3, random_state=1).shape
    (3, 2)
    """

    default_training: ClassVar[TrainingConfig] = TrainingConfig()

    def __init__(
        self,
        *,
        noise_dim: int = 16,
        generator: MLPConfig | None = None,
        discriminator: MLPConfig | None = None,
        training: TrainingConfig | None = None,
        random_state: RandomState = None,
        device: str = "auto",
    ) -> None:
        self.noise_dim = noise_dim
        self.generator = generator
        self.discriminator = discriminator
        self.training = training
        self.random_state = random_state
        self.device = device

    def sample(self, n: int, *, random_state: RandomState = None) -> pd.DataFrame:
        """Generate ``n`` rows.

        Parameters
        ----------
        n : int
            Number of rows.
        random_state : int, numpy.random.Generator or None
            Seed of the noise; the same seed gives the same rows.

        Returns
        -------
        pandas.DataFrame
            ``n`` rows with the columns seen in ``fit``.
        """
        n = check_int(n, "n", minimum=1)
        rng = self._sampling_rng(random_state)
        chunks: list[npt.NDArray[np.float64]] = []
        with self._inference() as generator:
            for start in range(0, n, _SAMPLE_CHUNK):
                size = min(_SAMPLE_CHUNK, n - start)
                noise = torch.randn(size, self.noise_dim, generator=rng).to(self.device_)
                chunks.append(generator(noise).double().cpu().numpy())
        values = self.scaler_.inverse_transform(np.concatenate(chunks))
        return pd.DataFrame(values, columns=self.columns_)

    # -- GANEstimator hooks ---------------------------------------------------------------------

    def _check_params(self) -> None:
        super()._check_params()
        check_int(self.noise_dim, "noise_dim", minimum=1)

    def _min_rows(self) -> int:
        return 2

    def _prepare(self, data: Any) -> RowTask:
        frame = to_numeric_frame(data, what="training data")
        check_min_rows(frame, self._min_rows(), what="training rows")
        self._record_training_data(frame)
        self.columns_ = [str(column) for column in frame.columns]
        self.scaler_ = Standardizer().fit(frame.to_numpy())
        rows = torch.as_tensor(self.scaler_.transform(frame.to_numpy()), dtype=torch.float32)
        return RowTask(rows, self.noise_dim)

    def _build_networks(self) -> tuple[nn.Module, nn.Module]:
        n_features = len(self.columns_)
        generator = MLP(self.noise_dim, n_features, self.generator or MLPConfig())
        discriminator = MLP(n_features, 1, self.discriminator or MLPConfig())
        return generator, discriminator

    def _fitted_state(self) -> dict[str, Any]:
        return {"columns": self.columns_, "scaler": self.scaler_.to_dict()}

    def _restore_fitted_state(self, state: dict[str, Any]) -> None:
        self.columns_ = checked_names(state["columns"], "columns")
        self.scaler_ = Standardizer.from_dict(state["scaler"])

    def _check_fitted_state(self) -> None:
        check_width(self.scaler_.n_features_in_, len(self.columns_), "scaler")
        self._check_training_shape(len(self.columns_))
