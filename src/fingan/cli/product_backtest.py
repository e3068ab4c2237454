"""``fingan product backtest``: how well each generator predicted a product's realised outcomes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fingan.cli._common import (
    AllowExtremeOption,
    GanStepsOption,
    OverwriteOption,
    ProductModelsOption,
    QuietOption,
    SeedOption,
    ThreadsOption,
    console,
    frame_table,
    handle_errors,
    run_provenance,
    split_names,
    task_progress,
)
from fingan.core.threads import configure_process

__all__ = ["BACKTEST_COLUMNS", "backtest"]

BACKTEST_COLUMNS = {
    "coverage": "coverage",
    "winkler": "Winkler",
    "pit_ks_p": "PIT KS p",
    "pit_chi2_p": "PIT chi2 p",
    "stress_breach": "below stress",
}
"""Scores printed by ``backtest``, with short headings (all of them are in the report)."""


@handle_errors
def backtest(
    spec: Annotated[
        Path,
        typer.Argument(
            help="The product spec: a JSON file with a type and its terms.", show_default=False
        ),
    ],
    data: Annotated[
        str,
        typer.Option(help="Returns of the underlyings: a CSV/Parquet file, sp500, nasdaq..."),
    ],
    start: Annotated[
        str,
        typer.Option(help="First start date; then the first trading day of every month."),
    ],
    out: Annotated[Path, typer.Option(help="Folder for metrics.json and report.html.")],
    end: Annotated[
        str | None,
        typer.Option(help="Last day a holding period may end on (default: end of the data)."),
    ] = None,
    models: ProductModelsOption = None,
    paths: Annotated[int, typer.Option(min=2, help="Paths per generator and start date.")] = 2_000,
    gan_steps: GanStepsOption = None,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    threads: ThreadsOption = None,
) -> None:
    """Backtest each generator's predicted outcome of a product at monthly start dates.

    Models are refitted yearly on the days before each refit; each start's scenarios are
    conditioned on the market up to that start and compared with what the product paid.
    """
    configure_process(threads)
    from fingan.apps.market import market_data
    from fingan.apps.product import load_product_spec
    from fingan.apps.product.backtest import backtest_product
    from fingan.apps.product.backtest_result import ProductBacktest
    from fingan.apps.reporting import check_report_folder, write_report

    check_report_folder(ProductBacktest, out, overwrite=overwrite)
    product = load_product_spec(spec)
    returns = market_data(data, allow_extreme=allow_extreme)
    with task_progress("backtesting", enabled=not quiet) as progress:
        result = backtest_product(
            product,
            returns,
            start=start,
            end=end,
            models=split_names(models),
            n_paths=paths,
            n_steps=gan_steps,
            random_state=seed,
            progress=progress,
        )
    report = write_report(
        result,
        out,
        overwrite=overwrite,
        provenance=run_provenance(result, seed=seed, n_steps=gan_steps),
    )
    table = result.scores()[list(BACKTEST_COLUMNS)].rename(columns=BACKTEST_COLUMNS)
    console.print(result.verdict())
    title = f"{product.kind}: {result.n_starts} starts, ~{result.n_effective:.0f} independent"
    console.print(frame_table(table, title=title))
    console.print(f"\nReport: {report.resolve()}")
