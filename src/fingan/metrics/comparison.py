"""Tests that compare two methods' scores: is one really better, or is it noise.

:func:`diebold_mariano` compares two forecasters' per-day losses (CRPS, pinball loss, squared
error), aligned day by day. :func:`corrected_interval` and :func:`corrected_paired_test` treat
scores of (repeated) k-fold cross-validation, whose folds overlap (Nadeau and Bengio, 2003).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from fingan.core.exceptions import ConfigError, MissingValueError, ShapeError, TooFewRowsError
from fingan.core.validation import check_choice, check_int

__all__ = [
    "DieboldMarianoTest",
    "corrected_interval",
    "corrected_paired_test",
    "diebold_mariano",
    "newey_west_variance",
]

FloatArray = npt.NDArray[np.float64]

Alternative = Literal["two-sided", "less", "greater"]


@dataclass(frozen=True)
class DieboldMarianoTest:
    """The Diebold-Mariano test of equal expected loss of two forecasters.

    Attributes
    ----------
    statistic : float
        Mean loss difference divided by its HAC standard error (times the Harvey-Leybourne-
        Newbold factor when it is applied); negative when the first forecaster has the lower
        loss. ``nan`` when every difference is zero.
    p_value : float
        P-value of the null hypothesis of equal expected loss against ``alternative``.
    mean_difference : float
        Mean of ``loss_a - loss_b``.
    n : int
        Number of days compared.
    lags : int
        Autocovariance lags in the long-run variance.
    alternative : {"two-sided", "less", "greater"}
        ``"less"``: the first forecaster has the lower expected loss.
    """

    statistic: float
    p_value: float
    mean_difference: float
    n: int
    lags: int
    alternative: Alternative = "two-sided"

    def to_dict(self) -> dict[str, float | int | str | None]:
        """Return the fields as a JSON-ready dict (``None`` for a non-finite statistic)."""
        return {
            "statistic": self.statistic if np.isfinite(self.statistic) else None,
            "p_value": self.p_value,
            "mean_difference": self.mean_difference,
            "n": self.n,
            "lags": self.lags,
            "alternative": self.alternative,
        }


def newey_west_variance(values: npt.ArrayLike, lags: int) -> float:
    r"""Newey-West (Bartlett kernel) estimate of the long-run variance of a series.

    .. math::

        \hat\Omega = \hat\gamma_0 + 2 \sum_{k=1}^{L} \Big(1 - \frac{k}{L + 1}\Big) \hat\gamma_k,
        \qquad \hat\gamma_k = \frac{1}{n} \sum_{t=k+1}^{n} (d_t - \bar d)(d_{t-k} - \bar d).

    The Bartlett weights keep the estimate non-negative.

    Parameters
    ----------
    values : array-like, shape (n,)
        The series, finite.
    lags : int
        ``L``, the number of autocovariances used, ``0 <= L < n``.

    Returns
    -------
    float
        The long-run variance (``n`` times the variance of the mean, asymptotically).

    Examples
    --------
    >>> newey_west_variance([1.0, -1.0, 1.0, -1.0], lags=0)
    1.0
    >>> newey_west_variance([1.0, -1.0, 1.0, -1.0], lags=1)
    0.25
    """
    series = _series(values, "values")
    n_lags = check_int(lags, "lags", minimum=0)
    if n_lags >= series.size:
        raise ConfigError(f"lags must be below the number of values ({series.size}); got {lags}")
    centred = series - series.mean()
    n = series.size
    variance = float(centred @ centred) / n
    for k in range(1, n_lags + 1):
        weight = 1.0 - k / (n_lags + 1)
        variance += 2.0 * weight * float(centred[k:] @ centred[:-k]) / n
    return variance


def diebold_mariano(
    loss_a: npt.ArrayLike,
    loss_b: npt.ArrayLike,
    *,
    horizon: int = 1,
    lags: int | None = None,
    small_sample: bool = True,
    alternative: Alternative = "two-sided",
) -> DieboldMarianoTest:
    r"""Diebold-Mariano test that two forecasters have the same expected loss.

    With :math:`d_t = L^a_t - L^b_t` the loss differences on ``n`` days, the statistic is

    .. math::

        DM = \frac{\bar d}{\sqrt{\hat\Omega / n}},

    where :math:`\hat\Omega` is the Newey-West long-run variance of :math:`d_t` with
    ``horizon - 1`` lags (:func:`newey_west_variance`): the forecast errors of overlapping
    ``h``-day windows are autocorrelated up to lag ``h - 1``, and ignoring that would make the
    test reject too often (the Bartlett weights still shrink those autocovariances, so for
    large ``h`` the test remains somewhat liberal; pass more ``lags`` to be safer). Under the
    null of equal expected loss DM is asymptotically standard normal (Diebold and Mariano,
    1995). With ``small_sample=True`` it is multiplied by the
    factor of Harvey, Leybourne and Newbold (1997),
    :math:`\sqrt{(n + 1 - 2h + h(h - 1)/n) / n}`, and compared with Student's t with
    ``n - 1`` degrees of freedom, which holds the test's size better on short samples.

    Parameters
    ----------
    loss_a, loss_b : array-like, shape (n,)
        Per-day losses of the two forecasters (lower is better), aligned by day, finite.
    horizon : int, default 1
        Forecast horizon ``h`` in days; sets the default lags and the small-sample factor.
    lags : int, optional
        Autocovariance lags of the long-run variance (default ``horizon - 1``).
    small_sample : bool, default True
        Apply the Harvey-Leybourne-Newbold correction and the t distribution.
    alternative : {"two-sided", "less", "greater"}, default "two-sided"
        ``"less"``: forecaster a has the lower expected loss; ``"greater"``: b has.

    Returns
    -------
    DieboldMarianoTest
        Statistic, p-value, mean difference, number of days and lags.

    Raises
    ------
    ShapeError
        If the losses are not one-dimensional arrays of the same length.
    MissingValueError
        If a loss is NaN or infinite.
    TooFewRowsError
        If fewer than two days are compared.
    ConfigError
        If ``horizon``, ``lags`` or ``alternative`` is invalid.

    References
    ----------
    Diebold, F. X. and Mariano, R. S. (1995). Comparing predictive accuracy. *Journal of
    Business & Economic Statistics*, 13(3), 253-263.
    Harvey, D., Leybourne, S. and Newbold, P. (1997). Testing the equality of prediction mean
    squared errors. *International Journal of Forecasting*, 13(2), 281-291.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> good, bad = rng.exponential(1.0, 500), rng.exponential(1.5, 500)
    >>> test = diebold_mariano(good, bad)
    >>> test.statistic < 0, test.p_value < 0.01
    (True, True)
    """
    a, b = _series(loss_a, "loss_a"), _series(loss_b, "loss_b")
    if a.size != b.size:
        raise ShapeError(f"loss_a has {a.size} values but loss_b has {b.size}")
    if a.size < 2:
        raise TooFewRowsError(f"at least 2 days are needed to compare losses; got {a.size}")
    h = check_int(horizon, "horizon", minimum=1)
    n_lags = h - 1 if lags is None else check_int(lags, "lags", minimum=0)
    check_choice(alternative, "alternative", ("two-sided", "less", "greater"))
    n = a.size
    difference = a - b
    mean = float(difference.mean())
    variance = newey_west_variance(difference, min(n_lags, n - 1))
    if variance > 0.0:
        statistic = mean / np.sqrt(variance / n)
    else:  # every difference equal: no evidence (all zero) or certainty (a constant gap)
        statistic = np.nan if mean == 0.0 else np.copysign(np.inf, mean)
    if small_sample and np.isfinite(statistic):
        statistic *= np.sqrt(max(n + 1 - 2 * h + h * (h - 1) / n, 0.0) / n)
    law = stats.t(df=n - 1) if small_sample else stats.norm()
    if np.isnan(statistic):
        p_value = 1.0
    elif alternative == "two-sided":
        p_value = float(2.0 * law.sf(abs(statistic)))
    elif alternative == "less":
        p_value = float(law.cdf(statistic))
    else:
        p_value = float(law.sf(statistic))
    return DieboldMarianoTest(
        statistic=float(statistic),
        p_value=min(p_value, 1.0),
        mean_difference=mean,
        n=n,
        lags=min(n_lags, n - 1),
        alternative=alternative,
    )


def _series(values: npt.ArrayLike, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ShapeError(f"{name} must be one-dimensional; got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise MissingValueError(f"{name} holds NaN or infinite values")
    return array


def corrected_interval(
    values: npt.ArrayLike, *, n_train: float, n_test: float, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Mean of cross-validation scores with Nadeau and Bengio's corrected t-interval.

    The folds of (repeated) k-fold cross-validation share training rows, so their scores are
    correlated and the naive variance of the mean, ``s² / J``, is too small. Nadeau and Bengio
    (2003) replace it with ``s² (1/J + n_test/n_train)``; the interval uses Student's t with
    ``J - 1`` degrees of freedom. ``n_test=0`` gives the naive interval.

    Parameters
    ----------
    values : array-like
        One score per fold, ``J >= 2`` of them.
    n_train, n_test : float
        Rows in a training and in a test fold.
    confidence : float
        Coverage of the interval.

    Returns
    -------
    tuple of float
        ``(mean, low, high)``.

    Examples
    --------
    >>> mean, low, high = corrected_interval([0.7, 0.8, 0.75, 0.72], n_train=80, n_test=20)
    >>> round(mean, 4), low < mean < high
    (0.7425, True)
    """
    scores, factor = _corrected_setup(values, n_train, n_test)
    if not 0.0 < confidence < 1.0:
        raise ConfigError(f"confidence must be in (0, 1); got {confidence!r}")
    mean = float(scores.mean())
    half = float(stats.t.ppf(0.5 + confidence / 2.0, len(scores) - 1)) * np.sqrt(
        scores.var(ddof=1) * factor
    )
    return mean, float(mean - half), float(mean + half)


def corrected_paired_test(
    first: npt.ArrayLike, second: npt.ArrayLike, *, n_train: float, n_test: float
) -> tuple[float, float, float]:
    """Nadeau and Bengio's corrected resampled t-test of paired cross-validation scores.

    Parameters
    ----------
    first, second : array-like
        Scores of two methods on the same folds.
    n_train, n_test : float
        Rows in a training and in a test fold.

    Returns
    -------
    tuple of float
        ``(mean difference first - second, t statistic, two-sided p-value)``. Identical scores
        give ``(0, 0, 1)``; a constant non-zero difference gives an infinite statistic and
        p-value 0.
    """
    a, b = np.asarray(first, dtype=np.float64), np.asarray(second, dtype=np.float64)
    if a.shape != b.shape:
        raise ConfigError(f"paired scores differ in length: {a.shape} and {b.shape}")
    differences, factor = _corrected_setup(a - b, n_train, n_test)
    mean = float(differences.mean())
    spread = float(np.sqrt(differences.var(ddof=1) * factor))
    if spread == 0.0:
        return (mean, 0.0, 1.0) if mean == 0.0 else (mean, float(np.sign(mean) * np.inf), 0.0)
    statistic = mean / spread
    p_value = 2.0 * float(stats.t.sf(abs(statistic), len(differences) - 1))
    return mean, statistic, p_value


def _corrected_setup(
    values: npt.ArrayLike, n_train: float, n_test: float
) -> tuple[FloatArray, float]:
    scores = np.asarray(values, dtype=np.float64).ravel()
    if len(scores) < 2:
        raise ConfigError(f"a corrected interval needs at least 2 folds; got {len(scores)}")
    if not (n_train > 0 and n_test >= 0):
        raise ConfigError(f"n_train must be positive and n_test >= 0; got {n_train}, {n_test}")
    return scores, 1.0 / len(scores) + n_test / n_train
