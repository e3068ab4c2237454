"""Matching the spread of window volatilities: a generator term for volatility regimes.

A path GAN trained on a series with a crash in it tends to learn the calm regime and drop the
storms: its windows' volatilities bunch around the median. :class:`VolatilityMatchedWindowTask`
adds to the generator's loss the mean squared distance between the sorted log volatilities of
the generated windows of a batch and the same quantiles of the log volatility of every training
window, so the generator is asked for calm and stormy windows in the data's proportions. The
term reads only the generated batch and quantiles fixed before training, so it draws no random
numbers and a resumed fit continues exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812
from torch import Tensor

from fingan.training.tasks import WindowTask

__all__ = ["VolatilityMatchedWindowTask", "window_log_volatility"]

_VARIANCE_FLOOR = 1e-8


def window_log_volatility(series: Tensor, window: int) -> Tensor:
    """Log standard deviation of every ``window``-day window of ``series (assets, T)``.

    Returns ``(assets, T - window + 1)``, from running sums (no copy of the windows).
    """
    values = series.double()
    sums = F.pad(torch.cumsum(values, dim=1), (1, 0))
    squares = F.pad(torch.cumsum(values * values, dim=1), (1, 0))
    mean = (sums[:, window:] - sums[:, :-window]) / window
    variance = (squares[:, window:] - squares[:, :-window]) / window - mean * mean
    return 0.5 * torch.log(variance.clamp_min(_VARIANCE_FLOOR))


class VolatilityMatchedWindowTask(WindowTask):
    """A :class:`~fingan.training.tasks.WindowTask` whose generator matches window volatilities.

    Parameters
    ----------
    *args, **kwargs
        The windows and noise to train on, as :class:`~fingan.training.tasks.WindowTask`
        takes them.
    weight : float
        Weight of the term in the generator's loss.

    Attributes
    ----------
    log_volatility : Tensor
        ``(assets, n_windows)``: log volatility of every training window.
    """

    def __init__(self, *args: Any, weight: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.weight = weight
        self.log_volatility = window_log_volatility(self.series, self.window)
        self._targets: dict[int, Tensor] = {}

    def targets(self, batch_size: int) -> Tensor:
        """Quantiles ``(assets, batch_size)`` of the log volatilities at ``(i + 0.5) / n``.

        Each training window counts with the weight it is drawn with (``start_weights``).
        """
        if batch_size not in self._targets:
            levels = (torch.arange(batch_size, dtype=torch.float64) + 0.5) / batch_size
            if self.start_weights is None:
                quantiles = torch.quantile(self.log_volatility, levels, dim=1).T  # (assets, n)
            else:
                quantiles = _weighted_quantiles(self.log_volatility, self.start_weights, levels)
            self._targets[batch_size] = quantiles.float().contiguous()
        return self._targets[batch_size]

    def generator_penalty(self, fake: Tensor, condition: Tensor | None) -> Tensor:
        """``weight`` x mean squared gap of sorted generated log volatilities to the targets."""
        variance = fake.var(dim=-1, unbiased=False) + _VARIANCE_FLOOR  # (batch, assets)
        generated = torch.sort(0.5 * variance.log(), dim=0).values.T  # (assets, batch)
        gap = generated - self.targets(fake.shape[0]).to(fake.device)
        penalty: Tensor = self.weight * gap.pow(2).mean()
        return penalty


def _weighted_quantiles(values: Tensor, weights: Tensor, levels: Tensor) -> Tensor:
    """Quantiles ``(rows, levels)`` of each row of ``values`` whose entries carry ``weights``.

    Each sorted value sits at the middle of its weight's share of the cumulative weight, and
    quantiles are interpolated linearly between those positions (equal weights give the
    Hazen quantiles, ``(i + 0.5) / n``).
    """
    rows = []
    for row in values:
        order = torch.argsort(row)
        cumulative = torch.cumsum(weights[order], dim=0)
        positions = (cumulative - 0.5 * weights[order]) / cumulative[-1]
        quantiles = np.interp(levels.numpy(), positions.numpy(), row[order].numpy())
        rows.append(torch.from_numpy(quantiles))
    return torch.stack(rows)
