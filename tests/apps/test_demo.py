"""The demo job on user data: last quarter held out, all outputs written."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from fingan.apps import run_demo
from fingan.models import MarketGAN
from tests.report.reading import tables, verdict


def test_demo_on_user_returns_holds_out_the_last_quarter(tmp_path, rng):
    days = pd.bdate_range("2010-01-01", periods=1200, name="date")
    returns = pd.DataFrame({"xyz": rng.standard_t(4, size=1200) * 0.01}, index=days)
    result = run_demo(tmp_path / "demo", returns=returns, n_steps=3, n_paths=12)
    assert len(result.test) == 300
    assert {p.name for p in (tmp_path / "demo").iterdir()} == {
        "model",
        "metrics.json",
        "report.html",
        ".fingan-output.json",
    }
    metrics = json.loads((tmp_path / "demo" / "metrics.json").read_text())
    assert metrics["assets"] == ["xyz"]
    provenance = metrics["provenance"]
    assert (provenance["seed"], provenance["n_steps"]) == (0, 3)
    assert provenance["wall_time_s"] > 0
    html = (tmp_path / "demo" / "report.html").read_text()
    assert "fingan" in html.split("<footer>")[-1]
    assert metrics["verdict"] == verdict(html) == result.verdict()
    (ranking,) = tables(html, "Ranking")
    assert ranking.best("Overall") == [(result.ranking.index[0],)]
    assert metrics["verdict"].startswith(f"{result.ranking.index[0]} has the best overall score")
    model = MarketGAN.load(tmp_path / "demo" / "model")
    assert np.isfinite(model.sample(2, 30, random_state=0).values).all()
