"""Faults and hostile input: a full disk, a read-only cache, paths that try to leave the workspace,
broken or huge files, Windows files, and task text written to attack spreadsheets and browsers.

Every refusal is exit 2 with one line on stderr (naming the file and, where it can be known, the
line), no traceback, and nothing written.  Everything runs on real files under ``tmp_path``; the
write faults are injected in-process by patching ``os.replace`` / ``os.fsync`` (the tests run as
root, whom ``chmod`` does not stop).

Decisions recorded here:

* Reading follows symbolic links (a department file may be a link into a shared folder); an
  *edit* through a link that resolves outside ``tasks/`` is refused (``err.unsafe_path``).
* Department ids must be ASCII slugs and not a Windows device name (con, nul, lpt1 …): an id
  becomes ``tasks/<id>.toml`` on every clone, including Windows ones.
* Duplicate task ids across files and a task in another department's file are covered by
  ``test_status_cli.py::test_bad_files_are_one_line_and_nothing_is_written`` (``_duplicate_id``,
  ``_wrong_file``); only the registry's own duplicates are added here.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import shutil
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from lawgov_cli.report.text import MAX_REPORT_BYTES
from lawgov_cli.store.load import MAX_TOML_BYTES

from conftest import COMMITTED_WORKSPACE, SEED, Deadline
from conftest import snapshot as snapshot_all

AS_OF = "2024-07-15"
BOM = b"\xef\xbb\xbf"


def data_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` except lawgov's runtime files (the lock and the read cache)."""
    return {
        name: data
        for name, data in snapshot_all(folder).items()
        if not any(part.startswith(".lawgov") for part in Path(name).parts)
    }


def lawgov(run, ws: Path, *args: str):  # type: ignore[no-untyped-def]
    return run("--dir", str(ws), "--as-of", AS_OF, *args)


def ok(result) -> Any:  # type: ignore[no-untyped-def]
    assert result.code == 0, (result.code, result.err)
    assert result.err == "", result.err
    return result


def one_line_error(result, *fragments: str) -> str:  # type: ignore[no-untyped-def]
    """Exit 2, one line on stderr naming ``fragments``, no traceback, nothing on stdout."""
    assert result.code == 2, (result.code, result.out[-500:], result.err[-2000:])
    assert result.err.startswith("lawgov") and result.err.endswith("\n"), result.err
    assert result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    for fragment in fragments:
        assert fragment in result.err, (fragment, result.err)
    return str(result.err)


def failing(code: int):  # type: ignore[no-untyped-def]
    def fail(*args: object, **kwargs: object) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


# --- a full disk or a read-only workspace -----------------------------------------------------------

WRITE_COMMANDS = {
    "done": ("done", "R3", "--note", "已整改"),
    "note": ("note", "R3", "补充说明"),
    "record": ("record", "M6.3", "实质化解率", "90.1"),
    "init --force": ("init", "{ws}", "--force"),
    "export csv": ("export", "-o", "{out}/台账.csv"),
    "export xlsx": ("export", "-o", "{out}/台账.xlsx"),
    "export html": ("export", "-o", "{out}/台账.html"),
    "bulletin": ("bulletin", "--month", "2024-06", "-o", "{out}/通报.md"),
    "report": ("report", "-o", "{out}/报告.md"),
}


SAID = {errno.ENOSPC: "磁盘空间不足", errno.EROFS: "只读文件系统"}
"""The system's reason in the workspace's language (``init`` speaks the locale's: English here)."""


@pytest.mark.parametrize("command", list(WRITE_COMMANDS))
@pytest.mark.parametrize(
    ("call", "code"), [("replace", errno.ENOSPC), ("fsync", errno.ENOSPC), ("replace", errno.EROFS)]
)
def test_a_failed_write_is_one_line_and_leaves_every_file_as_it_was(
    run, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, call: str, code: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("台账.csv", "台账.xlsx", "台账.html", "通报.md", "报告.md"):
        (out / name).write_bytes(b"the previous export\n")  # an earlier export must survive too
    args = [a.format(ws=workspace, out=out) for a in WRITE_COMMANDS[command]]
    before = data_files(tmp_path)

    monkeypatch.setattr(os, call, failing(code))
    result = lawgov(run, workspace, *args)
    monkeypatch.undo()

    one_line_error(result, os.strerror(code) if command.startswith("init") else SAID[code])
    assert data_files(tmp_path) == before  # no file changed, no temp file left behind
    # The same command succeeds once the disk has room again (init rewrites the same bytes).
    ok(lawgov(run, workspace, *args))
    assert (data_files(tmp_path) == before) == (command == "init --force")


def test_init_into_a_read_only_folder_writes_nothing(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new"
    monkeypatch.setattr(os, "replace", failing(errno.EROFS))
    one_line_error(run("init", str(target)), "Read-only file system")
    monkeypatch.undo()
    assert data_files(tmp_path) == {}


# --- the read cache is never needed and never trusted ------------------------------------------------


def _fill_cache(run, ws: Path) -> None:  # type: ignore[no-untyped-def]
    old = time.time() - 3600  # older than the cache's "racily clean" window, so files are cached
    for path in ws.rglob("*.toml"):
        os.utime(path, (old, old))
    shutil.rmtree(ws / ".lawgov-cache", ignore_errors=True)
    ok(lawgov(run, ws, "status"))
    assert any((ws / ".lawgov-cache").rglob("rows-*/*.marshal"))


def _cache_index(ws: Path) -> Path:
    return next((ws / ".lawgov-cache").glob("index-*.marshal"))


def _unwritable(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A department file deleted since the cache was written: the cache must drop its entry and
    # cannot (read-only): neither may fail the command.
    (ws / "tasks" / "jiedao.toml").unlink()
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if ".lawgov-cache" in self.parts:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    monkeypatch.setattr(os, "replace", failing(errno.EROFS))


def _full(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (ws / "tasks" / "sifaju.toml").touch()  # changed: the cache wants to write, the disk is full
    monkeypatch.setattr(os, "replace", failing(errno.ENOSPC))


def _cache_is_a_file(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.rmtree(ws / ".lawgov-cache")
    (ws / ".lawgov-cache").write_text("not a folder\n")


def _index_garbage(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _cache_index(ws).write_bytes(b"\x00\xffgarbage")


def _index_wrong_shape(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    from lawgov_cli.store import cache

    _cache_index(ws).write_bytes(marshal.dumps({"format": cache._FORMAT, "files": ["sifaju.toml"]}))


def _entry_wrong_shape(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    from lawgov_cli.store import cache

    files = {p.name: 7 for p in (ws / "tasks").glob("*.toml")}
    files["zfb.toml"] = ((1, 2),)
    _cache_index(ws).write_bytes(marshal.dumps({"format": cache._FORMAT, "files": files}))


def _rows_garbage(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for rows in (ws / ".lawgov-cache").rglob("rows-*/*.marshal"):
        rows.write_bytes(b"junk")


@pytest.mark.parametrize(
    "damage",
    [
        _unwritable,
        _full,
        _cache_is_a_file,
        _index_garbage,
        _index_wrong_shape,
        _entry_wrong_shape,
        _rows_garbage,
    ],
)
def test_a_broken_or_read_only_cache_never_breaks_reading(
    run, workspace: Path, monkeypatch: pytest.MonkeyPatch, damage
) -> None:  # type: ignore[no-untyped-def]
    _fill_cache(run, workspace)
    damage(workspace, monkeypatch)
    commands = (
        ["status", "--format", "json"],
        ["list", "--format", "json"],
        ["show", "M6.3", "--format", "json"],
        ["status"],
    )
    seen = [ok(lawgov(run, workspace, *args)).out for args in commands]
    check = lawgov(run, workspace, "check")
    assert check.code == 1 and check.err == ""
    monkeypatch.undo()
    # What the TOML says, read without any cache.
    monkeypatch.setenv("LAWGOV_NO_CACHE", "1")
    assert seen == [ok(lawgov(run, workspace, *args)).out for args in commands]


# --- paths that try to leave the workspace -----------------------------------------------------------


@pytest.mark.parametrize(
    "bad_id", ["../evil", "/etc/x", "a\\u0000b", "a/b", "..", "", "con", "NUL", "LPT1", "Com9", "x" * 65]
)
def test_department_ids_that_are_not_safe_file_names_are_refused(run, workspace: Path, bad_id: str) -> None:
    registry = workspace / "departments.toml"
    text = registry.read_text("utf-8")
    registry.write_text(text.replace('id = "jiedao"', f'id = "{bad_id}"', 1), "utf-8")
    line = registry.read_text("utf-8").splitlines().index(f'id = "{bad_id}"') + 1
    before = data_files(workspace)
    for args in (["status"], ["check"], ["done", "R3"], ["list", "--dept", bad_id or "x"]):
        error = one_line_error(lawgov(run, workspace, *args), "departments.toml")
        if "\\" not in bad_id:  # an escaped id cannot be found by its text
            assert f"departments.toml:{line}:" in error
        if bad_id.lower() in ("con", "nul", "lpt1", "com9"):
            assert "Windows" in error
    assert data_files(workspace) == before
    assert not (workspace.parent / "evil.toml").exists() and not Path("/etc/x.toml").exists()


def test_duplicate_department_in_the_registry_names_the_second_entry(run, workspace: Path) -> None:
    registry = workspace / "departments.toml"
    text = registry.read_text("utf-8")
    registry.write_text(text.replace('id = "jiedao"', 'id = "sifaju"', 1), "utf-8")
    lines = [
        n for n, line in enumerate(registry.read_text("utf-8").splitlines(), 1) if line == 'id = "sifaju"'
    ]
    one_line_error(lawgov(run, workspace, "status"), f"departments.toml:{lines[1]}:", "sifaju")


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("CON.toml", "'CON'"),
        ("con.toml", "Windows"),
        ("nul.toml", "Windows"),
        ("lpt1.toml", "Windows"),
        ("..toml", "'.'"),
        ("Sifaju.toml", "'Sifaju'"),
        ("a b.toml", "'a b'"),
        ("mars.toml", "'mars'"),
    ],
)
def test_task_files_with_unsafe_or_unknown_names_are_refused(
    run, workspace: Path, name: str, fragment: str
) -> None:
    (workspace / "tasks" / name).write_text('schema = 1\ndepartment = "sifaju"\n', "utf-8")
    before = data_files(workspace)
    for args in (["status"], ["done", "R3"]):
        one_line_error(lawgov(run, workspace, *args), name, fragment)
    assert data_files(workspace) == before


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="needs a system file to link to")
def test_symlink_to_a_system_file_is_not_a_department(run, workspace: Path) -> None:
    (workspace / "tasks" / "x.toml").symlink_to("/etc/passwd")
    one_line_error(lawgov(run, workspace, "status"), "x.toml", "'x'")
    (workspace / "tasks" / "x.toml").unlink()
    jiedao = workspace / "tasks" / "jiedao.toml"
    jiedao.unlink()
    jiedao.symlink_to("/etc/passwd")
    error = one_line_error(lawgov(run, workspace, "status"), "jiedao.toml:1:")
    assert "root:" not in error  # the error names the problem, never the content


def test_department_file_linked_from_outside_is_read_but_never_edited(run, workspace: Path) -> None:
    outside = workspace.parent / "shared" / "jiedao.toml"
    outside.parent.mkdir()
    (workspace / "tasks" / "jiedao.toml").rename(outside)
    (workspace / "tasks" / "jiedao.toml").symlink_to(outside)
    before = outside.read_bytes()
    inside = data_files(workspace)
    status = json.loads(ok(lawgov(run, workspace, "status", "--format", "json")).out)
    assert "jiedao" in [d["id"] for d in status["departments"]]
    for args in (["done", "S2.11"], ["note", "S2.11", "x"]):
        one_line_error(
            lawgov(run, workspace, "--lang", "en", *args), "jiedao.toml", "would leave the workspace"
        )
    assert outside.read_bytes() == before
    assert (workspace / "tasks" / "jiedao.toml").is_symlink()
    assert data_files(workspace) == inside


def test_several_ids_with_one_file_linked_from_outside_write_nothing(run, workspace: Path) -> None:
    outside = workspace.parent / "shared" / "jiedao.toml"
    outside.parent.mkdir()
    (workspace / "tasks" / "jiedao.toml").rename(outside)
    (workspace / "tasks" / "jiedao.toml").symlink_to(outside)
    before = data_files(workspace)
    one_line_error(lawgov(run, workspace, "--lang", "en", "done", "R3", "S2.11"), "would leave the workspace")
    assert data_files(workspace) == before  # all or nothing: R3 must not be ticked either


@pytest.mark.parametrize("value", ["../../etc", "/etc/passwd", "..", "tasks/../../x"])
def test_dept_option_is_a_name_never_a_path(run, workspace: Path, value: str) -> None:
    for args in (
        ["list", "--dept", value],
        ["status", "--dept", value],
        ["export", "--format", "json", "--dept", value],
        ["log", "--dept", value],
    ):
        one_line_error(lawgov(run, workspace, *args), value)
    one_line_error(lawgov(run, workspace, "done", value))  # not a task id either


# --- broken, huge and deeply nested TOML -------------------------------------------------------------


def _binary(path: Path) -> tuple[str, ...]:
    path.write_bytes(bytes(range(256)) * 64)
    return ("not a text file",)


def _binary_without_nul(path: Path) -> tuple[str, ...]:
    path.write_bytes(bytes(range(1, 256)) * 64)
    return ("not valid UTF-8",)


def _huge(path: Path) -> tuple[str, ...]:
    with path.open("r+b") as handle:  # sparse: no gigabytes written
        handle.truncate(MAX_TOML_BYTES + 1)
    return (f"the limit is {MAX_TOML_BYTES // 1024 // 1024} MB", "32.1 MB")


def _nested(path: Path) -> tuple[str, ...]:
    path.write_text("schema = 1\na = " + "[" * 100_000 + "\n", "utf-8")
    return ("nested too deeply",)


def _nested_closed(path: Path) -> tuple[str, ...]:
    path.write_text("schema = 1\na = " + "[" * 50_000 + "]" * 50_000 + "\n", "utf-8")
    return ("nested too deeply",)


def _nested_tables(path: Path) -> tuple[str, ...]:
    path.write_text("schema = 1\na = " + "{b = " * 50_000 + "1" + "}" * 50_000 + "\n", "utf-8")
    return ("TOML",)


def _gbk(path: Path) -> tuple[str, ...]:
    path.write_bytes(path.read_text("utf-8").encode("gbk"))
    return ("not valid UTF-8", "UTF-8")


@pytest.mark.parametrize("target", ["tasks/sifaju.toml", "lawgov.toml", "departments.toml"])
@pytest.mark.parametrize(
    "damage", [_binary, _binary_without_nul, _huge, _nested, _nested_closed, _nested_tables, _gbk]
)
def test_unreadable_toml_is_one_line_and_nothing_is_written(
    run, workspace: Path, target: str, damage
) -> None:  # type: ignore[no-untyped-def]
    fragments = damage(workspace / target)
    before = data_files(workspace)
    with Deadline(120):  # refused before reading: never a hang
        for args in (
            ["status"],
            ["check"],
            ["done", "R3"],
            ["note", "M6.3", "x"],
            ["export", "--format", "json"],
        ):
            # --lang en: the fragments are English (a Chinese workspace reports in Chinese by default).
            one_line_error(lawgov(run, workspace, "--lang", "en", *args), Path(target).name, *fragments)
    assert data_files(workspace) == before


def test_edit_api_refuses_a_file_grown_past_the_limit(tmp_path: Path) -> None:
    from lawgov_cli.errors import LawgovError
    from lawgov_cli.store.edit import FieldChange, apply_changes

    path = tmp_path / "tasks" / "sifaju.toml"
    path.parent.mkdir()
    shutil.copy(COMMITTED_WORKSPACE / "tasks" / "sifaju.toml", path)
    with path.open("r+b") as handle:
        handle.truncate(MAX_TOML_BYTES + 1)
    with pytest.raises(LawgovError) as caught:
        apply_changes(path, [FieldChange("R3", ("status",), "done")], [])
    assert caught.value.key == "err.file_too_large"
    assert path.stat().st_size == MAX_TOML_BYTES + 1


def test_nesting_lawgov_reads_but_cannot_edit_is_refused_cleanly(run, workspace: Path) -> None:
    """tomllib reads arrays nested 150 deep; tomlkit (the editor) stops at 100: exit 2, untouched."""
    path = workspace / "tasks" / "sifaju.toml"
    text = path.read_text("utf-8")
    at = text.index('id = "R3"\n')
    path.write_text(text[:at] + "deep = " + "[" * 150 + "]" * 150 + "\n" + text[at:], "utf-8")
    ok(lawgov(run, workspace, "status"))
    before = data_files(workspace)
    one_line_error(lawgov(run, workspace, "done", "R3"), "sifaju.toml", "nested")
    assert data_files(workspace) == before
    ok(lawgov(run, workspace, "done", "M6.3"))  # a task elsewhere in the file is still editable


# --- reports too big or without line breaks ----------------------------------------------------------


def test_a_50_mb_report_is_refused_quickly(run, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    with report.open("wb") as handle:
        handle.write(SEED.read_bytes())
        handle.truncate(50 * 1024 * 1024)
    assert report.stat().st_size > MAX_REPORT_BYTES
    with Deadline(120):
        one_line_error(run("extract", str(report)), "report.txt", "50.0 MB", "the limit is 20 MB")
        one_line_error(run("init", str(tmp_path / "ws"), "--from", str(report)), "the limit is 20 MB")
    assert not (tmp_path / "ws").exists()


def test_a_report_with_no_line_breaks_finishes(run, tmp_path: Path) -> None:
    flat = SEED.read_bytes().replace(b"\r", b"").replace(b"\n", b"")
    data = (flat * (2 * 1024 * 1024 // len(flat) + 1))[: 2 * 1024 * 1024]
    report = tmp_path / "one-line.txt"
    report.write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))  # cut at a character
    assert report.stat().st_size > 2_000_000 and b"\n" not in report.read_bytes()
    for args in (["extract", str(report)], ["extract", str(report), "--format", "json"]):
        with Deadline(120):  # no quadratic blow-up on a 2 MB line: never a hang
            result = run(*args)
        assert result.code in (0, 2) and "Traceback" not in result.err
        if result.code == 2:
            one_line_error(result, "one-line.txt")


def test_a_report_with_one_2_mb_paragraph_is_read(run, tmp_path: Path) -> None:
    lines = SEED.read_text("utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda n: len(lines[n]))
    lines[longest] = lines[longest] * (2 * 1024 * 1024 // len(lines[longest].encode("utf-8")))
    report = tmp_path / "long-paragraph.txt"
    report.write_text("\n".join(lines), "utf-8")
    with Deadline(120):
        result = run("extract", str(report), "--format", "json")
    assert result.code == 0 and "Traceback" not in result.err
    assert json.loads(result.out)["schema"] == 1


# --- files written by Windows editors ----------------------------------------------------------------


@pytest.mark.parametrize("style", ["crlf", "bom", "crlf+bom"])
def test_crlf_and_bom_files_just_work_and_keep_their_style(run, workspace: Path, style: str) -> None:
    plain = json.loads(ok(lawgov(run, workspace, "status", "--format", "json")).out)
    converted = ("lawgov.toml", "departments.toml", "tasks/sifaju.toml")
    for name in converted:
        data = (workspace / name).read_bytes()
        if "crlf" in style:
            data = data.replace(b"\n", b"\r\n")
        if "bom" in style:
            data = BOM + data
        (workspace / name).write_bytes(data)
    settings_before = {n: (workspace / n).read_bytes() for n in converted[:2]}

    assert json.loads(ok(lawgov(run, workspace, "status", "--format", "json")).out) == plain
    assert lawgov(run, workspace, "check").code == 1
    ok(lawgov(run, workspace, "done", "R3", "--note", "第一行\n第二行", "--by", "windows"))
    ok(lawgov(run, workspace, "note", "M6.3", "补充"))
    ok(lawgov(run, workspace, "record", "M6.3", "实质化解率", "90.1"))

    out = (workspace / "tasks" / "sifaju.toml").read_bytes()
    assert out.startswith(BOM) == ("bom" in style) and out.count(BOM) == ("bom" in style)
    if "crlf" in style:
        assert re.search(rb"(?<!\r)\n", out) is None, "a line lawgov wrote ends in LF only"
        assert b"\r\r" not in out
    else:
        assert b"\r" not in out
    assert {n: (workspace / n).read_bytes() for n in converted[:2]} == settings_before
    after = json.loads(ok(lawgov(run, workspace, "status", "--format", "json")).out)
    assert after["totals"]["done"] == 1
    shown = json.loads(ok(lawgov(run, workspace, "show", "R3", "--format", "json")).out)
    assert shown["status"] == "done" and shown["notes"] == ["第一行\n第二行"]
    log = json.loads(ok(lawgov(run, workspace, "log", "--format", "json")).out)["history"]
    assert [e["action"] for e in log] == ["record", "note", "done"]  # newest first
    assert log[-1]["note"] == "第一行\n第二行" and log[-1]["by"] == "windows"


# --- task text written to attack spreadsheets, browsers and Markdown --------------------------------

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2",
    "@SUM(1)",
    "\t=1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "]]\n[[tasks]]",
    "长" * 5000,
    "\u202eexe.pdf",
    "零\u200b宽\u200c字\u200d符\ufeff",
    "a\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
    "| 表格 | 注入 |",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def make_hostile(run, ws: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Hostile titles on 13 tasks (via the store's edit path), hostile notes via ``lawgov note``,
    and the first half ticked this month so that the bulletin lists them."""
    import tomllib

    from lawgov_cli.store.edit import FieldChange, apply_changes

    chosen: dict[str, str] = {}
    files = sorted((ws / "tasks").glob("*.toml"))
    for path in files:
        changes = []
        for task in tomllib.loads(path.read_text("utf-8"))["tasks"]:
            if len(chosen) < len(HOSTILE) and not task["repeat"] and task["id"] not in chosen:
                title = HOSTILE[len(chosen)]
                chosen[task["id"]] = title
                changes.append(FieldChange(task["id"], ("title",), title))
                break  # one per department first, so every file is touched
        if changes:
            apply_changes(path, changes, [])
    for path in files:
        for task in tomllib.loads(path.read_text("utf-8"))["tasks"]:
            if len(chosen) < len(HOSTILE) and not task["repeat"] and task["id"] not in chosen:
                chosen[task["id"]] = HOSTILE[len(chosen)]
                apply_changes(path, [FieldChange(task["id"], ("title",), chosen[task["id"]])], [])
    assert sorted(chosen.values()) == sorted(HOSTILE)
    for number, (task_id, text) in enumerate(chosen.items()):
        ok(lawgov(run, ws, "note", f"--by={text[:40]}", task_id, "--", text))
        if number % 2 == 0:
            ok(lawgov(run, ws, "done", task_id, "--on", "2024-06-20", f"--note={text}", "--by", "t"))
    return chosen


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_every_export_and_document_survives_hostile_task_text(run, workspace: Path, tmp_path: Path) -> None:
    chosen = make_hostile(run, workspace)
    out = tmp_path / "out"
    out.mkdir()
    files = {}
    for fmt in ("csv", "xlsx", "md", "json", "html", "ics"):
        files[fmt] = out / f"export.{fmt}"
        result = ok(lawgov(run, workspace, "export", "--format", fmt, "-o", str(files[fmt])))
        assert str(files[fmt]) in result.out
    files["bulletin"] = out / "bulletin.md"
    ok(lawgov(run, workspace, "bulletin", "--month", "2024-06", "-o", str(files["bulletin"])))
    files["report"] = out / "report.md"
    ok(lawgov(run, workspace, "report", "-o", str(files["report"])))
    for args in (["status"], ["list"], ["log"], ["check", "--quiet"]):
        assert lawgov(run, workspace, *args).code in (0, 1)
    for path in files.values():
        assert path.stat().st_size > 0

    # CSV: no cell a spreadsheet would run; every title there, neutralised with a leading '.
    rows = list(csv.reader(io.StringIO(files["csv"].read_bytes().decode("utf-8-sig"), newline="")))
    header = rows[0]
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(TRIGGERS)]
    titles = {row[0]: row[header.index("任务")] for row in rows[1:]}
    for task_id, title in chosen.items():
        title = title.replace("\u202e", "")  # bidi overrides never leave the workspace (issue 10)
        assert titles[task_id] == ("'" + title if title.startswith(TRIGGERS) else title)

    # XLSX: no formula cell, and no <f> element in any sheet's XML.
    import openpyxl

    book = openpyxl.load_workbook(files["xlsx"])
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(TRIGGERS), cell.value
    with zipfile.ZipFile(files["xlsx"]) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    xlsx_text = [
        c.value for s in book.worksheets for r in s.iter_rows() for c in r if isinstance(c.value, str)
    ]
    assert "长" * 5000 in xlsx_text

    # Markdown: | escaped, so every table row keeps its header's column count; no raw tags.
    md = files["md"].read_text("utf-8")
    assert "=cmd\\|' /C calc'!A0" in md and "&lt;script&gt;" in md and "<script>" not in md
    for block in md.split("\n\n"):
        table = [line for line in block.splitlines() if line.startswith("|")]
        if table:
            assert len({line.replace("\\|", "").count("|") for line in table}) == 1, block

    # JSON: the exact text, only control characters (CR) and bidi overrides removed (issue 10).
    exported = {t["id"]: t for t in json.loads(files["json"].read_text("utf-8"))["tasks"]}
    for task_id, title in chosen.items():
        title = title.replace("\u202e", "").replace("\r", "")
        assert exported[task_id]["title"] == title
        assert title in exported[task_id]["notes"]

    # HTML: only the page's own tags; the hostile text is text.
    page = Page()
    page.feed(files["html"].read_text("utf-8"))
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "img", "iframe", "object", "embed"}
    for _, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], attrs
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text and '"><img src=x onerror=alert(1)>' in text

    # ICS: escaped text cannot start a new event or property; lines folded at 75 octets.
    import icalendar

    raw = files["ics"].read_bytes()
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), "an unfolded line"
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)  # CRLF only ends lines
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == lines.count(b"BEGIN:VEVENT") == lines.count(b"END:VEVENT")
    assert not [e for e in events if str(e.get("SUMMARY")) == "injected"]
    assert any("SUMMARY:injected" in str(e.get("SUMMARY")) for e in events)

    # The bulletin lists this month's hostile ticks (by title: documents show no ids), escaped;
    # its tables keep their shape.
    from lawgov_cli.documents.blocks import md_text

    bulletin = files["bulletin"].read_text("utf-8")
    ticked = [title for number, title in enumerate(chosen.values()) if number % 2 == 0]
    assert all(md_text(title.strip().rstrip("。.")) in bulletin for title in ticked)
    for block in bulletin.split("\n\n"):
        table = [line for line in block.splitlines() if line.startswith("|")]
        if table:
            assert len({line.replace("\\|", "").count("|") for line in table}) == 1, block


def test_bulletin_markdown_escapes_html_and_line_breaks(run, workspace: Path, tmp_path: Path) -> None:
    make_hostile(run, workspace)
    target = tmp_path / "bulletin.md"
    ok(lawgov(run, workspace, "bulletin", "--month", "2024-06", "-o", str(target)))
    text = target.read_text("utf-8")
    assert "<script>" not in text and "<img" not in text
    assert not [line for line in text.splitlines() if line.startswith("[[tasks]]")]
