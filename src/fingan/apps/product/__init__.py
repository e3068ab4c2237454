"""The product study: a structured product under several scenario generators (model risk)."""

from fingan.apps.product.result import GeneratorOutcome, ProductEvaluation
from fingan.apps.product.study import (
    MIN_HISTORY,
    PRIIPS,
    PRODUCT_MODELS,
    evaluate_product,
    history_until,
    load_product_spec,
)

__all__ = [
    "MIN_HISTORY",
    "PRIIPS",
    "PRODUCT_MODELS",
    "GeneratorOutcome",
    "ProductEvaluation",
    "evaluate_product",
    "history_until",
    "load_product_spec",
]
