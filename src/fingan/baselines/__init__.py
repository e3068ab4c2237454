"""Traditional generative models with the same ``fit`` / ``sample`` surface as the GANs.

Row baselines (:class:`IIDBaseline` and its subclasses) draw independent rows of a table;
path baselines (:class:`PathBaseline` and its subclasses) fit daily log returns and draw
:class:`~fingan.core.paths.ReturnPaths` of shape ``(n_paths, horizon, n_assets)``; conditional path
baselines (:class:`ConditionalPathBaseline`) also draw the next days given any history, for
risk backtests. Table baselines (:class:`TableBaseline`) fit mixed numeric/categorical tables
and sample rows, optionally of one class, like :class:`fingan.models.TabularGAN`.
"""

from fingan.baselines.base import ConditionalPathBaseline, PathBaseline
from fingan.baselines.bootstrap import StationaryBootstrapBaseline
from fingan.baselines.copula import GaussianCopulaBaseline
from fingan.baselines.garch import GARCHBaseline
from fingan.baselines.gbm import GBMBaseline
from fingan.baselines.historical import HistoricalSimulation
from fingan.baselines.hmm import GaussianHMMBaseline
from fingan.baselines.iid import GaussianBaseline, IIDBaseline, StudentTBaseline
from fingan.baselines.mixture import GaussianMixtureBaseline
from fingan.baselines.quantile import QuantileRegressionBaseline
from fingan.baselines.smote import SMOTENCBaseline
from fingan.baselines.table import TableBaseline

__all__ = [
    "ConditionalPathBaseline",
    "GARCHBaseline",
    "GaussianCopulaBaseline",
    "GBMBaseline",
    "GaussianBaseline",
    "GaussianHMMBaseline",
    "GaussianMixtureBaseline",
    "HistoricalSimulation",
    "IIDBaseline",
    "PathBaseline",
    "QuantileRegressionBaseline",
    "SMOTENCBaseline",
    "StationaryBootstrapBaseline",
    "StudentTBaseline",
    "TableBaseline",
]
