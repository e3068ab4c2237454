"""Outputs: a file or folder appears whole or not at all, and nothing a user had is lost."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from fingan.core.exceptions import OutputPathError, UnsupportedFormatError
from fingan.core.io import (
    OUTPUT_MARKER,
    atomic_directory,
    atomic_file,
    check_output_file,
    check_output_folder,
    output_kind,
    write_frame,
)


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({"path": [0, 0, 1], "step": [0, 1, 0], "a": [0.01, -0.02, 0.005]})


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``root``."""
    return {
        str(path.relative_to(root)): path.read_bytes() if path.is_file() else None
        for path in sorted(root.rglob("*"))
    }


def write_folder(target: Path, *, kind: str = "report", overwrite: bool = False) -> None:
    with atomic_directory(target, kind=kind, overwrite=overwrite) as staging:
        (staging / "result.txt").write_text("new")


@pytest.mark.parametrize("name", ["out.csv", "out.parquet", "OUT.PQ"])
def test_write_frame_round_trips_by_ending(frame, tmp_path, name):
    path = write_frame(frame, tmp_path / "sub" / name)
    read = pd.read_csv(path) if name.endswith(".csv") else pd.read_parquet(path)
    pd.testing.assert_frame_equal(read, frame)
    assert sorted(item.name for item in path.parent.iterdir()) == [name]


def test_write_frame_refuses_other_endings_and_writes_nothing(frame, tmp_path):
    with pytest.raises(UnsupportedFormatError, match=r"must end in \.csv or \.parquet"):
        write_frame(frame, tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_only_when_asked(frame, tmp_path):
    target = tmp_path / "results.csv"
    target.write_text("the user's data")
    with pytest.raises(OutputPathError, match="already exists; pass --overwrite"):
        write_frame(frame, target)
    assert tree(tmp_path) == {"results.csv": b"the user's data"}
    write_frame(frame, target, overwrite=True)
    pd.testing.assert_frame_equal(pd.read_csv(target), frame)
    assert [item.name for item in tmp_path.iterdir()] == ["results.csv"]


def test_a_folder_is_never_replaced_by_a_file(frame, tmp_path):
    (tmp_path / "out.csv").mkdir()
    (tmp_path / "out.csv" / "keep.txt").write_text("keep")
    before = tree(tmp_path)
    with pytest.raises(OutputPathError, match="is a folder"):
        write_frame(frame, tmp_path / "out.csv", overwrite=True)
    assert tree(tmp_path) == before


def test_atomic_file_leaves_the_old_file_and_no_new_folders_on_error(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")

    def interrupted(path: Path) -> None:
        with atomic_file(path, overwrite=True) as staging:
            staging.write_text("new")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        interrupted(target)
    with pytest.raises(RuntimeError):
        interrupted(tmp_path / "new" / "deeper" / "out.txt")
    assert tree(tmp_path) == {"out.txt": b"old"}


def test_a_new_or_empty_folder_receives_the_output_with_its_marker(tmp_path):
    write_folder(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    write_folder(tmp_path / "empty")
    for name in ("new", "empty"):
        assert {item.name for item in (tmp_path / name).iterdir()} == {"result.txt", OUTPUT_MARKER}
        assert output_kind(tmp_path / name) == "report"
    assert {item.name for item in tmp_path.iterdir()} == {"new", "empty"}


def test_a_folder_with_the_users_files_is_never_touched(tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("precious")
    before = tree(tmp_path)
    for overwrite in (False, True):
        with pytest.raises(OutputPathError, match="fingan did not write"):
            write_folder(target, overwrite=overwrite)
    assert tree(tmp_path) == before


def test_an_earlier_output_is_replaced_only_when_asked_and_only_by_its_kind(tmp_path):
    target = tmp_path / "out"
    write_folder(target)
    before = tree(tmp_path)
    with pytest.raises(OutputPathError, match="pass --overwrite"):
        write_folder(target)
    with pytest.raises(OutputPathError, match="holds a fingan report, not a model"):
        write_folder(target, kind="model", overwrite=True)
    assert tree(tmp_path) == before
    with atomic_directory(target, kind="report", overwrite=True) as staging:
        (staging / "other.txt").write_text("second run")
    assert {item.name for item in target.iterdir()} == {"other.txt", OUTPUT_MARKER}
    assert [item.name for item in tmp_path.iterdir()] == ["out"]


def test_a_failed_run_leaves_the_earlier_output_as_it_was(tmp_path):
    target = tmp_path / "out"
    write_folder(target)
    before = tree(tmp_path)

    def interrupted() -> None:
        with atomic_directory(target, kind="report", overwrite=True) as staging:
            (staging / "half.txt").write_text("half")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        interrupted()
    assert tree(tmp_path) == before


def test_files_that_appear_during_the_work_are_kept(tmp_path):
    target = tmp_path / "out"

    def racing() -> None:
        with atomic_directory(target, kind="report") as staging:
            (staging / "result.txt").write_text("new")
            target.mkdir()
            (target / "theirs.txt").write_text("theirs")

    with pytest.raises(OutputPathError, match="fingan did not write"):
        racing()
    assert tree(tmp_path) == {"out": None, "out/theirs.txt": b"theirs"}


@pytest.mark.parametrize("where", [".", "..", "~", "/"])
def test_protected_folders_are_refused(tmp_path, monkeypatch, where):
    work = tmp_path / "work"
    work.mkdir()
    (work / "data.csv").write_text("x")
    monkeypatch.chdir(work)
    with pytest.raises(OutputPathError, match="never an output"):
        check_output_folder(os.path.expanduser(where), kind="report", overwrite=True)
    assert (work / "data.csv").read_text() == "x"


def test_a_file_where_a_folder_should_go_is_refused(tmp_path):
    (tmp_path / "results.csv").write_text("data")
    with pytest.raises(OutputPathError, match="is not a folder"):
        check_output_folder(tmp_path / "results.csv", kind="model", overwrite=True)


def test_a_name_too_long_is_refused_before_the_work(tmp_path):
    with pytest.raises(OutputPathError, match="longer than"):
        check_output_file(tmp_path / ("x" * 300 + ".csv"))
    with pytest.raises(OutputPathError, match="longer than"):
        check_output_folder(tmp_path / ("x" * 300), kind="report")


def test_a_name_at_the_limit_is_written(tmp_path, frame):
    path = write_frame(frame, tmp_path / ("x" * 251 + ".csv"))
    assert path.exists()


def test_a_parent_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputPathError, match="is not a folder"):
        check_output_file(tmp_path / "file" / "out.csv")
