"""Writing outputs without ever losing what a user already had.

The rules, for every command and every function that writes a result:

- An output *folder* must not exist, or be empty, or be fingan's own output of the same kind
  from an earlier run (it carries the marker file :data:`OUTPUT_MARKER`); the last is replaced
  only when ``overwrite`` is given. A folder holding anything else is never touched.
- An output *file* is written when it does not exist; an existing file is replaced only when
  ``overwrite`` is given, and a folder is never replaced by a file.
- ``/``, the home folder, the current folder and any folder above it are refused as outputs.
- Outputs are assembled under a hidden temporary name beside the target and renamed into place
  only when everything succeeded; on any error the temporary copy is removed and the target is
  left exactly as it was. Missing parent folders are created, and removed again on error.

:func:`check_output_folder` and :func:`check_output_file` apply the rules before long work
starts, so that a bad ``--out`` is refused at once rather than after an hour of training; the
writers apply them again when they put the result in place.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fingan.core.exceptions import OutputPathError, UnsupportedFormatError
from fingan.core.version import __version__

if TYPE_CHECKING:
    import pandas as pd

FRAME_SUFFIXES = (".csv", ".parquet", ".pq")
"""File endings :func:`write_frame` understands (any case)."""

OUTPUT_MARKER = ".fingan-output.json"
"""File that marks a folder as fingan's output: ``{"kind": ..., "fingan_version": ...}``."""

STAGING_PREFIX = ".fingan-tmp-"
"""Prefix of the hidden temporary files and folders that outputs are assembled in."""


def default_mode(*, directory: bool) -> int:
    """Permission bits a new file or folder gets under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def make_staging_directory(target: Path) -> Path:
    """Create a hidden temporary folder beside ``target`` to assemble it in."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
    staging.chmod(default_mode(directory=True))
    return staging


# -- checks before the work -----------------------------------------------------------------------


def check_output_folder(
    path: str | os.PathLike[str], *, kind: str, overwrite: bool = False
) -> Path:
    """Check that ``path`` may receive an output folder of ``kind``; return it.

    Parameters
    ----------
    path : path-like
        The output folder.
    kind : str
        What the folder will hold (``"demo"``, ``"risk report"``, ``"model"``...): an existing
        folder is replaced only if it holds an earlier output of the same kind.
    overwrite : bool, default False
        Replace an earlier output of the same kind.

    Raises
    ------
    OutputPathError
        If the folder holds anything fingan did not write, holds another kind of output, holds
        an earlier output and ``overwrite`` is false, is a file, or is a protected folder; or if
        its parent cannot be written.
    """
    target = Path(path)
    _check_name_length(target)
    _refuse_protected(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputPathError(f"{target} exists and is not a folder; choose a new folder name")
    if target.is_dir():
        _check_replaceable_folder(target, kind=kind, overwrite=overwrite)
    _check_writable_parent(target)
    return target


def check_output_file(
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    suffixes: tuple[str, ...] | None = None,
) -> Path:
    """Check that ``path`` may receive an output file; return it.

    Parameters
    ----------
    path : path-like
        The output file.
    overwrite : bool, default False
        Replace an existing file.
    suffixes : tuple of str, optional
        Accepted endings (lower case, with the dot).

    Raises
    ------
    UnsupportedFormatError
        If the ending is not one of ``suffixes``.
    OutputPathError
        If the path is a folder, an existing file and ``overwrite`` is false, or its parent
        cannot be written.
    """
    target = Path(path)
    if suffixes is not None and target.suffix.lower() not in suffixes:
        endings = " or ".join(suffix for suffix in suffixes if suffix != ".pq")
        raise UnsupportedFormatError(f"output must end in {endings}: {target}")
    _check_name_length(target)
    _refuse_protected(target)
    if target.is_dir():
        raise OutputPathError(f"{target} is a folder; give a file name")
    if target.exists() and not overwrite:
        raise OutputPathError(f"{target} already exists; pass --overwrite to replace it")
    _check_writable_parent(target)
    return target


# -- writers -----------------------------------------------------------------------------------


@contextmanager
def atomic_file(path: str | os.PathLike[str], *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a staging file that becomes ``path`` only if the block succeeds.

    The staging file is a hidden sibling of ``path``; on error it is removed (with any parent
    folder created for it) and ``path`` is left as it was. An existing file at ``path`` is
    replaced only when ``overwrite`` is true.

    Raises
    ------
    OutputPathError
        If ``path`` cannot receive the file (see :func:`check_output_file`).
    """
    target = check_output_file(path, overwrite=overwrite)
    with _created_parents(target):
        handle, name = tempfile.mkstemp(prefix=STAGING_PREFIX, dir=target.parent)
        os.close(handle)
        staging = Path(name)
        try:
            yield staging
            staging.chmod(default_mode(directory=False))
            if overwrite:
                staging.replace(target)
            else:
                _link_new(staging, target)
        finally:
            staging.unlink(missing_ok=True)


def write_text_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` to ``path`` through a temporary file renamed into place."""
    with atomic_file(path, overwrite=overwrite) as staging:
        staging.write_text(text, encoding="utf-8")
    return Path(path)


def write_frame(
    frame: pd.DataFrame, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write ``frame`` without its index to CSV or Parquet, by the file's ending, atomically.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; put anything in its index that should be written into columns first.
    path : str or os.PathLike
        A ``.csv``, ``.parquet`` or ``.pq`` path (any case).
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    UnsupportedFormatError
        If the ending is not one of those; nothing is written then.
    OutputPathError
        If the file exists and ``overwrite`` is false, or the path is a folder.
    """
    target = check_output_file(path, overwrite=overwrite, suffixes=FRAME_SUFFIXES)
    with atomic_file(target, overwrite=overwrite) as staging:
        if target.suffix.lower() == ".csv":
            frame.to_csv(staging, index=False)
        else:
            frame.to_parquet(staging, index=False)
    return target


@contextmanager
def atomic_directory(
    path: str | os.PathLike[str], *, kind: str, overwrite: bool = False
) -> Iterator[Path]:
    """Yield an empty staging folder that becomes the output folder ``path`` on success.

    The rules of :func:`check_output_folder` are checked before and again after the block (the
    folder may have changed during long work). On success the folder receives the marker file
    :data:`OUTPUT_MARKER` and is renamed into place; an earlier output of the same kind is
    replaced only when ``overwrite`` is true. On error the staging folder is removed and
    ``path`` is left as it was.

    Raises
    ------
    OutputPathError
        If ``path`` cannot receive the output.
    """
    target = check_output_folder(path, kind=kind, overwrite=overwrite)
    with _created_parents(target):
        staging = make_staging_directory(target)
        try:
            yield staging
            _write_marker(staging, kind)
            _put_folder_in_place(staging, target, kind=kind, overwrite=overwrite)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def output_kind(path: str | os.PathLike[str]) -> str | None:
    """Return the kind of fingan output the folder ``path`` holds, or ``None``."""
    try:
        marker = json.loads((Path(path) / OUTPUT_MARKER).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    kind = marker.get("kind") if isinstance(marker, dict) else None
    return kind if isinstance(kind, str) else None


# -- internals ---------------------------------------------------------------------------------


def _refuse_protected(target: Path) -> None:
    resolved = target.resolve()
    protected = {Path(resolved.anchor), Path.home().resolve()}
    here = Path.cwd().resolve()
    if resolved in protected or resolved == here or resolved in here.parents:
        raise OutputPathError(
            f"refusing to write into {target}: the root, home or current folder (or one above "
            "it) is never an output; give a new folder name"
        )


def _check_replaceable_folder(target: Path, *, kind: str, overwrite: bool) -> None:
    try:
        entries = [entry.name for entry in target.iterdir()]
    except OSError as error:
        raise OutputPathError(f"cannot read {target}: {error.strerror}") from None
    if not entries:
        return
    found = output_kind(target)
    if found is None:
        raise OutputPathError(
            f"{target} already holds files that fingan did not write; choose a new or empty "
            "folder (fingan never deletes what it did not create)"
        )
    if found != kind:
        raise OutputPathError(
            f"{target} holds a fingan {found}, not a {kind}; choose another folder"
        )
    if not overwrite:
        raise OutputPathError(
            f"{target} holds an earlier fingan {kind}; pass --overwrite to replace it"
        )


def _check_name_length(target: Path) -> None:
    try:
        name_max = os.pathconf(Path.cwd().anchor, "PC_NAME_MAX")
    except (OSError, ValueError):
        name_max = 255
    if any(len(os.fsencode(part)) > name_max for part in target.parts):
        raise OutputPathError(
            f"cannot write {target}: a name in it is longer than {name_max} bytes"
        )


def _check_writable_parent(target: Path) -> None:
    parent = target.parent
    while not parent.exists():
        if parent.parent == parent:
            break
        parent = parent.parent
    if not parent.is_dir():
        raise OutputPathError(f"cannot write {target}: {parent} is not a folder")
    try:
        handle, probe = tempfile.mkstemp(prefix=STAGING_PREFIX, dir=parent)
    except OSError as error:
        raise OutputPathError(f"cannot write in {parent}: {error.strerror}") from None
    os.close(handle)
    os.unlink(probe)


@contextmanager
def _created_parents(target: Path) -> Iterator[None]:
    """Create the missing parent folders of ``target``; remove them again on error."""
    created: list[Path] = []
    parent = target.parent
    while not parent.exists():
        created.append(parent)
        parent = parent.parent
    try:
        for folder in reversed(created):
            folder.mkdir()
        yield
    except BaseException:
        for folder in created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _link_new(staging: Path, target: Path) -> None:
    """Move ``staging`` to ``target`` only if no file appeared there meanwhile."""
    try:
        os.link(staging, target)
    except FileExistsError:
        raise OutputPathError(
            f"{target} appeared while fingan was working; pass --overwrite to replace it"
        ) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        if target.exists():  # a file system without hard links: check, then rename
            raise OutputPathError(
                f"{target} appeared while fingan was working; pass --overwrite to replace it"
            ) from None
        staging.replace(target)


def _write_marker(folder: Path, kind: str) -> None:
    marker = {
        "kind": kind,
        "fingan_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (folder / OUTPUT_MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")


def _put_folder_in_place(staging: Path, target: Path, *, kind: str, overwrite: bool) -> None:
    check_output_folder(target, kind=kind, overwrite=overwrite)  # it may have changed meanwhile
    if not target.exists():
        staging.rename(target)
        return
    try:
        target.rmdir()  # an empty folder: only succeeds when nothing is in it
    except OSError:
        retired = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
        target.rename(retired / target.name)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)  # our own earlier output, checked above
    else:
        staging.rename(target)
