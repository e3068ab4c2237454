"""Traditional generative models with the same ``fit`` / ``sample`` surface as the GANs.

Row baselines (:class:`IIDBaseline` and its subclasses) draw independent rows of a table;
path baselines (:class:`PathBaseline` and its subclasses) fit daily log returns and draw
:class:`~fingan.paths.ReturnPaths` of shape ``(n_paths, n_steps, n_assets)``.
"""

from fingan.baselines.base import PathBaseline
from fingan.baselines.bootstrap import StationaryBootstrapBaseline
from fingan.baselines.garch import GARCHBaseline
from fingan.baselines.gbm import GBMBaseline
from fingan.baselines.hmm import GaussianHMMBaseline
from fingan.baselines.iid import GaussianBaseline, IIDBaseline, StudentTBaseline
from fingan.baselines.mixture import GaussianMixtureBaseline

__all__ = [
    "GARCHBaseline",
    "GBMBaseline",
    "GaussianBaseline",
    "GaussianHMMBaseline",
    "GaussianMixtureBaseline",
    "IIDBaseline",
    "PathBaseline",
    "StationaryBootstrapBaseline",
    "StudentTBaseline",
]
