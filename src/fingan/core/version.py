"""The version of fingan."""

__version__ = "0.1.0"
