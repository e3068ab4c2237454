"""Atomic writes: a file appears whole or not at all."""

from __future__ import annotations

import pandas as pd
import pytest

from fingan._io import atomic_file, write_frame
from fingan.exceptions import UnsupportedFormatError


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({"path": [0, 0, 1], "step": [0, 1, 0], "a": [0.01, -0.02, 0.005]})


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


def test_atomic_file_leaves_the_old_file_on_error(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")

    def interrupted():
        with atomic_file(target) as staging:
            staging.write_text("new")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        interrupted()
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]
