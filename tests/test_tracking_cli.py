"""The commands that change tasks — start, done, reopen, drop, note, record — and show, log.

Every test works on a real copy of the committed 南开区 workspace in ``tmp_path`` and reads the
TOML files back with ``tomllib`` to see what was written.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import ok, snapshot, usage_error

AS_OF = "2024-07-15"


def lawgov(run, ws: Path, *args: str, as_of: str | None = AS_OF):  # type: ignore[no-untyped-def]
    front = ["--dir", str(ws)] + (["--as-of", as_of] if as_of else [])
    return run(*front, *args)


def dept_doc(ws: Path, dept: str) -> dict[str, Any]:
    return tomllib.loads((ws / "tasks" / f"{dept}.toml").read_text("utf-8"))


def task_doc(ws: Path, task_id: str) -> dict[str, Any]:
    for path in sorted((ws / "tasks").glob("*.toml")):
        for task in tomllib.loads(path.read_text("utf-8")).get("tasks", []):
            if task["id"] == task_id:
                return task
    raise AssertionError(f"{task_id} not in any file")


def history(ws: Path, dept: str, task_id: str | None = None) -> list[dict[str, str]]:
    entries = dept_doc(ws, dept).get("history", [])
    return [e for e in entries if task_id is None or e["task"] == task_id]


def status_json(run, ws: Path, *args: str, as_of: str = AS_OF) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    result = ok(lawgov(run, ws, "status", "--format", "json", *args, as_of=as_of))
    return json.loads(result.out)


# --- one-off tasks ---------------------------------------------------------------------------


def test_start_done_reopen_drop_write_the_file_and_history(run, workspace: Path) -> None:
    ok(lawgov(run, workspace, "start", "M6.3", "--by", "张三", "--on", "2024-05-01"))
    assert task_doc(workspace, "M6.3")["status"] == "doing"

    result = ok(
        lawgov(
            run,
            workspace,
            "done",
            "M6.3",
            "--note",
            "出庭应诉率全年100%",
            "--evidence",
            "南开司法〔2024〕12号",
            "--by",
            "李四",
            "--on",
            "2024-05-06",
        )
    )
    assert "M6.3" in result.out and "已完成" in result.out
    task = task_doc(workspace, "M6.3")
    assert task["status"] == "done"
    assert task["done_on"] == date(2024, 5, 6)  # a TOML date, not a string
    assert task["notes"] == ["出庭应诉率全年100%"]
    assert task["evidence"] == ["南开司法〔2024〕12号"]
    entries = history(workspace, "sifaju", "M6.3")
    assert [(e["action"], e["by"], e["old"], e["new"]) for e in entries] == [
        ("start", "张三", "todo", "doing"),
        ("done", "李四", "doing", "done"),
        ("evidence", "李四", "", "南开司法〔2024〕12号"),
    ]
    assert entries[1]["note"] == "出庭应诉率全年100%"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", entries[0]["at"])

    usage_error(lawgov(run, workspace, "done", "M6.3"), "M6.3", "2024-05-06")  # already done
    usage_error(lawgov(run, workspace, "start", "M6.3"), "M6.3")  # only todo can start

    ok(lawgov(run, workspace, "reopen", "M6.3", "--note", "材料不全"))
    task = task_doc(workspace, "M6.3")
    assert task["status"] == "todo" and "done_on" not in task
    assert task["notes"][-1] == "材料不全"
    usage_error(lawgov(run, workspace, "reopen", "M6.3"), "M6.3")  # nothing to reopen

    ok(lawgov(run, workspace, "drop", "M6.3", "--reason", "并入M6.2统一推进"))
    task = task_doc(workspace, "M6.3")
    assert task["status"] == "dropped" and task["notes"][-1] == "并入M6.2统一推进"
    assert history(workspace, "sifaju", "M6.3")[-1]["action"] == "drop"
    usage_error(lawgov(run, workspace, "done", "M6.3"), "M6.3", "reopen")  # dropped: reopen first
    usage_error(lawgov(run, workspace, "drop", "M6.3", "--reason", "again"), "M6.3")
    ok(lawgov(run, workspace, "reopen", "M6.3"))
    assert task_doc(workspace, "M6.3")["status"] == "todo"


def test_note_appends_and_is_recorded(run, workspace: Path) -> None:
    result = ok(lawgov(run, workspace, "note", "R1", "已召开推进会", "--by", "王五"))
    assert "R1" in result.out
    ok(lawgov(run, workspace, "note", "R1", "第二次推进会"))
    assert task_doc(workspace, "R1")["notes"] == ["已召开推进会", "第二次推进会"]
    assert task_doc(workspace, "R1")["status"] == "todo"  # a note changes nothing else
    assert [(e["action"], e["new"]) for e in history(workspace, "yfzqb", "R1")] == [
        ("note", "已召开推进会"),
        ("note", "第二次推进会"),
    ]
    assert history(workspace, "yfzqb", "R1")[0]["by"] == "王五"


def _add_metrics(ws: Path) -> None:
    """Give R3 metrics whose names overlap, so exact/substring/ambiguous can be told apart."""
    path = ws / "tasks" / "sifaju.toml"
    text = path.read_text("utf-8")
    anchor = 'id = "R3"\n'
    block = text[text.index(anchor) :]
    end = block.index("evidence = []\n") + len("evidence = []\n")
    metrics = (
        "metrics = [\n"
        '    { name = "出庭应诉率", unit = "%", baseline = 100 },\n'
        '    { name = "出庭应诉率(较上年)", unit = "个百分点", baseline = 1.62 },\n'
        '    { name = "实质化解率", unit = "%", baseline = 88.26, target = 90 },\n'
        "]\n"
    )
    start = text.index(anchor) + end
    path.write_text(text[:start] + metrics + text[start:], encoding="utf-8")


def test_record_exact_name_wins_then_unique_substring(run, workspace: Path) -> None:
    _add_metrics(workspace)
    result = ok(lawgov(run, workspace, "record", "R3", "出庭应诉率", "98.5"))
    assert "出庭应诉率" in result.out and "98.5" in result.out
    metrics = task_doc(workspace, "R3")["metrics"]
    assert metrics[0]["actual"] == 98.5 and "actual" not in metrics[1]  # exact beats substring

    ok(lawgov(run, workspace, "record", "R3", "较上年", "2"))
    assert task_doc(workspace, "R3")["metrics"][1]["actual"] == 2
    ok(lawgov(run, workspace, "record", "R3", "化解", "90.1%", "--note", "年报数据"))
    metrics = task_doc(workspace, "R3")["metrics"]
    assert metrics[2]["actual"] == 90.1 and metrics[2]["target"] == 90
    last = history(workspace, "sifaju", "R3")[-1]
    assert (last["action"], last["old"], last["new"]) == ("record", "", "90.1")
    assert "实质化解率" in last["note"] and "年报数据" in last["note"]

    ok(lawgov(run, workspace, "record", "R3", "实质化解率", "91"))
    last = history(workspace, "sifaju", "R3")[-1]
    assert (last["old"], last["new"]) == ("90.1", "91")

    # The metric's own unit typed after the number is the number; another unit is refused.
    ok(lawgov(run, workspace, "record", "R3", "较上年", "1.5个百分点"))
    assert task_doc(workspace, "R3")["metrics"][1]["actual"] == 1.5
    usage_error(lawgov(run, workspace, "record", "R3", "较上年", "1.5件"), "1.5件")


def test_record_errors(run, workspace: Path) -> None:
    _add_metrics(workspace)
    before = snapshot(workspace)
    ambiguous = lawgov(run, workspace, "record", "R3", "应诉", "1")
    usage_error(ambiguous, "出庭应诉率", "出庭应诉率(较上年)")
    assert "实质化解率" not in ambiguous.err  # only the candidates that match
    usage_error(lawgov(run, workspace, "record", "R3", "办结率", "1"), "办结率", "实质化解率")
    usage_error(lawgov(run, workspace, "record", "R3", "实质化解率", "九十"), "九十")
    usage_error(lawgov(run, workspace, "record", "R3", "实质化解率", "nan"), "nan")
    usage_error(lawgov(run, workspace, "record", "R1", "率", "1"), "R1")  # R1 has no metrics
    assert snapshot(workspace) == before


# --- several ids: all or nothing -------------------------------------------------------------


def test_several_ids_are_all_or_nothing(run, workspace: Path) -> None:
    before = snapshot(workspace)
    # R1 (yfzqb) and R3 (sifaju) are fine; the third id does not exist.
    usage_error(lawgov(run, workspace, "done", "R1", "R3", "R9"), "R9")
    assert snapshot(workspace) == before
    usage_error(lawgov(run, workspace, "start", "R1", "NOPE", "R3"), "NOPE")
    usage_error(lawgov(run, workspace, "drop", "R1", "R3", "XX1", "--reason", "x"), "XX1")
    usage_error(lawgov(run, workspace, "done", "R1", "R3", "--on", "yesterday"), "yesterday")
    assert snapshot(workspace) == before

    ok(lawgov(run, workspace, "done", "R2"))
    after_r2 = snapshot(workspace)
    # R2 is already done: the other two must not be ticked either.
    usage_error(lawgov(run, workspace, "done", "R1", "R2", "R3"), "R2")
    assert snapshot(workspace) == after_r2

    result = ok(lawgov(run, workspace, "done", "R1", "r3", "R1"))  # case-insensitive, deduplicated
    assert result.out.count("\n") == 2
    assert {task_doc(workspace, i)["status"] for i in ("R1", "R2", "R3")} == {"done"}
    assert len([e for e in history(workspace, "yfzqb") if e["action"] == "done"]) == 2


def test_unknown_id_suggests_the_closest(run, workspace: Path) -> None:
    before = snapshot(workspace)
    usage_error(lawgov(run, workspace, "done", "M44"), "'M44'", "M4.4")
    usage_error(lawgov(run, workspace, "--lang", "en", "note", "R4", "x"), "unknown task id", "R1")
    usage_error(lawgov(run, workspace, "show", "P31"), "P3.1")
    assert snapshot(workspace) == before


def test_argument_errors_are_one_line_and_write_nothing(run, workspace: Path) -> None:
    before = snapshot(workspace)
    usage_error(lawgov(run, workspace, "drop", "R1"), "--reason")  # required option
    usage_error(lawgov(run, workspace, "drop", "R1", "--reason", "  "), "R1")
    usage_error(lawgov(run, workspace, "note", "R1", ""), "R1")
    usage_error(lawgov(run, workspace, "done", "R1", "--on", "2024-02-30"), "2024-02-30")
    usage_error(lawgov(run, workspace, "done", "R1", "--period", "2024-01"), "R1")  # not recurring
    usage_error(lawgov(run, workspace, "done", "R1", as_of="2024-13-01"), "2024-13-01")
    usage_error(lawgov(run, workspace, "done"), "ID")  # no id at all
    assert snapshot(workspace) == before


# --- recurring tasks -------------------------------------------------------------------------


def test_monthly_done_ticks_earliest_open_period_that_has_begun(run, workspace: Path) -> None:
    result = ok(lawgov(run, workspace, "done", "M4.4", "--note", "1月通报已印发", as_of="2024-01-15"))
    assert "2024-01" in result.out
    task = task_doc(workspace, "M4.4")
    assert task["periods"] == {"2024-01": date(2024, 1, 15)}
    assert task["status"] == "doing" and "done_on" not in task
    # February has not begun on 2024-01-20: nothing to tick without naming a period.
    before = snapshot(workspace)
    usage_error(lawgov(run, workspace, "done", "M4.4", as_of="2024-01-20"), "2024-02", "--period")
    assert snapshot(workspace) == before
    # Naming a period that has not begun is refused too (the ledger would date it before it began).
    usage_error(
        lawgov(run, workspace, "done", "M4.4", "--period", "2024-5", as_of="2024-01-20"), "2024-05", "2024-01-20"
    )
    assert snapshot(workspace) == before
    ok(lawgov(run, workspace, "done", "M4.4"))  # 2024-07-15: earliest open is February
    ok(lawgov(run, workspace, "done", "M4.4", "--period", "2024-5"))
    periods = task_doc(workspace, "M4.4")["periods"]
    assert sorted(periods) == ["2024-01", "2024-02", "2024-05"]
    assert periods["2024-02"] == date(2024, 7, 15) and periods["2024-05"] == date(2024, 7, 15)
    entries = history(workspace, "sifaju", "M4.4")
    assert [(e["action"], e["new"], e["on"]) for e in entries if e["action"] == "tick"] == [
        ("tick", "2024-01", "2024-01-15"),
        ("tick", "2024-02", "2024-07-15"),
        ("tick", "2024-05", "2024-07-15"),
    ]
    assert ("status", "todo", "doing") in [(e["action"], e["old"], e["new"]) for e in entries]


def test_period_errors(run, workspace: Path) -> None:
    ok(lawgov(run, workspace, "done", "M4.4", "--period", "2024-03"))
    before = snapshot(workspace)
    usage_error(lawgov(run, workspace, "done", "M4.4", "--period", "2024-03"), "2024-03")  # ticked
    usage_error(lawgov(run, workspace, "done", "M4.4", "--period", "2024-13"), "2024-13", "2024-01")
    usage_error(lawgov(run, workspace, "done", "M4.4", "--period", "2023-05"), "2023-05")
    usage_error(lawgov(run, workspace, "done", "M4.4", "--period", "2024-Q2"), "2024-Q2")
    usage_error(lawgov(run, workspace, "done", "M2.5", "--period", "2024-03"), "2024-Q1")
    usage_error(lawgov(run, workspace, "done", "M2.5", "--period", "2024-Q5"), "2024-Q5")
    usage_error(lawgov(run, workspace, "reopen", "M4.4", "--period", "2024-04"), "2024-04")  # not ticked
    usage_error(lawgov(run, workspace, "done", "M4.4", "R1", "--period", "2024-04"), "R1")
    assert snapshot(workspace) == before


def test_quarterly_periods_and_overdue_until_every_passed_period_is_ticked(run, workspace: Path) -> None:
    overdue = {item["id"]: item for item in status_json(run, workspace)["overdue"]}
    assert overdue["M2.5"]["days_overdue"] == (date(2024, 7, 15) - date(2024, 3, 31)).days
    assert overdue["M2.5"]["due"] == "2024-03-31"

    result = ok(lawgov(run, workspace, "done", "M2.5", "--period", "2024-Q2"))
    assert "2024-Q2" in result.out
    overdue = {item["id"]: item for item in status_json(run, workspace)["overdue"]}
    assert overdue["M2.5"]["due"] == "2024-03-31"  # Q1 still open: still red
    assert overdue["M2.5"]["days_overdue"] == 106

    ok(lawgov(run, workspace, "done", "M2.5"))  # the earliest open period: Q1
    assert sorted(task_doc(workspace, "M2.5")["periods"]) == ["2024-Q1", "2024-Q2"]
    document = status_json(run, workspace)
    assert "M2.5" not in [item["id"] for item in document["overdue"]]
    assert task_doc(workspace, "M2.5")["status"] == "doing"

    usage_error(lawgov(run, workspace, "done", "M2.5", "--period", "2024q4"), "2024-Q4")  # not begun
    ok(lawgov(run, workspace, "done", "M2.5"))  # Q3 has begun on 2024-07-15
    ok(lawgov(run, workspace, "done", "M2.5", "--period", "2024q4", as_of="2024-10-08"))
    task = task_doc(workspace, "M2.5")
    assert sorted(task["periods"]) == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert task["status"] == "done" and task["done_on"] == date(2024, 10, 8)
    usage_error(lawgov(run, workspace, "done", "M2.5", as_of="2024-10-08"), "M2.5")  # already done


def test_monthly_task_is_done_after_twelve_ticks_and_can_be_reopened(run, workspace: Path) -> None:
    # A month missed in the middle keeps the task red.
    for month in (1, 2, 3, 5, 6):
        ok(lawgov(run, workspace, "done", "M4.4", "--period", f"2024-{month:02d}"))
    overdue = {item["id"]: item for item in status_json(run, workspace)["overdue"]}
    assert overdue["M4.4"]["due"] == "2024-04-30"  # April is missed: still red
    assert overdue["M4.4"]["days_overdue"] == (date(2024, 7, 15) - date(2024, 4, 30)).days

    for _ in range(7):  # 04, then 07..12
        ok(lawgov(run, workspace, "done", "M4.4", as_of="2024-12-31"))
    task = task_doc(workspace, "M4.4")
    assert len(task["periods"]) == 12
    assert task["status"] == "done" and task["done_on"] == date(2024, 12, 31)
    usage_error(lawgov(run, workspace, "done", "M4.4", as_of="2024-12-31"), "M4.4")

    # A reopen dated before the tick it undoes would rewrite the ledger.
    usage_error(lawgov(run, workspace, "reopen", "M4.4", "--period", "2024-12"), "2024-12-31")
    ok(lawgov(run, workspace, "reopen", "M4.4", "--period", "2024-12", as_of="2024-12-31"))
    task = task_doc(workspace, "M4.4")
    assert task["status"] == "doing" and "2024-12" not in task["periods"] and "done_on" not in task
    late = status_json(run, workspace, as_of="2025-01-05")
    assert [(i["due"], i["days_overdue"]) for i in late["overdue"] if i["id"] == "M4.4"] == [
        ("2024-12-31", 5)
    ]
    ok(lawgov(run, workspace, "done", "M4.4", as_of="2025-01-05"))
    assert task_doc(workspace, "M4.4")["status"] == "done"

    # Reopening the whole task keeps its ticks; ticking it again closes it rather than failing.
    ok(lawgov(run, workspace, "reopen", "M4.4", as_of="2025-01-06"))
    task = task_doc(workspace, "M4.4")
    assert task["status"] == "doing" and len(task["periods"]) == 12
    ok(lawgov(run, workspace, "done", "M4.4", as_of="2025-01-06"))
    task = task_doc(workspace, "M4.4")
    assert task["status"] == "done" and task["done_on"] == date(2025, 1, 6)


# --- show and log ----------------------------------------------------------------------------


def test_show_has_source_metrics_periods_notes_evidence_history(run, workspace: Path) -> None:
    _add_metrics(workspace)
    ok(lawgov(run, workspace, "record", "R3", "实质化解率", "91.5", "--by", "张三"))
    ok(lawgov(run, workspace, "note", "R3", "已制定整改方案", "--by", "李四"))
    ok(
        lawgov(
            run, workspace, "done", "R3", "--evidence", "整改报告.pdf", "--by", "王五", "--on", "2024-06-28"
        )
    )
    text = ok(lawgov(run, workspace, "show", "R3")).out
    source = task_doc(workspace, "R3")["source"]
    assert source in text
    assert "实质化解率: 88.26 → 90 → 91.5 %" in text
    assert "出庭应诉率: 100 → — → — %" in text
    assert "已制定整改方案" in text and "整改报告.pdf" in text
    assert "2024-06-28" in text and "已完成" in text
    history_lines = text[text.index("变更记录") :].splitlines()[1:]
    assert "王五" in history_lines[0] and "未开始 → 已完成" in text  # newest first, statuses in words
    assert "张三" in history_lines[-1] and "91.5" in history_lines[-1]

    ok(lawgov(run, workspace, "done", "M4.4", "--period", "2024-03", "--on", "2024-04-02"))
    monthly = ok(lawgov(run, workspace, "show", "M4.4")).out
    assert "2024-03 ✓ 2024-04-02" in monthly and "2024-01 ·" in monthly
    assert "逾期" in monthly and "166天" in monthly  # overdue since 2024-01-31

    english = ok(lawgov(run, workspace, "--lang", "en", "show", "R3")).out
    for label in ("Source", "Metrics (Baseline → Target → Actual)", "Notes", "Evidence", "History"):
        assert label in english

    document = json.loads(ok(lawgov(run, workspace, "show", "M4.4", "--format", "json")).out)
    assert document["schema"] == 1 and document["id"] == "M4.4"
    assert document["periods"] == {"2024-03": "2024-04-02"}
    assert document["days_overdue"] == 166
    assert [h["action"] for h in document["history"]] == ["status", "tick"]  # newest first


def _append_history(ws: Path, dept: str, at: str, by: str, task: str) -> None:
    path = ws / "tasks" / f"{dept}.toml"
    path.write_text(
        path.read_text("utf-8") + f'\n# 手工补录\n[[history]]\nat = "{at}"\nby = "{by}"\ntask = "{task}"\n'
        'action = "note"\nold = ""\nnew = "补录"\nnote = ""\n',
        encoding="utf-8",
    )


def test_log_newest_first_with_who_and_old_new(run, workspace: Path) -> None:
    assert ok(lawgov(run, workspace, "log")).out.strip() == "暂无变更记录"
    # Written by hand in two files; 02:30 UTC is 10:30 in Beijing, later than 10:00+08:00.
    _append_history(workspace, "yfzqb", "2024-03-01T10:00:00+08:00", "办公室", "R2")
    _append_history(workspace, "sifaju", "2024-03-01T02:30:00+00:00", "司法局", "R3")
    ok(lawgov(run, workspace, "done", "R1", "--by", "甲"))
    ok(lawgov(run, workspace, "note", "R1", "补充说明", "--by", "乙"))
    ok(lawgov(run, workspace, "reopen", "R1", "--by", "丙", "--note", "退回"))

    lines = ok(lawgov(run, workspace, "log", "R1")).out.splitlines()
    assert lines[0].split()[:3] == ["生效日期", "录入时间", "操作人"]
    assert len(lines) == 4
    assert "丙" in lines[1] and "已完成 → 未开始" in lines[1] and "退回" in lines[1]
    assert "乙" in lines[2] and "补充说明" in lines[2]
    assert "甲" in lines[3] and "未开始 → 已完成" in lines[3]
    assert "R2" not in "\n".join(lines)

    everything = json.loads(ok(lawgov(run, workspace, "log", "--format", "json")).out)
    assert everything["schema"] == 1
    assert [(h["task"], h["action"], h["by"]) for h in everything["history"]] == [
        ("R1", "reopen", "丙"),
        ("R1", "note", "乙"),
        ("R1", "done", "甲"),
        ("R3", "note", "司法局"),
        ("R2", "note", "办公室"),
    ]
    assert set(everything["history"][0]) == {"at", "on", "by", "task", "action", "old", "new", "note"}
    one = json.loads(ok(lawgov(run, workspace, "log", "-n", "1", "--format", "json")).out)
    assert [h["action"] for h in one["history"]] == ["reopen"]
    dept = json.loads(ok(lawgov(run, workspace, "log", "--dept", "区司法局", "--format", "json")).out)
    assert [h["task"] for h in dept["history"]] == ["R3"]
    usage_error(lawgov(run, workspace, "log", "--dept", "司法"), "司法")
    english = ok(lawgov(run, workspace, "--lang", "en", "log")).out
    assert english.splitlines()[0].split()[:3] == ["Effective", "Written", "By"]


def test_who_defaults_to_git_user_name_then_login(
    run, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # git reads GIT_CONFIG_COUNT/KEY/VALUE above every config file.
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "user.name")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "赵六 (git)")
    ok(lawgov(run, workspace, "note", "R1", "from git"))
    assert history(workspace, "yfzqb", "R1")[-1]["by"] == "赵六 (git)"

    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no git to ask
    monkeypatch.setenv("LOGNAME", "sunqi")
    monkeypatch.setenv("USER", "sunqi")
    ok(lawgov(run, workspace, "note", "R1", "from login"))
    assert history(workspace, "yfzqb", "R1")[-1]["by"] == "sunqi"
    ok(lawgov(run, workspace, "note", "R1", "explicit", "--by", " 周八 "))
    assert history(workspace, "yfzqb", "R1")[-1]["by"] == "周八"


# --- hand edits --------------------------------------------------------------------------------


def _blocks(text: str) -> dict[str, str]:
    """Task id -> the exact text of its ``[[tasks]]`` block (history excluded)."""
    body = text.split("\n[[history]]\n", 1)[0]
    blocks = body.split("\n[[tasks]]\n")[1:]
    out = {}
    for block in blocks:
        match = re.search(r'^id = "([^"]+)"', block, re.MULTILINE)
        assert match, block
        out[match.group(1)] = block.rstrip("\n")
    return out


def test_hand_comments_and_keys_survive_every_edit(run, workspace: Path) -> None:
    path = workspace / "tasks" / "sifaju.toml"
    text = path.read_text("utf-8")
    text = text.replace(
        'id = "M6.3"\n', 'id = "M6.3"\n# 张三负责，每季度向区政府汇报\nmy_key = "x"\n', 1
    ).replace('status = "todo"\n', 'status = "todo"  # 手工备注：重点任务\n', 7)
    path.write_text(text, encoding="utf-8")
    _add_metrics(workspace)
    original = _blocks(path.read_text("utf-8"))

    ok(lawgov(run, workspace, "done", "M6.3", "--note", "已完成", "--evidence", "文号1"))
    ok(lawgov(run, workspace, "note", "M6.3", "补充"))
    ok(lawgov(run, workspace, "record", "M6.3", "实质化解率", "90.1"))
    ok(lawgov(run, workspace, "reopen", "M6.3"))

    after_text = path.read_text("utf-8")
    after = _blocks(after_text)
    m63 = after["M6.3"]
    assert "# 张三负责，每季度向区政府汇报\n" in m63 and 'my_key = "x"' in m63
    assert "# 手工备注：重点任务" in m63
    assert after_text.startswith(text[: text.index("schema = 1")])  # file header comments
    assert after.keys() == original.keys()
    for task_id in original:
        if task_id != "M6.3":
            assert after[task_id] == original[task_id], task_id
    task = task_doc(workspace, "M6.3")
    assert task["my_key"] == "x" and task["notes"] == ["已完成", "补充"]
    assert task["status"] == "todo" and [m.get("actual") for m in task["metrics"]][1] == 90.1
    assert [e["action"] for e in history(workspace, "sifaju")] == [
        "done",
        "evidence",
        "note",
        "record",
        "reopen",
    ]


def test_history_is_appended_after_hand_written_history(run, workspace: Path) -> None:
    _append_history(workspace, "yfzqb", "2024-03-01T09:00:00+08:00", "办公室", "R1")
    ok(lawgov(run, workspace, "done", "R1", "--by", "甲"))
    assert "# 手工补录" in (workspace / "tasks" / "yfzqb.toml").read_text("utf-8")
    assert [e["by"] for e in history(workspace, "yfzqb", "R1")] == ["办公室", "甲"]
    lines = ok(lawgov(run, workspace, "log", "R1")).out.splitlines()
    assert "甲" in lines[1] and "办公室" in lines[2]
