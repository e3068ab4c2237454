"""``fingan tabular``: synthetic rows for any table, optionally differentially private."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fingan.cli._common import (
    OverwriteOption,
    QuietOption,
    SeedOption,
    ThreadsOption,
    console,
    frame_table,
    handle_errors,
    run_provenance,
    training_progress,
)
from fingan.core.threads import configure_process

tabular_app = typer.Typer(
    help="Synthetic tables: fit a tabular GAN (optionally with differential privacy), sample "
    "it, and evaluate a synthetic table's fidelity, usefulness and privacy.",
    no_args_is_help=True,
)

TableArgument = Annotated[
    str,
    typer.Argument(help="A CSV/Parquet table (or german_credit).", show_default=False),
]


@tabular_app.command("fit")
@handle_errors
def fit(
    data: TableArgument,
    out: Annotated[Path, typer.Option(help="New folder to save the fitted model in.")],
    target: Annotated[
        str | None,
        typer.Option(help="A column to condition on, so rows of one value can be asked for."),
    ] = None,
    epsilon: Annotated[
        float | None,
        typer.Option(
            help="Differential privacy budget: train with DP-SGD to this epsilon (with --target, "
            "the target's tables with every other column are released once and matched)."
        ),
    ] = None,
    delta: Annotated[
        float | None, typer.Option(help="DP delta (default: well below 1 / rows).")
    ] = None,
    metadata: Annotated[
        Path | None,
        typer.Option(
            help="JSON/YAML of each column's categories or bounds, written by you; required "
            "with --epsilon (a private fit may not read them from the rows)."
        ),
    ] = None,
    steps: Annotated[int | None, typer.Option(min=1, help="Training steps.")] = None,
    pack_critic: Annotated[
        str | None,
        typer.Option(
            help="How the critic reads a pack of rows: pooled (the default; keeps relations "
            "between columns) or concatenated (CTGAN's)."
        ),
    ] = None,
    numeric_encoding: Annotated[
        str,
        typer.Option(
            help="Numeric columns: auto (quantile normalisation where a column has many "
            "distinct values; keeps shapes and tails) or modes (CTGAN's, for every column)."
        ),
    ] = "auto",
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    threads: ThreadsOption = None,
) -> None:
    """Fit a tabular GAN on a table and save it (with its privacy spend, if private)."""
    configure_process(threads)
    from fingan.apps.credit import credit_data
    from fingan.apps.tabular import (
        TABULAR_MODEL_KIND,
        check_tabular_options,
        fit_tabular,
        load_metadata,
        save_tabular,
    )
    from fingan.core.io import check_output_folder

    check_output_folder(out, kind=TABULAR_MODEL_KIND, overwrite=overwrite)
    table = credit_data(data)
    columns = None if metadata is None else load_metadata(metadata)
    check_tabular_options(
        table,
        target=target,
        epsilon=epsilon,
        delta=delta,
        metadata=columns,
        pack_critic=pack_critic,
        numeric_encoding=numeric_encoding,
    )
    with training_progress("training TabularGAN", enabled=not quiet) as progress:
        model = fit_tabular(
            table,
            target=target,
            epsilon=epsilon,
            delta=delta,
            metadata=columns,
            n_steps=steps,
            pack_critic=pack_critic,
            numeric_encoding=numeric_encoding,
            random_state=seed,
            progress=progress,
        )
    save_tabular(model, out, overwrite=overwrite)
    console.print(f"Saved to {out} ({len(table):,} rows, {len(table.columns)} columns)")
    if model.privacy_spent_ is not None:
        console.print(model.privacy_spent_.summary())


@tabular_app.command("sample")
@handle_errors
def sample(
    model_dir: Annotated[
        Path, typer.Argument(help="Folder written by `fingan tabular fit`.", show_default=False)
    ],
    rows: Annotated[int, typer.Option(min=1, help="Rows to generate.")],
    out: Annotated[Path, typer.Option(help="Output file: .csv or .parquet.")],
    where: Annotated[
        str | None,
        typer.Option(help="Only rows with these categories, e.g. creditability=bad."),
    ] = None,
    stratify: Annotated[
        str | None,
        typer.Option(
            help="A categorical column (e.g. the label) whose categories get rows in proportion "
            "to the training counts, each generated conditioned on its category: the way to "
            "draw a classifier's training rows."
        ),
    ] = None,
    seed: SeedOption = 0,
    overwrite: OverwriteOption = False,
    threads: ThreadsOption = None,
) -> None:
    """Generate rows from a saved tabular model into a CSV or Parquet file."""
    configure_process(threads)
    from fingan.apps.tabular import load_tabular, parse_conditions, sample_tabular
    from fingan.core.io import FRAME_SUFFIXES, check_output_file, write_frame

    check_output_file(out, overwrite=overwrite, suffixes=FRAME_SUFFIXES)
    model = load_tabular(model_dir)
    conditions = parse_conditions(where, model)
    table = sample_tabular(model, rows, conditions=conditions, stratify=stratify, random_state=seed)
    write_frame(table, out, overwrite=overwrite)
    console.print(f"Wrote {rows:,} rows to {out}")


@tabular_app.command("evaluate")
@handle_errors
def evaluate(
    real: TableArgument,
    synthetic: Annotated[
        str, typer.Argument(help="The synthetic table (CSV/Parquet).", show_default=False)
    ],
    holdout: Annotated[
        str, typer.Option(help="Real rows the generator never saw, with the same columns.")
    ],
    out: Annotated[Path, typer.Option(help="Folder for metrics.json and report.html.")],
    target: Annotated[
        str | None, typer.Option(help="Label column: adds train-on-synthetic-test-on-real.")
    ] = None,
    positive: Annotated[
        str | None, typer.Option(help="The label counted as positive (default: the rarest).")
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(help="The model folder the rows came from, to report its privacy spend."),
    ] = None,
    seed: SeedOption = 0,
    overwrite: OverwriteOption = False,
    threads: ThreadsOption = None,
) -> None:
    """Score a synthetic table: quality, detection, train-on-synthetic and privacy audits."""
    configure_process(threads)
    from fingan.apps.credit import credit_data
    from fingan.apps.reporting import check_report_folder, write_report
    from fingan.apps.tabular import TabularEvaluation, evaluate_tabular, load_tabular

    check_report_folder(TabularEvaluation, out, overwrite=overwrite)
    spend = None
    if model is not None:
        fitted = load_tabular(model)
        spend = None if fitted.privacy_spent_ is None else fitted.privacy_spent_.to_dict()
    result = evaluate_tabular(
        credit_data(real),
        credit_data(synthetic),
        credit_data(holdout),
        target=target,
        positive=positive,
        privacy_spend=spend,
        random_state=seed,
    )
    report = write_report(
        result, out, overwrite=overwrite, provenance=run_provenance(result, seed=seed)
    )
    console.print(result.verdict())
    console.print(frame_table(result.to_frame(), title="Synthetic table"))
    console.print(f"\nReport: {report.resolve()}")
