"""`fingan risk backtest / var / stress` as a user runs them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from fingan.cli import app

runner = CliRunner()


def test_backtest_writes_metrics_and_report(tmp_path):
    out = tmp_path / "backtest"
    result = runner.invoke(
        app,
        [
            "risk",
            "backtest",
            "sp500,nasdaq",
            "--weights",
            "sp500=0.6,nasdaq=0.4",
            "--start",
            "2018-01-02",
            "--end",
            "2018-03-29",
            "--refit",
            "monthly",
            "--paths",
            "1000",
            "--models",
            "historical,garch_t",
            "--out",
            str(out),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert list(metrics["models"]) == ["historical", "garch_t"]
    assert metrics["weights"] == {"sp500": 0.6, "nasdaq": 0.4}
    assert metrics["refit"] == "monthly"
    assert metrics["models"]["garch_t"]["timing"]["forecasts"] == 61
    assert len(metrics["models"]["garch_t"]["timing"]["fits"]) == 3
    assert (out / "report.html").stat().st_size > 10_000
    assert "Traffic lights: historical" in result.output
    assert "Weights: sp500 0.600, nasdaq 0.400 (gross leverage 1.00)\n" in result.output


def without_timings(value):
    if isinstance(value, dict):
        return {
            key: without_timings(item)
            for key, item in value.items()
            if key not in {"timing", "provenance", "seconds"}
        }
    if isinstance(value, list):
        return [without_timings(item) for item in value]
    return value


def test_backtest_figures_are_the_same_on_local_processes(tmp_path):
    base = ["risk", "backtest", "sp500", "--start", "2017-11-01", "--end", "2018-02-28"]
    base += ["--refit", "monthly", "--paths", "500", "--models", "fhs,garch_t", "-q"]
    options = {"serial": [], "processes": ["--executor", "processes", "--workers", "2"]}
    figures = {}
    for executor, extra in options.items():
        out = tmp_path / executor
        result = runner.invoke(app, [*base, *extra, "--out", str(out)])
        assert result.exit_code == 0, result.output
        figures[executor] = without_timings(json.loads((out / "metrics.json").read_text()))
    assert figures["processes"] == figures["serial"]
    assert set(figures["serial"]["models"]) == {"fhs", "garch_t"}


def test_warm_start_refits_market_gan_from_its_previous_fit(tmp_path):
    base = ["risk", "backtest", "sp500", "--start", "2018-01-02", "--end", "2018-06-29"]
    base += ["--refit", "quarterly", "--paths", "500", "--models", "fhs,market_gan"]
    out = tmp_path / "warm"
    result = runner.invoke(app, [*base, "--gan-steps", "8", "--warm-start", "--out", str(out)])
    assert result.exit_code == 0, result.output
    timing = json.loads((out / "metrics.json").read_text())["models"]
    warm = [fit["warm_start"] for fit in timing["market_gan"]["timing"]["fits"]]
    assert warm == [False, True]
    assert [fit["warm_start"] for fit in timing["fhs"]["timing"]["fits"]] == [False, False]
    alone = runner.invoke(app, [*base[:-1], "fhs", "--warm-start", "--out", str(tmp_path / "fhs")])
    assert alone.exit_code == 0, alone.output
    assert "--warm-start: no model of this backtest refits from its last fit" in alone.output


def test_backtest_with_conformal_calibration_reports_both(tmp_path):
    out = tmp_path / "conformal"
    arguments = ["risk", "backtest", "sp500", "--start", "2018-01-02", "--end", "2018-06-29"]
    arguments += ["--refit", "never", "--paths", "1000", "--models", "historical,fhs"]
    result = runner.invoke(app, [*arguments, "--conformal", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["conformal_learning_rate"] == 0.005
    for name in ("historical", "fhs"):
        model = metrics["models"][name]
        # The raw backtest stays beside the calibrated one.
        assert model["conformal"]["raw_violations"] == model["n_violations"]
        assert model["z2_p_value"] is None or 0.0 <= model["z2_p_value"] <= 1.0
    assert metrics["models"]["historical"]["dm_p_worse"] is not None
    assert "After adaptive conformal calibration" in result.output
    assert "Conformal calibration" in (out / "report.html").read_text()


def test_var_prints_var_and_es_per_level():
    result = runner.invoke(
        app,
        ["risk", "var", "sp500", "--levels", "0.9,0.99", "--horizon", "10", "--paths", "2000"],
    )
    assert result.exit_code == 0, result.output
    assert "10-day loss after 2018-12-31" in " ".join(result.output.split())
    assert "0.99" in result.output
    assert "0.9 " in result.output
    assert "Weights: sp500 1.000 (gross leverage 1.00)\n" in result.output


def test_weights_not_summing_to_one_are_used_only_when_normalised():
    arguments = ["risk", "var", "sp500,nasdaq", "--weights", "sp500=0.8,nasdaq=0.5"]
    arguments += ["--model", "historical", "--paths", "200"]
    refused = runner.invoke(app, arguments)
    assert refused.exit_code == 2
    assert "sum to 1.3, not 1; pass normalize=True / --normalize-weights" in refused.output
    result = runner.invoke(app, [*arguments, "--normalize-weights"])
    assert result.exit_code == 0, result.output
    assert "Weights: sp500 0.615, nasdaq 0.385 (gross leverage 1.00)\n" in result.output


def test_leverage_needs_both_flags_and_is_printed(tmp_path):
    out = tmp_path / "scenarios.csv"
    arguments = ["risk", "stress", "sp500,nasdaq", "--weights", "sp500=1,nasdaq=-0.9"]
    arguments += ["--shock", "-0.05", "--model", "historical", "--paths", "100"]
    arguments += ["--horizon", "2", "--out", str(out)]
    refused = runner.invoke(app, [*arguments, "--normalize-weights"])
    assert refused.exit_code == 2
    assert "gross leverage (sum of |w|) of 19, above 2" in refused.output
    assert "--allow-leverage" in refused.output
    assert not out.exists()
    result = runner.invoke(app, [*arguments, "--normalize-weights", "--allow-leverage"])
    assert result.exit_code == 0, result.output
    assert "Weights: sp500 10.000, nasdaq -9.000 (gross leverage 19.00)\n" in result.output
    assert "Shock day: portfolio return -4.88%" in result.output  # 10x -4.88 % - 9x -4.88 %


def test_weights_line_is_plain_text(tmp_path):
    # Asset names from a user's file may look like rich markup; they are printed as they are.
    rng = np.random.default_rng(0)
    days = pd.bdate_range("2016-01-01", periods=600, name="date")
    returns = pd.DataFrame(rng.normal(0, 0.01, (600, 2)), index=days, columns=["[bold]a", "b[/]"])
    data = tmp_path / "returns.csv"
    returns.to_csv(data)
    result = runner.invoke(
        app,
        ["risk", "var", str(data), "--weights", "[bold]a=0.25,b[/]=0.75", "--paths", "200"],
    )
    assert result.exit_code == 0, result.output
    assert "Weights: [bold]a 0.250, b[/] 0.750 (gross leverage 1.00)\n" in result.output


def test_stress_writes_the_scenario_file(tmp_path):
    out = tmp_path / "scenarios.parquet"
    result = runner.invoke(
        app,
        [
            "risk",
            "stress",
            "sp500,nasdaq",
            "--shock",
            "-0.07",
            "--horizon",
            "5",
            "--paths",
            "300",
            "--model",
            "fhs",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Shock day: portfolio return -6.76%" in result.output
    frame = pd.read_parquet(out)
    assert list(frame.columns) == ["scenario", "step", "sp500", "nasdaq", "portfolio"]
    assert len(frame) == 1500


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["backtest", "sp500", "--weights", "dax=1"], "unknown asset(s) 'dax'"),
        (["backtest", "sp500", "--weights", "sp500=1,nasdaq"], "weights must look like"),
        (["backtest", "sp500,nasdaq", "--weights", "sp500=1,nasdaq=-1"], "sum to 0, not 1"),
        (
            ["backtest", "sp500,nasdaq", "--weights", "sp500=1,nasdaq=-1", "--normalize-weights"],
            "weights sp500 1, nasdaq -1 sum to 0; they cannot be divided by their sum",
        ),
        (
            ["backtest", "sp500,nasdaq", "--weights", "sp500=0.8,nasdaq=0.5"],
            "weights sp500 0.8, nasdaq 0.5 sum to 1.3, not 1; pass normalize=True / "
            "--normalize-weights to divide them by their sum",
        ),
        (
            ["var", "sp500,nasdaq", "--weights", "sp500=1,nasdaq=-0.9", "--normalize-weights"],
            "weights sp500 10, nasdaq -9 have a gross leverage (sum of |w|) of 19, above 2; "
            "pass allow_leverage=True / --allow-leverage if this is intended",
        ),
        (
            ["var", "sp500,nasdaq", "--weights", "sp500=nan,nasdaq=1"],
            "weights must be finite numbers; got sp500 nan, nasdaq 1",
        ),
        (
            ["stress", "sp500", "--shock", "-0.07", "--weights", "sp500=inf"],
            "weights must be finite numbers; got sp500 inf",
        ),
        (["var", "sp500", "--weights", "sp500=0.5,sp500=0.5"], "weights give 'sp500' twice"),
        (["backtest", "sp500", "--start", "1999-06-01"], "only 101 days of returns"),
        (["backtest", "sp500", "--level", "1.5"], "level must be in (0, 1)"),
        (["backtest", "sp500", "--refit", "weekly"], "refit must be one of"),
        (["backtest", "sp500", "--models", "garch,historical"], "unknown risk model(s) 'garch'"),
        (["backtest", "nowhere.csv"], "neither a file nor built-in data"),
        (["backtest", "sp500", "--executor", "dask"], "unknown executor 'dask'"),
        (["backtest", "sp500", "--ray-address", "auto"], "--ray-address needs --executor ray"),
        (["var", "sp500", "--levels", "0.95,high"], "levels must look like"),
        (["var", "sp500", "--levels", "0.95,1.2"], "level must be in (0, 1)"),
        (["stress", "sp500"], "give --shock, --volatility or both"),
        (["stress", "sp500", "--volatility", "-0.3"], "volatility must be a positive"),
        (["stress", "sp500", "--shock", "-0.07", "--weights", "x=1"], "unknown asset(s) 'x'"),
    ],
)
def test_bad_inputs_exit_2_with_one_line_and_no_output(tmp_path, arguments, message):
    command, *rest = arguments
    out = tmp_path / ("out" if command == "backtest" else "out.csv")
    defaults = {
        "backtest": ["--start", "2018-01-02", "--paths", "10", "--models", "historical"],
        "var": ["--paths", "10"],
        "stress": ["--paths", "10"],
    }[command]
    options = [*defaults, *rest]
    if command != "var":
        options += ["--out", str(out)]
    result = runner.invoke(app, ["risk", command, *options])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:")
    assert message in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_bad_data_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,x\n2020-01-01,1\n2020-01-01,2\n")
    result = runner.invoke(app, ["risk", "var", str(bad)])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error:")
    assert len(result.output.strip().splitlines()) == 1


GAN = ["--model", "gan", "--gan-steps", "4", "--checkpoint-every", "2"]


def one_line_error(result) -> str:
    """The error line of a failed command (a resumed run first says where it resumes)."""
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("error:"), result.output
    assert [line for line in lines if line.startswith("error:")] == lines[-1:]
    return lines[-1]


def test_var_resumes_a_gan_from_its_checkpoints_and_refuses_other_settings(tmp_path):
    checkpoints = tmp_path / "checkpoints"
    command = ["risk", "var", "sp500", "--paths", "200", *GAN]
    first = runner.invoke(app, [*command, "--checkpoint-dir", str(checkpoints)])
    assert first.exit_code == 0, first.output
    assert sorted(item.name for item in checkpoints.iterdir()) == [
        "step-00000002",
        "step-00000004",
    ]
    resumed = runner.invoke(app, [*command, "--resume", str(checkpoints / "step-00000002")])
    assert resumed.exit_code == 0, resumed.output
    line = "Resuming gan from step 2\n"
    assert resumed.output.startswith(line)
    assert resumed.output.removeprefix(line) == first.output  # the same GAN, the same VaR
    other_seed = runner.invoke(app, [*command, "--resume", str(checkpoints), "--seed", "1"])
    assert "checkpoint" in one_line_error(other_seed)
    refused = runner.invoke(app, ["risk", "var", "sp500", "--resume", str(checkpoints)])
    assert "garch_t does not train in steps" in one_line_error(refused)


def test_stress_resumes_a_gan_from_its_checkpoints_and_refuses_other_settings(tmp_path):
    checkpoints = tmp_path / "checkpoints"
    command = ["risk", "stress", "sp500,nasdaq", "--shock", "-0.05", "--paths", "50", *GAN]
    first = runner.invoke(
        app, [*command, "--checkpoint-dir", str(checkpoints), "--out", str(tmp_path / "a.csv")]
    )
    assert first.exit_code == 0, first.output
    resumed = runner.invoke(
        app,
        [
            *command,
            "--resume",
            str(checkpoints / "step-00000002"),
            "--out",
            str(tmp_path / "b.csv"),
        ],
    )
    assert resumed.exit_code == 0, resumed.output
    assert "Resuming gan from step 2" in resumed.output
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    other_data = [*command[:2], "sp500", *command[3:], "--out", str(tmp_path / "c.csv")]
    assert "checkpoint" in one_line_error(
        runner.invoke(app, [*other_data, "--resume", str(checkpoints)])
    )
    inside = runner.invoke(
        app, [*command, "--checkpoint-dir", str(checkpoints), "--out", str(checkpoints / "x.csv")]
    )
    assert "separate folders" in one_line_error(inside)
    assert not (tmp_path / "c.csv").exists()
