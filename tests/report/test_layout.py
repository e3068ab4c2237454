"""Every report fits a 1,024 px window in Chromium: no page overflow, no header out of reach.

Each study's report, built from the small fixtures of its own tests, is loaded in headless
Chromium 1,024 px wide. The page must not scroll sideways, and every column header of every
table must lie inside the window, or inside the table's own box that scrolls sideways. The
market ranking table (with ``overall`` and ``rank``) must show every column without scrolling.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from fingan.report import HtmlReport
from tests.report.browser import chromium, needs_chromium

WIDTH = 1024

PROBE = """<script>window.addEventListener('load', () => {
  const page = document.documentElement;
  const tables = [...document.querySelectorAll('table')].map((table) => {
    const box = table.closest('.table');
    const boxRight = box ? box.getBoundingClientRect().right : Infinity;
    const scrolls = !!box && getComputedStyle(box).overflowX === 'auto'
      && boxRight <= window.innerWidth + 0.5;
    const headers = [...table.querySelectorAll('thead th')].map((th) => ({
      text: th.textContent, right: th.getBoundingClientRect().right}));
    return {scrolls, boxRight, headers,
            hidden: headers.filter((h) => h.right > window.innerWidth + 0.5).map((h) => h.text),
            clipped: headers.filter((h) => h.right > boxRight + 0.5).map((h) => h.text)};
  });
  const probe = {scrollWidth: page.scrollWidth, innerWidth: window.innerWidth, tables};
  const text = unescape(encodeURIComponent(JSON.stringify(probe)));
  document.body.setAttribute('data-probe', btoa(text));
});</script></body>"""


def layout(report: HtmlReport, folder: Path) -> dict[str, Any]:
    """Load ``report`` in Chromium ``WIDTH`` px wide; return what :data:`PROBE` measured."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "report.html"
    page.write_text(report.to_html().replace("</body>", PROBE))
    dom = chromium(
        f"--window-size={WIDTH},900", "--dump-dom", page.as_uri(), profile=folder / "profile"
    )
    found = re.search(r'data-probe="([^"]+)"', dom)
    assert found is not None, dom[:500]
    probe: dict[str, Any] = json.loads(base64.b64decode(found[1]).decode())
    return probe


def check_fits(probe: dict[str, Any]) -> None:
    assert probe["innerWidth"] == WIDTH
    assert probe["scrollWidth"] <= probe["innerWidth"]
    assert probe["tables"], "no table on the page"
    for table in probe["tables"]:
        # A header outside the window is fine only inside a box that scrolls on its own.
        assert not table["hidden"] or table["scrolls"], table


@needs_chromium
def test_wide_table_scrolls_in_its_own_box(tmp_path):
    wide = pd.DataFrame(
        [[123456.789 * (i + 1) for i in range(40)]],
        columns=[f"a_rather_long_metric_name_{i}" for i in range(40)],
        index=pd.Index(["model"], name="model"),
    )
    report = HtmlReport("Wide")
    report.add_table(wide)
    probe = layout(report, tmp_path)
    check_fits(probe)
    (table,) = probe["tables"]
    assert table["hidden"]
    assert table["scrolls"]


@pytest.mark.slow  # the market report draws its figures and bootstraps its scores: ~1 min
@needs_chromium
def test_market_report_fits_and_shows_the_whole_ranking(tiny_market_evaluation, tmp_path):
    from fingan.apps.market import market_report

    probe = layout(market_report(tiny_market_evaluation), tmp_path)
    check_fits(probe)
    ranking = probe["tables"][0]
    texts = [header["text"] for header in ranking["headers"]]
    assert {"Overall", "Rank"} <= set(texts), texts
    assert not ranking["hidden"], ranking
    assert not ranking["clipped"], ranking


@needs_chromium
@pytest.mark.parametrize("study", ["risk", "credit", "forecast", "explain", "product"])
def test_study_report_fits(study, request, tmp_path):
    result = request.getfixturevalue(f"{study}_result")
    check_fits(layout(result.report(), tmp_path))


@pytest.fixture(scope="module")
def risk_result():
    from fingan.apps.risk import backtest_var, default_risk_models
    from fingan.datasets import load_market
    from tests.apps.risk.test_study import TooCalm

    returns = load_market(["sp500", "nasdaq"], "2013-01-01", "2018-12-31")
    models = {"too_calm": lambda seed: TooCalm(), **default_risk_models(names=["garch_t"])}
    return backtest_var(
        returns,
        {"sp500": 0.6, "nasdaq": 0.4},
        models,
        start="2018-01-02",
        end="2018-02-28",
        refit="monthly",
        n_paths=200,
    )


@pytest.fixture(scope="module")
def credit_result():
    from fingan.apps.credit import evaluate_credit
    from fingan.datasets import load_german_credit
    from tests.apps.credit.test_report import Jitter
    from tests.apps.credit.test_study import TARGET

    credit = load_german_credit().sample(240, random_state=2).reset_index(drop=True)
    return evaluate_credit(
        credit,
        TARGET,
        "bad",
        augmenters={"copula": Jitter, "gan": Jitter},
        classifiers=("logistic",),
        n_splits=2,
        n_repeats=1,
    )


@pytest.fixture(scope="module")
def forecast_result():
    from fingan.apps.forecast import evaluate_forecasts
    from fingan.baselines import GARCHBaseline
    from fingan.datasets import load_market
    from tests.apps.forecast.test_report import Wide

    returns = load_market(["sp500"], "2013-01-01", "2016-12-31")
    return evaluate_forecasts(
        returns,
        {"garch_t": GARCHBaseline(), "wide": Wide()},
        horizon=2,
        start="2016-10-03",
        refit="never",
        n_paths=300,
    )


@pytest.fixture(scope="module")
def explain_result(tmp_path_factory):
    from fingan.apps.explain import explain_news_impact
    from fingan.apps.risk import fit_risk_model, save_risk_model
    from fingan.datasets import load_market

    returns = load_market(["sp500"], "2005-01-01", "2012-12-31")
    folder = tmp_path_factory.mktemp("explain") / "model"
    save_risk_model(fit_risk_model(returns, "gjr+t"), folder)
    return explain_news_impact(folder, returns, n_paths=500)


@pytest.fixture(scope="module")
def product_result():
    from fingan.apps.product import evaluate_product
    from fingan.datasets import load_market
    from fingan.products import ReverseConvertible

    returns = load_market(["sp500"], "2005-01-01", "2016-12-31")
    note = ReverseConvertible(underlyings=("sp500",), maturity=252, coupon=0.08, knock_in=0.7)
    return evaluate_product(
        note, returns, as_of="2015-06-30", models=["fhs", "garch_t"], n_paths=500
    )
