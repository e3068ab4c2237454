"""The one base of fingan's estimators, after scikit-learn's contract.

An estimator's keyword-only ``__init__`` stores each hyperparameter under its own name and does
nothing else; :class:`BaseEstimator` reads that signature to give every GAN and baseline the
same :meth:`~BaseEstimator.get_params`, :meth:`~BaseEstimator.set_params` and ``repr``.
:func:`clone` makes an unfitted copy with the same hyperparameters, and :func:`check_is_fitted`
raises :class:`~fingan.core.exceptions.NotFittedError` before ``fit`` (learned state ends in
``_``).
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Sequence
from typing import Any, ClassVar, Self, TypeVar

from fingan.core.exceptions import ConfigError, NotFittedError

__all__ = ["BaseEstimator", "check_is_fitted", "clone"]

EstimatorT = TypeVar("EstimatorT", bound="BaseEstimator")


class BaseEstimator:
    """Hyperparameters by name, read from ``__init__``'s signature.

    A subclass's ``__init__`` takes its hyperparameters as keyword-only arguments and stores
    each one unchanged under the same name; validation belongs in ``fit``. Learned state is
    stored in attributes whose names end in ``_``. A class may name the attributes that only a
    finished ``fit`` sets in ``_fitted_attributes``, which :func:`check_is_fitted` then checks
    instead of looking for any name ending in ``_``.

    Examples
    --------
    >>> class Scaler(BaseEstimator):
    ...     def __init__(self, *, factor: float = 1.0, shift: float = 0.0) -> None:
    ...         self.factor = factor
    ...         self.shift = shift
    >>> scaler = Scaler(factor=2.0)
    >>> scaler
    Scaler(factor=2.0)
    >>> scaler.set_params(shift=1.0).get_params()
    {'factor': 2.0, 'shift': 1.0}
    """

    _fitted_attributes: ClassVar[tuple[str, ...]] = ()
    """Attributes that a finished ``fit`` sets; empty: any attribute whose name ends in ``_``."""

    @classmethod
    def _param_names(cls) -> list[str]:
        """Names of the hyperparameters: the arguments of ``__init__``, in order."""
        init = cls.__init__
        if init is object.__init__:
            return []
        names = []
        for name, parameter in inspect.signature(init).parameters.items():
            if name == "self" or parameter.kind is parameter.VAR_KEYWORD:
                continue
            if parameter.kind is parameter.VAR_POSITIONAL:
                raise TypeError(
                    f"{cls.__name__}.__init__ takes *{name}; an estimator's hyperparameters "
                    "must be named arguments"
                )
            names.append(name)
        return names

    def get_params(self, deep: bool = False) -> dict[str, Any]:
        """Return the hyperparameters, by name, as passed to ``__init__``.

        Parameters
        ----------
        deep : bool, default False
            Also return the hyperparameters of estimators held as hyperparameters, under
            ``"<name>__<parameter>"``.

        Returns
        -------
        dict
            ``{name: value}`` in the order of ``__init__``'s signature.
        """
        params: dict[str, Any] = {}
        for name in self._param_names():
            value = getattr(self, name)
            params[name] = value
            if deep and isinstance(value, BaseEstimator):
                for inner, inner_value in value.get_params(deep=True).items():
                    params[f"{name}__{inner}"] = inner_value
        return params

    def set_params(self, **params: Any) -> Self:
        """Set hyperparameters by name; ``"<name>__<parameter>"`` reaches a nested estimator.

        Values are stored as given and checked, like those of ``__init__``, by ``fit``.

        Returns
        -------
        Self
            The estimator.

        Raises
        ------
        ConfigError
            If a name is not a hyperparameter of the estimator (the message lists them).
        """
        valid = self._param_names()
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, _, inner = key.partition("__")
            if name not in valid:
                raise ConfigError(
                    f"{key!r} is not a parameter of {type(self).__name__}; its parameters are "
                    f"{', '.join(valid) or 'none'}"
                )
            if inner:
                nested.setdefault(name, {})[inner] = value
            else:
                setattr(self, name, value)
        for name, inner_params in nested.items():
            holder = getattr(self, name)
            if not isinstance(holder, BaseEstimator):
                raise ConfigError(
                    f"{type(self).__name__}.{name} is not an estimator; cannot set "
                    f"{', '.join(f'{name}__{inner}' for inner in inner_params)}"
                )
            holder.set_params(**inner_params)
        return self

    def __repr__(self) -> str:
        """Class name and the hyperparameters that differ from their defaults."""
        defaults = {
            name: parameter.default
            for name, parameter in inspect.signature(type(self).__init__).parameters.items()
        }
        shown = ", ".join(
            f"{name}={value!r}"
            for name, value in self.get_params().items()
            if not _is_default(value, defaults.get(name, inspect.Parameter.empty))
        )
        return f"{type(self).__name__}({shown})"


def clone(estimator: EstimatorT) -> EstimatorT:
    """Return a new, unfitted estimator with the same hyperparameters.

    Each hyperparameter is copied (estimators held as hyperparameters are cloned, everything
    else deep-copied), so the copy shares no state with the original: a
    :class:`numpy.random.Generator` given as ``random_state`` is copied with its current state.

    Parameters
    ----------
    estimator : BaseEstimator
        Fitted or not.

    Returns
    -------
    BaseEstimator
        Of the same class; ``clone(e).get_params() == e.get_params()`` for hyperparameters that
        compare by value.

    Raises
    ------
    TypeError
        If ``estimator`` is not a :class:`BaseEstimator`.
    """
    if not isinstance(estimator, BaseEstimator):
        raise TypeError(f"clone needs a fingan estimator; got {type(estimator).__name__}")
    params = {
        name: clone(value) if isinstance(value, BaseEstimator) else copy.deepcopy(value)
        for name, value in estimator.get_params().items()
    }
    return type(estimator)(**params)


def check_is_fitted(estimator: object, attributes: Sequence[str] | None = None) -> None:
    """Raise :class:`~fingan.core.exceptions.NotFittedError` unless ``estimator`` is fitted.

    Parameters
    ----------
    estimator : object
        Usually a :class:`BaseEstimator`; any object with learned attributes works.
    attributes : sequence of str, optional
        Attributes that must all be set. By default the estimator's ``_fitted_attributes``
        when it declares them, otherwise any attribute whose name ends in ``_`` counts.

    Raises
    ------
    NotFittedError
        ``"this <class> is not fitted yet; call fit first"``.
    """
    required = attributes
    if required is None:
        required = getattr(estimator, "_fitted_attributes", ())
    if required:
        fitted = all(hasattr(estimator, name) for name in required)
    else:
        learned = getattr(estimator, "__dict__", {})
        fitted = any(name.endswith("_") and not name.startswith("__") for name in learned)
    if not fitted:
        raise NotFittedError(f"this {type(estimator).__name__} is not fitted yet; call fit first")


def _is_default(value: Any, default: Any) -> bool:
    """Whether a hyperparameter holds its default (same type and equal, or the same object)."""
    if value is default:
        return True
    if default is inspect.Parameter.empty or type(value) is not type(default):
        return False
    try:
        equal = value == default
    except Exception:  # a value that cannot be compared is shown
        return False
    return equal is True
