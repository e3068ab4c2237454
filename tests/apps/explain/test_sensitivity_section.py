"""The shared condition-sensitivity section: its heading, and the note for a model without a GAN."""

from __future__ import annotations

from fingan.apps.explain.sensitivity import NOT_APPLICABLE, add_sensitivity_section
from fingan.report import HtmlReport


def test_the_section_takes_a_heading_and_says_when_it_does_not_apply():
    report = HtmlReport("test")
    add_sensitivity_section(report, None, heading="garch_t: condition sensitivity")
    html = report.to_html()
    assert "<h2>garch_t: condition sensitivity</h2>" in html
    assert NOT_APPLICABLE.split(" (")[0] in html
    assert "Faithfulness" not in html  # nothing to test without a GAN
