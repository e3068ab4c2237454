"""Writing outputs so that an interrupted run never leaves a half-written file or folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fingan.exceptions import UnsupportedFormatError

if TYPE_CHECKING:
    import pandas as pd

FRAME_SUFFIXES = (".csv", ".parquet", ".pq")
"""File endings :func:`write_frame` understands (any case)."""


def default_mode(*, directory: bool) -> int:
    """Permission bits a new file or folder gets under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def make_staging_directory(target: Path) -> Path:
    """Create a hidden sibling folder of ``target`` to assemble it in, with normal permissions."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    staging.chmod(default_mode(directory=True))
    return staging


@contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a staging file that becomes ``path`` only if the block succeeds.

    The staging file is a hidden sibling of ``path``; on error it is removed and ``path`` is
    left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    staging = Path(name)
    try:
        yield staging
        staging.chmod(default_mode(directory=False))
        staging.replace(target)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file renamed into place."""
    with atomic_file(path) as staging:
        staging.write_text(text, encoding="utf-8")
    return Path(path)


def write_frame(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` without its index to CSV or Parquet, by the file's ending, atomically.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; put anything in its index that should be written into columns first.
    path : str or os.PathLike
        A ``.csv``, ``.parquet`` or ``.pq`` path (any case).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    UnsupportedFormatError
        If the ending is not one of those; nothing is written then.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FRAME_SUFFIXES:
        raise UnsupportedFormatError(f"output must end in .csv or .parquet: {target}")
    with atomic_file(target) as staging:
        if suffix == ".csv":
            frame.to_csv(staging, index=False)
        else:
            frame.to_parquet(staging, index=False)
    return target


@contextmanager
def atomic_directory(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a staging folder that becomes ``path`` only if the block succeeds.

    An existing folder at ``path`` is replaced. On error the staging folder is removed and
    ``path`` is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = make_staging_directory(target)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
