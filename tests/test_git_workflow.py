"""Sharing a workspace through git: departments tick in their own clones, push and pull.

A bare repository plays the office's server; clones A and B are two departments' machines, each
with its own ``user.name``.  Every department's ticks and their ``[[history]]`` live in its own
file (``tasks/<dept>.toml``), so:

* ticks of *different* departments merge without a conflict, and the merged clone shows both;
* ticks of the *same* department in two clones both append history at the end of one file: git
  reports a textual conflict, and every lawgov command on the conflicted clone then exits 2 with
  one line naming the file and the line of the first ``<<<<<<<`` marker (``err.merge_conflict``)
  instead of a TOML syntax error.  Resolving it (here: take the other side, tick again) works.

Real ``git`` processes on real files under ``tmp_path``; the global and system git configuration
of the machine running the tests is ignored.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from conftest import COMMITTED_WORKSPACE, snapshot

GIT = shutil.which("git")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(GIT is None, reason="git is not installed")]

AS_OF = "2024-07-15"
WS = "checklists"  # the workspace folder inside each clone
CONFLICT_START = "<<<<<<<"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_MERGE_AUTOEDIT": "no",
        "LC_ALL": "C",
    }
    result = subprocess.run(
        [str(GIT), "-C", str(repo), *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    if check:
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def clone(origin: Path, target: Path, name: str) -> Path:
    git(origin.parent, "clone", "-q", str(origin), str(target))
    git(target, "config", "user.name", name)
    git(target, "config", "user.email", f"{name}@example.org")
    return target


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path]:
    """(clone A, clone B) of a bare origin whose first commit holds the committed workspace."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    git(tmp_path, "init", "-q", "-b", "main", str(seed))
    git(seed, "config", "user.name", "office")
    git(seed, "config", "user.email", "office@example.org")
    shutil.copytree(COMMITTED_WORKSPACE, seed / WS, ignore=shutil.ignore_patterns(".lawgov*"))
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "workspace")
    git(seed, "push", "-q", str(origin), "main")
    a = clone(origin, tmp_path / "a", "dept-a")
    b = clone(origin, tmp_path / "b", "dept-b")
    return a, b


def lawgov(run, repo: Path, *args: str):  # type: ignore[no-untyped-def]
    return run("--dir", str(repo / WS), "--as-of", AS_OF, *args)


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def open_tasks(repo: Path, dept: str, count: int) -> list[str]:
    """The first ``count`` one-off (not recurring) task ids of a department, from its file."""
    doc = tomllib.loads((repo / WS / "tasks" / f"{dept}.toml").read_text("utf-8"))
    ids = [t["id"] for t in doc["tasks"] if not t["repeat"] and t["status"] == "todo"]
    assert len(ids) >= count, (dept, ids)
    return ids[:count]


def tasks_by_id(repo: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted((repo / WS / "tasks").glob("*.toml")):
        for task in tomllib.loads(path.read_text("utf-8"))["tasks"]:
            out[task["id"]] = task
    return out


def history(repo: Path, dept: str) -> list[dict[str, str]]:
    return tomllib.loads((repo / WS / "tasks" / f"{dept}.toml").read_text("utf-8")).get("history", [])


def department_counts(run, repo: Path) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    result = lawgov(run, repo, "status", "--format", "json")
    assert result.code == 0 and result.err == "", result.err
    return {d["id"]: d for d in json.loads(result.out)["departments"]}


def test_ticks_of_different_departments_merge_without_conflict(run, clones: tuple[Path, Path]) -> None:
    a, b = clones
    in_a = open_tasks(a, "zwfwb", 2)  # 区政务服务办 works in clone A
    in_b = open_tasks(b, "gaj", 2)  # 公安南开分局 works in clone B
    done_a = lawgov(run, a, "done", *in_a, "--on", "2024-07-01", "--note", "甲已办结", "--by", "甲")
    assert done_a.code == 0, done_a.err
    commit(a, "zwfwb: ticks")
    git(a, "push", "-q", "origin", "main")

    done_b = lawgov(run, b, "done", *in_b, "--on", "2024-07-02", "--note", "乙已办结", "--by", "乙")
    assert done_b.code == 0, done_b.err
    commit(b, "gaj: ticks")
    merged = git(b, "pull", "--no-rebase", "--no-edit", "-q", "origin", "main", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "CONFLICT" not in merged.stdout + merged.stderr
    assert git(b, "status", "--porcelain").stdout == ""  # merged and committed, nothing left over
    assert len(git(b, "log", "--format=%H", "--merges").stdout.split()) == 1  # a real merge commit
    git(b, "push", "-q", "origin", "main")
    git(a, "pull", "--no-rebase", "--no-edit", "-q", "origin", "main")  # A fast-forwards

    for repo in (a, b):
        for path in (repo / WS).rglob("*.toml"):
            assert CONFLICT_START not in path.read_text("utf-8"), path
        check = lawgov(run, repo, "check")
        assert check.code in (0, 1), check.err  # overdue tasks remain (1); never a broken file (2)
        assert check.err == ""
        counts = department_counts(run, repo)
        assert counts["zwfwb"]["done"] == 2 and counts["gaj"]["done"] == 2
        tasks = tasks_by_id(repo)
        assert all(tasks[t]["status"] == "done" for t in in_a + in_b)
        assert [tasks[t]["notes"] for t in in_a] == [["甲已办结"]] * 2
        assert [tasks[t]["notes"] for t in in_b] == [["乙已办结"]] * 2
        # Each department's history holds its own ticks only: the reason the merge is clean.
        assert {(e["task"], e["by"]) for e in history(repo, "zwfwb")} == {(t, "甲") for t in in_a}
        assert {(e["task"], e["by"]) for e in history(repo, "gaj")} == {(t, "乙") for t in in_b}
        log = lawgov(run, repo, "log", "--format", "json")
        assert log.code == 0, log.err
    # Both clones hold byte-identical workspaces after the round trip.
    assert data_files(a) == data_files(b)


def data_files(repo: Path) -> dict[str, bytes]:
    """The workspace's files without the runtime ones (lock, read cache), which git ignores."""
    return {k: v for k, v in snapshot(repo / WS).items() if not k.startswith(".lawgov")}


def test_ticks_of_one_department_in_two_clones_conflict_and_lawgov_names_the_marker(
    run, clones: tuple[Path, Path]
) -> None:
    a, b = clones
    first, second, third = open_tasks(a, "sifaju", 3)
    assert lawgov(run, a, "done", first, "--on", "2024-07-01", "--by", "甲").code == 0
    commit(a, "sifaju: tick in A")
    git(a, "push", "-q", "origin", "main")
    assert lawgov(run, b, "done", second, "--on", "2024-07-02", "--by", "乙").code == 0
    commit(b, "sifaju: tick in B")

    merged = git(b, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)
    assert merged.returncode != 0
    assert "CONFLICT" in merged.stdout + merged.stderr
    conflicted = git(b, "diff", "--name-only", "--diff-filter=U").stdout.split()
    assert conflicted == [f"{WS}/tasks/sifaju.toml"]  # only the department both changed
    path = b / WS / "tasks" / "sifaju.toml"
    lines = path.read_text("utf-8").splitlines()
    marker = next(n for n, line in enumerate(lines, 1) if line.startswith(CONFLICT_START))
    # Both clones appended [[history]] at the end of the file: that is where the conflict is.
    first_history = lines.index("[[history]]") + 1
    assert marker > first_history

    before = data_files(b)
    for args in (["check"], ["status"], ["status", "--format", "json"], ["done", third], ["log"]):
        result = lawgov(run, b, *args)
        assert result.code == 2, (args, result.code, result.err)
        assert result.out == "" and result.err.count("\n") == 1 and "Traceback" not in result.err
        assert f"tasks/sifaju.toml:{marker}:" in result.err, result.err
        assert "合并冲突" in result.err and f"第{marker}行" in result.err, result.err  # the workspace's language
    chinese = lawgov(run, b, "--lang", "zh", "check")
    assert chinese.code == 2 and "合并冲突" in chinese.err and f"第{marker}行" in chinese.err
    assert data_files(b) == before  # nothing written while the conflict is there

    # One way out: take the other clone's file, tick again, commit the merge.
    git(b, "checkout", "--theirs", "--", f"{WS}/tasks/sifaju.toml")
    assert lawgov(run, b, "done", second, "--on", "2024-07-02", "--by", "乙").code == 0
    git(b, "add", "-A")
    git(b, "commit", "-q", "--no-edit")
    check = lawgov(run, b, "check")
    assert check.code in (0, 1) and check.err == ""
    tasks = tasks_by_id(b)
    assert tasks[first]["status"] == "done" and tasks[second]["status"] == "done"
    assert [(e["task"], e["by"]) for e in history(b, "sifaju")] == [(first, "甲"), (second, "乙")]


def test_conflict_markers_in_settings_and_registry_are_named_too(run, tmp_path: Path) -> None:
    """A conflict can hit lawgov.toml or departments.toml as well; diff3-style markers count."""
    ws = tmp_path / "ws"
    shutil.copytree(COMMITTED_WORKSPACE, ws, ignore=shutil.ignore_patterns(".lawgov*"))
    settings = ws / "lawgov.toml"
    text = settings.read_text("utf-8")
    settings.write_text(
        text.replace(
            "due_soon_days = 14\n",
            "<<<<<<< HEAD\ndue_soon_days = 14\n||||||| base\ndue_soon_days = 7\n=======\n"
            "due_soon_days = 21\n>>>>>>> other\n",
        ),
        "utf-8",
    )
    line = settings.read_text("utf-8").splitlines().index("<<<<<<< HEAD") + 1
    result = run("--dir", str(ws), "status")
    assert result.code == 2 and f"lawgov.toml:{line}:" in result.err and "merge conflict" in result.err
    settings.write_text(text, "utf-8")

    registry = ws / "departments.toml"
    registry.write_bytes(registry.read_bytes().replace(b'name = "', b'=======\nname = "', 1))
    line = registry.read_text("utf-8").splitlines().index("=======") + 1
    result = run("--dir", str(ws), "--lang", "en", "status")
    assert result.code == 2 and f"departments.toml:{line}:" in result.err, result.err
    assert "(======= at line" in result.err
