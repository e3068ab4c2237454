"""Render fingan's HTML reports in headless Chromium, as a person would see them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image

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
    """Run headless Chromium with ``arguments`` and return what it printed."""
    assert CHROMIUM is not None, "CI must install chromium (see .ci/run)"
    completed = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return completed.stdout


def shown_figures(html: str, folder: Path) -> tuple[int, int]:
    """Load ``html`` in Chromium; return (images decoded and drawn, images on the page)."""
    page = folder / "report.html"
    page.write_text(html.replace("</body>", PROBE))
    dom = chromium("--dump-dom", page.as_uri(), profile=folder / "profile")
    title = re.search(r"<title>shown:(\d+)/(\d+)</title>", dom)
    assert title is not None, dom[:500]
    return int(title[1]), int(title[2])


def drawn_share(folder: Path) -> float:
    """Screenshot the page :func:`shown_figures` wrote; return the share of non-white pixels."""
    screenshot = folder / "shot.png"
    chromium(
        f"--screenshot={screenshot}",
        "--window-size=1200,3000",
        (folder / "report.html").as_uri(),
        profile=folder / "profile2",
    )
    pixels = image.imread(screenshot)[..., :3]
    return float(np.mean(pixels.min(axis=-1) < 0.9))
