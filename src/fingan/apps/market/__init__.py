"""Market scenarios: fit the GAN and the classical generators, score them on held-out data.

``data`` reads the returns and writes paths, ``models`` holds the generators, ``study`` the
evaluation, ``result`` its result and ``report`` the HTML report.
"""

from fingan.apps.market.attribution import MarketAttribution, attribute_market_gan
from fingan.apps.market.data import (
    check_paths_request,
    describe_returns,
    load_returns,
    market_data,
    split_returns,
    write_paths,
)
from fingan.apps.market.models import (
    GAN_NAME,
    MODEL_KIND,
    classical_generators,
    load_market_gan,
    market_gan,
    save_model,
    scenario_generators,
)
from fingan.apps.market.report import market_report
from fingan.apps.market.result import MarketEvaluation
from fingan.apps.market.study import evaluate_market

__all__ = [
    "GAN_NAME",
    "MODEL_KIND",
    "MarketAttribution",
    "MarketEvaluation",
    "check_paths_request",
    "attribute_market_gan",
    "classical_generators",
    "describe_returns",
    "evaluate_market",
    "load_market_gan",
    "load_returns",
    "market_data",
    "market_gan",
    "market_report",
    "save_model",
    "scenario_generators",
    "split_returns",
    "write_paths",
]
