"""`fingan market fit --checkpoint-dir / --resume`: a killed run resumes where it stopped."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file
from typer.testing import CliRunner

from fingan.cli import app

FIT = [
    "market",
    "fit",
    "sp500",
    "--start",
    "2016-01-01",
    "--end",
    "2018-12-31",
    "--steps",
    "30",
    "--checkpoint-every",
    "5",
    "-q",
]
ENTRY = [sys.executable, "-c", "from fingan.cli.main import app; app(prog_name='fingan')"]
TIMEOUT = 300


def environment() -> dict[str, str]:
    return {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def fingan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ENTRY, *args],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def saved_steps(folder: Path) -> list[int]:
    return sorted(
        int(child.name.removeprefix("step-"))
        for child in folder.glob("step-*")
        if (child / "checkpoint.json").is_file()
    )


def kill_after_first_checkpoint(checkpoints: Path, out: Path) -> None:
    process = subprocess.Popen(
        [*ENTRY, *FIT, "--checkpoint-dir", str(checkpoints), "--out", str(out)],
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not saved_steps(checkpoints) and process.poll() is None:
            assert time.monotonic() < deadline, "no checkpoint appeared"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=TIMEOUT)
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed"


def tensors(model: Path) -> dict[str, torch.Tensor]:
    return load_file(str(model / "weights.safetensors"))


def history(folder: Path) -> list[dict[str, float]]:
    records: list[dict[str, float]] = json.loads((folder / "checkpoint.json").read_text())[
        "history"
    ]
    return records


@pytest.mark.slow
def test_a_killed_fit_resumes_from_its_checkpoint_and_ends_identical(tmp_path):
    uninterrupted = fingan(*FIT, "--out", str(tmp_path / "full"))
    assert uninterrupted.returncode == 0, uninterrupted.stderr

    checkpoints = tmp_path / "checkpoints"
    kill_after_first_checkpoint(checkpoints, tmp_path / "killed")
    assert not (tmp_path / "killed").exists()
    step = saved_steps(checkpoints)[-1]
    assert 0 < step < 30
    before = history(checkpoints / f"step-{step:08d}")

    resumed = fingan(
        *FIT,
        "--resume",
        str(checkpoints),
        "--checkpoint-dir",
        str(checkpoints),
        "--out",
        str(tmp_path / "resumed"),
    )
    assert resumed.returncode == 0, resumed.stderr
    started = re.findall(r"Resuming from step (\d+) of (\d+)", resumed.stdout)
    assert started == [(str(step), "30")]

    full, continued = tensors(tmp_path / "full"), tensors(tmp_path / "resumed")
    assert full.keys() == continued.keys()
    for name in full:
        assert torch.equal(full[name], continued[name]), name
    # The first steps were restored, not trained again: their records (wall times included,
    # which a new run would measure afresh) are those of the killed run.
    after = history(tmp_path / "resumed")
    assert [record["step"] for record in after] == list(range(1, 31))
    assert after[:step] == before
    assert saved_steps(checkpoints)[-1] == 30


runner = CliRunner()


def test_checkpoint_dir_holding_other_files_is_refused(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    result = runner.invoke(
        app, ["market", "fit", "sp500", "--checkpoint-dir", str(mine), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 2
    assert "error:" in result.output
    assert "not a fingan checkpoint" in result.output
    assert (mine / "notes.txt").read_text() == "keep me"
    assert not (tmp_path / "m").exists()


def test_resume_without_checkpoints_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(
        app,
        [
            "market",
            "fit",
            "sp500",
            "--resume",
            str(tmp_path / "empty"),
            "--out",
            str(tmp_path / "m"),
        ],
    )
    assert result.exit_code == 2
    assert "no fingan checkpoint" in result.output


def test_checkpoint_dir_inside_the_output_is_refused(tmp_path):
    out = tmp_path / "model"
    for checkpoints in (out, out / "checkpoints"):
        result = runner.invoke(
            app,
            ["market", "fit", "sp500", "--checkpoint-dir", str(checkpoints), "--out", str(out)],
        )
        assert result.exit_code == 2
        assert "--checkpoint-dir and --out must be separate folders" in result.output
