"""Generator and discriminator networks for return paths (Quant GANs style)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F  # noqa: N812
from torch import Tensor, nn

from fingan.nn.tcn import TCN, TCNConfig

_MIN_VOLATILITY = 1e-3
_EPS = 1e-6
_AR_BLOCK = 256  # days of persistent noise computed with one matrix product

ABS_ACF_LAGS: tuple[int, ...] = (1, 2, 3, 5, 10, 20, 40, 60)
DENSE_ABS_ACF_LAGS: tuple[int, ...] = (*range(1, 21), 40, 60)
"""Every lag 1-20 (plus 40 and 60): a critic that sees each lag leaves no lag unconstrained."""
RETURN_ACF_LAGS: tuple[int, ...] = (1, 2, 5)
LEVERAGE_LAGS: tuple[int, ...] = (1, 2, 5, 10)
DENSE_LAGS: tuple[int, ...] = tuple(range(1, 21))
"""Every lag 1-20: the lags over which the scoreboard compares the ACF of returns and leverage."""


@dataclass(frozen=True)
class StatisticsLags:
    """Lags of the critic's three lagged statistics (:class:`WindowStatistics`).

    Parameters
    ----------
    absolute : tuple of int
        Lags of the autocorrelation of ``|r|`` (volatility clustering).
    returns : tuple of int
        Lags of the autocorrelation of ``r``.
    leverage : tuple of int
        Lags ``k`` of the leverage correlation ``corr(r_t, r_{t+k}^2)``.
    """

    absolute: tuple[int, ...] = ABS_ACF_LAGS
    returns: tuple[int, ...] = RETURN_ACF_LAGS
    leverage: tuple[int, ...] = LEVERAGE_LAGS


SPARSE_LAGS = StatisticsLags()
"""A few lags of each statistic: the lags in between are left free to zigzag."""
DENSE_ABS_LAGS = StatisticsLags(absolute=DENSE_ABS_ACF_LAGS)
"""Every lag 1-20 of the ACF of ``|r|``, a few of the other two."""
DENSE_STATISTICS_LAGS = StatisticsLags(DENSE_ABS_ACF_LAGS, DENSE_LAGS, DENSE_LAGS)
"""Every lag 1-20 of all three statistics (and 40, 60 of the ACF of ``|r|``)."""


def path_noise(
    batch_size: int,
    channels: int,
    length: int,
    rng: torch.Generator,
    *,
    n_assets: int = 1,
    innovation_df: int | None = None,
    regime_halflife: float | None = None,
) -> Tensor:
    """Draw generator noise ``(batch, channels, length)``.

    All channels are standard Gaussian and independent in time, except that with
    ``innovation_df`` the first ``n_assets`` channels (the innovations ``eps_t`` of
    :class:`PathGenerator`) are Student-t with that many degrees of freedom, scaled to unit
    variance, and with ``regime_halflife`` the last channel is a stationary Gaussian AR(1)
    with unit variance whose autocorrelation halves every ``regime_halflife`` days
    (:func:`persistent_noise`): a slow factor from which the generator can make volatility
    regimes that last months, which noise independent in time averages away.
    """
    noise = torch.randn(batch_size, channels, length, generator=rng)
    if innovation_df is not None:
        squares = torch.randn(innovation_df, batch_size, n_assets, length, generator=rng).pow(2)
        chi2 = squares.sum(dim=0)
        scale = ((innovation_df - 2) / chi2).sqrt()  # t / sqrt(df / (df - 2)) has unit variance
        noise[:, :n_assets] = noise[:, :n_assets] * scale
    if regime_halflife is not None:
        noise[:, -1] = persistent_noise(noise[:, -1], regime_halflife)
    return noise


def persistent_noise(shocks: Tensor, halflife: float) -> Tensor:
    """Turn i.i.d. standard Gaussian ``shocks (..., length)`` into a stationary AR(1) path.

    ``x_0 = e_0`` and ``x_t = phi x_{t-1} + sqrt(1 - phi^2) e_t`` with ``phi = 2^(-1 / halflife)``:
    every ``x_t`` is standard Gaussian (the path starts in its stationary law), and
    ``corr(x_t, x_{t+k}) = phi^k``.
    """
    block = min(_AR_BLOCK, max(shocks.shape[-1] - 1, 1))
    weights, carry = (part.to(shocks) for part in _ar_block(float(halflife), block))
    state, pieces = shocks[..., :1], [shocks[..., :1]]
    for start in range(1, shocks.shape[-1], block):
        chunk = shocks[..., start : start + block]
        width = chunk.shape[-1]
        piece = chunk @ weights[:width, :width] + state * carry[:width]
        pieces.append(piece)
        state = piece[..., -1:]
    return torch.cat(pieces, dim=-1)


@functools.lru_cache(maxsize=8)
def _ar_block(halflife: float, block: int) -> tuple[Tensor, Tensor]:
    """Return the matrices that step :func:`persistent_noise` a block of days at once.

    ``x_{s+j} = phi^(j+1) x_{s-1} + sqrt(1 - phi^2) sum_{i <= j} phi^(j-i) e_{s+i}``: returns
    the float64 weights of the shocks ``(block, block)`` and of the carried state ``(block,)``,
    built once per half-life and block, not for every draw of noise.
    """
    phi = 0.5 ** (1.0 / halflife)
    days = torch.arange(block, dtype=torch.float64)
    gaps = days[None, :] - days[:, None]  # j - i
    weights = torch.where(gaps >= 0, phi ** gaps.clamp_min(0), 0.0) * (1.0 - phi * phi) ** 0.5
    return weights, phi ** (days + 1)


def level_scale(length: int, regime_halflife: float | None = None) -> float:
    """Return the standard deviation of the mean over ``length`` days of a noise channel.

    ``1 / sqrt(length)`` for noise independent in time; for the AR(1) channel of
    :func:`persistent_noise`, ``sqrt(sum_ij phi^|i - j|) / length``.
    """
    if regime_halflife is None:
        return float(length**-0.5)
    phi = 0.5 ** (1.0 / regime_halflife)
    lags = torch.arange(1, length, dtype=torch.float64)
    total = length + 2.0 * float(((length - lags) * phi**lags).sum())
    return float(total**0.5 / length)


class PathGenerator(nn.Module):
    """A TCN that turns a noise sequence into return paths.

    With ``stochastic_volatility`` the output has the form ``r_t = sigma_t * eps_t + mu_t``
    (Quant GANs' stochastic-volatility network): ``sigma_t`` (positive) and ``mu_t`` are read from
    the noise strictly before ``t`` by the TCN, and ``eps_t`` is a learned linear mix of the
    noise at ``t``. Since later ``sigma`` see today's noise, volatility clustering and the
    leverage effect are built into the structure. Without it, the TCN outputs returns directly.

    Noise has shape ``(batch, noise_channels, horizon + receptive_field)``; the output has shape
    ``(batch, n_assets, horizon)``.
    """

    def __init__(
        self,
        noise_channels: int,
        n_assets: int,
        config: TCNConfig,
        *,
        stochastic_volatility: bool = True,
    ) -> None:
        super().__init__()
        self.n_assets = n_assets
        self.stochastic_volatility = stochastic_volatility
        self.receptive_field = config.receptive_field
        out_channels = 2 * n_assets if stochastic_volatility else n_assets
        self.tcn = TCN(noise_channels, out_channels, config)
        self.innovation = nn.Conv1d(n_assets, n_assets, 1, bias=False)
        with torch.no_grad():
            self.innovation.weight.copy_(torch.eye(n_assets).unsqueeze(-1))

    def forward(self, noise: Tensor) -> Tensor:
        """Map noise ``(batch, channels, T + receptive_field)`` to ``(batch, assets, T)``."""
        features: Tensor = self.tcn(noise[..., :-1])  # output j reads noise j .. j + RF - 1
        if not self.stochastic_volatility:
            return features
        log_scale, drift = features[:, : self.n_assets], features[:, self.n_assets :]
        sigma = F.softplus(log_scale) + _MIN_VOLATILITY  # (batch, assets, T)
        eps: Tensor = self.innovation(noise[:, : self.n_assets, self.receptive_field :])
        paths: Tensor = sigma * eps + drift
        return paths


class WindowStatistics(nn.Module):
    """Differentiable stylized-fact statistics of each window, ``(batch, assets, n_features)``.

    Per asset: autocorrelation of ``|r|`` (volatility clustering) and of ``r``, the leverage
    correlation ``corr(r_t, r_{t+k}^2)``, each at the lags of ``lags``, and the window's
    standard deviation, skewness and log kurtosis. Lags longer than a quarter of the window are
    left out, as too few pairs would estimate them.

    Parameters
    ----------
    window : int
        Length of the windows it will read.
    lags : StatisticsLags, default SPARSE_LAGS
        Lags of the three lagged statistics.
    """

    def __init__(self, window: int, lags: StatisticsLags = SPARSE_LAGS) -> None:
        super().__init__()
        longest = max(window // 4, 1)
        self.abs_lags = tuple(lag for lag in lags.absolute if lag <= longest)
        self.return_lags = tuple(lag for lag in lags.returns if lag <= longest)
        self.leverage_lags = tuple(lag for lag in lags.leverage if lag <= longest)
        self.n_features = len(self.abs_lags) + len(self.return_lags) + len(self.leverage_lags) + 3

    def forward(self, paths: Tensor) -> Tensor:
        """Statistics of ``(batch, assets, window)`` paths."""
        centred = paths - paths.mean(dim=-1, keepdim=True)
        variance = centred.pow(2).mean(dim=-1) + _EPS
        absolute = paths.abs()
        absolute = absolute - absolute.mean(dim=-1, keepdim=True)
        squared = paths.pow(2)
        squared = squared - squared.mean(dim=-1, keepdim=True)
        correlations = _lagged_correlations(
            [
                (absolute, absolute, self.abs_lags),
                (centred, centred, self.return_lags),
                (centred, squared, self.leverage_lags),
            ]
        )
        moments = [
            variance.sqrt().unsqueeze(-1),
            (centred.pow(3).mean(dim=-1) / variance.pow(1.5)).unsqueeze(-1),
            (centred.pow(4).mean(dim=-1) / variance.pow(2)).log().unsqueeze(-1),
        ]
        return torch.cat(correlations + moments, dim=-1)


def _lagged_correlations(pairs: Sequence[tuple[Tensor, Tensor, Sequence[int]]]) -> list[Tensor]:
    """``corr(leading_t, lagging_{t+k})`` at each lag ``k`` of each pair, on centred inputs.

    The lagged sums of products of every pair come from one real FFT of the zero-padded
    series and one inverse (a cross-correlation): a handful of operations instead of a slice
    and a product per lag, which matters because the critic's gradient penalty differentiates
    them twice. Each sum is divided by its number of pairs, ``T - k``.
    """
    length = pairs[0][0].shape[-1]
    longest = max(max(lags, default=0) for _, _, lags in pairs)
    size = 1 << (length + longest - 1).bit_length()  # no wrap-around up to the longest lag
    leading = torch.fft.rfft(torch.stack([pair[0] for pair in pairs]), size)
    lagging = torch.fft.rfft(torch.stack([pair[1] for pair in pairs]), size)
    sums = torch.fft.irfft(leading.conj() * lagging, size)  # sums[i, ..., k]: over t < T - k
    correlations = []
    for index, (lead, follow, lags) in enumerate(pairs):
        chosen = torch.tensor(lags, dtype=torch.long, device=lead.device)
        scale = (lead.pow(2).mean(dim=-1) * follow.pow(2).mean(dim=-1)).sqrt() + _EPS
        means = sums[index][..., chosen] / (length - chosen).to(lead.dtype)
        correlations.append(means / scale.unsqueeze(-1))
    return correlations


class PathDiscriminator(nn.Module):
    """A critic for return windows: a TCN over the path plus a head on its statistics.

    The TCN reads the path and its absolute value and averages its scores over time; the
    statistics head reads :class:`WindowStatistics`, which puts volatility clustering and the
    leverage effect in plain view. The score is the sum of the two. ``lags`` are the lags of the
    lagged statistics.
    """

    def __init__(
        self,
        n_assets: int,
        config: TCNConfig,
        *,
        window: int,
        statistics: bool = True,
        lags: StatisticsLags = SPARSE_LAGS,
    ) -> None:
        super().__init__()
        self.tcn = TCN(2 * n_assets, 1, config)
        self.window_statistics = WindowStatistics(window, lags)
        self.statistics: nn.Module | None = (
            nn.Sequential(
                nn.Linear(n_assets * self.window_statistics.n_features, 64),
                nn.LeakyReLU(0.2),
                nn.Linear(64, 64),
                nn.LeakyReLU(0.2),
                nn.Linear(64, 1),
            )
            if statistics
            else None
        )

    def forward(self, paths: Tensor) -> Tensor:
        """Score paths ``(batch, assets, T)``; T must be at least the receptive field."""
        features = torch.cat([paths, paths.abs()], dim=1)
        scores: Tensor = self.tcn(features).mean(dim=(1, 2))
        if self.statistics is not None:
            summary = self.window_statistics(paths).flatten(1)  # (batch, assets * n_features)
            scores = scores + self.statistics(summary).squeeze(-1)
        return scores
