"""Files that are not what they seem (issue 10, items 10, 12, 15 and 16).

- a device, FIFO or socket where lawgov expects a file (department file, ``lawgov.toml``,
  ``departments.toml``, a report for ``extract``/``sync``, the cache) is refused before it is
  read: one line, exit 2, no hang, no memory blow-up (these run as real processes with a 1 GB
  address-space limit and a timeout that only guards against a hang);
- git conflict markers that landed inside a multi-line string are a merge conflict, not a note;
- a symbolic-linked ``tasks/`` folder (or any link leading out of the workspace) is refused for edits;
- ``-o`` of export/bulletin/report never replaces one of the workspace's own files, also not through
  a symbolic link or a hard link.
"""

from __future__ import annotations

import os
import resource
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from procs import LAWGOV, environment, lawgov, one_line_error

from conftest import SEED, snapshot, usage_error

pytestmark = pytest.mark.skipif(LAWGOV is None, reason="the lawgov script is not installed next to python")


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def lawgov_limited(ws: Path | None, *args: str) -> subprocess.CompletedProcess[str]:
    assert LAWGOV is not None
    return subprocess.run(
        [LAWGOV, *args],
        env=environment(ws, LAWGOV_LANG="en"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=_limited,
    )


REFUSED = ("not a regular file",)


def _fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "socket"])
def test_department_file_that_is_not_a_regular_file(workspace: Path, tmp_path: Path, kind: str) -> None:
    target = workspace / "tasks" / "fgw.toml"
    target.unlink()
    server = None
    short = Path("/tmp") / f"lawgov-test-{os.getpid()}.sock"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
    else:
        short.unlink(missing_ok=True)
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(short))
        target.symlink_to(short)
    try:
        for args in (["status"], ["check"], ["done", "M2.5"], ["export", "--format", "csv"]):
            one_line_error(lawgov_limited(workspace, *args), "fgw.toml", *REFUSED)
    finally:
        if server is not None:
            server.close()
            short.unlink(missing_ok=True)


def test_what_the_file_is_said_in_the_users_language(workspace: Path) -> None:
    target = workspace / "tasks" / "fgw.toml"
    target.unlink()
    target.symlink_to("/dev/zero")
    for lang, said in (("en", "(device)"), ("zh", "（设备文件）")):
        one_line_error(lawgov(workspace, "status", LAWGOV_LANG=lang), "fgw.toml", said)
    report = workspace / "report.txt"
    os.mkfifo(report)
    one_line_error(lawgov(None, "extract", str(report), LAWGOV_LANG="zh"), "不是普通文件（命名管道）")


@pytest.mark.parametrize("name", ["lawgov.toml", "departments.toml"])
def test_settings_and_registry_as_fifo(workspace: Path, name: str) -> None:
    _fifo(workspace / name)
    result = lawgov_limited(workspace, "status")
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_journal_and_lock_that_are_fifos(workspace: Path) -> None:
    _fifo(workspace / ".lawgov-journal")
    one_line_error(lawgov_limited(workspace, "status"), ".lawgov-journal", *REFUSED)
    (workspace / ".lawgov-journal").unlink()
    _fifo(workspace / ".lawgov.lock")
    one_line_error(lawgov_limited(workspace, "note", "M6.3", "x"), ".lawgov.lock", *REFUSED)


def test_report_that_is_not_a_regular_file(workspace: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    for args in (
        ["extract", str(fifo)],
        ["extract", "/dev/zero"],
        ["sync", str(fifo)],
        ["sync", "/dev/zero"],
    ):
        one_line_error(lawgov_limited(workspace, *args), *REFUSED)


def test_cache_file_that_is_a_fifo_is_ignored(workspace: Path) -> None:
    assert lawgov_limited(workspace, "status").returncode == 0
    folder = workspace / ".lawgov-cache"
    index = next(p for p in folder.iterdir() if p.name.startswith("index-"))
    expected = lawgov_limited(workspace, "status", "--format", "json").stdout
    _fifo(index)
    rows = next(p for p in folder.iterdir() if p.name.startswith("rows-"))
    for path in rows.iterdir():
        _fifo(path)
    result = lawgov_limited(workspace, "status", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected


# --- item 12: conflict markers inside a multi-line string -------------------------------------


def test_conflict_markers_inside_a_multiline_string_are_a_conflict(run, workspace: Path) -> None:
    path = workspace / "tasks" / "fgw.toml"
    text = path.read_text("utf-8")
    conflicted = text.replace(
        "notes = []",
        'notes = ["""第一季度\n<<<<<<< HEAD\n自查已完成\n=======\n自查未完成\n>>>>>>> origin/main\n"""]',
        1,
    )
    path.write_text(conflicted, "utf-8")
    line = conflicted[: conflicted.index("<<<<<<<")].count("\n") + 1
    for args in (["check"], ["status"], ["note", "M2.5", "x"]):
        usage_error(run("--dir", str(workspace), "--as-of", "2024-07-15", *args), f"fgw.toml:{line}", "<<<<<<<")
    assert path.read_text("utf-8") == conflicted


def test_a_lone_marker_like_line_in_a_note_is_text(run, workspace: Path) -> None:
    path = workspace / "tasks" / "fgw.toml"
    path.write_text(
        path.read_text("utf-8").replace("notes = []", 'notes = ["""标题\n=======\n正文"""]', 1), "utf-8"
    )
    assert run("--dir", str(workspace), "check", "--as-of", "2024-01-02").code == 0


# --- item 15: a symbolic-linked tasks/ folder --------------------------------------------------


def test_symlinked_tasks_folder_is_refused_for_edits(run, workspace: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(workspace / "tasks", elsewhere / "tasks")
    (workspace / "tasks").symlink_to(elsewhere / "tasks")
    before = {p.name: p.read_bytes() for p in (elsewhere / "tasks").iterdir()}
    d = ("--dir", str(workspace), "--as-of", "2024-07-15")
    assert run(*d, "status").code == 0  # reading follows it
    for args in (["done", "M6.3"], ["note", "M2.5", "x"], ["record", "M6.3", "实质化解率", "90"]):
        usage_error(run(*d, *args), "tasks")
    revised = tmp_path / "r.txt"
    revised.write_text(SEED.read_text("utf-8").replace("达100%", "达99%"), "utf-8")
    usage_error(run(*d, "sync", str(revised)), "tasks")
    assert {p.name: p.read_bytes() for p in (elsewhere / "tasks").iterdir()} == before


# --- item 16: -o never replaces a workspace file -----------------------------------------------


def test_output_onto_workspace_files_is_refused(run, workspace: Path, tmp_path: Path) -> None:
    d = ("--dir", str(workspace), "--as-of", "2024-07-15")
    assert run(*d, "status").code == 0  # the cache and lock exist
    assert run(*d, "note", "M2.5", "x").code == 0
    (tmp_path / "link.md").symlink_to(workspace / "tasks" / "sifaju.toml")
    os.link(workspace / "tasks" / "zfb.toml", tmp_path / "hard.md")
    cache_file = next((workspace / ".lawgov-cache").iterdir())
    before = snapshot(workspace)
    lock = (workspace / ".lawgov.lock").read_bytes()
    attempts = [
        ["export", "--format", "csv", "-o", str(workspace / "tasks" / "sifaju.toml")],
        ["export", "--format", "md", "-o", str(workspace / "tasks" / "new.md")],
        ["export", "--format", "md", "-o", str(workspace / "departments.toml")],
        ["export", "--format", "md", "-o", str(workspace / "tasks" / ".." / "lawgov.toml")],
        ["export", "--format", "md", "-o", str(tmp_path / "link.md")],
        ["export", "--format", "md", "-o", str(tmp_path / "hard.md")],
        ["export", "--format", "json", "-o", str(workspace / ".lawgov.lock")],
        ["export", "--format", "md", "-o", str(cache_file)],
        ["bulletin", "-o", str(workspace / "lawgov.toml")],
        ["bulletin", "-o", str(tmp_path / "hard.md")],
        ["report", "-o", str(workspace / "tasks" / "zfb.toml")],
        ["report", "-o", str(tmp_path / "link.md")],
    ]
    for args in attempts:
        usage_error(run(*d, *args), "-o")
    assert snapshot(workspace) == before
    assert (workspace / ".lawgov.lock").read_bytes() == lock
    assert not (workspace / "tasks" / "new.md").exists()
    # Elsewhere, and a report file next to the workspace, are fine.
    ok_path = workspace.parent / "台账.md"
    assert run(*d, "export", "-o", str(ok_path)).code == 0 and ok_path.stat().st_size > 0
