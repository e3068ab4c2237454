"""Structured products and strategies as declarative specs, evaluated over scenario paths.

A spec states a product's terms (a frozen dataclass, or a JSON file through
:func:`load_spec`); :func:`evaluate` runs it on :class:`~fingan.core.paths.ReturnPaths` of
daily log returns, all paths at once, and gives each path's return over the holding period.
This is real-world scenario analysis, not pricing: the paths are whatever a generator drew,
prices are taken as given (total-return indices), and the only rate is a constant the user
gives (CPPI's riskless asset; 0 by default).

Products: :class:`ProtectedNote`, :class:`BufferNote`, :class:`ReverseConvertible`,
:class:`Autocallable` (Phoenix with ``memory``; worst-of on several underlyings),
:class:`CoveredCall` and :class:`CPPI`.

Examples
--------
>>> import numpy as np
>>> from fingan.core.paths import ReturnPaths
>>> note = ProtectedNote(underlyings=("sp500",), maturity=2, protection=0.9)
>>> paths = ReturnPaths(np.log([[[1.1], [1.0]], [[0.5], [1.0]]]), ("sp500",))
>>> evaluate(note, paths).returns.round(2)
array([ 0. , -0.1])
"""

from fingan.products.autocall import Autocallable
from fingan.products.base import NOT_CALLED, Payoff, ProductSpec
from fingan.products.evaluate import ProductOutcome, evaluate
from fingan.products.loading import PRODUCT_TYPES, load_spec, spec_from_dict, spec_to_dict
from fingan.products.notes import BufferNote, ProtectedNote, ReverseConvertible
from fingan.products.observations import Observations
from fingan.products.strategies import CPPI, CoveredCall

__all__ = [
    "CPPI",
    "NOT_CALLED",
    "PRODUCT_TYPES",
    "Autocallable",
    "BufferNote",
    "CoveredCall",
    "Observations",
    "Payoff",
    "ProductOutcome",
    "ProductSpec",
    "ProtectedNote",
    "ReverseConvertible",
    "evaluate",
    "load_spec",
    "spec_from_dict",
    "spec_to_dict",
]
