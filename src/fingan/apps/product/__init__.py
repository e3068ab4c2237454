"""The product study: a structured product under several scenario generators (model risk)."""

from fingan.apps.product.backtest import backtest_product, backtest_products, backtest_starts
from fingan.apps.product.backtest_result import ProductBacktest
from fingan.apps.product.design import design_product
from fingan.apps.product.design_result import ProductDesign
from fingan.apps.product.result import GeneratorOutcome, ProductEvaluation
from fingan.apps.product.study import (
    MIN_HISTORY,
    PRIIPS,
    PRODUCT_MODELS,
    draw_generator_paths,
    evaluate_product,
    history_until,
    load_product_spec,
)

__all__ = [
    "MIN_HISTORY",
    "PRIIPS",
    "PRODUCT_MODELS",
    "GeneratorOutcome",
    "ProductBacktest",
    "ProductDesign",
    "ProductEvaluation",
    "backtest_product",
    "backtest_products",
    "backtest_starts",
    "design_product",
    "draw_generator_paths",
    "evaluate_product",
    "history_until",
    "load_product_spec",
]
