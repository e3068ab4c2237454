"""The executor a study's pieces run on, from the command line's options.

See :mod:`fingan.evaluation.executor`: ``serial`` (default), ``processes`` (local workers) or
``ray`` (a local Ray, or the cluster at ``--ray-address``). The results do not depend on it.
"""

from __future__ import annotations

from fingan.core.threads import resolve_threads
from fingan.evaluation import EXECUTORS, Executor, make_executor

__all__ = ["EXECUTORS", "executor_from_options"]


def executor_from_options(
    name: str = "serial",
    *,
    workers: int | None = None,
    address: str | None = None,
    threads: int | None = None,
) -> Executor:
    """Return the executor ``--executor``, ``--workers`` and ``--ray-address`` ask for.

    Each worker uses the thread count of ``--threads`` (:func:`fingan.core.threads.
    resolve_threads`: one unless told otherwise).

    Raises
    ------
    ConfigError
        For an unknown executor, a bad worker count, an address without Ray, or Ray missing.
    """
    return make_executor(
        name, workers=workers, address=address, threads_per_worker=resolve_threads(threads)
    )
