"""Where a report came from: fingan version, command line, seed, steps, data, time and threads.

:func:`fingan.apps.reporting.write_report` records a :class:`Provenance` in ``metrics.json``
(the ``"provenance"`` object) and in the report's footer. What the caller does not say (seed,
training steps, data periods) is taken from the result's ``to_dict()`` where it records it.

Examples
--------
>>> provenance = Provenance.capture({"seed": 3, "n_steps": 10}, started=None)
>>> provenance.seed, provenance.n_steps, provenance.command
(3, 10, None)
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from fingan.core.threads import resolve_threads
from fingan.core.version import __version__

__all__ = ["DATA_KEYS", "Provenance"]

DATA_KEYS = (
    "assets",
    "asset",
    "target",
    "positive",
    "train",
    "test",
    "period",
    "start",
    "end",
    "n_forecasts",
    "class_counts",
)
"""Keys of a result's ``to_dict()`` that describe its data (source and periods)."""

_SEED_KEYS = ("seed", "seeds", "random_state")
_STEPS_KEYS = ("n_steps", "steps", "training_steps")

_LABELS = {
    "version": "fingan",
    "command": "command",
    "seed": "seed",
    "n_steps": "training steps",
    "data": "data",
    "wall_time_s": "wall time",
    "threads": "threads",
    "cpu_count": "CPUs",
}


@dataclass(frozen=True)
class Provenance:
    """How a study's result was made, JSON-ready.

    Parameters
    ----------
    version : str
        fingan's version.
    command : str or None
        The command line (``None`` when called from Python).
    seed : int, list of int or None
        The seed(s); ``None`` where the result does not record one.
    n_steps : int or None
        GAN training steps, where a GAN was trained and the result records them.
    data : dict
        The data source and periods, as the result records them.
    wall_time_s : float or None
        Seconds from the start of the study to the writing of its report.
    threads : int
        Threads of torch, BLAS and OpenMP (:func:`fingan.core.threads.resolve_threads`).
    cpu_count : int or None
        The machine's CPUs (:func:`os.cpu_count`).
    """

    version: str
    command: str | None
    seed: Any
    n_steps: int | None
    data: dict[str, Any] = field(default_factory=dict)
    wall_time_s: float | None = None
    threads: int = 1
    cpu_count: int | None = None

    @classmethod
    def capture(
        cls,
        result: Mapping[str, Any] | None = None,
        *,
        command: Sequence[str] | str | None = None,
        seed: Any = None,
        n_steps: int | None = None,
        started: float | None = None,
    ) -> Provenance:
        """Record the provenance of ``result`` (its ``to_dict()``) now.

        Parameters
        ----------
        result : mapping, optional
            The result's ``to_dict()``; seed, steps and data are read from it when not given.
        command : sequence of str or str, optional
            The command line (``sys.argv``), joined with spaces.
        seed, n_steps : optional
            Override what the result records.
        started : float, optional
            :func:`time.perf_counter` at the start of the study, for the wall time.
        """
        record = dict(result or {})
        if seed is None:
            seed = _first(record, _SEED_KEYS)
        if n_steps is None:
            n_steps = _first(record, _STEPS_KEYS)
        if not isinstance(command, str) and command is not None:
            command = " ".join(command)
        wall = None if started is None else round(time.perf_counter() - started, 3)
        return cls(
            version=__version__,
            command=command,
            seed=seed,
            n_steps=n_steps,
            data={key: record[key] for key in DATA_KEYS if key in record},
            wall_time_s=wall,
            threads=resolve_threads(),
            cpu_count=os.cpu_count(),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the fields, JSON-ready."""
        return asdict(self)

    def lines(self) -> list[tuple[str, str]]:
        """Return ``(label, text)`` pairs for a report footer; unknown fields say so."""
        pairs = []
        for key, value in self.to_dict().items():
            if key == "data":
                text = "; ".join(f"{name}: {_text(item)}" for name, item in value.items())
            elif key == "wall_time_s" and value is not None:
                text = f"{value:.1f} s"
            else:
                text = _text(value)
            pairs.append((_LABELS[key], text or "not recorded"))
        return pairs


def _first(record: Mapping[str, Any], keys: Sequence[str]) -> Any:
    for key in keys:
        if record.get(key) is not None:
            return record[key]
    training = record.get("training")
    if isinstance(training, Mapping):
        return _first(training, keys)
    return None


def _text(value: Any) -> str:
    if value is None:
        return "not recorded"
    if isinstance(value, Mapping):
        return ", ".join(f"{key} {_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(map(_text, value))
    return str(value)
