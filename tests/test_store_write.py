"""The store's write path: in-place edits that keep hand edits, atomic replace, the workspace lock.

Everything runs on real files under ``tmp_path``; the lock and kill tests use real subprocesses.
"""

from __future__ import annotations

import errno
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import HistoryEntry
from lawgov_cli.store.atomic import write_atomic
from lawgov_cli.store.edit import FieldChange, apply_changes, edit_department_file, read_history
from lawgov_cli.store.lock import LOCK_NAME, workspace_lock
from lawgov_cli.toml_records import task_from_toml

SAMPLE = Path(__file__).parent / "data" / "store_write" / "sifaju.toml"
SRC = Path(__file__).resolve().parents[1] / "src"
BOM = b"\xef\xbb\xbf"
TEMP_FILE = re.compile(r"^\.[^/]+\.toml\.[^/]+\.tmp$")

DONE_M63 = [
    FieldChange("M6.3", ("status",), "done"),
    FieldChange("M6.3", ("done_on",), date(2024, 3, 5)),
    FieldChange("M6.3", ("notes",), ["已报送第一季度数据", "全年出庭应诉率100%"]),
    FieldChange("M6.3", ("evidence",), ["出庭应诉台账.xlsx"]),
    FieldChange("M6.3", ("metrics", 0, "actual"), 98.5),
    FieldChange("M6.3", ("periods", "2024-03"), date(2024, 3, 5)),
]


def entry(
    task: str, action: str, old: str = "", new: str = "", note: str = "", by: str = "张三"
) -> HistoryEntry:
    return HistoryEntry(
        at="2024-03-05T09:12:00+08:00", by=by, task=task, action=action, old=old, new=new, note=note
    )


def make_workspace(tmp_path: Path, data: bytes | None = None) -> tuple[Path, Path]:
    """A minimal workspace whose only department file is ``data`` (the sample by default)."""
    root = tmp_path / "ws"
    (root / "tasks").mkdir(parents=True)
    (root / "lawgov.toml").write_text('region = "南开区"\nplan_year = 2024\n', encoding="utf-8")
    path = root / "tasks" / "sifaju.toml"
    path.write_bytes(SAMPLE.read_bytes() if data is None else data)
    return root, path


def parse(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_bytes().removeprefix(BOM).decode("utf-8"))


def task(doc: dict[str, Any], task_id: str) -> dict[str, Any]:
    return next(t for t in doc["tasks"] if t["id"] == task_id)


def blocks(text: str) -> dict[str, str]:
    """The text of a department file cut at each ``[[tasks]]`` / ``[[history]]`` header.

    Keys: ``"preamble"``, each task id, and ``"history"`` (everything from the first entry on).
    """
    out: dict[str, str] = {}
    parts = re.split(r"(?m)^(?=\[\[(?:tasks|history)\]\])", text)
    out["preamble"] = parts[0]
    for part in parts[1:]:
        if part.startswith("[[history]]"):
            out["history"] = out.get("history", "") + part
        else:
            match = re.search(r'(?m)^id = "([^"]+)"', part)
            assert match is not None
            out[match.group(1)] = part
    return out


def subprocess_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC)}


# --- format-preserving edits ----------------------------------------------------------------


def test_edit_keeps_comments_order_unknown_keys_and_other_tasks(tmp_path: Path) -> None:
    root, path = make_workspace(tmp_path)
    before = path.read_text(encoding="utf-8")

    edit_department_file(root, path, DONE_M63, [])

    after = path.read_text(encoding="utf-8")
    old, new = blocks(before), blocks(after)
    assert new["preamble"] == old["preamble"]  # includes "# a hand comment the user wrote"
    assert new["M6.4"] == old["M6.4"]
    assert new["P4.1"] == old["P4.1"]
    assert "history" not in new
    # The changed task: every value in place, comments kept, new keys next to their neighbours,
    # the comment introducing the next task still right above it.
    assert new["M6.3"] == textwrap.dedent(
        """\
        [[tasks]]
        id = "M6.3"
        title = "严格落实行政机关负责人出庭应诉制度"
        kind = "measure"
        section = "一（六）积极推动依法化解矛盾纠纷"
        source = "严格落实行政机关负责人出庭应诉制度，我区行政机关负责人出庭应诉率达100%…"
        owner = "sifaju"
        co_owners = []
        due = 2024-12-31
        due_rule = "plan year end"
        repeat = "monthly"     # "" | monthly | quarterly | yearly
        status = "done"        # todo | doing | done | dropped
        done_on = 2024-03-05
        notes = [
            "已报送第一季度数据",
            "全年出庭应诉率100%",
        ]
        evidence = ["出庭应诉台账.xlsx"]   # links or file names
        custom_key = "users may add keys; they must survive"

        [tasks.periods]
        "2024-03" = 2024-03-05

        [[tasks.metrics]]
        name = "行政机关负责人出庭应诉率"
        unit = "%"
        baseline = 100.0     # 2023 value
        actual = 98.5

        # the next task is the 行政复议 one
        """
    )
    old_keys = list(task(tomllib.loads(before), "M6.3"))
    new_keys = [k for k in task(parse(path), "M6.3") if k in old_keys]
    assert new_keys == old_keys


def test_edited_task_still_validates_and_values_have_toml_types(tmp_path: Path) -> None:
    _, path = make_workspace(tmp_path)
    apply_changes(path, DONE_M63, [])
    raw = task(parse(path), "M6.3")
    # TOML dates, not strings and not date-times; a float stays a float.
    assert type(raw["done_on"]) is date
    assert type(raw["periods"]["2024-03"]) is date
    assert type(raw["metrics"][0]["actual"]) is float
    loaded = task_from_toml(raw)
    assert loaded.status == "done"
    assert loaded.done_on == date(2024, 3, 5)
    assert loaded.metrics[0].actual == 98.5
    assert loaded.periods == {"2024-03": date(2024, 3, 5)}
    assert loaded.notes == ["已报送第一季度数据", "全年出庭应诉率100%"]
    assert raw["custom_key"] == "users may add keys; they must survive"


def test_tick_adds_to_an_existing_periods_table_and_removal_drops_only_that_line(tmp_path: Path) -> None:
    _, path = make_workspace(tmp_path)
    before = blocks(path.read_text(encoding="utf-8"))
    apply_changes(path, [FieldChange("M6.4", ("periods", "2024-Q2"), date(2024, 7, 3))], [])
    text = path.read_text(encoding="utf-8")
    assert '[tasks.periods]\n"2024-Q1" = 2024-04-02\n"2024-Q2" = 2024-07-03\n\n[[tasks.metrics]]' in text
    assert task(parse(path), "M6.4")["periods"] == {"2024-Q1": date(2024, 4, 2), "2024-Q2": date(2024, 7, 3)}

    apply_changes(path, DONE_M63[:2], [])
    apply_changes(
        path, [FieldChange("M6.3", ("status",), "todo"), FieldChange("M6.3", ("done_on",), None)], []
    )
    after = blocks(path.read_text(encoding="utf-8"))
    assert after["M6.3"] == before["M6.3"]  # reopened: back to the original bytes
    assert after["P4.1"] == before["P4.1"]


def test_inline_metrics_and_bare_period_keys_keep_their_layout(tmp_path: Path) -> None:
    # The layout tomli_w writes: arrays of tables inside [[tasks]] come out as inline tables.
    text = textwrap.dedent(
        """\
        schema = 1
        department = "sifaju"

        [[tasks]]
        id = "M6.3"
        title = "严格落实行政机关负责人出庭应诉制度"
        kind = "measure"
        owner = "sifaju"
        due = 2024-12-31
        repeat = "monthly"
        status = "todo"
        metrics = [
            { name = "行政机关负责人出庭应诉率", unit = "%", baseline = 100.0 },
            { name = "败诉率", unit = "%", baseline = 3.6, target = 3.0 },
        ]

        [tasks.periods]
        2024-01 = 2024-01-30
        """
    )
    _, path = make_workspace(tmp_path, text.encode("utf-8"))
    apply_changes(
        path,
        [
            FieldChange("M6.3", ("metrics", 0, "actual"), 98.5),
            FieldChange("M6.3", ("metrics", 1, "target"), 2.5),
            FieldChange("M6.3", ("periods", "2024-02"), date(2024, 2, 28)),
        ],
        [],
    )
    out = path.read_text(encoding="utf-8")
    assert '    { name = "行政机关负责人出庭应诉率", unit = "%", baseline = 100.0, actual = 98.5 },\n' in out
    assert '    { name = "败诉率", unit = "%", baseline = 3.6, target = 2.5 },\n' in out
    assert out.endswith("[tasks.periods]\n2024-01 = 2024-01-30\n2024-02 = 2024-02-28\n")


@pytest.mark.parametrize("style", ["crlf", "bom", "crlf+bom"])
def test_windows_line_endings_and_bom_survive(tmp_path: Path, style: str) -> None:
    data = SAMPLE.read_bytes()
    if "crlf" in style:
        data = data.replace(b"\n", b"\r\n")
    if "bom" in style:
        data = BOM + data
    root, path = make_workspace(tmp_path, data)

    edit_department_file(root, path, DONE_M63, [entry("M6.3", "done", "todo", "done", "第一条\n第二条")])
    edit_department_file(root, path, [FieldChange("P4.1", ("periods", "2024"), date(2024, 12, 1))], [])

    out = path.read_bytes()
    assert out.startswith(BOM) == ("bom" in style)
    assert out.count(BOM) == ("bom" in style)
    if "crlf" in style:
        assert re.search(rb"(?<!\r)\n", out) is None, "a line added by the edit ended in LF only"
        assert b"\r\r" not in out
    else:
        assert b"\r" not in out
    doc = parse(path)
    assert task(doc, "M6.3")["done_on"] == date(2024, 3, 5)
    assert task(doc, "P4.1")["periods"] == {"2024": date(2024, 12, 1)}
    assert doc["history"][0]["note"] == "第一条\n第二条"
    # Unchanged tasks are byte-identical in the file's own encoding.
    text_before, text_after = data.removeprefix(BOM).decode(), out.removeprefix(BOM).decode()
    assert blocks(text_after)["M6.4"] == blocks(text_before)["M6.4"]


def test_history_is_appended_in_order_and_read_back(tmp_path: Path) -> None:
    root, path = make_workspace(tmp_path)
    assert read_history(path) == []
    first = [entry("M6.3", "start", "todo", "doing"), entry("M6.3", "note", note="已召开推进会")]
    edit_department_file(root, path, [FieldChange("M6.3", ("status",), "doing")], first)
    second = [entry("M6.4", "done", "doing", "done", by="李四")]
    edit_department_file(root, path, [FieldChange("M6.4", ("status",), "done")], second)

    # Read back with their effective date: the date of `at` when the entry named none.
    assert read_history(path) == [replace(e, on=e.day.isoformat()) for e in first + second]
    history = blocks(path.read_text(encoding="utf-8"))["history"]
    assert history.count("[[history]]") == 3
    assert "\n\n[[history]]" in history  # entries separated by a blank line
    table = parse(path)["history"][0]
    assert list(table) == ["at", "on", "by", "task", "action", "old", "new", "note"]


def test_read_history_skips_malformed_entries(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8") + textwrap.dedent(
        """
        [[history]]
        at = "2024-03-05T09:12:00+08:00"
        by = "张三"
        task = "M6.3"
        action = "done"

        [[history]]
        by = "no time, no task"

        [[history]]
        at = 2024-03-06T10:00:00+08:00
        by = "李四"
        task = "M6.4"
        action = "record"
        old = ""
        new = 98.5

        [[history]]
        at = "2024-03-07T10:00:00+08:00"
        task = "M6.4"
        action = "note"
        note = ["not", "text"]
        """
    )
    _, path = make_workspace(tmp_path, text.encode("utf-8"))
    got = read_history(path)
    assert [(h.task, h.action) for h in got] == [("M6.3", "done"), ("M6.4", "record")]
    assert got[1].at == "2024-03-06T10:00:00+08:00"
    assert got[1].new == "98.5"


# --- refusing bad edits ---------------------------------------------------------------------


def test_unknown_task_id_raises_and_leaves_file_untouched(tmp_path: Path) -> None:
    root, path = make_workspace(tmp_path)
    before = path.read_bytes()
    with pytest.raises(LawgovError) as caught:
        edit_department_file(
            root,
            path,
            [FieldChange("M6.3", ("status",), "done"), FieldChange("M6.33", ("status",), "done")],
            [],
        )
    assert caught.value.key == "err.unknown_task"
    assert caught.value.path == path
    assert "M6.3" in str(caught.value)  # did you mean
    assert path.read_bytes() == before


def test_missing_metric_raises_and_leaves_file_untouched(tmp_path: Path) -> None:
    _, path = make_workspace(tmp_path)
    before = path.read_bytes()
    with pytest.raises(LawgovError) as caught:
        apply_changes(path, [FieldChange("P4.1", ("metrics", 0, "actual"), 1.0)], [])
    assert caught.value.key == "err.no_such_field"
    assert "metrics[0]" in str(caught.value)
    with pytest.raises(LawgovError):
        apply_changes(path, [FieldChange("M6.3", ("metrics", 3, "actual"), 1.0)], [])
    assert path.read_bytes() == before


def test_invalid_toml_is_reported_not_rewritten(tmp_path: Path) -> None:
    _, path = make_workspace(tmp_path, b'schema = 1\n[[tasks]]\nid = "A"\nstatus = "todo\n')
    before = path.read_bytes()
    with pytest.raises(LawgovError) as caught:
        apply_changes(path, [FieldChange("A", ("status",), "done")], [])
    assert caught.value.key == "err.bad_toml"
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "where", "zh", "en"),
    [
        ('title = "未闭合\n', "1:13", "字符串到行尾还没有结束", "Illegal character '\\n'"),
        ("title = 未加引号\n", "1:9", "无效的值", "Invalid value"),
        ("a = 1\na = 2\n", "2:6", "同一个键写了两次", "Cannot overwrite a value"),
        ("x = 1\nmetrics = [1, 2\n", "2", "列表缺少结尾的 ]", "Unclosed array"),
        ("[a]\n[a]\n", "2:3", "Cannot declare ('a',) twice", "Cannot declare ('a',) twice"),
        ("x = 1\ndue = 2024-7-1\n", "2:7", "无效的日期或时间（格式如 2024-07-15）", "Invalid date or datetime"),
        ("due = 2024-13-01\n", "1:7", "无效的日期或时间", "Invalid date or datetime"),
    ],
)
def test_a_toml_error_is_said_in_the_users_language(text: str, where: str, zh: str, en: str) -> None:
    from lawgov_cli.store.tomlfile import parse_toml

    with pytest.raises(LawgovError) as caught:
        parse_toml(text, Path("tasks/a.toml"))
    assert caught.value.render("zh").startswith(f"tasks/a.toml:{where}: TOML 格式错误：{zh}")
    # English keeps the reader's own words (what a search for the message finds).
    assert caught.value.render("en") == f"tasks/a.toml:{where}: invalid TOML: {en}"


def test_an_edit_that_would_not_read_back_is_refused(tmp_path: Path) -> None:
    # NaN is written as `nan` and never equals itself on reading back: the self-check must catch
    # it, as it would catch any tomlkit layout mistake, before the file is replaced.
    _, path = make_workspace(tmp_path)
    before = path.read_bytes()
    with pytest.raises(LawgovError) as caught:
        apply_changes(path, [FieldChange("M6.3", ("metrics", 0, "actual"), float("nan"))], [])
    assert caught.value.key == "err.edit_unsafe"
    assert "metrics[0].actual" in str(caught.value)
    assert path.read_bytes() == before


def test_paths_outside_the_tasks_folder_are_refused(tmp_path: Path) -> None:
    root, _ = make_workspace(tmp_path)
    settings = root / "lawgov.toml"
    outside = tmp_path / "elsewhere.toml"
    outside.write_bytes(SAMPLE.read_bytes())
    (root / "tasks" / "link.toml").symlink_to(outside)
    for bad in (root / "tasks" / ".." / "lawgov.toml", root / "tasks" / "link.toml", outside, root / "tasks"):
        with pytest.raises(LawgovError) as caught:
            edit_department_file(root, bad, [FieldChange("M6.3", ("status",), "done")], [])
        assert caught.value.key == "err.unsafe_path"
    assert outside.read_bytes() == SAMPLE.read_bytes()
    assert b"done" not in settings.read_bytes()


# --- atomic replace -------------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_write_failure_keeps_original_and_removes_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    _, path = make_workspace(tmp_path)
    before = path.read_bytes()

    def disk_full(*args: object, **kwargs: object) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, failing, disk_full)
    with pytest.raises(LawgovError) as caught:
        apply_changes(path, DONE_M63, [entry("M6.3", "done")])
    monkeypatch.undo()
    assert caught.value.key == "err.write_failed"
    assert "No space left" in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["sifaju.toml"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories anyway")
def test_read_only_directory_fails_cleanly(tmp_path: Path) -> None:
    root, path = make_workspace(tmp_path)
    before = path.read_bytes()
    path.parent.chmod(0o555)
    try:
        with pytest.raises(LawgovError) as caught:
            apply_changes(path, DONE_M63, [])
        assert caught.value.key == "err.write_failed"
        root.chmod(0o555)
        with pytest.raises(LawgovError) as caught, workspace_lock(root, timeout=0.1):
            pass
        assert caught.value.key == "err.write_failed"
        assert "read-only" in str(caught.value)
    finally:
        root.chmod(0o755)
        path.parent.chmod(0o755)
    assert path.read_bytes() == before


def test_write_atomic_keeps_permission_bits_and_creates_new_files(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_bytes(b"old\n")
    path.chmod(0o640)
    write_atomic(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert path.stat().st_mode & 0o777 == 0o640

    fresh = tmp_path / "b.toml"
    write_atomic(fresh, b"x = 1\n")
    assert fresh.read_bytes() == b"x = 1\n"
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml", "b.toml"]


def test_write_atomic_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    write_atomic(link, b"new\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"


# --- the lock -------------------------------------------------------------------------------

HOLD_LOCK = """
import sys, time
from pathlib import Path
from lawgov_cli.store.lock import workspace_lock
with workspace_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_lock(root: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(root), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_lock_busy_then_free_after_the_holder_is_killed(tmp_path: Path) -> None:
    root, _ = make_workspace(tmp_path)
    proc = hold_lock(root, 60)
    try:
        started = time.monotonic()
        with pytest.raises(LawgovError) as caught, workspace_lock(root, timeout=0.2):
            pass
        assert caught.value.key == "err.workspace_busy_by"
        assert time.monotonic() - started >= 0.2
        assert caught.value.render("zh").startswith(str(root))
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    with workspace_lock(root, timeout=0):  # free at once: no stale lock left by the killed process
        pass
    assert (root / LOCK_NAME).exists()


def test_lock_waits_for_a_holder_that_finishes(tmp_path: Path) -> None:
    root, _ = make_workspace(tmp_path)
    proc = hold_lock(root, 2)
    try:
        with pytest.raises(LawgovError), workspace_lock(root, timeout=0):
            pass  # held right now...
        with workspace_lock(root, timeout=120):  # ...and ours once the holder is done with it
            assert proc.wait(timeout=120) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def test_lock_in_a_missing_workspace_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(LawgovError) as caught, workspace_lock(tmp_path / "nowhere", timeout=0.1):
        pass
    assert caught.value.key == "err.lock_create_failed"
    assert str(caught.value).endswith(f"cannot create the lock file {LOCK_NAME}: No such file or directory")
    assert caught.value.render("zh").endswith(f"无法创建锁文件 {LOCK_NAME}：文件或目录不存在")


# --- crashes and concurrency ----------------------------------------------------------------

EDIT_FOREVER = """
import sys
from pathlib import Path
from lawgov_cli.store.edit import FieldChange, edit_department_file
root = Path(sys.argv[1])
path = root / "tasks" / "sifaju.toml"
long = "依法行政" * int(sys.argv[2])
print("ready", flush=True)
i = 0
while True:
    note = ("A" if i % 2 == 0 else "B") + long
    edit_department_file(root, path, [FieldChange("M6.3", ("notes",), [note])], [])
    i += 1
"""


@pytest.mark.slow
def test_kill_mid_write_leaves_old_or_new_file_and_no_stale_lock(tmp_path: Path) -> None:
    root, path = make_workspace(tmp_path)
    repeat = 20_000  # ~240 KB of UTF-8, so that a write takes a noticeable moment
    long = "依法行政" * repeat
    original_notes = task(parse(path), "M6.3")["notes"]
    allowed = [original_notes, ["A" + long], ["B" + long]]
    rng = random.Random(20240305)
    seen = set()
    for _ in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", EDIT_FOREVER, str(root), str(repeat)],
            stdout=subprocess.PIPE,
            text=True,
            env=subprocess_env(),
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()

        notes = task(parse(path), "M6.3")["notes"]  # always parses: never half-written
        assert notes in allowed
        seen.add(notes[0][0] if notes != original_notes else "original")
        leftovers = [p.name for p in path.parent.iterdir() if p != path]
        assert all(TEMP_FILE.match(name) for name in leftovers), leftovers
        assert sorted(path.parent.glob("*.toml")) == [path]  # what a loader would pick up
        with workspace_lock(root, timeout=0.5):
            pass
    assert seen & {"A", "B"}, "the editing process never got to write; the test proved nothing"


TICK_TASKS = """
import sys
from datetime import date
from pathlib import Path
from lawgov_cli.model import HistoryEntry
from lawgov_cli.store.edit import FieldChange, edit_department_file
root = Path(sys.argv[1])
path = root / "tasks" / "sifaju.toml"
for task_id in sys.argv[2:]:
    edit_department_file(
        root,
        path,
        [FieldChange(task_id, ("status",), "done"), FieldChange(task_id, ("done_on",), date(2024, 3, 5))],
        [HistoryEntry("2024-03-05T09:12:00+08:00", "worker", task_id, "done", "todo", "done")],
    )
"""


@pytest.mark.slow
def test_two_processes_ticking_the_same_file_lose_nothing(tmp_path: Path) -> None:
    ids = [f"T{i:02d}" for i in range(1, 51)]
    text = 'schema = 1\ndepartment = "sifaju"\n' + "".join(
        f'\n# task {i}\n[[tasks]]\nid = "{i}"\ntitle = "任务{i}"\nkind = "plan"\nowner = "sifaju"\n'
        f'due = 2024-12-31\nstatus = "todo"\nnotes = []\nevidence = []\n'
        for i in ids
    )
    root, path = make_workspace(tmp_path, text.encode("utf-8"))
    workers = [
        subprocess.Popen([sys.executable, "-c", TICK_TASKS, str(root), *ids[k::2]], env=subprocess_env())
        for k in (0, 1)
    ]
    for worker in workers:
        assert worker.wait(timeout=60) == 0
    doc = parse(path)
    assert [t["id"] for t in doc["tasks"]] == ids
    assert all(t["status"] == "done" and t["done_on"] == date(2024, 3, 5) for t in doc["tasks"])
    history = read_history(path)
    assert len(history) == 50
    assert sorted(h.task for h in history) == ids
    assert path.read_text(encoding="utf-8").count("# task ") == 50


def test_read_back_is_type_strict_where_text_was_rewritten() -> None:
    """``true`` read back as ``1`` equals it for Python's ``==``: the read-back still refuses it in
    a task whose block was rewritten, and anywhere when the whole document was."""
    from lawgov_cli.store.patch import _verified

    expected = {"tasks": [{"id": "A", "needs_review": True}, {"id": "B"}], "history": [{"at": "x"}]}
    data = b'[[tasks]]\nid = "A"\nneeds_review = 1\n\n[[tasks]]\nid = "B"\n\n[[history]]\nat = "x"\n'
    assert _verified(data, expected, ({0}, 1)) == "unexpected value at tasks[0].needs_review"
    assert _verified(data, expected) == "unexpected value at tasks[0].needs_review"
    good = data.replace(b"needs_review = 1", b"needs_review = true")
    assert _verified(good, expected, ({0}, 1)) is None
    assert (
        _verified(good.replace(b'at = "x"', b'at = "y"'), expected, ({0}, 1))
        == "unexpected value at history[0].at"
    )
