"""``fingan product design``: search a product's terms under each scenario generator."""

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

__all__ = ["design"]


@handle_errors
def design(
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
    as_of: Annotated[
        str, typer.Option("--as-of", help="Last day known; the paths start the day after.")
    ],
    out: Annotated[Path, typer.Option(help="Folder for metrics.json and report.html.")],
    vary: Annotated[
        str,
        typer.Option(
            help="The grid of terms, bounds included: field=start:stop:step or field=a|b|c, "
            "comma-separated, e.g. knock_in=0.5:0.8:0.05,coupon=0.04:0.10:0.01."
        ),
    ],
    objective: Annotated[
        str,
        typer.Option(
            help="The figure to make best: expected_return, median_return, p_gain, "
            "return_p10 (higher is better), p_loss, es_99, es_975 (lower is better)."
        ),
    ] = "expected_return",
    constraint: Annotated[
        list[str] | None,
        typer.Option(
            help="A bound such as p_loss<=0.1, p_loss<=10% or es_99<=0.2 (ES is a positive "
            "loss); repeat the option or separate bounds by commas."
        ),
    ] = None,
    risk: Annotated[
        str, typer.Option(help="The figure the frontier weighs the objective against.")
    ] = "p_loss",
    models: ProductModelsOption = None,
    paths: PathsOption = 10_000,
    gan_steps: GanStepsOption = None,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    threads: ThreadsOption = None,
) -> None:
    """Search --vary's grid for the best design under each generator, with its model risk."""
    configure_process(threads)
    from fingan.apps.market import market_data
    from fingan.apps.product import load_product_spec
    from fingan.apps.product.design import design_product
    from fingan.apps.product.design_result import ProductDesign
    from fingan.apps.reporting import check_report_folder, write_report

    check_report_folder(ProductDesign, out, overwrite=overwrite)
    product = load_product_spec(spec)
    returns = market_data(data, allow_extreme=allow_extreme)
    with task_progress("designing", enabled=not quiet) as progress:
        result = design_product(
            product,
            returns,
            as_of=as_of,
            vary=vary,
            objective=objective,
            constraints=constraint,
            risk=risk,
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
    console.print(result.verdict())
    console.print(frame_table(result.chosen_frame(), title=f"chosen {product.kind} designs"))
    console.print(f"\nReport: {report.resolve()}")
