"""The design study: a grid searched under each generator, its tables, metrics and report."""

from __future__ import annotations

import json

import numpy as np
import pytest

from fingan.apps.market import market_data
from fingan.apps.product import PRIIPS, evaluate_product
from fingan.apps.product.design import design_product, draw_generator_paths
from fingan.apps.product.design_result import ProductDesign
from fingan.apps.reporting import write_report
from fingan.core.exceptions import ConfigError, DataValidationError
from fingan.products import spec_from_dict

SPEC = {
    "type": "reverse_convertible",
    "underlyings": ["sp500"],
    "maturity": 252,
    "coupon": 0.07,
    "knock_in": 0.7,
}
VARY = "knock_in=0.5:0.9:0.1,coupon=0.02:0.06:0.02"


@pytest.fixture(scope="module")
def returns():
    return market_data("sp500")


@pytest.fixture(scope="module")
def design(returns):
    return design_product(
        spec_from_dict(SPEC),
        returns,
        as_of="2008-09-12",
        vary=VARY,
        constraints=["p_loss<=0.15"],
        risk="es_99",
        models=["fhs", "garch_t"],
        n_paths=400,
        random_state=0,
    )


def test_every_generator_searches_the_same_grid(design):
    frame = design.to_frame()
    assert frame.index.names == ["generator", "candidate"]
    assert list(frame.index.get_level_values(0).unique()) == ["fhs", "garch_t", PRIIPS]
    assert design.n_candidates == 15 == design.n_valid
    for search in design.searches.values():
        assert search.frame[["knock_in", "coupon"]].equals(
            design.searches["fhs"].frame[["knock_in", "coupon"]]
        )
        chosen = search.chosen
        if chosen is not None:
            feasible = search.frame[search.frame["feasible"]]
            assert (feasible["p_loss"] <= 0.15).all()
            assert search.frame.loc[chosen, "expected_return"] == feasible["expected_return"].max()


def test_the_paths_are_those_of_evaluate(design, returns):
    """A chosen design's figures match `fingan product evaluate` of that design."""
    search = design.searches["garch_t"]
    index = search.chosen if search.chosen is not None else 0
    spec = search.candidates[index].spec
    alone = evaluate_product(
        spec, returns, as_of="2008-09-12", models=["garch_t"], n_paths=400, random_state=0
    )
    for name in ("garch_t", PRIIPS):
        outcome = alone.generators[name]
        row = design.searches[name].frame.loc[index]
        assert row["expected_return"] == pytest.approx(outcome.expected_return, abs=1e-12)
        assert row["p_loss"] == pytest.approx(outcome.p_loss, abs=1e-12)


def test_the_cross_table_reads_each_choice_under_every_generator(design):
    cross = design.cross_frame()
    chosen = design.chosen_frame()
    with_choice = [name for name, s in design.searches.items() if s.chosen is not None]
    assert len(cross) == len(with_choice) * len(design.searches)
    for name in with_choice:
        own = cross.loc[(name, name)]
        assert own["regret"] == pytest.approx(0.0, abs=1e-12)
        assert own["objective"] == pytest.approx(chosen.loc[name, "expected_return"])
        assert own["feasible"]
    feasible = cross[cross["feasible"]]
    assert (feasible["regret"].dropna() >= -1e-12).all()


def test_metrics_and_report(design, tmp_path):
    report = write_report(design, tmp_path / "out")
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text(), parse_constant=_refuse)
    assert metrics["verdict"] == design.verdict()
    assert metrics["vary"] == VARY
    assert metrics["fields"] == ["knock_in", "coupon"]
    assert metrics["constraints"] == ["p_loss <= 0.15"]
    assert list(metrics["generators"]) == ["fhs", "garch_t", PRIIPS]
    fhs = metrics["generators"]["fhs"]
    assert len(fhs["candidates"]) == 15
    assert fhs["n_valid"] == 15
    html = report.read_text()
    assert html.count("<img") == 3  # a frontier per generator
    assert "Chosen designs under the other generators" in html
    assert ProductDesign.REPORT_KIND == "product design report"
    assert "designs" in design.summary()


def test_priips_paths_are_the_bootstrap_of_the_history(returns):
    history = returns.loc[:"2008-09-12", ["sp500"]]
    paths = draw_generator_paths(PRIIPS, history, n_paths=50, horizon=30, seed=1)
    assert paths.values.shape == (50, 30, 1)
    values = history.to_numpy()
    days = values - values.mean() - 0.5 * values.var()  # Annex II: demeaned, no drift
    assert np.isin(np.round(paths.values, 12), np.round(days, 12)).all()


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"vary": "barrier=0.5:0.8:0.05"}, ConfigError),
        ({"objective": "sharpe"}, ConfigError),
        ({"constraints": ["p_loss<=ten"]}, ConfigError),
        ({"models": ["nonsense"]}, ConfigError),
        ({"as_of": "2015-06-28"}, DataValidationError),
        ({"n_paths": 1}, ConfigError),
    ],
)
def test_bad_input_is_refused_before_any_fit(returns, options, error):
    arguments = {"as_of": "2015-06-30", "vary": VARY, "models": ["fhs"], "n_paths": 10}
    with pytest.raises(error):
        design_product(spec_from_dict(SPEC), returns, **(arguments | options))


def _refuse(constant):
    raise ValueError(f"metrics.json holds {constant}")
