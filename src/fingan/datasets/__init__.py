"""Built-in data: daily stock-index returns and the German Credit table.

The S&P 500 and NASDAQ returns are computed from data bundled with the ``arch`` package; the
German Credit data ship with fingan (see ``fingan/datasets/data/README.md`` for sources and
licences).
"""

from __future__ import annotations

from fingan.datasets.credit import (
    GERMAN_CREDIT_NUMERIC,
    GERMAN_CREDIT_TARGET,
    load_german_credit,
)
from fingan.datasets.market import MARKET_DATASETS, load_market, load_nasdaq, load_sp500
from fingan.datasets.stocks import STOCKS_COLUMNS, TimeGANWindows, load_stocks, timegan_windows

__all__ = [
    "STOCKS_COLUMNS",
    "TimeGANWindows",
    "load_stocks",
    "timegan_windows",
    "GERMAN_CREDIT_NUMERIC",
    "GERMAN_CREDIT_TARGET",
    "MARKET_DATASETS",
    "load_german_credit",
    "load_market",
    "load_nasdaq",
    "load_sp500",
]
