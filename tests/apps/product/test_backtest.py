"""The product backtest: monthly starts, no look-ahead, calibration on the generator's own model."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from arch.univariate import GARCH, ConstantMean, StudentsT

from fingan.apps.product.backtest import backtest_product, backtest_products, backtest_starts
from fingan.apps.product.backtest_result import SCORE_COLUMNS
from fingan.apps.reporting import write_report
from fingan.core.exceptions import ConfigError, ShapeError, TooFewRowsError
from fingan.products import BufferNote, ReverseConvertible

# A buffer note with no buffer pays the underlying's return: a continuous outcome.
TRACKER = BufferNote(underlyings=("asset",), maturity=21, buffer=0.0)
NOTE = ReverseConvertible(underlyings=("asset",), maturity=21, coupon=0.01, knock_in=0.9)


def _garch_t(n_days: int, seed: int) -> pd.DataFrame:
    """Daily log returns simulated from a GARCH(1, 1) with Student-t innovations."""
    model = ConstantMean(None, volatility=GARCH(), distribution=StudentsT(seed=seed))
    # Percent units: mean 0.03, omega 0.02, alpha 0.08, beta 0.9, nu 6.
    simulated = model.simulate([0.03, 0.02, 0.08, 0.9, 6.0], n_days, burn=500)
    index = pd.bdate_range("2000-01-03", periods=n_days)
    return pd.DataFrame({"asset": simulated["data"].to_numpy() / 100}, index=index)


@pytest.fixture(scope="module")
def returns():
    return _garch_t(4_200, seed=7)


@pytest.fixture(scope="module")
def calibrated(returns):
    return backtest_product(
        TRACKER, returns, start="2001-06-01", models=["garch_t"], n_paths=1_000, random_state=0
    )


def test_starts_are_monthly_and_end_inside_the_data():
    index = pd.bdate_range("2000-01-03", periods=600)
    rows = backtest_starts(index, "2001-01-15", None, 21)
    days = index[rows]
    assert days[0] == pd.Timestamp("2001-01-15")
    assert all(day.day <= 3 for day in days[1:])  # first trading day of each month
    assert (days.to_period("M")[1:] != days.to_period("M")[:-1]).all()
    assert rows[-1] + 21 <= len(index) - 1
    assert rows[-1] + 21 + 23 > len(index) - 1  # no later month would still fit


@pytest.mark.parametrize(
    ("start", "end", "error", "message"),
    [
        ("2003-01-01", None, ConfigError, "after the last day of data"),
        ("2002-04-10", None, ConfigError, "holding period end by"),
        ("2001-01-15", "2001-01-20", ConfigError, "holding period end by"),
        ("2000-03-01", None, TooFewRowsError, "need at least 250"),
        ("someday", None, ConfigError, "cannot parse start"),
    ],
)
def test_bad_dates_are_one_clear_error(start, end, error, message):
    index = pd.bdate_range("2000-01-03", periods=600)  # ends 2002-04-19
    with pytest.raises((error, ValueError), match=message):
        backtest_starts(index, start, end, 21)


def test_garch_t_backtested_on_its_own_model_covers_about_80_percent(calibrated):
    scores = calibrated.scores()
    assert list(scores.columns) == list(SCORE_COLUMNS)
    assert list(scores.index) == ["garch_t", "priips"]
    assert calibrated.n_starts > 150
    # Starts about 21 days apart and 21-day holding periods: hardly any overlap.
    assert calibrated.n_effective == pytest.approx(calibrated.n_starts, rel=0.05)
    row = scores.loc["garch_t"]
    assert 0.72 <= row["coverage"] <= 0.88
    assert row["pit_coverage"] == pytest.approx(row["coverage"], abs=0.02)  # no atoms here
    assert row["pit_ks_p"] > 0.01
    assert row["stress_breach"] < 0.05
    frame = calibrated.to_frame()
    assert (frame["q10"] <= frame["q50"]).all()
    assert (frame["q50"] <= frame["q90"]).all()
    assert frame["pit"].between(0.0, 1.0).all()
    inside = (frame["realised"] >= frame["q10"]) & (frame["realised"] <= frame["q90"])
    assert (frame["inside"] == inside).all()
    assert (frame.loc[frame["inside"], "winkler"] == (frame["q90"] - frame["q10"])[inside]).all()


def test_the_realised_outcome_is_the_return_after_the_start(returns, calibrated):
    frame = calibrated.to_frame().loc["garch_t"]
    start = frame.index[3]
    row = returns.index.get_loc(start)
    expected = np.expm1(returns["asset"].iloc[row + 1 : row + 22].sum())
    assert frame.loc[start, "realised"] == pytest.approx(expected)


def test_no_look_ahead(returns):
    short = returns.iloc[:1_000]
    base = backtest_product(TRACKER, short, start="2002-06-01", models=["fhs"], n_paths=300)
    frame = base.to_frame()
    starts = base.starts
    cut = short.index.get_loc(starts[8]) + TRACKER.maturity  # start 8's holding period ends
    changed = short.copy()
    changed.iloc[cut + 1 :] *= 3.0
    again = backtest_product(TRACKER, changed, start="2002-06-01", models=["fhs"], n_paths=300)
    other = again.to_frame()
    early = frame.index.get_level_values("start") <= starts[8]
    pd.testing.assert_frame_equal(frame[early], other[early])
    assert not frame[~early].equals(other[~early])  # the later starts did see the change


def test_products_share_fits_and_paths(returns):
    short = returns.iloc[:1_100]
    kwargs = {"start": "2002-06-01", "models": ["fhs"], "n_paths": 300, "random_state": 3}
    tracker, note = backtest_products([TRACKER, NOTE], short, **kwargs)
    alone = backtest_product(NOTE, short, **kwargs)
    pd.testing.assert_frame_equal(note.to_frame(), alone.to_frame())
    assert tracker.fits.equals(note.fits)
    assert len(note.fits) == 3  # 2002, 2003, 2004
    assert (note.fits["train_end"] < note.fits["refit_date"]).all()
    # The note pays its coupon exactly on most paths: the band collapses onto the atom.
    assert np.allclose(note.to_frame()["q90"], NOTE.coupon)


def test_bad_input(returns):
    with pytest.raises(ConfigError, match="unknown model"):
        backtest_product(TRACKER, returns, start="2001-06-01", models=["moon"])
    with pytest.raises(ShapeError, match="underlying"):
        backtest_product(
            BufferNote(underlyings=("dax",), maturity=21, buffer=0.0), returns, start="2001-06-01"
        )
    other = BufferNote(underlyings=("dax",), maturity=21, buffer=0.0)
    with pytest.raises(ConfigError, match="same underlyings"):
        backtest_products([TRACKER, other], returns, start="2001-06-01")


def test_the_report_and_metrics(calibrated, tmp_path):
    write_report(calibrated, tmp_path / "out")
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert metrics["verdict"] == calibrated.verdict()
    assert metrics["n_starts"] == calibrated.n_starts
    assert set(metrics["generators"]) == {"garch_t", "priips"}
    assert sum(metrics["generators"]["garch_t"]["pit_histogram"]) == calibrated.n_starts
    assert len(metrics["forecasts"]) == 2 * calibrated.n_starts
    html = (tmp_path / "out" / "report.html").read_text()
    assert "PIT histograms" in html
    assert "Winkler" in html
