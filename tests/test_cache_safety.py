"""The derived cache can never hurt the workspace (issue 10, items 1, 13 and 14).

- a ``.lawgov-cache`` that is a symbolic link (to ``.``, to a folder outside) or a plain file is
  never followed, written through or deleted; foreign files inside the cache folder survive;
- the workspace ``.gitignore`` ignores a *file or link* named ``.lawgov-cache`` (git itself says so);
- a cache file with any single byte flipped is ignored and rebuilt: every answer stays identical;
- ``sync --dry-run`` writes nothing at all: no cache, no lock, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from procs import LAWGOV, age, lawgov, tree

from conftest import SEED

pytestmark = pytest.mark.skipif(LAWGOV is None, reason="the lawgov script is not installed next to python")


def _data(ws: Path) -> dict[str, bytes | str]:
    return {k: v for k, v in tree(ws).items() if not k.startswith((".lawgov-cache", ".lawgov.lock"))}


def test_cache_link_to_the_workspace_itself_deletes_nothing(workspace: Path) -> None:
    age(workspace)
    (workspace / ".lawgov-cache").symlink_to(".")
    before = _data(workspace)
    for args in (["status"], ["list", "--format", "json"], ["status"], ["check", "--quiet"]):
        result = lawgov(workspace, *args)
        assert result.returncode in (0, 1), result.stderr
    assert lawgov(workspace, "note", "M6.3", "一条备注").returncode == 0
    assert lawgov(workspace, "status").returncode == 0
    after = _data(workspace)
    assert set(after) == set(before)  # lawgov.toml, departments.toml, tasks/ all still there
    changed = [k for k in before if before[k] != after[k]]
    assert changed == ["tasks/sifaju.toml"]  # only the note
    assert os.readlink(workspace / ".lawgov-cache") == "."


def test_cache_link_outside_the_workspace_is_never_written_or_emptied(
    tmp_path: Path, workspace: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "rows-7-py311").mkdir(parents=True)
    (elsewhere / "precious.txt").write_text("keep me", "utf-8")
    (elsewhere / "index-1-py39.marshal").write_bytes(b"not lawgov's")
    (elsewhere / "rows-7-py311" / "x.toml.marshal").write_bytes(b"someone else's")
    age(workspace)
    (workspace / ".lawgov-cache").symlink_to(elsewhere)
    before = tree(elsewhere)
    for _ in range(2):
        assert lawgov(workspace, "status").returncode == 0
        assert lawgov(workspace, "list", "--format", "json").returncode == 0
    assert tree(elsewhere) == before


def test_cache_as_a_plain_file_or_with_foreign_files_inside(workspace: Path) -> None:
    age(workspace)
    (workspace / ".lawgov-cache").write_text("a file someone committed", "utf-8")
    expected = lawgov(workspace, "status", "--format", "json").stdout
    assert lawgov(workspace, "status", "--format", "json").stdout == expected
    assert (workspace / ".lawgov-cache").read_text("utf-8") == "a file someone committed"

    (workspace / ".lawgov-cache").unlink()
    folder = workspace / ".lawgov-cache"
    (folder / "rows-3-py38").mkdir(parents=True)
    (folder / "notes.txt").write_text("mine", "utf-8")
    (folder / "rows-3-py38" / "readme.txt").write_text("mine too", "utf-8")
    (folder / "rows-3-py38" / "old.toml.marshal").write_bytes(b"an old cache file")
    (folder / "index-3-py38.marshal").write_bytes(b"an old index")
    assert lawgov(workspace, "status", "--format", "json").stdout == expected
    assert (folder / "notes.txt").read_text("utf-8") == "mine"
    assert (folder / "rows-3-py38" / "readme.txt").read_text("utf-8") == "mine too"
    # lawgov's own old-format files are what it may remove
    assert not (folder / "index-3-py38.marshal").exists()
    assert not (folder / "rows-3-py38" / "old.toml.marshal").exists()


def test_rows_folder_link_inside_the_cache_is_not_followed(tmp_path: Path, workspace: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    age(workspace)
    assert lawgov(workspace, "status").returncode == 0
    folder = workspace / ".lawgov-cache"
    rows = next(p for p in folder.iterdir() if p.name.startswith("rows-"))
    shutil.rmtree(rows)
    rows.symlink_to(elsewhere)
    (folder / next(p.name for p in folder.iterdir() if p.name.startswith("index-"))).unlink()
    expected = lawgov(workspace, "list", "--format", "json").stdout
    assert lawgov(workspace, "list", "--format", "json").stdout == expected
    assert list(elsewhere.iterdir()) == []


def test_gitignore_ignores_a_cache_link_or_file(tmp_path: Path) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    ws = tmp_path / "ws"
    assert lawgov(None, "init", str(ws)).returncode == 0
    subprocess.run([git, "init", "-q", str(ws)], check=True)
    (ws / ".lawgov-cache").symlink_to(".")
    ignored = subprocess.run(
        [git, "-C", str(ws), "check-ignore", "-q", ".lawgov-cache"], check=False, capture_output=True
    )
    assert ignored.returncode == 0, "a .lawgov-cache link would be committed"
    status = subprocess.run(
        [git, "-C", str(ws), "status", "--porcelain", "--untracked-files=all"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert ".lawgov-cache" not in status


# --- item 13: a damaged cache is never trusted ------------------------------------------------


def _small_workspace(workspace: Path) -> Path:
    """The committed workspace with one department file (two tasks), so the cache files are small."""
    for path in sorted((workspace / "tasks").glob("*.toml")):
        if path.stem != "fgw":
            path.unlink()
    age(workspace)
    return workspace


def _answer(run, ws: Path, command: str) -> str:  # type: ignore[no-untyped-def]
    result = run("--dir", str(ws), "--as-of", "2024-07-15", command, "--format", "json")
    assert result.code == 0 and result.err == "", result.err
    return str(result.out)


def test_every_single_byte_flip_of_a_cache_file_changes_no_answer(run, workspace: Path) -> None:
    """Each position of the index (read by ``status``) and every third of a rows file (read by
    ``list``) flipped by one bit, some by their top bit too: the answer never changes, no
    traceback, exit 0 — the checksum catches the damage and the TOML is read instead."""
    ws = _small_workspace(workspace)
    expected = {command: _answer(run, ws, command) for command in ("status", "list")}
    folder = ws / ".lawgov-cache"
    index = next(p for p in folder.iterdir() if p.name.startswith("index-"))
    (rows,) = next(p for p in folder.iterdir() if p.name.startswith("rows-")).iterdir()
    originals = {index: index.read_bytes(), rows: rows.read_bytes()}
    assert {c: _answer(run, ws, c) for c in expected} == expected  # answered from the cache
    assert {p: p.read_bytes() for p in originals} == originals  # ... and the cache was kept
    for target, command, step in ((index, "status", 1), (rows, "list", 3)):
        data = originals[target]
        for position in range(0, len(data), step):
            for mask in (0x01, 0x80) if position % 16 == 0 else (0x01,):
                for path, content in originals.items():
                    path.write_bytes(content)
                flipped = bytearray(data)
                flipped[position] ^= mask
                target.write_bytes(bytes(flipped))
                assert _answer(run, ws, command) == expected[command], (target.name, position, mask)
        # the damaged file was rebuilt, not kept
        assert target.read_bytes() == data


# --- item 14: sync --dry-run writes nothing ---------------------------------------------------


def _revised(tmp_path: Path) -> Path:
    text = SEED.read_text("utf-8").replace(
        "我区行政机关负责人出庭应诉率达100%", "我区行政机关负责人出庭应诉率达99%"
    )
    revised = tmp_path / "修订稿.txt"
    revised.write_text(text, "utf-8")
    return revised


def test_sync_dry_run_leaves_the_tree_byte_identical(workspace: Path, tmp_path: Path) -> None:
    revised = _revised(tmp_path)
    age(workspace)
    before = tree(workspace)
    assert not [k for k in before if k.startswith((".lawgov-cache", ".lawgov.lock"))]
    result = lawgov(workspace, "sync", str(revised), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "~ M6.3" in result.stdout
    assert tree(workspace) == before  # no cache files, no lock file, nothing else


def test_sync_dry_run_does_not_refresh_a_stale_cache(workspace: Path, tmp_path: Path) -> None:
    revised = _revised(tmp_path)
    age(workspace)
    assert lawgov(workspace, "status").returncode == 0
    (workspace / "tasks" / "fgw.toml").write_bytes((workspace / "tasks" / "fgw.toml").read_bytes() + b"\n")
    age(workspace)
    (workspace / ".lawgov.lock").unlink(missing_ok=True)
    before = tree(workspace)
    assert lawgov(workspace, "sync", str(revised), "--dry-run").returncode == 0
    assert tree(workspace) == before
