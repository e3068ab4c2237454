"""Bad and awkward inputs on every command: nothing of the user's is lost, no traceback.

Each test snapshots the whole working folder before and after the command: a refused command
must leave it exactly as it was, and print one line ``error: ...`` with exit code 2.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from fingan.cli import app
from fingan.models import MarketGAN
from fingan.nn.tcn import TCNConfig
from fingan.training import TrainingConfig

runner = CliRunner()

FOLDER_COMMANDS = {
    "demo": ["demo", "--steps", "2", "-q"],
    "market fit": ["market", "fit", "sp500", "--steps", "2", "-q"],
    "market evaluate": ["market", "evaluate", "sp500", "--steps", "2", "-q"],
    "credit evaluate": ["credit", "evaluate", "german_credit", "--gan-steps", "2", "-q"],
    "forecast evaluate": ["forecast", "evaluate", "sp500", "--start", "2018-01-01", "-q"],
    "risk backtest": ["risk", "backtest", "sp500", "--start", "2018-01-01", "-q"],
    "risk fit": ["risk", "fit", "sp500", "--model", "fhs", "-q"],
}
"""Commands whose ``--out`` is a folder, with arguments that would start real work."""

FILE_COMMANDS = {
    "market sample": ["market", "sample", "{model}", "--paths", "2", "--horizon", "5"],
    "forecast predict": ["forecast", "predict", "sp500", "--model", "random_walk"],
    "risk stress": ["risk", "stress", "sp500", "--shock", "-0.05", "--model", "historical"],
}
"""Commands whose ``--out`` is a file."""


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``root``."""
    return {
        str(path.relative_to(root)): path.read_bytes() if path.is_file() else None
        for path in sorted(root.rglob("*"))
    }


def refused(arguments: list[str], *, match: str) -> None:
    """Run the command; assert exit 2 with one ``error:`` line that contains ``match``."""
    result = runner.invoke(app, arguments)
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: "), result.output
    assert match in lines[0], result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory) -> Path:
    tiny = TCNConfig(hidden_channels=4, skip_channels=4, n_blocks=2)
    days = pd.bdate_range("2015-01-01", periods=120, name="date")
    returns = pd.DataFrame({"a": np.random.default_rng(0).normal(0, 0.01, 120)}, index=days)
    model = MarketGAN(
        window=8,
        generator=tiny,
        discriminator=tiny,
        training=TrainingConfig(n_steps=1, batch_size=4),
        random_state=0,
    ).fit(returns)
    folder = tmp_path_factory.mktemp("model") / "model"
    model.save(folder)
    return folder


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A working folder holding a user's files; the commands run inside it."""
    (tmp_path / "notes.txt").write_text("the user's notes")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "old.csv").write_text("a,b\n1,2\n")
    (tmp_path / "results.csv").write_text("a,b\n1,2\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def command(name: str, saved_model: Path) -> list[str]:
    arguments = {**FOLDER_COMMANDS, **FILE_COMMANDS}[name]
    return [part.replace("{model}", str(saved_model)) for part in arguments]


@pytest.mark.parametrize("name", FOLDER_COMMANDS)
@pytest.mark.parametrize(
    ("out", "match"),
    [
        (".", "never an output"),
        ("..", "never an output"),
        ("results", "fingan did not write"),
        ("results.csv", "is not a folder"),
        ("x" * 300, "longer than"),
        ("notes.txt/out", "is not a folder"),
    ],
)
def test_folder_outputs_never_replace_what_is_there(workdir, saved_model, name, out, match):
    before = snapshot(workdir)
    for overwrite in ([], ["--overwrite"]):
        refused([*command(name, saved_model), "--out", out, *overwrite], match=match)
    assert snapshot(workdir) == before


@pytest.mark.parametrize("name", FILE_COMMANDS)
@pytest.mark.parametrize(
    ("out", "match"),
    [
        ("results.csv", "already exists; pass --overwrite"),
        ("results", "must end in"),
        ("notes.txt", "must end in"),
        ("x" * 300 + ".csv", "longer than"),
    ],
)
def test_file_outputs_replace_a_file_only_when_told(workdir, saved_model, name, out, match):
    if name == "market sample" and out in {"results", "notes.txt"}:
        # market sample writes a dataset folder where --out is not a table file: the user's
        # folder and file stay as they are all the same
        match = {"results": "fingan did not write", "notes.txt": "is not a folder"}[out]
    before = snapshot(workdir)
    refused([*command(name, saved_model), "--out", out], match=match)
    assert snapshot(workdir) == before


def test_a_folder_named_like_a_file_is_never_replaced(workdir, saved_model):
    (workdir / "paths.csv").mkdir()
    before = snapshot(workdir)
    refused(
        [*command("market sample", saved_model), "--out", "paths.csv", "--overwrite"],
        match="is a folder",
    )
    assert snapshot(workdir) == before


def test_sample_writes_then_replaces_only_with_overwrite(workdir, saved_model):
    arguments = [*command("market sample", saved_model), "--out", "paths.csv"]
    assert runner.invoke(app, arguments).exit_code == 0
    first = (workdir / "paths.csv").read_bytes()
    refused(arguments, match="pass --overwrite")
    result = runner.invoke(app, [*arguments, "--overwrite", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert (workdir / "paths.csv").read_bytes() != first
    assert sorted(path.name for path in workdir.iterdir()) == [
        "notes.txt",
        "paths.csv",
        "results",
        "results.csv",
    ]


def test_a_model_folder_is_replaced_only_by_a_model_with_overwrite(workdir):
    fit = ["market", "fit", "sp500", "--start", "2017-01-01", "--steps", "1", "-q"]
    assert runner.invoke(app, [*fit, "--out", "model"]).exit_code == 0
    before = snapshot(workdir)
    refused([*fit, "--out", "model"], match="pass --overwrite")
    refused(
        ["risk", "backtest", "sp500", "--start", "2018-01-01", "--out", "model", "--overwrite"],
        match="holds a fingan model, not a risk report",
    )
    assert snapshot(workdir) == before
    result = runner.invoke(app, [*fit, "--out", "model", "--overwrite", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert MarketGAN.load(workdir / "model").seed_ == 1


def test_unbounded_requests_are_refused_before_the_work(workdir, saved_model):
    before = snapshot(workdir)
    huge = ["--paths", "100000000", "--horizon", "10000", "--out", "paths.csv"]
    refused(["market", "sample", str(saved_model), *huge], match="of memory")
    refused(
        ["risk", "var", "sp500", "--model", "historical", "--paths", "2000000000"],
        match="of memory",
    )
    assert snapshot(workdir) == before


@pytest.mark.parametrize("name", ["x[/bold].csv", "[red]prices.csv"])
def test_file_names_are_never_read_as_markup(workdir, name):
    refused(["data", "inspect", name], match=name)
    days = pd.bdate_range("2020-01-01", periods=60)
    prices = 100 * np.exp(np.cumsum(np.random.default_rng(1).normal(0, 0.01, (60, 3)), axis=0))
    frame = pd.DataFrame(prices, index=days, columns=["[/red]", "[bold]x", "plain"])
    (workdir / name).parent.mkdir(exist_ok=True)  # "x[/bold].csv" is bold].csv in x[
    frame.rename_axis("date").to_csv(workdir / name)
    result = runner.invoke(app, ["data", "inspect", name])
    assert result.exit_code == 0, result.output
    for text in (name, "[/red]", "[bold]x"):
        assert text in result.output


def test_a_message_quoting_user_text_is_printed_whole(workdir):
    refused(
        ["risk", "var", "sp500", "--weights", "sp500=[/bold]"],
        match="weights must look like \"sp500=0.6,nasdaq=0.4\"; got 'sp500=[/bold]'",
    )


def test_implausible_prices_are_refused_unless_allowed(workdir):
    days = pd.bdate_range("2020-01-01", periods=60)
    prices = np.full(60, 100.0)
    prices[30] = 1e300
    frame = pd.DataFrame({"price": prices}, index=days).rename_axis("date")
    frame.to_csv(workdir / "prices.csv")
    before = snapshot(workdir)
    refused(["data", "inspect", "prices.csv"], match="--allow-extreme")
    refused(["market", "fit", "prices.csv", "--out", "model"], match="--allow-extreme")
    refused(["data", "inspect", "prices.csv", "--kind", "log_returns"], match="--allow-extreme")
    assert snapshot(workdir) == before
    result = runner.invoke(app, ["data", "inspect", "prices.csv", "--allow-extreme"])
    assert result.exit_code == 0, result.output
