"""The ``fingan`` command line."""

from fingan.cli.main import app

__all__ = ["app"]
