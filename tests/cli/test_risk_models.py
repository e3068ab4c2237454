"""`fingan risk models / fit` and `risk var / stress --model-dir` as a user runs them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from fingan.apps.risk import RISK_MODELS, reports_progress, risk_models_table
from fingan.cli import app
from fingan.core.io import OUTPUT_MARKER

runner = CliRunner()

GAN = ["--gan-steps", "2"]
STRESS = ["risk", "stress", "--shock", "-0.05"]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """Two assets, 600 seeded days of daily log returns with a volatility regime change.

    600 days: FHS draws the residuals of the last 500.
    """
    rng = np.random.default_rng(20261129)
    days = pd.bdate_range("2017-01-02", periods=600, name="date")
    scale = np.where(np.arange(600) < 450, 0.01, 0.02)[:, None]
    values = rng.standard_t(5, size=(600, 2)) * scale
    returns = pd.DataFrame(values, index=days, columns=["a", "b"])
    path = tmp_path_factory.mktemp("data") / "returns.csv"
    returns.to_csv(path)
    return path


def fit(data, out, model, *extra):
    return runner.invoke(
        app, ["risk", "fit", str(data), "--model", model, "--out", str(out), "-q", *extra]
    )


def var(data, *model):
    arguments = ["risk", "var", str(data), "--weights", "a=0.3,b=0.7", "--paths", "300"]
    return runner.invoke(app, [*arguments, "--horizon", "3", "--seed", "4", *model])


def risk_rows(result) -> list[str]:
    """The VaR and ES rows of the table a `var` or `stress` command prints."""
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line.startswith("│ 0.9")]
    assert len(rows) == 2, result.output
    return rows


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:")
    return lines[0]


# -- the table of models ------------------------------------------------------------------------


def test_the_table_lists_every_model_with_its_parts():
    table = risk_models_table()
    assert list(table.columns) == ["filter", "innovations", "alias_of", "listed", "description"]
    assert list(table.index[: len(RISK_MODELS)]) == list(RISK_MODELS)
    assert {"gjr+t", "garch+gan_evt", "ewma+empirical"} <= set(table.index)
    assert len(table) == len(set(table.index)) == len(RISK_MODELS) + 3 * 8  # filters x innovations
    assert table.loc["fhs", ["filter", "innovations", "alias_of"]].tolist() == [
        "ewma",
        "empirical",
        "ewma+empirical",
    ]
    assert table.loc["garch_t", "alias_of"] == "garch+t"
    assert table.loc["gan", "alias_of"] == "ewma+gan_evt"
    assert table.loc["gjr+t", ["filter", "innovations"]].tolist() == ["gjr", "t"]
    assert pd.isna(table.loc["gjr+t", "alias_of"])
    assert pd.isna(table.loc["historical", "filter"])
    assert table["listed"].tolist() == [name in RISK_MODELS for name in table.index]
    assert table["description"].str.len().between(10, 60).all()


def test_only_a_gan_fit_reports_progress():
    assert reports_progress("ewma+gan")
    assert not reports_progress("fhs")
    assert not reports_progress("garch_t")


def test_models_prints_the_table_with_whole_names():
    result = runner.invoke(app, ["risk", "models"])
    assert result.exit_code == 0, result.output
    words = result.output.split()
    for name in ("fhs", "garch_t", "gan", "gjr+t", "garch+empirical", "ewma+gan_evt"):
        assert name in words, result.output
    row = next(line for line in result.output.splitlines() if line.split()[:1] == ["fhs"])
    assert row.split()[:5] == ["fhs", "ewma", "empirical", "ewma+empirical", "yes"]
    row = next(line for line in result.output.splitlines() if line.split()[:1] == ["gjr+t"])
    assert row.split()[:5] == ["gjr+t", "gjr", "t", "-", "no"]


# -- fit, then use the saved model ---------------------------------------------------------------


PARTS = {"fhs": "ewma+empirical", "gjr+t": "gjr+t", "gan": "ewma+gan_evt"}


@pytest.mark.parametrize(("model", "extra"), [("fhs", []), ("gjr+t", []), ("gan", GAN)])
def test_a_saved_model_gives_the_var_of_a_fit_in_one_go(tmp_path, data, model, extra):
    out = tmp_path / "model"
    saved = fit(data, out, model, "--seed", "4", *extra)  # the seed `var` draws with
    assert saved.exit_code == 0, saved.output
    assert json.loads((out / OUTPUT_MARKER).read_text())["kind"] == "scenario model"
    assert saved.output.splitlines()[-1].startswith(f"Saved {model}")
    from_folder = var(data, "--model-dir", str(out))
    in_one_go = var(data, "--model", model, *extra)
    assert risk_rows(from_folder) == risk_rows(in_one_go)
    assert from_folder.output.startswith(f"Model: {PARTS[model]}, saved in {out}\n")


def test_stress_from_a_saved_model_writes_the_same_scenarios(tmp_path, data):
    model = tmp_path / "model"
    assert fit(data, model, "fhs").exit_code == 0
    command = ["risk", "stress", str(data), "--shock", "-0.05", "--paths", "50", "--horizon", "2"]
    saved = runner.invoke(
        app, [*command, "--model-dir", str(model), "--out", str(tmp_path / "a.csv")]
    )
    fitted = runner.invoke(app, [*command, "--model", "fhs", "--out", str(tmp_path / "b.csv")])
    assert risk_rows(saved) == risk_rows(fitted)
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()


def test_data_with_the_assets_in_another_order_gives_the_same_var(tmp_path, data):
    model = tmp_path / "model"
    assert fit(data, model, "garch_t").exit_code == 0
    swapped = tmp_path / "swapped.csv"
    pd.read_csv(data, index_col="date")[["b", "a"]].to_csv(swapped)
    assert risk_rows(var(swapped, "--model-dir", str(model))) == risk_rows(
        var(data, "--model-dir", str(model))
    )


def test_a_resumed_gan_fit_saves_the_same_model(tmp_path, data):
    checkpoints = tmp_path / "checkpoints"
    options = ["--gan-steps", "2", "--checkpoint-every", "1"]
    first = fit(data, tmp_path / "one", "ewma+gan", *options, "--checkpoint-dir", str(checkpoints))
    assert first.exit_code == 0, first.output
    assert sorted(item.name for item in checkpoints.iterdir()) == [
        "step-00000001",
        "step-00000002",
    ]
    resumed = fit(
        data, tmp_path / "two", "ewma+gan", *options, "--resume", str(checkpoints / "step-00000001")
    )
    assert resumed.exit_code == 0, resumed.output
    assert resumed.output.startswith("Resuming ewma+gan from step 1\n")
    one = risk_rows(var(data, "--model-dir", str(tmp_path / "one")))
    assert one == risk_rows(var(data, "--model-dir", str(tmp_path / "two")))


# -- what is refused, and changes nothing --------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ("historical", "historical is not a configuration of the conditional scenario model"),
        ("market_gan", "market_gan is not a configuration of the conditional scenario model"),
        ("garch", "unknown scenario configuration 'garch'"),
    ],
)
def test_fit_refuses_a_model_that_is_no_configuration(tmp_path, data, model, message):
    line = one_line_error(fit(data, tmp_path / "model", model))
    assert message in line
    assert list(tmp_path.iterdir()) == []


def test_fit_refuses_checkpoints_for_a_model_without_a_gan(tmp_path, data):
    line = one_line_error(
        fit(data, tmp_path / "model", "fhs", "--checkpoint-dir", str(tmp_path / "c"))
    )
    assert "does not train in steps" in line
    assert list(tmp_path.iterdir()) == []


def test_an_existing_model_is_replaced_only_with_overwrite(tmp_path, data):
    out = tmp_path / "model"
    assert fit(data, out, "fhs").exit_code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    line = one_line_error(fit(data, out, "garch_t"))
    assert "pass --overwrite to replace it" in line
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    replaced = fit(data, out, "garch_t", "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    assert var(data, "--model-dir", str(out)).output.startswith("Model: garch+t, saved in")


def test_fit_never_writes_into_a_folder_of_other_files(tmp_path, data):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    line = one_line_error(fit(data, out, "fhs", "--overwrite"))
    assert "fingan did not write" in line
    assert [path.name for path in out.iterdir()] == ["notes.txt"]


def corrupt_json(folder):
    (folder / "scenario_model.json").write_text('{"format": "fingan conditional scen')


def missing_arrays(folder):
    (folder / "arrays.safetensors").unlink()


def wrong_assets(folder):
    meta = json.loads((folder / "scenario_model.json").read_text())
    meta["assets"] = ["a"]
    (folder / "scenario_model.json").write_text(json.dumps(meta))


def another_kind(folder):
    (folder / OUTPUT_MARKER).write_text(json.dumps({"kind": "model"}))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (corrupt_json, "holds no usable scenario model"),
        (missing_arrays, "holds no usable scenario model"),
        (wrong_assets, "holds no usable scenario model"),
        (another_kind, "holds a fingan model, not a scenario model"),
    ],
)
def test_a_corrupt_model_folder_is_one_error_line(tmp_path, data, damage, message):
    model = tmp_path / "model"
    assert fit(data, model, "fhs").exit_code == 0
    damage(model)
    assert message in one_line_error(var(data, "--model-dir", str(model)))
    out = tmp_path / "scenarios.csv"
    stress = runner.invoke(
        app,
        [*STRESS, str(data), "--model-dir", str(model), "--out", str(out)],
    )
    assert message in one_line_error(stress)
    assert not out.exists()


def test_a_missing_model_folder_is_one_error_line(tmp_path, data):
    line = one_line_error(var(data, "--model-dir", str(tmp_path / "nowhere")))
    assert "is not a folder holding a saved scenario model" in line


def test_a_saved_model_refuses_data_with_other_assets(tmp_path, data):
    model = tmp_path / "model"
    assert fit(data, model, "fhs").exit_code == 0
    other = tmp_path / "other.csv"
    pd.read_csv(data, index_col="date").rename(columns={"b": "c"}).to_csv(other)
    line = one_line_error(
        runner.invoke(app, ["risk", "var", str(other), "--model-dir", str(model)])
    )
    assert "was fitted on 'a', 'b'; the data has 'a', 'c'" in line


@pytest.mark.parametrize(
    ("options", "given"),
    [
        (["--model", "fhs"], "--model does not apply"),
        (["--gan-steps", "2"], "--gan-steps does not apply"),
        (["--checkpoint-every", "1", "--resume", "ck"], "--checkpoint-every and --resume do not"),
    ],
)
def test_model_dir_excludes_the_options_of_a_fit(tmp_path, data, options, given):
    model = tmp_path / "model"
    assert fit(data, model, "fhs").exit_code == 0
    assert given in one_line_error(var(data, "--model-dir", str(model), *options))
    out = tmp_path / "scenarios.csv"
    stress = runner.invoke(
        app,
        [*STRESS, str(data), "--model-dir", str(model), *options, "--out", str(out)],
    )
    assert given in one_line_error(stress)
    assert not out.exists()


def test_stress_never_writes_into_the_model_folder(tmp_path, data):
    model = tmp_path / "model"
    assert fit(data, model, "fhs").exit_code == 0
    before = sorted(path.name for path in model.iterdir())
    out = model / "scenarios.csv"
    stress = runner.invoke(
        app,
        [*STRESS, str(data), "--model-dir", str(model), "--out", str(out)],
    )
    assert "lies in --model-dir" in one_line_error(stress)
    assert sorted(path.name for path in model.iterdir()) == before
