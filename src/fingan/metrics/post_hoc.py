"""The post-hoc scores of TimeGAN (Yoon, Jarrett and van der Schaar, NeurIPS 2019).

Both train a small GRU after the fact, as TimeGAN's ``metrics/discriminative_metrics.py`` and
``metrics/predictive_metrics.py`` do; the papers that report them (TimeGAN, Diffusion-TS, ...)
score min-max scaled windows (see :func:`fingan.datasets.timegan_windows`).

- :func:`timegan_discriminative_score`: ``|accuracy - 0.5|`` of a GRU classifier of real
  against synthetic windows, trained on 80 % of each and tested on the rest.
- :func:`timegan_predictive_score`: mean absolute error on the real windows of a GRU trained on
  the synthetic windows to predict the last feature one step ahead from the other features.

These are not :func:`fingan.metrics.discriminative_score` and
:func:`fingan.metrics.predictive_score`, fingan's own scores of return paths.

Reimplemented in torch from the reference code's algorithm: a GRU with ``n_features // 2``
hidden units (Keras-style initialisation: Glorot-uniform input weights, orthogonal recurrent
weights, zero biases), Adam with TensorFlow's defaults (learning rate 1e-3), mini-batches of 128
drawn without replacement at every iteration.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import torch
from torch import Tensor, nn

from fingan.core.exceptions import ConfigError, ShapeError, TooFewRowsError
from fingan.core.random import RandomState, draw_seed, isolated_torch_rng
from fingan.core.threads import ensure_threads
from fingan.core.validation import check_int

__all__ = ["timegan_discriminative_score", "timegan_predictive_score"]

FloatArray = npt.NDArray[np.float64]

_LEARNING_RATE = 1e-3  # tf.compat.v1.train.AdamOptimizer's default


class _GRUHead(nn.Module):
    """A one-layer GRU followed by a linear layer to one output."""

    def __init__(self, n_inputs: int, hidden: int, *, every_step: bool) -> None:
        super().__init__()
        self.gru = nn.GRU(n_inputs, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)
        self.every_step = every_step
        for name, parameter in self.gru.named_parameters():
            if name.startswith("weight_ih"):
                for block in parameter.data.chunk(3, dim=0):
                    nn.init.xavier_uniform_(block)
            elif name.startswith("weight_hh"):
                for block in parameter.data.chunk(3, dim=0):
                    nn.init.orthogonal_(block)
            else:
                nn.init.zeros_(parameter)
        nn.init.xavier_uniform_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x: Tensor) -> Tensor:  # x: (batch, time, features)
        outputs, last = self.gru(x)  # (batch, time, hidden), (1, batch, hidden)
        if self.every_step:
            logits: Tensor = self.head(outputs)  # (batch, time, 1)
            return logits
        last_logits: Tensor = self.head(last[0]).squeeze(-1)  # (batch,)
        return last_logits


def timegan_discriminative_score(
    real: npt.ArrayLike,
    synthetic: npt.ArrayLike,
    *,
    n_iterations: int = 2000,
    batch_size: int = 128,
    train_size: float = 0.8,
    random_state: RandomState = None,
) -> float:
    """TimeGAN's discriminative score: ``|accuracy - 0.5|`` of a post-hoc GRU classifier.

    Each class is split at random into ``train_size`` for training and the rest for testing.
    At every iteration ``batch_size`` real and ``batch_size`` synthetic training windows are
    drawn; the loss is the sum of the two classes' mean binary cross-entropies of the GRU's
    last hidden state mapped to one logit. The accuracy (threshold 0.5) is measured on the
    test windows of both classes together.

    Parameters
    ----------
    real, synthetic : array-like of shape (n_windows, window, n_features)
        Windows (usually min-max scaled); the counts may differ, the shapes otherwise not.
    n_iterations : int, default 2000
        Training iterations (the reference's value).
    batch_size : int, default 128
        Windows per class per iteration.
    train_size : float, default 0.8
        Share of each class used for training.
    random_state : int, numpy.random.Generator or None
        Seed of the split, the batches and the initialisation.

    Returns
    -------
    float
        0 when the classifier does no better than chance, up to 0.5.
    """
    real_values, synthetic_values = _windows_pair(real, synthetic)
    n_iterations = check_int(n_iterations, "n_iterations", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    if not 0.0 < float(train_size) < 1.0:
        raise ConfigError(f"train_size must be in (0, 1); got {train_size!r}")
    seed = draw_seed(random_state)
    rng = np.random.default_rng(seed)
    real_train, real_test = _split(real_values, float(train_size), rng)
    synthetic_train, synthetic_test = _split(synthetic_values, float(train_size), rng)
    ensure_threads()
    n_features = real_values.shape[2]
    with isolated_torch_rng(seed % 2**32, torch.device("cpu")):
        model = _GRUHead(n_features, _hidden(n_features), every_step=False)
    optimiser = torch.optim.Adam(model.parameters(), lr=_LEARNING_RATE)
    loss_fn = nn.BCEWithLogitsLoss()
    model.train()
    for _ in range(n_iterations):
        real_batch = real_train[_batch(len(real_train), batch_size, rng)]
        synthetic_batch = synthetic_train[_batch(len(synthetic_train), batch_size, rng)]
        logits = model(torch.cat([real_batch, synthetic_batch]))  # one pass for both classes
        real_logits, synthetic_logits = logits[: len(real_batch)], logits[len(real_batch) :]
        loss = loss_fn(real_logits, torch.ones_like(real_logits)) + loss_fn(
            synthetic_logits, torch.zeros_like(synthetic_logits)
        )
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    model.eval()
    with torch.no_grad():
        correct = int((model(real_test) > 0).sum()) + int((model(synthetic_test) <= 0).sum())
    accuracy = correct / (len(real_test) + len(synthetic_test))
    return abs(accuracy - 0.5)


def timegan_predictive_score(
    real: npt.ArrayLike,
    synthetic: npt.ArrayLike,
    *,
    n_iterations: int = 5000,
    batch_size: int = 128,
    random_state: RandomState = None,
) -> float:
    """TimeGAN's predictive score: train on synthetic windows, mean absolute error on real ones.

    A GRU reads the first ``window - 1`` days of every feature but the last and predicts, at
    each day ``t``, the last feature on day ``t + 1`` (a sigmoid output: targets are expected
    in ``[0, 1]``); it is trained with the mean absolute error on batches of ``batch_size``
    synthetic windows and scored on every real window.

    Parameters
    ----------
    real, synthetic : array-like of shape (n_windows, window, n_features)
        Windows (usually min-max scaled), at least two days and two features. Pass the real
        windows as ``synthetic`` too for the train-on-real reference value.
    n_iterations : int, default 5000
        Training iterations (the reference's value).
    batch_size : int, default 128
        Windows per iteration.
    random_state : int, numpy.random.Generator or None
        Seed of the batches and the initialisation.

    Returns
    -------
    float
        The mean absolute error over all real windows and days.
    """
    real_values, synthetic_values = _windows_pair(real, synthetic)
    if real_values.shape[1] < 2 or real_values.shape[2] < 2:
        raise ShapeError("the predictive score needs windows of at least 2 days and 2 features")
    n_iterations = check_int(n_iterations, "n_iterations", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    seed = draw_seed(random_state)
    rng = np.random.default_rng(seed)
    ensure_threads()
    n_features = real_values.shape[2]
    with isolated_torch_rng(seed % 2**32, torch.device("cpu")):
        model = _GRUHead(n_features - 1, _hidden(n_features), every_step=True)
    optimiser = torch.optim.Adam(model.parameters(), lr=_LEARNING_RATE)
    inputs, targets = synthetic_values[:, :-1, :-1], synthetic_values[:, 1:, -1:]
    model.train()
    for _ in range(n_iterations):
        chosen = _batch(len(synthetic_values), batch_size, rng)
        loss = (torch.sigmoid(model(inputs[chosen])) - targets[chosen]).abs().mean()
        optimiser.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        optimiser.step()
    model.eval()
    with torch.no_grad():
        predicted = torch.sigmoid(model(real_values[:, :-1, :-1]))
        error = (predicted - real_values[:, 1:, -1:]).abs().mean()
    return float(error)


def _windows_pair(real: npt.ArrayLike, synthetic: npt.ArrayLike) -> tuple[Tensor, Tensor]:
    arrays = []
    for name, values in (("real", real), ("synthetic", synthetic)):
        array = np.asarray(values, dtype=np.float64)
        if array.ndim != 3:
            raise ShapeError(
                f"{name} windows must have shape (n_windows, window, n_features); got {array.shape}"
            )
        if len(array) < 2:
            raise TooFewRowsError(f"need at least 2 {name} windows; got {len(array)}")
        if not bool(np.isfinite(array).all()):
            raise ShapeError(f"{name} windows hold NaN or infinite values")
        arrays.append(array)
    if arrays[0].shape[1:] != arrays[1].shape[1:]:
        raise ShapeError(
            f"real windows have shape {arrays[0].shape[1:]} but synthetic ones "
            f"{arrays[1].shape[1:]}"
        )
    return torch.as_tensor(arrays[0], dtype=torch.float32), torch.as_tensor(
        arrays[1], dtype=torch.float32
    )


def _hidden(n_features: int) -> int:
    return max(1, n_features // 2)


def _split(values: Tensor, train_size: float, rng: np.random.Generator) -> tuple[Tensor, Tensor]:
    order = torch.as_tensor(rng.permutation(len(values)))
    cut = min(max(int(len(values) * train_size), 1), len(values) - 1)
    return values[order[:cut]], values[order[cut:]]


def _batch(n: int, batch_size: int, rng: np.random.Generator) -> Tensor:
    return torch.as_tensor(rng.permutation(n)[:batch_size])
