"""The ``fingan`` command line: a thin layer over :mod:`fingan.apps`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fingan._version import __version__
from fingan.cli._common import console, frame_table, handle_errors, training_progress
from fingan.cli.data import data_app

app = typer.Typer(
    name="fingan",
    help="Generative adversarial networks for financial data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
app.add_typer(data_app, name="data")


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
    steps: Annotated[int, typer.Option(min=1, help="Generator updates.")] = 1500,
    seed: Annotated[int, typer.Option(min=0, help="Random seed.")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Train a GAN on daily returns (built-in S&P 500 by default) and write a report."""
    from fingan.apps import run_demo
    from fingan.data import load_returns

    returns = None if data is None else load_returns(data)
    name = "S&P 500 (built in)" if data is None else str(data)
    console.print(f"Training a GAN on daily log returns of {name} ...")
    with training_progress("training", enabled=not quiet) as progress:
        result = run_demo(out, returns=returns, n_steps=steps, random_state=seed, progress=progress)
    console.print(frame_table(result.scores, title="Scores (lower is better)"))
    console.print(f"\nReport: [bold]{result.report_path.resolve()}[/]")
    console.print(f"Outputs (model, samples, history, metrics): {result.out_dir.resolve()}")
