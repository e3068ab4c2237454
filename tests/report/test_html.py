"""The HTML report is self-contained and escapes what it is given."""

from __future__ import annotations

import base64
import re

import numpy as np
import pandas as pd

from fingan.report import HtmlReport, qq_plot, return_histograms


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
