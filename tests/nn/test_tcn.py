"""TCN blocks: causality, receptive field and output lengths."""

from __future__ import annotations

import pytest
import torch

from fingan.nn.market import (
    ABS_ACF_LAGS,
    DENSE_ABS_LAGS,
    DENSE_STATISTICS_LAGS,
    PathDiscriminator,
    PathGenerator,
    WindowStatistics,
)
from fingan.nn.tcn import TCN, TCNConfig


def test_output_j_reads_exactly_inputs_j_to_j_plus_receptive_field():
    config = TCNConfig(hidden_channels=8, skip_channels=8, n_blocks=4)
    assert config.receptive_field == 16
    torch.manual_seed(0)
    network = TCN(2, 3, config)
    x = torch.randn(1, 2, 40, requires_grad=True)
    out = network(x)
    assert out.shape == (1, 3, 40 - 16 + 1)
    out[0, :, 5].sum().backward()
    assert x.grad is not None
    reads = (x.grad[0].abs().sum(dim=0) > 0).nonzero().ravel()
    assert reads.min().item() == 5
    assert reads.max().item() == 5 + 16 - 1


def test_a_block_computes_its_convolutions_as_stored():
    """The time-major matrix products compute the Conv1d layers that hold the weights."""
    config = TCNConfig(hidden_channels=6, skip_channels=5, n_blocks=3, kernel_size=3)
    torch.manual_seed(0)
    block = TCN(2, 1, config).blocks[2]  # dilation 4
    x = torch.randn(3, 6, 30)
    out, skip = block(x.transpose(1, 2))
    activate = torch.nn.functional.leaky_relu
    expected = activate(block.pointwise(activate(block.dilated(x), 0.2)), 0.2) + x[..., 8:]
    torch.testing.assert_close(out.transpose(1, 2), expected)
    torch.testing.assert_close(skip.transpose(1, 2), block.skip(expected))


def test_lagged_statistics_are_the_correlations_of_the_window():
    """The FFT's lagged correlations equal the plain sums over ``t < T - k``."""
    torch.manual_seed(0)
    paths = torch.randn(4, 2, 64)
    statistics = WindowStatistics(64, DENSE_STATISTICS_LAGS)
    absolute = paths.abs() - paths.abs().mean(dim=-1, keepdim=True)
    centred = paths - paths.mean(dim=-1, keepdim=True)
    values = statistics(paths)
    for position, lag in enumerate(statistics.abs_lags):
        pairs = (absolute[..., :-lag] * absolute[..., lag:]).mean(dim=-1)
        expected = pairs / (absolute.pow(2).mean(dim=-1) + 1e-6)
        torch.testing.assert_close(values[..., position], expected, atol=1e-5, rtol=0)
    for position, lag in enumerate(statistics.return_lags, start=len(statistics.abs_lags)):
        pairs = (centred[..., :-lag] * centred[..., lag:]).mean(dim=-1)
        expected = pairs / (centred.pow(2).mean(dim=-1) + 1e-6)
        torch.testing.assert_close(values[..., position], expected, atol=1e-5, rtol=0)


def test_window_statistics_see_volatility_clustering():
    torch.manual_seed(0)
    iid = torch.randn(64, 1, 256)
    regimes = torch.where(torch.arange(256) // 32 % 2 == 0, 0.3, 2.0)
    clustered = torch.randn(64, 1, 256) * regimes
    statistics = WindowStatistics(256)
    abs_acf_lag1 = 0  # first statistic
    assert statistics(iid)[..., abs_acf_lag1].mean() < 0.05
    assert statistics(clustered)[..., abs_acf_lag1].mean() > 0.3
    assert torch.isfinite(WindowStatistics(16)(iid[..., :16])).all()
    config = TCNConfig(hidden_channels=8, skip_channels=8, n_blocks=3)
    scores = PathDiscriminator(1, config, window=256)(iid)
    assert scores.shape == (64,)


def test_head_average_widens_the_receptive_field_and_stays_causal():
    config = TCNConfig(hidden_channels=8, skip_channels=8, n_blocks=4, head_average=4)
    assert config.receptive_field == 16 + 3
    torch.manual_seed(0)
    network = TCN(2, 3, config)
    x = torch.randn(1, 2, 40, requires_grad=True)
    out = network(x)
    assert out.shape == (1, 3, 40 - 19 + 1)
    out[0, :, 5].sum().backward()
    assert x.grad is not None
    reads = (x.grad[0].abs().sum(dim=0) > 0).nonzero().ravel()
    assert (reads.min().item(), reads.max().item()) == (5, 5 + 19 - 1)


@pytest.mark.parametrize(("n_assets", "head_average"), [(2, 1), (1, 4)])
def test_generator_sigma_reads_only_the_past_of_the_innovation(n_assets, head_average):
    config = TCNConfig(hidden_channels=8, skip_channels=8, n_blocks=3, head_average=head_average)
    torch.manual_seed(0)
    generator = PathGenerator(3, n_assets, config)
    rf = config.receptive_field
    noise = torch.randn(1, 3, 20 + rf, requires_grad=True)
    paths = generator(noise)
    assert paths.shape == (1, n_assets, 20)
    paths[0, 0, 4].backward()
    assert noise.grad is not None
    used = (noise.grad[0].abs().sum(dim=0) > 0).nonzero().ravel()
    # today's innovation is the latest noise read
    assert (used.min().item(), used.max().item()) == (4, 4 + rf)
    # only the innovation channel is read at the last step (the volatility reads the past)
    assert (noise.grad[0, :, 4 + rf].abs() > 0).tolist() == [True, False, False]


def test_window_statistics_read_the_lags_they_are_given():
    torch.manual_seed(0)
    paths = torch.randn(4, 1, 256)
    sparse, dense = WindowStatistics(256), WindowStatistics(256, DENSE_STATISTICS_LAGS)
    dense_abs = WindowStatistics(256, DENSE_ABS_LAGS)
    assert sparse.abs_lags == ABS_ACF_LAGS
    assert dense.abs_lags == dense_abs.abs_lags == (*range(1, 21), 40, 60)
    assert dense.return_lags == dense.leverage_lags == tuple(range(1, 21))
    assert dense_abs.return_lags == sparse.return_lags == (1, 2, 5)
    assert dense(paths).shape == (4, 1, dense.n_features)
    assert dense.n_features == 22 + 20 + 20 + 3
    assert dense_abs.n_features == sparse.n_features + len(dense.abs_lags) - len(ABS_ACF_LAGS)
    # lag 4 is the fourth dense statistic; a path with period-4 volatility shows it there
    periodic = torch.randn(64, 1, 256) * torch.where(torch.arange(256) % 4 == 0, 3.0, 0.3)
    assert dense(periodic)[..., 3].mean() > 0.3
    # returns correlated at lag 7 show at the seventh return statistic, which sparse lags miss
    shocks = torch.randn(64, 1, 263)
    lagged = shocks[..., 7:] + 0.8 * shocks[..., :-7]
    assert dense(lagged)[..., len(dense.abs_lags) + 6].mean() > 0.4
    assert sparse(lagged)[..., len(sparse.abs_lags) : len(sparse.abs_lags) + 3].abs().max() < 0.3
    assert WindowStatistics(16, DENSE_STATISTICS_LAGS).return_lags == (1, 2, 3, 4)
