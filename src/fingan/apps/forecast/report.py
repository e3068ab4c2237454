"""The report of a forecast evaluation: scores, tests, fan charts, PIT histograms, CRPS in time."""

from __future__ import annotations

import numpy as np

from fingan.apps.forecast.result import ForecastEvaluation
from fingan.apps.forecast.targets import TARGETS, Target
from fingan.apps.verdict import ALPHA, caveats, join_names, p_value_text
from fingan.report import HtmlReport
from fingan.report.best import Better
from fingan.report.figures.forecast import crps_over_time, fan_chart, pit_histograms

__all__ = ["forecast_report", "forecast_verdict"]

_TARGET_NAMES: dict[Target, str] = {
    "return": "log return",
    "realised_vol": "realised volatility",
}

_FAN_DAYS = 250
"""Fan charts show at most the last this many origins, so that single days stay visible."""


def forecast_report(evaluation: ForecastEvaluation, *, title: str | None = None) -> HtmlReport:
    """Return the report: score table, Diebold-Mariano tests and, per target, the figures.

    Write it, with ``metrics.json`` (:meth:`ForecastEvaluation.to_dict`), by
    :func:`fingan.apps.reporting.write_report`.

    Parameters
    ----------
    evaluation : ForecastEvaluation
        The result of :func:`fingan.apps.forecast.evaluate_forecasts`.
    title : str, optional
        The report's title (default: the asset and the horizon).
    """
    h = evaluation.horizon
    dates = evaluation.dates
    report = HtmlReport(title or f"fingan forecast report: {evaluation.asset}, {h}-day horizon")
    report.add_heading("Verdict")
    report.add_text(evaluation.verdict())
    report.add_text(
        f"Out-of-sample forecasts of the {h}-day log return and realised volatility of "
        f"{evaluation.asset} from {len(dates):,} origins ({dates[0]:%Y-%m-%d} to "
        f"{dates[-1]:%Y-%m-%d}). Each model was refitted ({evaluation.rolling.refit}) on the data "
        "before each refit date only, and each day drew "
        f"{evaluation.rolling.n_paths:,} paths conditional on the returns up to the day "
        "before. CRPS and pinball losses: lower is better. Coverage: share of realised values "
        f"in the central {evaluation.interval:.0%} interval. PIT p-value: chi-square test of "
        "uniform PIT values (small values reject calibration). In bold, for each target: the "
        "lowest CRPS and pinball losses, the highest CRPS skill and the coverage closest to "
        f"{evaluation.interval:.0%}; p-values have no best value."
    )
    report.add_heading("Scores")
    scores = evaluation.scores()
    better: dict[str, Better] = {
        "crps": "lower",
        "crps_skill": "higher",
        **{column: "lower" for column in scores.columns if column.startswith("pinball_")},
        "coverage": evaluation.interval,
    }
    report.add_table(scores, float_format="{:.4g}", better=better, within="target")
    tests = evaluation.dm_tests()
    if not tests.empty:
        report.add_heading(f"Diebold-Mariano tests against {evaluation.benchmark}")
        report.add_text(
            "Per-day CRPS of each model minus the benchmark's: a negative mean difference and "
            "a small p-value mean the model is significantly better; positive, worse "
            f"(Newey-West variance with {h - 1} lags, Harvey-Leybourne-Newbold correction). "
            "The lowest mean difference of each target is in bold."
        )
        report.add_table(
            tests, float_format="{:.4g}", better={"mean_difference": "lower"}, within="target"
        )
    for target in TARGETS:
        _add_target(report, evaluation, target)
    report.add_heading("Fits and timings")
    report.add_table(evaluation.rolling.timings(), float_format="{:.3f}")
    return report


def forecast_verdict(evaluation: ForecastEvaluation, alpha: float = ALPHA) -> str:
    """Write the verdict: the CRPS ranking per target, the Diebold-Mariano tests, the limits."""
    scores = evaluation.scores()
    intervals = evaluation.crps_intervals()
    tests = evaluation.dm_tests()
    benchmark = evaluation.benchmark
    parts = []
    for target in TARGETS:
        name = _TARGET_NAMES[target]
        crps = scores.xs(target, level="target")["crps"].sort_values(kind="stable")
        best = str(crps.index[0])
        low, high = intervals.loc[(target, best), ["ci_low", "ci_high"]]
        text = (
            f"{evaluation.horizon}-day {name}: {best} has the lowest mean CRPS "
            f"({crps.iloc[0]:.4g}, 95% interval [{low:.4g}, {high:.4g}])"
        )
        others = [f"{model} ({value:.4g})" for model, value in crps.iloc[1:].items()]
        if others:
            text += f", then {join_names(others)}"
        parts.append(text + ".")
        if target not in tests.index.get_level_values("target"):
            continue
        better: list[str] = []
        worse: list[str] = []
        tied: list[str] = []
        for model, row in tests.xs(target, level="target").iterrows():
            p_value = float(row["p_value"])
            item = f"{model} ({row['mean_difference']:+.3g}, {p_value_text(p_value)})"
            if np.isfinite(p_value) and p_value < alpha:
                (better if row["mean_difference"] < 0 else worse).append(item)
            else:
                tied.append(item)
        clauses = [
            f"{label}: {join_names(items)}"
            for label, items in (
                ("significantly better", better),
                ("significantly worse", worse),
                ("no significant difference", tied),
            )
            if items
        ]
        parts.append(f"Against {benchmark} (Diebold-Mariano at {alpha:.0%}), {'; '.join(clauses)}.")
        calibration = float(scores["pit_p_value"][(target, best)])
        if np.isfinite(calibration) and calibration < alpha:
            parts.append(
                f"{best}'s PIT values reject calibration ({p_value_text(calibration)}): "
                "best of these is not well calibrated."
            )
    n_days = len(evaluation.dates)
    parts.append(
        caveats(
            [
                f"{n_days:,} forecast origins of one asset in one period",
                f"{evaluation.horizon}-day targets overlap, so neighbouring days are correlated"
                if evaluation.horizon > 1
                else "",
                f"{evaluation.rolling.n_paths:,} paths per forecast",
                "one seed",
                "tests of several models and targets are not adjusted for multiple comparisons"
                if len(tests) > 1
                else "",
            ]
        )
    )
    return " ".join(parts)


def _add_target(report: HtmlReport, evaluation: ForecastEvaluation, target: Target) -> None:
    name = _TARGET_NAMES[target]
    report.add_heading(f"{evaluation.horizon}-day {name}")
    recent = evaluation.dates[-_FAN_DAYS:]
    bands = {
        model: frame.loc[recent] for model, frame in evaluation.quantile_forecasts(target).items()
    }
    shown = "" if len(recent) == len(evaluation.dates) else f" (the last {len(recent)} origins)"
    report.add_figure(
        fan_chart(evaluation.observed(target).loc[recent], bands, ylabel=name),
        f"Fan chart of the {name}{shown}: quantile bands of each model's forecast over the "
        "realised values; crosses lie outside the outermost band",
    )
    report.add_figure(
        pit_histograms({model: pit.to_numpy() for model, pit in evaluation.pit(target).items()}),
        f"PIT histograms of the {name}: flat is calibrated, U-shaped too narrow, humped too "
        "wide; the shaded band is where 95% of a calibrated forecast's bins fall",
    )
    report.add_figure(
        crps_over_time(evaluation.crps(target)),
        f"CRPS of the {name} over time (rolling mean; lower is better)",
    )
