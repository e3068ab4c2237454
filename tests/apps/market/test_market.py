"""The market evaluation: every generator scored on held-out days, results as JSON."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from fingan.apps.market import GAN_NAME, market_data, split_returns, write_paths
from fingan.core.exceptions import (
    DateParseError,
    TooFewRowsError,
    UnknownDatasetError,
    UnsupportedFormatError,
)
from fingan.core.paths import ReturnPaths


@pytest.fixture
def evaluation(tiny_market_evaluation):
    return tiny_market_evaluation


def test_every_generator_is_scored_on_the_held_out_period(evaluation):
    assert evaluation.train.index[-1] < pd.Timestamp("2017-01-01") <= evaluation.test.index[0]
    expected = {
        GAN_NAME,
        "GARCH(1,1)-t",
        "Block bootstrap",
        "Gaussian HMM",
        "Gaussian mixture",
        "GBM",
    }
    assert set(evaluation.scores.index) == expected
    assert all(p.values.shape == (20, len(evaluation.test), 2) for p in evaluation.paths.values())
    assert sorted(evaluation.ranking["rank"]) == list(range(1, 7))
    assert "cross_correlation" in evaluation.ranking.columns
    # GBM has no volatility clustering: the bootstrap and GARCH must beat it there.
    vol = evaluation.ranking["volatility_clustering"]
    assert vol["GBM"] > min(vol["GARCH(1,1)-t"], vol["Block bootstrap"])


def test_results_round_trip_through_json(evaluation):
    payload = json.loads(json.dumps(evaluation.to_dict()))
    assert payload["test"]["start"] >= "2017-01-01"
    gan = payload["models"][GAN_NAME]
    assert {"metrics", "groups", "overall_score", "rank", "fit_seconds"} <= set(gan)
    assert "volatility_clustering.acf_abs" in gan["metrics"]


def test_write_paths_tidy_layout(tmp_path):
    paths = ReturnPaths.from_array(np.arange(12.0).reshape(2, 3, 2), ["a", "b"])
    for name in ("p.csv", "p.parquet"):
        written = write_paths(paths, tmp_path / name)
        frame = pd.read_csv(written) if name.endswith("csv") else pd.read_parquet(written)
        assert list(frame.columns) == ["path", "step", "a", "b"]
        assert frame.shape == (6, 4)
        assert frame.loc[3, "b"] == 7.0  # path 1, step 0, asset b
    with pytest.raises(UnsupportedFormatError):
        write_paths(paths, tmp_path / "p.xlsx")


def test_bad_specs_and_short_held_out_periods():
    with pytest.raises(UnknownDatasetError, match="neither a file nor built-in"):
        market_data("sp600")
    returns = market_data("sp500", start="2018-01-01")
    with pytest.raises(TooFewRowsError, match="held-out period"):
        split_returns(returns, test_start="2018-08-01")
    with pytest.raises(DateParseError, match="test_start"):
        split_returns(returns, test_start="next tuesday")
