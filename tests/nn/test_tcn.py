"""TCN blocks: causality, receptive field and output lengths."""

from __future__ import annotations

import torch

from fingan.nn.market import PathDiscriminator, PathGenerator, WindowStatistics
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


def test_generator_sigma_reads_only_the_past_of_the_innovation():
    config = TCNConfig(hidden_channels=8, skip_channels=8, n_blocks=3)
    torch.manual_seed(0)
    generator = PathGenerator(3, 2, config)
    rf = config.receptive_field
    noise = torch.randn(1, 3, 20 + rf, requires_grad=True)
    paths = generator(noise)
    assert paths.shape == (1, 2, 20)
    paths[0, 0, 4].backward()
    assert noise.grad is not None
    used = (noise.grad[0].abs().sum(dim=0) > 0).nonzero().ravel()
    assert used.max().item() == 4 + rf  # today's innovation is the latest noise read
    assert used.min().item() == 4


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
