"""fingan: generative adversarial networks for financial data."""

from fingan.core.version import __version__

__all__ = ["__version__"]
