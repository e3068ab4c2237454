"""The HTML report is self-contained and escapes what it is given."""

from __future__ import annotations

import base64
import re

import numpy as np
import pandas as pd
import pytest

from fingan.report import HtmlReport, qq_plot, return_histograms
from fingan.report.html import readable_label


def test_report_embeds_png_figures_and_escapes_text(tmp_path, rng):
    real = rng.standard_t(4, size=2000) * 0.01
    report = HtmlReport("Test <report>")
    report.add_text("a < b & c")
    report.add_table(pd.DataFrame({"metric": [0.123456]}, index=["GAN"]))
    report.add_figure(return_histograms(real, {"model": rng.normal(0, 0.01, 2000)}), "hist")
    report.add_figure(qq_plot(real, {"model": real[::-1]}), "qq")
    path = report.write(tmp_path / "r.html")
    html = path.read_text()
    assert "Test &lt;report&gt;" in html
    assert "a &lt; b &amp; c" in html
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 2
    assert all(base64.b64decode(image).startswith(b"\x89PNG") for image in images)
    assert "0.1235" in html
    assert "http" not in html.replace("http-equiv", "")  # nothing fetched from elsewhere
    assert np.isfinite(real).all()


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("pr_auc", "PR-AUC"),
        ("crps", "CRPS"),
        ("var", "VaR"),
        ("es", "ES"),
        ("violation_rate", "Violation rate"),
        ("fit_s", "Fit (s)"),
        ("pinball_0.01", "Pinball 0.01"),
        ("distribution.wasserstein", "Distribution · Wasserstein"),
        ("MarketGAN", "MarketGAN"),
        (("return", "crps"), "Return · CRPS"),
    ],
)
def test_headers_are_readable(label, shown):
    assert readable_label(label) == shown


def test_table_has_one_header_row_with_the_index_name_and_raw_names_on_hover():
    frame = pd.DataFrame(
        {"pr_auc": [0.123456, 2.0], "n_days": [3, 4]}, index=pd.Index(["a", "b"], name="model")
    )
    report = HtmlReport("Table")
    report.add_table(frame)
    page = report.to_html()
    assert page.count("<tr>") == 3  # one header row, two body rows
    assert '<th class="index" scope="col">Model</th>' in page
    assert '<th scope="col" title="pr_auc">PR-AUC</th>' in page
    assert "<td>0.1235</td>" in page  # 4 significant digits
    assert "<td>3</td>" in page  # integers in full
    assert 'class="best"' not in page  # nothing marked unless asked
    assert "overflow-x: auto" in page


@pytest.mark.parametrize("better", ["higher", "lower"])
def test_best_value_per_column_is_bold(better):
    frame = pd.DataFrame({"pr_auc": [0.5, 0.7, float("nan")], "brier": [0.3, 0.1, 0.2]})
    report = HtmlReport("Best")
    report.add_table(frame, better={"pr_auc": better, "brier": "lower"})
    page = report.to_html()
    best = "0.7" if better == "higher" else "0.5"
    assert f'<td class="best">{best}</td>' in page
    assert '<td class="best">0.1</td>' in page
    assert page.count('class="best"') == 2
