"""``fingan explain``: what a saved scenario model learned, beside the classical filters."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fingan.cli._common import (
    AllowExtremeOption,
    OverwriteOption,
    SeedOption,
    ThreadsOption,
    console,
    frame_table,
    handle_errors,
    run_provenance,
)
from fingan.core.threads import configure_process

__all__ = ["explain"]


@handle_errors
def explain(
    model_dir: Annotated[
        Path,
        typer.Argument(help="A model folder written by `fingan risk fit`.", show_default=False),
    ],
    data: Annotated[
        str,
        typer.Option(help="Returns the curves follow: a CSV/Parquet file, sp500, nasdaq..."),
    ],
    out: Annotated[Path, typer.Option(help="Folder for metrics.json and report.html.")],
    asset: Annotated[str | None, typer.Option(help="Shocked asset (default: the first).")] = None,
    paths: Annotated[int, typer.Option(min=2, help="Scenarios per shock.")] = 20_000,
    level: Annotated[float, typer.Option(help="Level of the VaR and ES curves.")] = 0.99,
    day: Annotated[
        str | None,
        typer.Option(help="Day whose GAN VaR is attributed, e.g. 2008-10-15 (default: the last)."),
    ] = None,
    seed: SeedOption = 0,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    threads: ThreadsOption = None,
) -> None:
    """News impact curves of a saved scenario model beside EWMA, GARCH and GJR-GARCH.

    For a model with a GAN innovation model, also how its VaR responds to each condition
    feature (partial dependence, integrated gradients, the days it moved most) with deletion
    tests of the attributions.
    """
    configure_process(threads)
    from fingan.apps.explain import NewsImpactStudy, explain_news_impact
    from fingan.apps.market import market_data
    from fingan.apps.reporting import check_report_folder, write_report

    check_report_folder(NewsImpactStudy, out, overwrite=overwrite)
    returns = market_data(data, allow_extreme=allow_extreme)
    study = explain_news_impact(
        model_dir, returns, asset=asset, n_paths=paths, level=level, day=day, random_state=seed
    )
    report = write_report(
        study, out, overwrite=overwrite, provenance=run_provenance(study, seed=seed)
    )
    console.print(study.verdict())
    console.print(frame_table(study.asymmetries().to_frame(), title="Asymmetry (after -2 / +2)"))
    if study.sensitivity is not None:
        deletion = study.sensitivity.deletion_frame()[["gap", "low", "high", "passed"]]
        console.print(frame_table(deletion, title="Deletion tests (condition sensitivity)"))
    console.print(f"\nReport: {report.resolve()}")
