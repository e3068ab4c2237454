"""``fingan data``: check and summarise a user's market data file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import numpy as np
import pandas as pd
import typer
from rich.table import Table
from scipy import stats

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
    from fingan.core.exceptions import ConfigError
    from fingan.data import load_returns

    kinds: tuple[Kind, ...] = ("auto", "prices", "log_returns", "simple_returns")
    if kind not in kinds:
        raise ConfigError(f"--kind must be one of {', '.join(kinds)}; got {kind!r}")
    returns = load_returns(path, kind=kind, date_column=date_column, allow_extreme=allow_extreme)
    console.print(
        f"{path}: {len(returns):,} daily log returns of {returns.shape[1]} asset(s), "
        f"{returns.index[0]:%Y-%m-%d} to {returns.index[-1]:%Y-%m-%d}"
    )
    console.print(_summary_table(returns))


def _summary_table(returns: pd.DataFrame) -> Table:
    table = Table("asset", "ann. mean", "ann. vol", "skew", "ex. kurtosis", "min", "max")
    for column in returns.columns:
        values = returns[column].to_numpy()
        table.add_row(
            str(column),
            f"{values.mean() * 252:.2%}",
            f"{values.std(ddof=1) * np.sqrt(252):.2%}",
            f"{stats.skew(values):.2f}",
            f"{stats.kurtosis(values):.2f}",
            f"{values.min():.4f}",
            f"{values.max():.4f}",
        )
    return table
