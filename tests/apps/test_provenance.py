"""Every written report records how it was made, in metrics.json and in the page's footer."""

from __future__ import annotations

import json
import os
import re
import time
from typing import Any, ClassVar

import pandas as pd

from fingan.apps.provenance import Provenance
from fingan.apps.reporting import write_report
from fingan.core.version import __version__
from fingan.report import HtmlReport
from tests.report.reading import verdict

KEYS = {"version", "command", "seed", "n_steps", "data", "wall_time_s", "threads", "cpu_count"}


class TinyResult:
    """A study result with what the real ones record: a seed, steps and data periods."""

    REPORT_KIND: ClassVar[str] = "tiny report"

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record

    def summary(self) -> str:
        return "tiny"

    def verdict(self) -> str:
        return "b wins <clearly> & by 0.2 PR-AUC."

    def to_dict(self) -> dict[str, Any]:
        return dict(self.record)

    def report(self) -> HtmlReport:
        report = HtmlReport("Tiny")
        report.add_heading("Verdict")
        report.add_text(self.verdict())
        report.add_table(pd.DataFrame({"pr_auc": [0.5, 0.7]}, index=["a", "b"]))
        return report


RECORD = {
    "seed": 7,
    "training": {"n_steps": 25},
    "assets": ["sp500"],
    "train": {"start": "2014-01-02", "end": "2016-12-30", "days": 756},
    "test": {"start": "2017-01-03", "end": "2018-12-31", "days": 502},
    "models": {"a": 0.5},
}


def footer(html: str) -> str:
    found = re.search(r"<footer>(.*)</footer>", html, flags=re.S)
    assert found is not None
    return re.sub(r"<[^>]+>", " ", found[1])


def test_written_report_records_provenance_in_json_and_footer(tmp_path):
    path = write_report(TinyResult(RECORD), tmp_path / "out")
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    recorded = {
        key: value for key, value in metrics.items() if key not in ("verdict", "provenance")
    }
    assert recorded == RECORD
    provenance = metrics["provenance"]
    assert set(provenance) == KEYS
    assert provenance["version"] == __version__
    assert provenance["command"] is None  # called from Python
    assert provenance["seed"] == 7
    assert provenance["n_steps"] == 25
    assert provenance["data"] == {key: RECORD[key] for key in ("assets", "train", "test")}
    assert provenance["threads"] >= 1
    assert provenance["cpu_count"] == os.cpu_count()
    text = footer(path.read_text())
    for expected in (f"fingan {__version__}", "seed 7", "training steps 25", "2016-12-30"):
        assert expected in " ".join(text.split()), text


def test_command_line_and_wall_time_reach_the_footer(tmp_path):
    started = time.perf_counter() - 2.0
    provenance = Provenance.capture(
        RECORD, command=["fingan", "market", "evaluate", "sp500"], started=started
    )
    assert provenance.wall_time_s is not None
    assert provenance.wall_time_s >= 2.0
    path = write_report(TinyResult(RECORD), tmp_path / "out", provenance=provenance)
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert metrics["provenance"]["command"] == "fingan market evaluate sp500"
    text = " ".join(footer(path.read_text()).split())
    assert "fingan market evaluate sp500" in text
    assert "wall time" in text


def test_unknown_fields_say_so():
    provenance = Provenance.capture({"models": {}})
    assert provenance.seed is None
    assert provenance.n_steps is None
    assert provenance.data == {}
    assert ("seed", "not recorded") in provenance.lines()


def test_written_report_records_the_verdict_it_shows(tmp_path):
    path = write_report(TinyResult(RECORD), tmp_path / "out")
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert next(iter(metrics)) == "verdict"  # the first thing a reader of the file sees
    assert metrics["verdict"] == TinyResult(RECORD).verdict()
    assert verdict(path.read_text()) == metrics["verdict"]
