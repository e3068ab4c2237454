"""The one place that decides how many threads fingan's numerical libraries use.

Small fits (scikit-learn's gradient boosting and k-means on a few thousand rows, the mixture
and HMM baselines) gain nothing from OpenMP threads, and on a machine shared with other work
their spinning workers make each fit many times slower (measured: tenfold and more). They
run inside :func:`one_openmp_thread`. Results do not depend on the thread count.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

__all__ = ["one_openmp_thread"]


def one_openmp_thread() -> AbstractContextManager[object]:
    """Return a context in which OpenMP code (scikit-learn's fits) runs on one thread."""
    limits: AbstractContextManager[object] = threadpool_limits(limits=1, user_api="openmp")
    return limits
