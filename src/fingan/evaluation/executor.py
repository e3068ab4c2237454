"""Executors: run a study's independent pieces one after another, in local processes, or on Ray.

Everything in fingan that takes minutes is a set of independent *pieces* (one model's refit
year with all its forecast days, ...). A piece is a callable without arguments that returns
its result; it carries its own random stream (derived from the run's seed and the piece's
name), so it gives the same result wherever and whenever it runs. An executor runs a list of
pieces and returns their results **in the order of the pieces**, not the order they finish:

* :class:`SerialExecutor` (``"serial"``, the default) runs them here, one after another;
* :class:`ProcessExecutor` (``"processes"``) runs them in this process and a pool of local
  worker processes (loky, as shipped with joblib: it serialises closures and reuses its
  workers);
* :class:`RayExecutor` (``"ray"``) submits each as a ``ray.remote`` task, to the cluster at
  ``address`` or to a local Ray started on first use (``pip install "fingan[ray]"``).

Each worker uses ``threads_per_worker`` threads (one unless told otherwise; see
:mod:`fingan.core.threads`), so ``n`` workers on ``n`` cores do not oversubscribe them.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from fingan.core.exceptions import ConfigError
from fingan.core.threads import configure_process, threads_limited

__all__ = [
    "EXECUTORS",
    "Executor",
    "PieceDone",
    "ProcessExecutor",
    "RayExecutor",
    "SerialExecutor",
    "make_executor",
]

T = TypeVar("T")

PieceDone = Callable[[int], None]
"""Called with a piece's position as soon as that piece has finished."""

EXECUTORS: tuple[str, ...] = ("serial", "processes", "ray")
"""The executors by name, as ``--executor`` takes them."""


class Executor(Protocol):
    """Runs pieces and returns their results in the order of the pieces."""

    name: str
    """The executor's name, one of :data:`EXECUTORS`."""

    @property
    def parallel(self) -> bool:
        """Whether pieces run elsewhere than in this process (progress is then per piece)."""

    def run(self, pieces: Sequence[Callable[[], T]], *, done: PieceDone | None = None) -> list[T]:
        """Run every piece; return their results in order."""


class SerialExecutor:
    """Run the pieces here, one after another, with this process's threads."""

    name = "serial"
    parallel = False

    def run(self, pieces: Sequence[Callable[[], T]], *, done: PieceDone | None = None) -> list[T]:
        """Run every piece in order; return their results."""
        results = []
        for position, piece in enumerate(pieces):
            results.append(piece())
            if done is not None:
                done(position)
        return results

    def __repr__(self) -> str:
        return "SerialExecutor()"


class ProcessExecutor:
    """Run the pieces in this process and a pool of local worker processes, ``workers`` at once.

    The calling process is one of the ``workers``: it runs pieces itself while ``workers - 1``
    worker processes (loky, as shipped with joblib) run the others, each taking the next piece
    as it becomes free. The caller therefore never idles while the pool works, and starts at
    once while the workers import torch and fingan (several seconds each). Pieces that run here
    run with ``threads_per_worker`` threads, like those in the workers, so a piece gives the
    same result wherever it runs.

    Parameters
    ----------
    workers : int, optional
        Pieces run at once, this process included (default: the cores this process may use).
    threads_per_worker : int, default 1
        Threads of torch and BLAS for each piece.
    """

    name = "processes"
    parallel = True

    def __init__(self, workers: int | None = None, *, threads_per_worker: int = 1) -> None:
        self.workers = _positive(workers, "--workers") if workers is not None else _cores()
        self.threads_per_worker = _positive(threads_per_worker, "threads_per_worker")

    def run(self, pieces: Sequence[Callable[[], T]], *, done: PieceDone | None = None) -> list[T]:
        """Run every piece; return their results in the order of the pieces."""
        queue = _PieceQueue(len(pieces), done)
        results: dict[int, T] = {}
        pool_size = min(self.workers - 1, len(pieces) - 1)
        feeder = None
        if pool_size > 0:
            feeder = threading.Thread(
                target=self._feed, args=(pieces, queue, results, pool_size), daemon=True
            )
            feeder.start()
        try:
            with threads_limited(self.threads_per_worker):
                while (position := queue.take()) is not None:
                    results[position] = pieces[position]()
                    queue.finished(position)
        except BaseException:
            queue.stop()
            raise
        if feeder is not None:
            feeder.join()
        if queue.error is not None:
            raise queue.error
        return [results[position] for position in range(len(pieces))]

    def _feed(
        self,
        pieces: Sequence[Callable[[], T]],
        queue: _PieceQueue,
        results: dict[int, T],
        pool_size: int,
    ) -> None:
        """Keep ``pool_size`` pieces in the worker pool until the queue is empty."""
        from concurrent.futures import FIRST_COMPLETED, Future, wait

        from joblib.externals.loky import get_reusable_executor

        in_flight: dict[Future[T], int] = {}
        try:
            pool = get_reusable_executor(max_workers=pool_size)
            while True:
                while len(in_flight) < pool_size and (position := queue.take()) is not None:
                    future = pool.submit(_in_worker, pieces[position], self.threads_per_worker)
                    in_flight[future] = position
                if not in_flight:
                    return
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in finished:
                    position = in_flight.pop(future)
                    results[position] = future.result()
                    queue.finished(position)
        except BaseException as error:  # handed to the caller's thread, which raises it
            queue.fail(error)
            for future in in_flight:
                future.cancel()

    def __repr__(self) -> str:
        return (
            f"ProcessExecutor(workers={self.workers}, threads_per_worker={self.threads_per_worker})"
        )


class _PieceQueue:
    """Hands out piece positions in order to the threads that run them; reports finished ones."""

    def __init__(self, n_pieces: int, done: PieceDone | None) -> None:
        self._next = 0
        self._n_pieces = n_pieces
        self._done = done
        self._lock = threading.Lock()
        self.error: BaseException | None = None

    def take(self) -> int | None:
        """Return the next piece's position, or None when none is left (or the run stopped)."""
        with self._lock:
            if self._next >= self._n_pieces:
                return None
            self._next += 1
            return self._next - 1

    def finished(self, position: int) -> None:
        """Report a finished piece (one report at a time)."""
        if self._done is not None:
            with self._lock:
                self._done(position)

    def stop(self) -> None:
        """Hand out no more pieces."""
        with self._lock:
            self._next = self._n_pieces

    def fail(self, error: BaseException) -> None:
        """Record the first error of the run and stop it."""
        with self._lock:
            self.error = self.error or error
            self._next = self._n_pieces


class RayExecutor:
    """Run each piece as a Ray task.

    Parameters
    ----------
    address : str, optional
        The cluster to join (``"ray://head:10001"``, ``"auto"``); default a local Ray with
        ``workers`` CPUs, started on first use.
    workers : int, optional
        CPUs of the local Ray (ignored when joining a cluster).
    threads_per_worker : int, default 1
        Threads of torch and BLAS in each task; each task asks Ray for as many CPUs.
    """

    name = "ray"
    parallel = True

    def __init__(
        self,
        address: str | None = None,
        *,
        workers: int | None = None,
        threads_per_worker: int = 1,
    ) -> None:
        self.address = address
        self.workers = _positive(workers, "--workers") if workers is not None else None
        self.threads_per_worker = _positive(threads_per_worker, "threads_per_worker")

    def run(self, pieces: Sequence[Callable[[], T]], *, done: PieceDone | None = None) -> list[T]:
        """Submit every piece as a task; return their results in the order of the pieces."""
        ray = _import_ray()
        if not ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if self.address is not None:
                options["address"] = self.address
            else:
                options["num_cpus"] = self.workers or _cores()
            ray.init(**options)
        task = ray.remote(num_cpus=self.threads_per_worker)(_in_worker)
        references = [task.remote(piece, self.threads_per_worker) for piece in pieces]
        position_of = {reference: position for position, reference in enumerate(references)}
        waiting = list(references)
        while waiting:
            finished, waiting = ray.wait(waiting, num_returns=1)
            if done is not None:
                done(position_of[finished[0]])
        results: list[T] = ray.get(references)
        return results

    def __repr__(self) -> str:
        return (
            f"RayExecutor(address={self.address!r}, workers={self.workers}, "
            f"threads_per_worker={self.threads_per_worker})"
        )


def make_executor(
    name: str = "serial",
    *,
    workers: int | None = None,
    address: str | None = None,
    threads_per_worker: int = 1,
) -> SerialExecutor | ProcessExecutor | RayExecutor:
    """Return the executor called ``name`` (one of :data:`EXECUTORS`).

    Raises
    ------
    ConfigError
        For an unknown name, a worker count below 1, an address for another executor than
        Ray, or Ray not installed.

    Examples
    --------
    >>> make_executor("processes", workers=2)
    ProcessExecutor(workers=2, threads_per_worker=1)
    """
    if name not in EXECUTORS:
        raise ConfigError(f"unknown executor {name!r}; choose one of {', '.join(EXECUTORS)}")
    if address is not None and name != "ray":
        raise ConfigError(f"--ray-address needs --executor ray; got --executor {name}")
    if name == "serial":
        if workers is not None and workers != 1:
            raise ConfigError("--workers needs --executor processes or ray")
        return SerialExecutor()
    if name == "processes":
        return ProcessExecutor(workers, threads_per_worker=threads_per_worker)
    _import_ray()
    return RayExecutor(address, workers=workers, threads_per_worker=threads_per_worker)


def _in_worker(piece: Callable[[], T], threads: int) -> T:
    """Run one piece in a worker with ``threads`` threads."""
    configure_process(threads)
    return piece()


def _import_ray() -> Any:
    try:
        return importlib.import_module("ray")
    except ImportError:
        raise ConfigError('the ray executor needs Ray: pip install "fingan[ray]"') from None


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _positive(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{name} must be a whole number >= 1; got {value!r}")
    return value
