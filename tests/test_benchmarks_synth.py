"""benchmarks/synth.py writes valid, deterministic workspaces of the size asked for."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from lawgov_cli.store.load import load_workspace

REPO = Path(__file__).resolve().parent.parent
SYNTH = REPO / "benchmarks" / "synth.py"
N_TASKS, N_FILES = 300, 7


def _load_synth():
    spec = importlib.util.spec_from_file_location("bench_synth", SYNTH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


synth = _load_synth()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _write(out: Path, *args: str) -> Path:
    """Run synth.py as the documented command, in its own process."""
    subprocess.run(
        [sys.executable, str(SYNTH), "--tasks", str(N_TASKS), "--departments", str(N_FILES), *args, str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("synth") / "ws", "--seed", "7")


def test_same_seed_gives_byte_identical_trees(workspace: Path, tmp_path: Path) -> None:
    again = _write(tmp_path / "again", "--seed", "7")
    assert _tree(again) == _tree(workspace)


def test_different_seed_gives_a_different_workspace(workspace: Path, tmp_path: Path) -> None:
    other = _write(tmp_path / "other", "--seed", "8")
    assert _tree(other).keys() == _tree(workspace).keys()
    assert _tree(other) != _tree(workspace)


def test_n_tasks_over_m_files_with_unique_ids(workspace: Path) -> None:
    files = sorted((workspace / "tasks").glob("*.toml"))
    assert len(files) == N_FILES
    ids = [t["id"] for f in files for t in tomllib.loads(f.read_text("utf-8"))["tasks"]]
    assert len(ids) == N_TASKS
    assert len(set(ids)) == N_TASKS
    registry = tomllib.loads((workspace / "departments.toml").read_text("utf-8"))["departments"]
    assert [d["id"] for d in registry] == [f"d{i:03d}" for i in range(1, N_FILES + 1)]


def test_loads_with_lawgov(workspace: Path) -> None:
    loaded = load_workspace(workspace)
    assert len(loaded.tasks) == N_TASKS
    assert len(loaded.files) == N_FILES
    assert loaded.settings.plan_year == 2024
    tasks = loaded.tasks
    # The mix the benchmarks rely on: every status, recurring tasks with ticked periods, metrics.
    assert {t.status for t in tasks} == {"todo", "doing", "done", "dropped"}
    assert {t.repeat for t in tasks} >= {"", "monthly", "quarterly"}
    assert any(t.periods for t in tasks)
    assert 0.2 < sum(bool(t.metrics) for t in tasks) / N_TASKS < 0.5
    assert any(t.notes for t in tasks)
    assert len({t.due for t in tasks}) > 12
    assert all(t.done_on is not None for t in tasks if t.status == "done")


def test_lawgov_check_accepts_it(workspace: Path) -> None:
    lawgov = [sys.executable, "-m", "lawgov_cli"]
    result = subprocess.run(
        [*lawgov, "--dir", str(workspace), "--as-of", "2024-07-01", "check", "--quiet"],
        capture_output=True,
        text=True,
    )
    assert result.returncode in (0, 1), result.stderr


def test_build_is_a_pure_function() -> None:
    assert synth.build(50, 3, 1) == synth.build(50, 3, 1)
    assert synth.build(50, 3, 1) != synth.build(50, 3, 2)
    many = synth.build(40, 600, 1)  # more departments than real names: 第NNN单位, files only where tasks are
    assert sum(name.startswith("tasks/") for name in many) == 40
