"""``fingan credit``: measure whether synthetic defaulters help a default classifier."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fingan.cli._common import (
    ExecutorOption,
    OverwriteOption,
    QuietOption,
    RayAddressOption,
    SeedOption,
    ThreadsOption,
    WorkersOption,
    console,
    frame_table,
    handle_errors,
    run_provenance,
    task_progress,
)
from fingan.core.threads import configure_process

credit_app = typer.Typer(
    help="Credit default: measure whether synthetic defaulters help a classifier.",
    no_args_is_help=True,
)

SUMMARY_TITLE = "Mean test-fold scores (Brier: lower is better; intervals in the report)"
TESTS_TITLE = "PR-AUC difference a - b, corrected resampled t-test"


@credit_app.command("evaluate")
@handle_errors
def evaluate(
    data: Annotated[
        str,
        typer.Argument(help="CSV/Parquet table with a label column, or built-in: german_credit."),
    ],
    out: Annotated[Path, typer.Option(help="Folder for metrics.json and report.html.")],
    target: Annotated[
        str | None, typer.Option(help="Label column (german_credit: creditability).")
    ] = None,
    positive: Annotated[
        str | None, typer.Option(help="Label of the positive class, the defaulters (e.g. bad).")
    ] = None,
    splits: Annotated[int, typer.Option(min=2, help="Folds per repeat.")] = 5,
    repeats: Annotated[int, typer.Option(min=1, help="Repeats of the cross-validation.")] = 5,
    gan_steps: Annotated[
        int | None, typer.Option(min=1, help="GAN training steps (default: TabularGAN's).")
    ] = None,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    threads: ThreadsOption = None,
    executor: ExecutorOption = "serial",
    workers: WorkersOption = None,
    ray_address: RayAddressOption = None,
    feature_reliance: Annotated[
        bool,
        typer.Option(
            "--feature-reliance",
            help="Also compare SHAP importances of gradient boosting trained on each augmenter's "
            "rows only with the real-trained one (first fold; needs fingan\\[explain]).",
        ),
    ] = False,
    defaulter_shares: Annotated[
        str | None,
        typer.Option(
            "--defaulter-shares",
            help="Also run every fold keeping only these shares of its training defaulters, "
            "e.g. 0.3,0.1,0.05,0.02: where does augmentation start to help? (each share costs "
            "as much as the study)",
        ),
    ] = None,
) -> None:
    """Cross-validate classifiers trained with SMOTE, copula and GAN defaulters, or none."""
    configure_process(threads)
    from fingan.apps.credit import (
        BUILT_IN_DATA,
        CreditEvaluation,
        credit_data,
        default_augmenters,
        evaluate_credit,
        gan_training_with_steps,
        parse_shares,
    )
    from fingan.apps.execution import executor_from_options
    from fingan.apps.reporting import check_report_folder, write_report
    from fingan.core.exceptions import ConfigError

    check_report_folder(CreditEvaluation, out, overwrite=overwrite)
    table = credit_data(data)
    default_target, default_positive = BUILT_IN_DATA.get(data.strip().lower(), (None, None))
    target = target or default_target
    positive = positive or default_positive
    if target is None or positive is None:
        raise ConfigError("--target and --positive are required for a data file")
    shares = parse_shares(defaulter_shares) if defaulter_shares is not None else ()
    augmenters = default_augmenters(gan_training_with_steps(gan_steps), target=target)
    runner = executor_from_options(executor, workers=workers, address=ray_address, threads=threads)
    with task_progress("cross-validation", enabled=not quiet) as progress:
        result = evaluate_credit(
            table,
            target,
            positive,
            augmenters=augmenters,
            n_splits=splits,
            n_repeats=repeats,
            random_state=seed,
            progress=progress,
            feature_reliance=feature_reliance,
            defaulter_shares=shares,
            executor=runner,
        )
    report = write_report(
        result,
        out,
        overwrite=overwrite,
        provenance=run_provenance(result, seed=seed, n_steps=gan_steps),
    )
    console.print(frame_table(result.intervals()["mean"].unstack("metric"), title=SUMMARY_TITLE))
    tests = result.paired_tests().query("metric == 'pr_auc'").droplevel("metric")
    console.print(frame_table(tests[["mean_difference", "p_value"]], title=TESTS_TITLE))
    if result.share_curve is not None:
        console.print(result.share_curve.verdict(), markup=False)
    console.print(f"\nReport: {report.resolve()}")
