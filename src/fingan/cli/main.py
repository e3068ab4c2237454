"""The ``fingan`` command line: a thin layer over :mod:`fingan.apps`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fingan.cli._common import (
    RANKING_TITLE,
    AllowExtremeOption,
    OverwriteOption,
    QuietOption,
    SeedOption,
    ThreadsOption,
    command_line,
    console,
    frame_table,
    handle_errors,
    training_progress,
)
from fingan.cli.credit import credit_app
from fingan.cli.data import data_app
from fingan.cli.explain import explain
from fingan.cli.forecast import forecast_app
from fingan.cli.market import market_app
from fingan.cli.product import product_app
from fingan.cli.risk import risk_app
from fingan.cli.tabular import tabular_app
from fingan.cli.tune import tune
from fingan.core.threads import configure_process
from fingan.core.version import __version__

app = typer.Typer(
    name="fingan",
    help="Generative adversarial networks for financial data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
app.add_typer(data_app, name="data")
app.add_typer(market_app, name="market")
app.add_typer(credit_app, name="credit")
app.add_typer(forecast_app, name="forecast")
app.add_typer(risk_app, name="risk")
app.add_typer(product_app, name="product")
app.add_typer(tabular_app, name="tabular")
app.command("explain")(explain)
app.command("tune")(tune)


def _print_version(value: bool) -> None:
    if value:
        console.print(f"fingan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Train GANs on financial data and put the synthetic data to work."""


@app.command()
@handle_errors
def demo(
    out: Annotated[Path, typer.Option(help="Folder to write the outputs into.")] = Path(
        "fingan-demo"
    ),
    data: Annotated[
        Path | None,
        typer.Option(help="CSV/Parquet of prices or returns to use instead of the S&P 500."),
    ] = None,
    steps: Annotated[int, typer.Option(min=1, help="GAN training steps.")] = 500,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    threads: ThreadsOption = None,
) -> None:
    """Fit a market GAN and classical generators to S&P 500 returns; score them; report."""
    configure_process(threads)
    from fingan.apps.demo import OUTPUT_KIND, demo_report_path, run_demo
    from fingan.apps.market import market_data
    from fingan.core.io import check_output_folder

    check_output_folder(out, kind=OUTPUT_KIND, overwrite=overwrite)
    returns = None if data is None else market_data(str(data), allow_extreme=allow_extreme)
    name = "the S&P 500 (built in)" if data is None else str(data)
    console.print(f"Market scenarios for {name}: MarketGAN against the classical generators")
    with training_progress("training MarketGAN", enabled=not quiet) as progress:
        result = run_demo(
            out,
            returns=returns,
            n_steps=steps,
            random_state=seed,
            progress=progress,
            overwrite=overwrite,
            command=command_line(),
        )
    console.print(frame_table(result.ranking[["overall", "rank"]], title=RANKING_TITLE))
    console.print(f"\nReport: {demo_report_path(out).resolve()}")
    console.print(f"Outputs (report, metrics.json, model/): {Path(out).resolve()}")
