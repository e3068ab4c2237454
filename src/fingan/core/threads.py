"""The one place that decides how many threads fingan's numerical libraries use.

Two processes that each start as many threads as there are cores oversubscribe a machine, and
OpenMP threads that spin while they wait make every step of both many times slower (seen: two
market fits side by side on two cores took 11 times as long as one alone). fingan therefore
decides the thread count of torch, BLAS and OpenMP itself, in this order:

1. ``threads`` given to :func:`set_threads` (the command line's ``--threads N``);
2. the environment variable ``FINGAN_NUM_THREADS``;
3. the environment variable ``OMP_NUM_THREADS``;
4. :data:`DEFAULT_THREADS`, chosen by measurement (``bench/threads.py``,
   ``docs/benchmarks.md``): about as fast as any setting alone, and fair when shared.

The command line calls :func:`configure_process` before it imports torch, so the settings that
only take effect at start-up (``OMP_NUM_THREADS``, ``OMP_WAIT_POLICY=PASSIVE``: waiting threads
sleep instead of spinning) hold for the whole run. The Python API applies the same count
(:func:`ensure_threads`, called when a model is fitted or sampled) unless the user chose one
with :func:`set_threads`; but torch is already imported in a Python session, so there the wait
policy and the BLAS thread pools follow the environment the session started with. Set
``OMP_WAIT_POLICY=PASSIVE`` and ``FINGAN_NUM_THREADS`` before starting Python to get exactly
the command line's behaviour.

Seeded results are bit-identical for the same thread count; a different count may change
the last digits (floating-point sums are split differently).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from fingan.core.exceptions import ConfigError

__all__ = [
    "DEFAULT_THREADS",
    "THREADS_VARIABLE",
    "configure_process",
    "ensure_threads",
    "one_openmp_thread",
    "resolve_threads",
    "set_threads",
    "threads_limited",
]

THREADS_VARIABLE = "FINGAN_NUM_THREADS"
"""Environment variable with the thread count of every fingan process."""

DEFAULT_THREADS = 1
"""Threads per process when nothing else is said (see ``docs/benchmarks.md``)."""

_START_UP_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")

_applied: int | None = None  # the count applied in this process, once applied


def resolve_threads(threads: int | None = None) -> int:
    """Return the thread count to use: ``threads``, else the environment, else the default.

    Raises
    ------
    ConfigError
        If ``threads`` or an environment variable is not a positive integer.
    """
    if threads is not None:
        return _positive(threads, "--threads")
    for variable in (THREADS_VARIABLE, "OMP_NUM_THREADS"):
        text = os.environ.get(variable, "").strip()
        if text:
            return _positive(text, variable)
    return DEFAULT_THREADS


def configure_process(threads: int | None = None) -> int:
    """Set the thread count of this process before torch is imported; return it.

    Sets the start-up variables of OpenMP, MKL and OpenBLAS (and ``OMP_WAIT_POLICY=PASSIVE``
    unless the environment chose a policy) for the libraries not loaded yet, then applies the
    count to those already loaded (see :func:`set_threads`).
    """
    count = resolve_threads(threads)
    for variable in _START_UP_VARIABLES:
        os.environ[variable] = str(count)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    set_threads(count)
    return count


def set_threads(threads: int) -> None:
    """Use ``threads`` threads in torch and in the BLAS / OpenMP libraries already loaded.

    torch gets ``threads`` intra-op threads and one inter-op thread (where it can still be
    set). Later :func:`ensure_threads` calls keep this choice.

    Raises
    ------
    ConfigError
        If ``threads`` is not a positive integer.
    """
    global _applied
    count = _positive(threads, "threads")
    import torch

    torch.set_num_threads(count)
    with contextlib.suppress(RuntimeError):  # only possible before torch's first parallel work
        torch.set_num_interop_threads(1)
    threadpool_limits(limits=count)
    _applied = count


@contextlib.contextmanager
def threads_limited(threads: int) -> Iterator[None]:
    """Run a block with ``threads`` threads in torch and BLAS, then restore the previous counts.

    For work done in this process on behalf of an executor (see
    :mod:`fingan.evaluation.executor`), so that it runs with the same thread count as a worker
    process would, and the process's own setting holds again afterwards.

    Raises
    ------
    ConfigError
        If ``threads`` is not a positive integer.
    """
    count = _positive(threads, "threads")
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        with threadpool_limits(limits=count):
            yield
    finally:
        torch.set_num_threads(before)


def ensure_threads() -> None:
    """Apply :func:`resolve_threads`'s count once per process, unless one was set already."""
    if _applied is None:
        set_threads(resolve_threads())


def one_openmp_thread() -> AbstractContextManager[object]:
    """Return a context in which OpenMP code (scikit-learn's small fits) runs on one thread.

    The mixture and HMM fits, gradient boosting in the scores and the credit classifiers run
    on a few thousand rows: threads save nothing there, and on a busy machine spinning OpenMP
    workers make each fit many times slower. Results do not depend on the thread count.
    """
    limits: AbstractContextManager[object] = threadpool_limits(limits=1, user_api="openmp")
    return limits


def _positive(value: object, name: str) -> int:
    try:
        count = int(str(value))
    except ValueError:
        count = 0
    if count < 1:
        raise ConfigError(f"{name} must be a positive number of threads; got {value!r}")
    return count
