"""Exceptions raised by fingan.

Every error that a user can cause has a type of its own, so that callers can catch exactly the
problem they expect, and a message of one line that names the problem. The CLI turns any
:class:`FinganError` into that line on standard error and exit code 2.
"""

from __future__ import annotations


class FinganError(Exception):
    """Base class of every error fingan raises on purpose."""


class DataValidationError(FinganError, ValueError):
    """Input data is unusable; subclasses name the exact problem."""


class EmptyDataError(DataValidationError):
    """The file or frame holds no rows."""


class DateParseError(DataValidationError):
    """The date column is missing or holds values that are not dates."""


class DuplicateDateError(DataValidationError):
    """The same date appears more than once."""


class NonNumericError(DataValidationError):
    """A column that must be numeric holds text or other non-numeric values."""


class MissingValueError(DataValidationError):
    """The data holds NaN or infinite values."""


class NonPositivePriceError(DataValidationError):
    """A price series holds zero or negative values."""


class TooFewRowsError(DataValidationError):
    """The series is too short for the requested work."""


class ImplausibleDataError(DataValidationError):
    """The data hold values no market produces in a day, such as a price multiplied by 1e298."""


class ShapeError(DataValidationError):
    """An array has the wrong number of dimensions or columns."""


class UnsupportedFormatError(DataValidationError):
    """The file is neither CSV nor Parquet, or cannot be parsed as such."""


class NotFittedError(FinganError, AttributeError):
    """An estimator was used before ``fit`` was called."""


class CheckpointError(FinganError):
    """A checkpoint or saved model is missing, corrupt or incompatible."""


class TrainingDivergedError(FinganError, RuntimeError):
    """Training produced non-finite losses again and again, even after rolling back."""


class ConfigError(FinganError, ValueError):
    """A configuration value is out of its valid range."""


class FileMissingError(DataValidationError, FileNotFoundError):
    """The data file does not exist or is not a regular file."""


class UnknownDatasetError(DataValidationError, KeyError):
    """A built-in dataset was requested by a name fingan does not know."""

    def __str__(self) -> str:
        # KeyError would wrap the message in quotes; show it as written.
        return str(self.args[0]) if self.args else ""


class OutputPathError(FinganError):
    """An output path cannot be written without replacing or deleting what is there."""


class ResourceLimitError(ConfigError):
    """A request needs more memory or disk than the machine has."""
