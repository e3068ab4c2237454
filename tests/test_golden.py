"""Golden outputs: every study, on small seeded settings, gives the recorded results.

Recorded before the refactor that moves the apps' modules around; after it each study must
still give the same numbers. Each test runs one study with one thread (torch, BLAS and
OpenMP: a different thread count may change the order of float sums) and compares the
JSON-ready summary of its result with ``tests/golden/<study>.json``. Wall-clock timings are
left out; everything else in a result's ``to_dict()`` is deterministic: counts, names and
flags are compared exactly, floats (kept bit for bit by the round trip through JSON) up to
:data:`FLOAT_RTOL`.

To record the files again (only when a change of the numbers is intended)::

    FINGAN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

The files hold the floats of the libraries they were recorded with (torch, numpy, scipy,
scikit-learn, arch), with which a study reproduces them bit for bit. CI installs the newest
releases the package index offers, and a new release may move the last digits: the releases
of a fresh install on 2026-11-30 (numpy 2.4.6, scipy 1.17.1, scikit-learn 1.9.1, arch 8.0.0)
moved the GARCH-t figures by up to 4.7e-5 relative and the credit study's by 2e-10. Hence
the tolerance: far above a library's rounding, far below what a change of behaviour does to
a seeded study (another seed, step or setting moves its figures by 1e-2 and more).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

# The studies' public entry points, imported here only: a rename touches these lines.
from fingan.apps.credit import default_augmenters, evaluate_credit
from fingan.apps.forecast import evaluate_forecasts, fit_forecast_model, forecast_distribution
from fingan.apps.market import evaluate_market, market_data
from fingan.apps.risk import backtest_var, default_risk_models, fit_risk_model, stress_scenarios
from fingan.datasets import load_german_credit, load_market
from fingan.models import MarketGAN
from fingan.nn.tcn import TCNConfig
from fingan.training import TrainingConfig

GOLDEN_DIR = Path(__file__).parent / "golden"
FLOAT_RTOL = 1e-3
"""Relative tolerance of a golden float (see the module's docstring)."""
FLOAT_ATOL = 1e-12
"""Absolute tolerance of a golden float near zero."""
UPDATE_VARIABLE = "FINGAN_UPDATE_GOLDEN"

WEIGHTS = {"sp500": 0.6, "nasdaq": 0.4}  # sums to one
TINY_CONDITIONAL_GAN = TrainingConfig(n_steps=10, batch_size=64)


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    """Run each study on one thread of torch, BLAS and OpenMP (e.g. gradient boosting's)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    with threadpool_limits(limits=1):
        yield
    torch.set_num_threads(threads)


def test_evaluate_market() -> None:
    tiny = TCNConfig(hidden_channels=8, skip_channels=8, n_blocks=4)
    gan = MarketGAN(
        window=32,
        generator=tiny,
        discriminator=tiny,
        training=TrainingConfig(n_steps=5, batch_size=8),
        random_state=0,
    )
    returns = market_data("sp500,nasdaq", start="2014-01-01", end="2018-12-31")
    result = evaluate_market(returns, test_start="2017-01-01", gan=gan, n_paths=20, random_state=0)
    check_golden("evaluate_market", result.to_dict())


def test_evaluate_credit() -> None:
    target = "creditability"
    augmenters = default_augmenters(TrainingConfig(n_steps=5, batch_size=100), target=target)
    result = evaluate_credit(
        load_german_credit(),
        target,
        "bad",
        augmenters=augmenters,
        n_splits=2,
        n_repeats=1,
        random_state=0,
    )
    check_golden("evaluate_credit", result.to_dict())


def test_backtest_var() -> None:
    returns = load_market(["sp500", "nasdaq"], "2015-01-01", "2017-03-31")
    models = default_risk_models(
        TINY_CONDITIONAL_GAN,
        names=["historical", "fhs", "garch_t", "gan"],
    )
    result = backtest_var(
        returns,
        WEIGHTS,
        models,
        start="2017-01-03",
        end="2017-03-31",
        refit="monthly",
        n_paths=200,
        random_state=0,
    )
    check_golden("backtest_var", result.to_dict())


def test_evaluate_forecasts() -> None:
    returns = load_market(["sp500", "nasdaq"], "2015-01-01", "2017-03-31")
    result = evaluate_forecasts(
        returns,
        ["random_walk", "garch_t", "quantile_regression", "gan"],
        start="2017-01-03",
        end="2017-03-31",
        refit="monthly",
        n_paths=200,
        gan_training=TINY_CONDITIONAL_GAN,
        random_state=0,
    )
    check_golden("evaluate_forecasts", result.to_dict())


def test_stress_scenarios() -> None:
    returns = load_market(["sp500", "nasdaq"], "2015-01-01", "2017-12-31")
    model = fit_risk_model(returns, "garch_t", random_state=0)
    result = stress_scenarios(
        model,
        returns,
        WEIGHTS,
        shock=-0.05,
        volatility=0.3,
        n_paths=500,
        horizon=5,
        worst=5,
        random_state=0,
    )
    check_golden("stress_scenarios", result.to_dict())


def test_forecast_distribution() -> None:
    returns = load_market(["sp500", "nasdaq"], "2015-01-01", "2017-12-31")
    model = fit_forecast_model(returns, "gan", gan_training=TINY_CONDITIONAL_GAN, random_state=0)
    table = forecast_distribution(model, returns, horizon=5, n_paths=500, random_state=0)
    check_golden("forecast_distribution", table.to_dict(orient="split"))


# -- the golden files ------------------------------------------------------------------------


def check_golden(name: str, result: Any) -> None:
    """Compare ``result`` (timings dropped) with ``tests/golden/<name>.json``, or record it."""
    actual = json.loads(json.dumps(_stable(result), allow_nan=True))
    path = GOLDEN_DIR / f"{name}.json"
    if os.environ.get(UPDATE_VARIABLE) == "1":
        GOLDEN_DIR.mkdir(exist_ok=True)
        path.write_text(json.dumps(actual, indent=1, allow_nan=True) + "\n", encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(
            f"golden file {path} is missing; record it with "
            f"{UPDATE_VARIABLE}=1 python -m pytest tests/test_golden.py -k {name}"
        )
    expected = json.loads(path.read_text(encoding="utf-8"))
    differences = _differences(expected, actual, name)
    shown = "\n".join(differences[:20])
    more = f"\n... and {len(differences) - 20} more" if len(differences) > 20 else ""
    assert not differences, f"{len(differences)} differences from {path}:\n{shown}{more}"


def _varies(key: str) -> bool:
    """Whether a key holds a value that changes from run to run.

    Only wall-clock timings do: ``fit_seconds`` (market, credit, risk, forecast),
    ``sample_seconds`` (risk, forecast) and each fit's ``seconds`` (risk). Checked by running
    every study twice: nothing else differs, and no result holds a timestamp or a version.
    The risk ``timing`` and forecast ``timings`` entries also hold counts of forecasts and
    fits and the fits' dates, which are kept.
    """
    return key == "seconds" or key.endswith("_seconds")


def _stable(value: Any) -> Any:
    """``value`` without the keys, at any depth, that change from run to run."""
    if isinstance(value, dict):
        return {key: _stable(item) for key, item in value.items() if not _varies(str(key))}
    if isinstance(value, list | tuple):
        return [_stable(item) for item in value]
    return value


def _differences(expected: Any, actual: Any, where: str) -> list[str]:
    """Every place where ``actual`` differs from ``expected``: type, keys, length or value."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = [f"{where}/{key}: missing" for key in expected if key not in actual]
        found += [f"{where}/{key}: not expected" for key in actual if key not in expected]
        for key in expected:
            if key in actual:
                found += _differences(expected[key], actual[key], f"{where}/{key}")
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: {len(actual)} items, expected {len(expected)}"]
        found = []
        for index, (first, second) in enumerate(zip(expected, actual, strict=True)):
            found += _differences(first, second, f"{where}/{index}")
        return found
    both_nan = (
        isinstance(expected, float)
        and isinstance(actual, float)
        and math.isnan(expected)
        and math.isnan(actual)
    )
    # Same JSON type (an int that became a float is a change); counts, names and flags exactly,
    # floats up to FLOAT_RTOL.
    if type(expected) is not type(actual):
        return [f"{where}: {actual!r}, expected {expected!r}"]
    if isinstance(expected, float) and not both_nan:
        if not math.isclose(expected, actual, rel_tol=FLOAT_RTOL, abs_tol=FLOAT_ATOL):
            return [f"{where}: {actual!r}, expected {expected!r}"]
        return []
    if expected != actual and not both_nan:
        return [f"{where}: {actual!r}, expected {expected!r}"]
    return []
