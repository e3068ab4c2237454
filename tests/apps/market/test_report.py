"""The market report as a person sees it: rendered in headless Chromium, figures showing."""

from __future__ import annotations

from fingan.apps.market import market_report
from tests.report.browser import drawn_share, needs_chromium, shown_figures


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
    assert shown_figures(html, tmp_path) == (expected, expected)
    assert drawn_share(tmp_path) > 0.05  # share of pixels that are not near-white


def test_tables_list_the_models_in_the_ranking_order(tiny_market_evaluation):
    html = market_report(tiny_market_evaluation, n_resamples=20).to_html()
    ranked = list(tiny_market_evaluation.ranking.sort_values("rank").index)
    raw_header = html.split("Raw errors", 1)[1].split("</thead>", 1)[0]
    positions = [raw_header.index(f">{name}<") for name in ranked]
    assert positions == sorted(positions)
