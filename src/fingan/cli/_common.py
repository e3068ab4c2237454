"""What every CLI command shares: error handling, consoles, progress bars, common options."""

from __future__ import annotations

import functools
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from numbers import Real
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import pandas as pd
import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from fingan.core.exceptions import FinganError
from fingan.core.io import STAGING_PREFIX

if TYPE_CHECKING:
    from fingan.apps.provenance import Provenance
    from fingan.apps.registry import RefitSchedule

FILE_WIDTH = 140
"""Columns of output that goes to a file or a pipe (rich's fallback, 80, wraps a table's
cells word by word); a terminal's own width, or ``COLUMNS`` when set, wins."""


def _console(*, stderr: bool = False) -> Console:
    """Return a console that never parses user text (file and column names...) as markup."""
    stream = sys.stderr if stderr else sys.stdout
    to_file = not stream.isatty() and "COLUMNS" not in os.environ
    return Console(stderr=stderr, markup=False, width=FILE_WIDTH if to_file else None)


console = _console()
error_console = _console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")

RANKING_TITLE = "Overall score on held-out days (lower is better; groups in the report)"

EXIT_USAGE = 2
"""Exit code for bad input (data, files, options), as for command-line usage errors."""

DataArgument = Annotated[
    str,
    typer.Argument(
        help="CSV/Parquet of prices or returns (date column + one column per asset), or "
        "built-in data: sp500, nasdaq or sp500,nasdaq."
    ),
]
"""Market data, read by :func:`fingan.apps.market.market_data`."""
EndOption = Annotated[str | None, typer.Option(help="Last date used.")]
SeedOption = Annotated[int, typer.Option(min=0, help="Random seed.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
OverwriteOption = Annotated[
    bool,
    typer.Option(
        "--overwrite",
        help="Replace an earlier output of the same kind at --out (never anything else).",
    ),
]
ThreadsOption = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Threads for torch, BLAS and OpenMP (default: $FINGAN_NUM_THREADS, "
        "$OMP_NUM_THREADS, else 1).",
    ),
]
PathsOption = Annotated[int, typer.Option(min=1, help="Number of paths (scenarios) drawn.")]
GanStepsOption = Annotated[
    int | None, typer.Option(min=1, help="GAN training steps (default: each GAN's own).")
]
ProductModelsOption = Annotated[
    str | None,
    typer.Option(
        help="Comma-separated scenario models (default: garch+empirical,garch_t,"
        "garch+gan_evt; any configuration such as gjr+t). The PRIIPs bootstrap is always "
        "added."
    ),
]
ExecutorOption = Annotated[
    str,
    typer.Option(
        help="Where the independent pieces of the work (a model's refit year, a fold, a seed) "
        "run: serial, processes (local workers) or ray. The results are the same on every "
        "executor."
    ),
]
WarmStartOption = Annotated[
    bool,
    typer.Option(
        "--warm-start",
        help="Refit market_gan from the previous refit's weights with a quarter of its "
        "training steps instead of anew (its first fit is a full one): several times faster.",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(min=1, help="Workers of --executor processes or ray (default: the cores)."),
]
RayAddressOption = Annotated[
    str | None,
    typer.Option(help="Ray cluster to join (e.g. auto); default: start a local Ray."),
]
CheckpointDirOption = Annotated[
    Path | None,
    typer.Option(
        help="Write training checkpoints into this folder (new, empty, or holding fingan "
        "step-* checkpoints only)."
    ),
]
CheckpointEveryOption = Annotated[
    int | None,
    typer.Option(min=1, help="Training steps between checkpoints (default: the model's)."),
]
ResumeOption = Annotated[
    Path | None,
    typer.Option(
        help="Continue training from the latest checkpoint in this folder (same data, seed and "
        "options; --steps may grow). It may be the --checkpoint-dir."
    ),
]
AllowExtremeOption = Annotated[
    bool,
    typer.Option(
        "--allow-extreme",
        help="Accept daily log returns beyond ±1 in a data file (refused as implausible).",
    ),
]


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn fingan's errors into one line on standard error and exit code 2 (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        _route_warnings_to_console()
        _started.clear()
        _started.append(time.perf_counter())
        try:
            return command(*args, **kwargs)
        except FinganError as error:
            print_error(str(error))
            raise typer.Exit(EXIT_USAGE) from None
        except OSError as error:
            print_error(os_error_message(error))
            raise typer.Exit(EXIT_USAGE) from None
        except KeyboardInterrupt:
            error_console.print(Text("interrupted", style="bold red"))
            raise typer.Exit(130) from None

    return wrapper


_started: list[float] = []  # when the running command started (set by handle_errors)


def command_line() -> list[str] | None:
    """Return the command line of this run (program name without its folder)."""
    return [Path(sys.argv[0]).name, *sys.argv[1:]] if sys.argv else None


def run_provenance(
    result: object, *, seed: int | None = None, n_steps: int | None = None
) -> Provenance:
    """Return the provenance of ``result`` made by this command: its command line and wall time.

    ``seed`` and ``n_steps`` are the command's options (``None``: what the result records).
    """
    from fingan.apps.provenance import Provenance

    to_dict = getattr(result, "to_dict", None)
    record = to_dict() if callable(to_dict) else None
    return Provenance.capture(
        record,
        command=command_line(),
        seed=seed,
        n_steps=n_steps,
        started=_started[-1] if _started else None,
    )


def print_error(message: str) -> None:
    """Print ``error: message`` on standard error as one line of plain text."""
    line = " ".join(message.split())  # one line, whatever the message holds
    error_console.print(
        Text.assemble(("error:", "bold red"), " ", line), highlight=False, soft_wrap=True
    )


def os_error_message(error: OSError) -> str:
    """Describe an operating-system error without naming fingan's hidden temporary files."""
    reason = error.strerror or str(error)
    names = [name for name in (error.filename, error.filename2) if name is not None]
    shown = [str(name) for name in names if STAGING_PREFIX not in str(name)]
    hidden = [str(name) for name in names if STAGING_PREFIX in str(name)]
    if not shown and hidden:  # a temporary file beside the output: name its folder instead
        shown = [str(Path(hidden[0]).parent)]
    return f"{reason}: {shown[0]}" if shown else reason


@contextmanager
def training_progress(
    description: str, *, enabled: bool = True
) -> Iterator[Callable[[int, int, Mapping[str, float]], None]]:
    """Yield a training callback that drives a rich progress bar with the latest losses.

    A fit that fails (bad data, a budget that cannot be met) leaves no bar behind: its error
    line is all that is printed.
    """
    columns = (
        TextColumn("{task.description}", style="bold", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("D {task.fields[d_loss]:>8.4f}  G {task.fields[g_loss]:>8.4f}", markup=False),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=error_console, disable=not enabled) as bar:
        task = bar.add_task(description, total=None, d_loss=float("nan"), g_loss=float("nan"))

        def update(step: int, n_steps: int, record: Mapping[str, float]) -> None:
            bar.update(
                task,
                completed=step,
                total=n_steps,
                d_loss=record["d_loss"],
                g_loss=record["g_loss"],
            )

        try:
            yield update
        except BaseException:
            bar.remove_task(task)
            raise


@contextmanager
def task_progress(
    description: str, *, enabled: bool = True
) -> Iterator[Callable[[int, int, str], None]]:
    """Yield a ``progress(done, total, description)`` callback that drives a rich progress bar.

    The callback fits the apps' ``progress`` arguments (folds of a cross-validation, days of a
    rolling backtest); the bar disappears when the block ends.
    """
    columns = (
        TextColumn("{task.description}", style="bold", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=error_console, disable=not enabled, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int, description: str) -> None:
            bar.update(task, completed=done, total=total, description=description)

        yield update


def _route_warnings_to_console() -> None:
    logger = logging.getLogger("fingan")
    if not any(isinstance(handler, RichHandler) for handler in logger.handlers):
        handler = RichHandler(console=error_console, show_time=False, show_path=False)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def frame_table(frame: pd.DataFrame, *, title: str | None = None) -> Table:
    """Render a frame (index levels first) as a rich table, numbers to 4 significant digits."""
    index_names = [str(name or "") for name in frame.index.names]
    table = Table(*index_names, *map(str, frame.columns), title=title)
    for key, row in frame.iterrows():
        labels = key if isinstance(key, tuple) else (key,)
        table.add_row(*map(str, labels), *map(_cell, row))
    return table


def _cell(value: object) -> str:
    """Return a table cell: a number to 4 significant digits, anything else (text) as it is."""
    if isinstance(value, bool | str) or not isinstance(value, Real):
        return str(value)
    return f"{value:.4g}"


def last_day(returns: pd.DataFrame) -> str:
    """Return the last date of ``returns`` as ``YYYY-MM-DD`` (or the index label as text)."""
    last = returns.index[-1]
    return f"{last:%Y-%m-%d}" if hasattr(last, "strftime") else str(last)


def split_names(text: str | None) -> list[str] | None:
    """Parse a comma-separated ``--models`` list (``None`` stays ``None``: all models)."""
    return None if text is None else [name.strip() for name in text.split(",") if name.strip()]


def refit_schedule(text: str) -> RefitSchedule:
    """Parse ``--refit``: a calendar period, ``never``, or a number of trading days."""
    from fingan.apps.registry import parse_refit

    return parse_refit(text)
