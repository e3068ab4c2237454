"""Refuse requests that cannot fit in this machine's memory or disk, before the work starts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from fingan.core.exceptions import ResourceLimitError

MEMORY_SHARE = 0.8
"""Share of the available memory a single request may plan to use."""

CSV_BYTES_PER_VALUE = 22
"""Bytes a float64 takes in a CSV file written by pandas (17 significant digits, sign, comma)."""


def available_memory() -> int | None:
    """Return the bytes of memory available to new work, or ``None`` where it cannot be read."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def check_memory(n_bytes: int, *, what: str) -> None:
    """Refuse work that needs more than :data:`MEMORY_SHARE` of the available memory.

    Raises
    ------
    ResourceLimitError
        With the estimate and what is available.
    """
    available = available_memory()
    if available is not None and n_bytes > MEMORY_SHARE * available:
        raise ResourceLimitError(
            f"{what} needs about {format_bytes(n_bytes)} of memory; "
            f"{format_bytes(available)} is available: ask for less"
        )


def check_disk(n_bytes: int, path: str | os.PathLike[str], *, what: str) -> None:
    """Refuse writing more than the free space of the file system that will hold ``path``.

    Raises
    ------
    ResourceLimitError
        With the estimate and the free space.
    """
    folder = Path(path).absolute().parent
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    free = shutil.disk_usage(folder).free
    if n_bytes > free:
        raise ResourceLimitError(
            f"{what} needs about {format_bytes(n_bytes)} of disk; {format_bytes(free)} is "
            f"free in {folder}: ask for less"
        )


def check_paths_memory(n_paths: int, horizon: int, n_assets: int) -> None:
    """Refuse drawing paths whose values and their copies cannot fit in memory.

    The estimate counts about four float64 copies of every value (the draw, the returns, a
    tidy table and pandas' copy of it) plus a 48-byte index row per day of each path.

    Raises
    ------
    ResourceLimitError
        If the estimate exceeds what :func:`check_memory` allows.
    """
    rows = n_paths * horizon
    check_memory(rows * (4 * 8 * n_assets + 48), what=f"{n_paths:,} paths of {horizon:,} days")


def format_bytes(n_bytes: float) -> str:
    """Format a size for people: ``'1.5 GB'``.

    >>> format_bytes(1_500_000_000)
    '1.5 GB'
    """
    units = ("B", "kB", "MB", "GB", "TB")
    size, index = float(n_bytes), 0
    while abs(size) >= 1000 and index < len(units) - 1:
        size, index = size / 1000, index + 1
    return f"{size:.0f} B" if index == 0 else f"{size:.1f} {units[index]}"
