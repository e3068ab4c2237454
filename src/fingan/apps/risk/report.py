"""The report of a VaR backtest: tests per model, traffic lights, forecasts and violations."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fingan.apps.risk.result import RiskBacktest
from fingan.apps.risk.sensitivity import add_backtest_sensitivity
from fingan.apps.verdict import ALPHA, caveats, join_names, p_value_text
from fingan.report import HtmlReport
from fingan.report.best import Better
from fingan.report.figures.risk import traffic_light_bounds, var_forecast_panels, violation_counts

__all__ = ["TEST_COLUMNS", "rank_models", "risk_report", "risk_verdict"]

TEST_COLUMNS = {
    "n_violations": "violations",
    "violation_rate": "rate",
    "kupiec_statistic": "Kupiec LR",
    "kupiec_p_value": "Kupiec p",
    "independence_statistic": "Independence LR",
    "independence_p_value": "Independence p",
    "conditional_coverage_statistic": "Cond. coverage LR",
    "conditional_coverage_p_value": "Cond. coverage p",
    "traffic_light": "Traffic light",
    "es_p_value": "ES (McNeil-Frey) p",
    "z2": "ES Z2",
    "z2_p_value": "ES Z2 p",
}
"""Columns of the test table in the report, with their headings."""


def risk_report(backtest: RiskBacktest, *, title: str | None = None) -> HtmlReport:
    """Return the report: settings, test table, traffic lights, forecast panels, timings.

    Write it, with ``metrics.json`` (:meth:`RiskBacktest.to_dict`), by
    :func:`fingan.apps.reporting.write_report`.

    Parameters
    ----------
    backtest : RiskBacktest
        The result of :func:`fingan.apps.risk.backtest_var`.
    title : str, optional
        The report's title (default: the level and the weights).
    """
    weights = ", ".join(f"{name} {value:.0%}" for name, value in backtest.weights.items())
    report = HtmlReport(title or f"fingan risk report: {backtest.level:.1%} VaR of {weights}")
    report.add_heading("Verdict")
    report.add_text(backtest.verdict())
    dates = backtest.forecasts["date"]
    n_paths = backtest.rolling.n_paths
    report.add_text(
        f"Each model forecast the {backtest.level:.1%} value at risk and expected shortfall of "
        f"the portfolio ({weights}) over {backtest.horizon} day(s), out of sample, on "
        f"{dates.nunique():,} days from {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}, "
        f"from {n_paths:,} scenarios drawn given the returns up to the day before. Models "
        f"were fitted {_schedule(backtest)} before each refit date, never on later days. A "
        "violation is a day whose realised loss exceeded the VaR; about "
        f"{1 - backtest.level:.1%} of days should be violations."
    )
    tests = backtest.tests()
    report.add_heading("Backtests")
    report.add_text(
        "Small p-values reject the model: Kupiec, the number of violations; independence "
        "(Christoffersen), violations that cluster; conditional coverage, both. The ES tests "
        "compare the realised losses beyond the VaR with the forecast ES (McNeil-Frey p small "
        "or Z2 well below 0: the ES is too low). Models are listed in the verdict's order "
        "(rank: traffic light, then tests rejected at 5%, then the distance of the violation "
        "rate from the expected rate). In bold: the best rank, the violation count and rate "
        "closest to the expected ones and the Z2 closest to 0; p-values and test statistics "
        "have no best value."
    )
    table, better = _test_table(backtest)
    report.add_table(table, float_format="{:.4f}", better=better)
    _add_quantile_losses(report, backtest)
    if backtest.conformal_learning_rate is not None:
        _add_conformal(report, backtest)
    report.add_heading("Traffic lights")
    n_days, level = int(tests["n_days"].iloc[0]), float(tests["level"].iloc[0])
    yellow, red = traffic_light_bounds(n_days, level)
    report.add_text(
        f"Basel zones for {n_days} days at {level:.1%}: green below {yellow} violations, "
        f"yellow from {yellow} to {red - 1}, red from {red}. "
        + "; ".join(
            f"{name}: {row['traffic_light']} ({int(row['n_violations'])} violations)"
            for name, row in tests.iterrows()
        )
        + "."
    )
    report.add_figure(violation_counts(tests), "Violations of each model and the Basel zones")
    report.add_heading("Forecasts and violations")
    report.add_figure(
        var_forecast_panels(backtest.forecasts, models=backtest.models),
        "Realised portfolio returns (grey) with each model's -VaR (line) and -ES (dashed); "
        "violations in red",
    )
    if backtest.explanations is not None:
        add_backtest_sensitivity(report, backtest.explanations)
    report.add_heading("Fits and run time")
    report.add_table(backtest.timings(), float_format="{:.3f}")
    fits = backtest.rolling.fits.assign(
        refit_date=lambda frame: _dates(frame["refit_date"]),
        train_start=lambda frame: _dates(frame["train_start"]),
        train_end=lambda frame: _dates(frame["train_end"]),
    )
    report.add_table(fits.set_index(["model", "refit_date"]), float_format="{:.3f}")
    return report


_LIGHTS = {"green": 0, "yellow": 1, "red": 2}

_TEST_NAMES = {
    "kupiec": "Kupiec",
    "independence": "independence",
    "conditional_coverage": "conditional coverage",
    "expected_shortfall": "ES",
}


def rank_models(backtest: RiskBacktest, alpha: float = ALPHA) -> list[str]:
    """Order the models best first.

    By traffic light, then the number of tests rejected at ``alpha``, then the distance of the
    violation rate from the expected rate, then the conditional-coverage p-value (higher first).
    """

    def key(name: str) -> tuple[int, int, float, float]:
        test = backtest.backtests[name]
        p_value = test.conditional_coverage_p_value
        return (
            _LIGHTS.get(test.traffic_light, len(_LIGHTS)),
            sum(test.rejected(alpha).values()),
            abs(test.violation_rate - test.expected_rate),
            -(p_value if np.isfinite(p_value) else -1.0),
        )

    return sorted(backtest.models, key=key)


def risk_verdict(backtest: RiskBacktest, alpha: float = ALPHA) -> str:
    """Write the verdict: the best model, which pass and fail the backtests, and the limits."""
    order = rank_models(backtest, alpha)
    intervals = backtest.violation_rate_intervals()
    best = order[0]
    test = backtest.backtests[best]
    row = intervals.loc[best]
    parts = [
        f"{best} is the best of {len(order)} models on this backtest: {test.traffic_light} "
        f"light, {test.n_violations} violations in {test.n_days} days (rate "
        f"{test.violation_rate:.2%}, 95% interval [{row['ci_low']:.2%}, {row['ci_high']:.2%}], "
        f"expected {test.expected_rate:.2%}; Kupiec {p_value_text(test.kupiec_p_value)}, "
        f"conditional coverage {p_value_text(test.conditional_coverage_p_value)})."
    ]
    passing, failing = [], []
    for name in order:
        model = backtest.backtests[name]
        rejected = [_TEST_NAMES[key] for key, value in model.rejected(alpha).items() if value]
        if model.traffic_light == "green" and not rejected:
            passing.append(name)
        else:
            reasons = [f"{model.traffic_light} light"] if model.traffic_light != "green" else []
            reasons += [f"{test_name} rejected" for test_name in rejected]
            failing.append(f"{name} ({', '.join(reasons)}; {model.n_violations} violations)")
    parts.append(
        f"Green and no test rejected at {alpha:.0%}: {join_names(passing)}. "
        f"Failing: {join_names(failing)}."
    )
    parts.append(_quantile_loss_sentence(backtest, alpha))
    parts = [part for part in parts if part]
    expected = test.n_days * test.expected_rate
    parts.append(
        caveats(
            [
                f"about {expected:.1f} violations are expected in {test.n_days} days, so the "
                "tests have little power and a pass is weak evidence"
                if expected < 20
                else f"{test.n_days} days of one period",
                f"{backtest.rolling.n_paths:,} scenarios per day",
                "one portfolio and one period",
                "one seed",
            ]
        )
    )
    return " ".join(parts)


def _quantile_loss_sentence(backtest: RiskBacktest, alpha: float) -> str:
    """Say which VaR has the lowest tick loss and which differ significantly from fhs."""
    losses = backtest.quantile_losses()
    if losses.empty:
        return ""
    lowest = str(losses["tick_loss"].idxmin())
    sentence = f"Lowest quantile (tick) loss: {lowest}."
    if "fhs" not in losses.index or len(losses) < 2:
        return sentence
    others = losses.drop(index="fhs")
    worse = [str(name) for name in others.index[others["dm_p_worse"] < alpha]]
    better = [str(name) for name in others.index[others["dm_p_better"] < alpha]]
    return (
        f"{sentence} Against filtered historical simulation (fhs, Diebold-Mariano at "
        f"{alpha:.0%}): significantly worse {join_names(worse)}; significantly better "
        f"{join_names(better)}."
    )


def _add_quantile_losses(report: HtmlReport, backtest: RiskBacktest) -> None:
    """Add the tick loss of each model's VaR, tested against filtered historical simulation."""
    losses = backtest.quantile_losses()
    report.add_heading("Quantile loss")
    against = (
        "Diebold-Mariano p-values test each model against fhs (filtered historical "
        "simulation): 'worse p' small means a significantly larger loss than fhs, 'better p' "
        "small a significantly smaller one."
        if "fhs" in backtest.models
        else "Add fhs (filtered historical simulation) to the models to test each against it."
    )
    report.add_text(
        "The tick (quantile) loss is the proper score of a VaR: lowest, in expectation, for "
        "the true quantile; unlike the violation count it also rewards a VaR that is no "
        f"larger than it needs to be. {against}"
    )
    table = losses.rename(
        columns={
            "tick_loss": "tick loss",
            "dm_statistic": "DM statistic",
            "dm_p_worse": "worse p",
            "dm_p_better": "better p",
        }
    )
    report.add_table(table, float_format="{:.4g}", better={"tick loss": "lower"})


def _add_conformal(report: HtmlReport, backtest: RiskBacktest) -> None:
    """Add the backtests after adaptive conformal calibration, beside the raw violations."""
    calibrated = backtest.conformal()
    rate = backtest.conformal_learning_rate
    report.add_heading("Conformal calibration")
    report.add_text(
        "Each model's VaR level recalibrated day by day from its own past violations "
        f"(adaptive conformal inference, Gibbs & Candès 2021, learning rate {rate}): in the "
        "long run the violation rate is the target whatever the model, so a pass here says "
        "little about the model. The tail probabilities it had to be asked for say more: a "
        f"well-calibrated model stays near {1 - backtest.level:.2%}, a model with thin tails "
        "is pushed far below it (a negative value means an infinite VaR on that day). The "
        "backtests above are of the models as they are."
    )
    table = calibrated.rename(
        columns={
            "raw_violations": "raw violations",
            "n_violations": "violations",
            "violation_rate": "rate",
            "kupiec_p_value": "Kupiec p",
            "independence_p_value": "Independence p",
            "traffic_light": "Traffic light",
            "mean_tail_probability": "mean tail prob.",
            "min_tail_probability": "min tail prob.",
        }
    )
    report.add_table(table, float_format="{:.4f}")


def _test_table(backtest: RiskBacktest) -> tuple[pd.DataFrame, dict[str, Better]]:
    """Return the test table (models in :func:`rank_models` order) and its best values.

    The violation count is marked closest to the expected count only when every model was
    tested on the same number of days; the rate always closest to the expected rate.
    """
    order = rank_models(backtest)
    table = backtest.tests().loc[order, list(TEST_COLUMNS)].rename(columns=TEST_COLUMNS)
    table.insert(0, "rank", np.arange(1, len(order) + 1))
    tests = [backtest.backtests[name] for name in order]
    better: dict[str, Better] = {"rank": "lower", TEST_COLUMNS["z2"]: 0.0}
    rates = {test.expected_rate for test in tests}
    if len(rates) == 1:
        better[TEST_COLUMNS["violation_rate"]] = rates.pop()
        days = {test.n_days for test in tests}
        if len(days) == 1:
            better[TEST_COLUMNS["n_violations"]] = days.pop() * tests[0].expected_rate
    return table, better


def _schedule(backtest: RiskBacktest) -> str:
    refit = backtest.rolling.refit
    window = backtest.rolling.fit_window
    when = f"every {refit} trading days" if isinstance(refit, int) else str(refit)
    span = "every day" if window is None else f"the last {window} days"
    return f"{'once' if refit == 'never' else when}, on {span}"


def _dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d")
