"""The product study: one product's figures under each generator, and its report."""

from __future__ import annotations

import json

import numpy as np
import pytest

from fingan.apps.market import market_data
from fingan.apps.product import PRIIPS, ProductEvaluation, evaluate_product, load_product_spec
from fingan.apps.reporting import write_report
from fingan.core.exceptions import ConfigError, DataValidationError, ShapeError, TooFewRowsError

SPEC = {
    "type": "reverse_convertible",
    "underlyings": ["sp500"],
    "maturity": 252,
    "coupon": 0.07,
    "knock_in": 0.7,
}


@pytest.fixture(scope="module")
def returns():
    return market_data("sp500")


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    path = tmp_path_factory.mktemp("spec") / "note.json"
    path.write_text(json.dumps(SPEC))
    return load_product_spec(path)


@pytest.fixture(scope="module")
def study(spec, returns):
    return evaluate_product(
        spec, returns, as_of="2015-06-30", models=["fhs", "garch_t"], n_paths=500, random_state=0
    )


def test_every_generator_has_a_consistent_row(study):
    frame = study.to_frame()
    assert list(frame.index) == ["fhs", "garch_t", PRIIPS]
    assert frame["p_loss"].between(0.0, 1.0).all()
    assert (frame["favourable"] >= frame["moderate"]).all()
    assert (frame["moderate"] >= frame["unfavourable"]).all()
    assert (frame["unfavourable"] >= frame["stress"]).all()
    assert frame["risk_class"].between(1, 7).all()
    # A reverse convertible pays at most its coupon, and loses at most the notional.
    assert (frame["favourable"] <= SPEC["coupon"] + 1e-12).all()
    for outcome in study.generators.values():
        assert outcome.returns.shape == (500,) == outcome.worst.shape
        assert outcome.returns.max() <= SPEC["coupon"] + 1e-12
        assert outcome.returns.min() >= -1.0
        assert outcome.es_99 >= outcome.es_975
        # Above the barrier's reach (worst underlying up), the note pays its coupon.
        assert np.allclose(outcome.returns[outcome.worst >= 0.0], SPEC["coupon"])


def test_the_study_is_seeded(spec, returns, study):
    again = evaluate_product(
        spec, returns, as_of="2015-06-30", models=["fhs", "garch_t"], n_paths=500, random_state=0
    )
    assert again.to_frame().equals(study.to_frame())


def test_the_history_ends_on_the_as_of_day(study):
    assert study.as_of == "2015-06-30"
    assert study.start == "1999-01-05"
    assert study.holding_period_years == pytest.approx(1.0)


def test_metrics_hold_the_verdict_and_provenance(study, tmp_path):
    report = write_report(study, tmp_path / "out")
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert metrics["verdict"] == study.verdict()
    assert "model risk" in metrics["verdict"] or "agree within" in metrics["verdict"]
    assert metrics["provenance"]["seed"] == 0
    assert metrics["product"] == SPEC | {"notional": 1.0, "knock_in_observation": "daily"}
    assert list(metrics["generators"]) == ["fhs", "garch_t", PRIIPS]
    assert set(metrics["generators"]["fhs"]) >= {"p_loss", "moderate", "stress", "risk_class"}
    html = report.read_text()
    assert "Payoff diagram" in html
    assert "Return distributions" in html
    assert ProductEvaluation.REPORT_KIND == "product report"


@pytest.mark.parametrize(
    ("as_of", "error"),
    [
        ("2015-06-28", DataValidationError),  # a Sunday: no such day in the data
        ("not a date", ConfigError),
        ("1999-02-01", TooFewRowsError),
    ],
)
def test_a_bad_as_of_day_is_refused(spec, returns, as_of, error):
    with pytest.raises(error):
        evaluate_product(spec, returns, as_of=as_of, models=["fhs"], n_paths=10)


def test_an_unknown_underlying_is_refused(returns):
    from fingan.products import spec_from_dict

    spec = spec_from_dict(SPEC | {"underlyings": ["dax"]})
    with pytest.raises(ShapeError, match="dax"):
        evaluate_product(spec, returns, as_of="2015-06-30", models=["fhs"], n_paths=10)


def test_an_unknown_model_is_refused(spec, returns):
    with pytest.raises(ConfigError):
        evaluate_product(spec, returns, as_of="2015-06-30", models=["nonsense"], n_paths=10)


@pytest.mark.slow
def test_the_gan_generator_runs_with_few_steps(spec, returns):
    study = evaluate_product(
        spec, returns, as_of="2015-06-30", models=["gan"], n_paths=200, n_steps=2
    )
    assert list(study.generators) == ["gan", PRIIPS]
    assert 0.0 <= study.generators["gan"].p_loss <= 1.0


def test_a_two_year_product_is_valued_after_one_year(returns, tmp_path):
    from fingan.products import ReverseConvertible

    note = ReverseConvertible(underlyings=("sp500",), maturity=504, coupon=0.12, knock_in=0.7)
    study = evaluate_product(
        note, returns, as_of="2015-06-30", models=["fhs"], n_paths=400, random_state=0
    )
    frame = study.intermediate_frame()
    assert list(frame.index) == [("fhs", 252), (PRIIPS, 252)]
    for name, outcome in study.generators.items():
        values = outcome.intermediate[252].returns
        # After one year the holder expects, on average, what the note pays at maturity,
        # and a reverse convertible is never worth more than its coupon.
        assert values.mean() == pytest.approx(outcome.expected_return, abs=1e-9)
        assert values.std() < outcome.returns.std()
        assert frame.loc[(name, 252), "favourable"] <= note.coupon + 0.01
    # fhs has an EWMA filter, whose variance explodes now and then over years: the verdict warns
    assert "Careful with fhs: an EWMA filter" in study.verdict()
    metrics = study.to_dict()["generators"]["fhs"]["intermediate"]
    assert set(metrics) == {"252"}
    html = write_report(study, tmp_path / "out").read_text(encoding="utf-8")
    assert "Before maturity" in html


def test_a_one_year_product_has_no_intermediate_day(study):
    assert study.intermediate_frame().empty
    assert "Careful" not in study.verdict()
    assert all(not outcome.intermediate for outcome in study.generators.values())
