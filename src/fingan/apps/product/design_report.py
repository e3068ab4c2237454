"""The report of a product design: verdict, a frontier per generator, the chosen designs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fingan.products.design_terms import METRICS
from fingan.report import HtmlReport
from fingan.report.figures.product_design import frontier_figure
from fingan.report.palette import model_colours

if TYPE_CHECKING:
    from fingan.apps.product.design_result import ProductDesign

__all__ = ["design_report"]


def design_report(design: ProductDesign) -> HtmlReport:
    """Return the report: verdict, frontiers, chosen designs, cross-generator regret."""
    spec = design.spec
    report = HtmlReport(f"fingan product design: {spec.kind} on {', '.join(spec.underlyings)}")
    report.add_heading("Verdict")
    report.add_text(design.verdict())
    objective, risk = METRICS[design.objective], METRICS[design.risk]
    report.add_heading("Frontiers")
    rules = ", ".join(map(str, design.constraints)) or "none"
    report.add_text(
        f"Each point is one valid candidate of the grid {design.vary} ({design.n_candidates} "
        f"points), evaluated on the {design.n_paths:,} paths of one generator; every candidate "
        "of a generator shares its paths (common random numbers). Crosses break the "
        f"constraints ({rules}); the line joins the candidates no other beats on both "
        f"{design.objective} ({objective.description}) and {design.risk} "
        f"({risk.description}); the star is the chosen design, the best {design.objective} "
        "among feasible candidates."
    )
    colours = model_colours(design.searches)
    for name, search in design.searches.items():
        frame = search.frame
        report.add_figure(
            frontier_figure(
                frame[design.objective],
                frame[design.risk],
                frame["feasible"],
                frame["frontier"],
                search.chosen,
                objective_label=f"{design.objective} ({objective.description})",
                risk_label=f"{design.risk} ({risk.description})",
                colour=colours[name],
            ),
            f"{name}: {int(frame['valid'].sum())} valid candidates, "
            f"{int(frame['feasible'].sum())} feasible, {int(frame['frontier'].sum())} on the "
            "frontier",
        )
    invalid = design.n_candidates - design.n_valid
    report.add_heading("Chosen designs")
    report.add_text(
        "Each generator's chosen design, its figures, and how many candidates are feasible and "
        "on the frontier. A missing design means no candidate meets the constraints under that "
        f"generator. {invalid} of the {design.n_candidates} grid points are not valid "
        f"{spec.kind} terms (the spec's own checks refuse them); they are left out everywhere."
    )
    report.add_table(design.chosen_frame(), float_format="{:.4g}")
    report.add_heading("Chosen designs under the other generators")
    report.add_text(
        "Each generator's chosen design read off every other generator's search (the grid is "
        f"the same): its {design.objective} and {design.risk} there, whether it meets the "
        "constraints there, and its regret: how much objective it gives up against that "
        "generator's own choice. Large regrets mean the design depends on the scenario model."
    )
    report.add_table(design.cross_frame(), float_format="{:.4g}")
    return report
