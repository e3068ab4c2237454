"""The demo job's result: a trained model that beats the Gaussian on fat tails."""

from __future__ import annotations

import pytest

from fingan.apps import run_demo
from fingan.models import MLPGAN


@pytest.mark.slow
def test_demo_gan_captures_fat_tails_better_than_a_gaussian(tmp_path):
    # The S&P 500 has excess kurtosis ~8: a Gaussian matches the variance but not the shape.
    # The demo's GAN must be closer to the real distribution in Wasserstein-1 and KS distance.
    result = run_demo(tmp_path / "demo", n_steps=600, n_samples=50_000, random_state=0)
    scores = result.scores.xs("sp500")
    gan, gaussian = scores.loc["GAN"], scores.loc["Gaussian"]
    assert float(gan["wasserstein_1"]) < float(gaussian["wasserstein_1"])
    assert float(gan["ks"]) < float(gaussian["ks"])
    loaded = MLPGAN.load(result.out_dir / "model")
    assert len(loaded.history_) == 600
    html = result.report_path.read_text()
    assert html.count("<img") == 3
