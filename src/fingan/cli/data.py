"""``fingan data``: check and summarise a user's market data file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
import typer
from rich.table import Table

from fingan.cli._common import AllowExtremeOption, console, handle_errors

data_app = typer.Typer(help="Check market data files.", no_args_is_help=True)

Kind = Literal["auto", "prices", "log_returns", "simple_returns"]


@data_app.command("inspect")
@handle_errors
def inspect_file(
    path: Annotated[Path, typer.Argument(help="CSV or Parquet: a date column, one per asset.")],
    kind: Annotated[
        str, typer.Option(help="auto, prices, log_returns or simple_returns.")
    ] = "auto",
    date_column: Annotated[str | None, typer.Option(help="Name of the date column.")] = None,
    allow_extreme: AllowExtremeOption = False,
) -> None:
    """Validate a file of prices or returns and summarise its daily log returns."""
    from fingan.apps.market import describe_returns, load_returns
    from fingan.core.exceptions import ConfigError

    kinds: tuple[Kind, ...] = ("auto", "prices", "log_returns", "simple_returns")
    if kind not in kinds:
        raise ConfigError(f"--kind must be one of {', '.join(kinds)}; got {kind!r}")
    returns = load_returns(path, kind=kind, date_column=date_column, allow_extreme=allow_extreme)
    console.print(
        f"{path}: {len(returns):,} daily log returns of {returns.shape[1]} asset(s), "
        f"{returns.index[0]:%Y-%m-%d} to {returns.index[-1]:%Y-%m-%d}"
    )
    console.print(_summary_table(describe_returns(returns)))


def _summary_table(summary: pd.DataFrame) -> Table:
    table = Table("asset", "ann. mean", "ann. vol", "skew", "ex. kurtosis", "min", "max")
    for asset, row in summary.iterrows():
        table.add_row(
            str(asset),
            f"{row['ann_mean']:.2%}",
            f"{row['ann_vol']:.2%}",
            f"{row['skew']:.2f}",
            f"{row['excess_kurtosis']:.2f}",
            f"{row['min']:.4f}",
            f"{row['max']:.4f}",
        )
    return table
