"""The market report as a person sees it: rendered in headless Chromium, figures showing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image

from fingan.apps.market_report import market_report

CHROMIUM = next(
    (path for name in ("chromium", "chromium-browser") if (path := shutil.which(name))), None
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=10000",
]
# Runs in CI, which installs Chromium; a developer machine without it skips.
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and os.environ.get("CI") != "true", reason="chromium is not installed"
)
PROBE = """<script>window.addEventListener('load', () => {
  const images = [...document.images];
  const shown = images.filter((img) => img.complete && img.naturalWidth > 100);
  document.title = `shown:${shown.length}/${images.length}`;
});</script></body>"""


def chromium(*arguments: str, profile: Path) -> str:
    assert CHROMIUM is not None, "CI must install chromium (see .ci/run)"
    completed = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return completed.stdout


@needs_chromium
def test_report_renders_every_figure_in_chromium(tiny_market_evaluation, tmp_path):
    html = market_report(tiny_market_evaluation).to_html()
    # Per asset: paths, histogram, QQ, four stylized-fact curves; the GAN's training curves;
    # the correlation heatmap.
    expected = 2 * 7 + 1 + 1
    assert html.count("<img") == expected
    headings = ("Ranking", "Raw errors", "volatility clustering", "training", "Cross-asset")
    for heading in headings:
        assert heading.lower() in html.lower()
    page = tmp_path / "report.html"
    page.write_text(html.replace("</body>", PROBE))
    dom = chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile")
    title = re.search(r"<title>shown:(\d+)/(\d+)</title>", dom)
    assert title is not None, dom[:500]
    assert (int(title[1]), int(title[2])) == (expected, expected)

    screenshot = tmp_path / "shot.png"
    chromium(
        f"--screenshot={screenshot}",
        "--window-size=1200,3000",
        page.as_uri(),
        profile=tmp_path / "profile2",
    )
    pixels = image.imread(screenshot)[..., :3]
    drawn = np.mean(pixels.min(axis=-1) < 0.9)  # share of pixels that are not near-white
    assert drawn > 0.05
