"""``fingan product``: structured products under generated scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fingan.cli._common import (
    AllowExtremeOption,
    GanStepsOption,
    OverwriteOption,
    PathsOption,
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

product_app = typer.Typer(
    help="Structured products under generated scenarios: figures per generator, model risk.",
    no_args_is_help=True,
)

TABLE_COLUMNS = {
    "expected_return": "E[return]",
    "p_loss": "P(loss)",
    "es_99": "ES 99%",
    "moderate": "moderate",
    "stress": "stress",
    "risk_class": "class",
}
"""Figures printed by ``evaluate``, with short headings (all of them are in the report)."""


@product_app.command("evaluate")
@handle_errors
def evaluate(
    spec: Annotated[
        Path,
        typer.Argument(
            help="The product spec: a JSON or YAML file with a type and its terms.",
            show_default=False,
        ),
    ],
    data: Annotated[
        str,
        typer.Option(help="Returns of the underlyings: a CSV/Parquet file, sp500, nasdaq..."),
    ],
    as_of: Annotated[
        str, typer.Option("--as-of", help="Last day known; the paths start the day after.")
    ],
    out: Annotated[Path, typer.Option(help="Folder for metrics.json and report.html.")],
    models: ProductModelsOption = None,
    paths: PathsOption = 10_000,
    gan_steps: GanStepsOption = None,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    threads: ThreadsOption = None,
) -> None:
    """Evaluate a product on each generator's paths after --as-of and report the model risk."""
    configure_process(threads)
    from fingan.apps.market import market_data
    from fingan.apps.product import ProductEvaluation, evaluate_product, load_product_spec
    from fingan.apps.reporting import check_report_folder, write_report

    check_report_folder(ProductEvaluation, out, overwrite=overwrite)
    product = load_product_spec(spec)
    returns = market_data(data, allow_extreme=allow_extreme)
    with task_progress("evaluating", enabled=not quiet) as progress:
        result = evaluate_product(
            product,
            returns,
            as_of=as_of,
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
    table = result.to_frame()[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    console.print(result.verdict())
    console.print(frame_table(table, title=f"{product.kind} after {result.as_of}"))
    console.print(f"\nReport: {report.resolve()}")


from fingan.cli.product_backtest import backtest  # noqa: E402
from fingan.cli.product_design import design  # noqa: E402

product_app.command("design")(design)
product_app.command("backtest")(backtest)
