"""Traditional generative models with the same ``fit`` / ``sample`` surface as the GANs."""

from fingan.baselines.iid import GaussianBaseline, IIDBaseline, StudentTBaseline

__all__ = ["GaussianBaseline", "IIDBaseline", "StudentTBaseline"]
