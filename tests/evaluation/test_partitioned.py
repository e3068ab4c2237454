"""Partitioned path datasets: piece by piece, the same on any executor, all or nothing."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError, OutputPathError
from fingan.core.paths import ReturnPaths
from fingan.evaluation import make_executor
from fingan.evaluation.partitioned import DESCRIPTION_FILE, write_path_dataset


def draw(n_paths: int, horizon: int, seed: int) -> ReturnPaths:
    rng = np.random.default_rng(seed)
    return ReturnPaths(rng.normal(0.0, 0.01, (n_paths, horizon, 2)), ("a", "b"))


def written(folder) -> pd.DataFrame:
    return pd.read_parquet(folder).sort_values(["path", "step"]).reset_index(drop=True)


def test_a_dataset_holds_every_path_once_in_pieces(tmp_path):
    result = write_path_dataset(
        draw, tmp_path / "paths", n_paths=45, horizon=4, n_assets=2, piece_paths=10
    )
    assert result.n_pieces == 5
    assert sorted(p.name for p in (tmp_path / "paths").glob("*.parquet")) == [
        f"part-{index:05d}.parquet" for index in range(5)
    ]
    frame = written(tmp_path / "paths")
    assert list(frame.columns) == ["path", "step", "a", "b"]
    assert frame["path"].nunique() == 45
    assert len(frame) == 45 * 4
    description = json.loads((tmp_path / "paths" / DESCRIPTION_FILE).read_text())
    assert description["columns"] == ["path", "step", "a", "b"]
    assert description["n_paths"] == 45


def test_the_paths_do_not_depend_on_the_executor(tmp_path):
    options = {"n_paths": 30, "horizon": 3, "n_assets": 2, "piece_paths": 8, "random_state": 4}
    write_path_dataset(draw, tmp_path / "serial", **options)
    write_path_dataset(
        draw, tmp_path / "processes", executor=make_executor("processes", workers=2), **options
    )
    pd.testing.assert_frame_equal(written(tmp_path / "serial"), written(tmp_path / "processes"))


def test_a_failing_piece_leaves_nothing_behind(tmp_path):
    def broken(n_paths: int, horizon: int, seed: int) -> ReturnPaths:
        if n_paths < 10:
            raise RuntimeError("the sampler broke")
        return draw(n_paths, horizon, seed)

    with pytest.raises(RuntimeError, match="the sampler broke"):
        write_path_dataset(
            broken, tmp_path / "out", n_paths=25, horizon=2, n_assets=2, piece_paths=10
        )
    assert list(tmp_path.iterdir()) == []


def test_a_folder_fingan_did_not_write_is_never_replaced(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(OutputPathError):
        write_path_dataset(draw, folder, n_paths=4, horizon=2, n_assets=2, overwrite=True)
    assert (folder / "notes.txt").read_text() == "keep me"
    dataset = tmp_path / "paths"
    write_path_dataset(draw, dataset, n_paths=4, horizon=2, n_assets=2)
    with pytest.raises(OutputPathError):
        write_path_dataset(draw, dataset, n_paths=4, horizon=2, n_assets=2)
    write_path_dataset(draw, dataset, n_paths=6, horizon=2, n_assets=2, overwrite=True)
    assert written(dataset)["path"].nunique() == 6


@pytest.mark.parametrize("name", ["n_paths", "horizon", "piece_paths"])
def test_counts_below_one_are_refused(tmp_path, name):
    options = {"n_paths": 4, "horizon": 2, "piece_paths": 2} | {name: 0}
    with pytest.raises(ConfigError, match=f"{name} must be a whole number >= 1"):
        write_path_dataset(draw, tmp_path / "out", n_assets=2, **options)
