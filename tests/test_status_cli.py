"""``lawgov status`` and ``check``: the numbers, the JSON contract, text and rich output, today,
language, and every kind of bad input (exit 2, one line, nothing written)."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import COMMITTED_WORKSPACE, ok, snapshot, usage_error

AS_OF = "2024-07-15"
FIRST_OVERDUE = ["M4.4", "M2.5", "R1", "R2", "R3"]  # longest overdue first, then id order


def lawgov(run, ws: Path, *args: str, as_of: str | None = AS_OF):  # type: ignore[no-untyped-def]
    front = ["--dir", str(ws)] + (["--as-of", as_of] if as_of else [])
    return run(*front, *args)


def status_json(run, ws: Path, *args: str, as_of: str | None = AS_OF) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return json.loads(ok(lawgov(run, ws, "status", "--format", "json", *args, as_of=as_of)).out)


def task_counts(ws: Path) -> dict[str, int]:
    """Department id -> number of tasks, read straight from the files."""
    return {
        path.stem: len(tomllib.loads(path.read_text("utf-8")).get("tasks", []))
        for path in sorted((ws / "tasks").glob("*.toml"))
    }


def set_setting(ws: Path, key: str, value: str) -> None:
    """Replace (or add) ``key = value`` in lawgov.toml, before its first table."""
    path = ws / "lawgov.toml"
    text = path.read_text("utf-8")
    line = re.compile(rf"^{key} = .*$", re.MULTILINE)
    if line.search(text):
        text = line.sub(f"{key} = {value}", text)
    else:
        text = text.replace("\n[source]", f"{key} = {value}\n\n[source]", 1)
    path.write_text(text, encoding="utf-8")


def task_line(ws: Path, dept: str, task_id: str, key: str) -> int:
    """1-based line of ``key = …`` inside task ``task_id`` of ``tasks/<dept>.toml``."""
    lines = (ws / "tasks" / f"{dept}.toml").read_text("utf-8").splitlines()
    start = lines.index(f'id = "{task_id}"')
    return next(n for n in range(start, len(lines)) if lines[n].startswith(f"{key} = ")) + 1


def edit_task(ws: Path, dept: str, task_id: str, old: str, new: str) -> None:
    """Replace the first ``old`` after ``id = "<task_id>"`` in the department file."""
    path = ws / "tasks" / f"{dept}.toml"
    text = path.read_text("utf-8")
    start = text.index(f'id = "{task_id}"\n')
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


# --- the numbers ---------------------------------------------------------------------------------


def test_json_contract(run, workspace: Path) -> None:
    result = ok(lawgov(run, workspace, "status", "--format", "json"))
    document = json.loads(result.out)  # exactly one JSON document on stdout
    assert set(document) == {
        "schema",
        "as_of",
        "end_of_day",
        "due_soon_days",
        "totals",
        "departments",
        "overdue",
        "due_soon",
        "pending",
    }
    assert document["schema"] == 1 and document["as_of"] == AS_OF and document["due_soon_days"] == 14
    assert set(document["totals"]) == {
        "tasks", "done", "doing", "todo", "dropped", "overdue", "due_soon", "finished_late", "reported",
        "percent_done",
    }  # fmt: skip
    assert all(type(v) is int for k, v in document["totals"].items() if k != "percent_done")
    assert type(document["totals"]["percent_done"]) is float
    for dept in document["departments"]:
        assert set(dept) >= {"id", "name", "tasks", "done", "overdue", "due_soon", "percent_done"}
    for item in document["overdue"]:
        assert set(item) >= {"id", "title", "owner", "due", "days_overdue"}
        assert date.fromisoformat(item["due"]) and item["days_overdue"] > 0
    soon = status_json(run, workspace, as_of="2024-06-20")["due_soon"]
    assert soon and all(set(item) >= {"id", "title", "owner", "due"} for item in soon)


def test_numbers_on_the_fresh_workspace(run, workspace: Path) -> None:
    counts = task_counts(workspace)
    total = sum(counts.values())
    document = status_json(run, workspace)
    assert document["totals"] == {
        "tasks": total, "done": 0, "doing": 0, "todo": total, "dropped": 0,
        "overdue": 5, "due_soon": 0, "finished_late": 0, "reported": 0, "percent_done": 0.0,
    }  # fmt: skip
    assert [item["id"] for item in document["overdue"]] == FIRST_OVERDUE
    overdue = {item["id"]: item for item in document["overdue"]}
    assert overdue["M4.4"] == {
        "id": "M4.4",
        "title": overdue["M4.4"]["title"],
        "owner": "sifaju",
        "due": "2024-01-31",  # the first missed month
        "days_overdue": (date(2024, 7, 15) - date(2024, 1, 31)).days,
        **{
            k: v
            for k, v in overdue["M4.4"].items()
            if k not in ("id", "title", "owner", "due", "days_overdue")
        },
    }
    assert overdue["M2.5"]["due"] == "2024-03-31" and overdue["M2.5"]["days_overdue"] == 106
    assert overdue["R1"]["owner"] == "yfzqb" and overdue["R1"]["days_overdue"] == 15
    assert document["due_soon"] == []

    departments = document["departments"]
    assert {d["id"]: d["tasks"] for d in departments} == counts
    assert [d["id"] for d in departments[:3]] == ["sifaju", "yfzqb", "fgw"]  # 2, 2, then 1 overdue
    assert [d["overdue"] for d in departments[:3]] == [2, 2, 1]
    assert departments[0]["name"] == "区司法局"
    assert sum(d["overdue"] for d in departments) == 5


def test_numbers_after_ticking(run, workspace: Path) -> None:
    counts = task_counts(workspace)
    total = sum(counts.values())
    ok(lawgov(run, workspace, "done", "R1", "R2"))
    for _ in range(6):
        ok(lawgov(run, workspace, "done", "M4.4"))  # January … June
    document = status_json(run, workspace)
    assert document["totals"] == {
        "tasks": total, "done": 2, "doing": 1, "todo": total - 3, "dropped": 0,
        "overdue": 2, "due_soon": 0, "finished_late": 2, "reported": 0, "percent_done": round(200 / total, 1),
    }  # fmt: skip
    assert [item["id"] for item in document["overdue"]] == ["M2.5", "R3"]
    departments = document["departments"]
    # fgw and sifaju each have one overdue at 0 %: tie broken by id; the lead office is now ahead.
    assert [d["id"] for d in departments[:2]] == ["fgw", "sifaju"]
    assert departments[-1]["id"] == "yfzqb"
    assert departments[-1]["done"] == 2
    assert departments[-1]["percent_done"] == round(200 / counts["yfzqb"], 1)
    by_id = {d["id"]: d for d in departments}
    assert by_id["sifaju"]["doing"] == 1 and by_id["sifaju"]["overdue"] == 1

    # July's report is due 07-31: 16 days ahead is outside the default 14-day window …
    later = status_json(run, workspace, as_of="2024-07-20")
    assert [(i["id"], i["due"], i["days_left"]) for i in later["due_soon"]] == [("M4.4", "2024-07-31", 11)]
    assert later["totals"]["due_soon"] == 1
    # … and inside it when lawgov.toml widens the window.
    set_setting(workspace, "due_soon_days", "16")
    document = status_json(run, workspace)
    assert document["due_soon_days"] == 16
    assert [i["id"] for i in document["due_soon"]] == ["M4.4"]
    set_setting(workspace, "due_soon_days", "15")
    assert status_json(run, workspace)["due_soon"] == []

    # Dropped tasks leave the completion rate.
    ok(lawgov(run, workspace, "drop", "R3", "--reason", "并入R1"))
    document = status_json(run, workspace)
    assert document["totals"]["dropped"] == 1 and document["totals"]["overdue"] == 1
    assert document["totals"]["percent_done"] == round(200 / (total - 1), 1)


def test_default_due_soon_window_is_fourteen_days(run, workspace: Path) -> None:
    inside = status_json(run, workspace, as_of="2024-06-16")  # R1-R3 due 06-30: 14 days left
    assert [(i["id"], i["days_left"]) for i in inside["due_soon"]] == [("R1", 14), ("R2", 14), ("R3", 14)]
    assert inside["totals"]["due_soon"] == 3
    outside = status_json(run, workspace, as_of="2024-06-15")
    assert outside["due_soon"] == [] and outside["totals"]["due_soon"] == 0
    on_the_day = status_json(run, workspace, as_of="2024-06-30")  # due today: yellow, not red
    assert "R1" in [i["id"] for i in on_the_day["due_soon"]]
    assert "R1" not in [i["id"] for i in on_the_day["overdue"]]
    assert "R1" in [i["id"] for i in status_json(run, workspace, as_of="2024-07-01")["overdue"]]


def test_dept_and_section_filters(run, workspace: Path) -> None:
    counts = task_counts(workspace)
    for ref in ("sifaju", "区司法局", "司法局"):
        document = status_json(run, workspace, "--dept", ref)
        assert document["totals"]["tasks"] == counts["sifaju"]
        assert [d["id"] for d in document["departments"]] == ["sifaju"]
        assert [i["id"] for i in document["overdue"]] == ["M4.4", "R3"]
    by_prefix = status_json(run, workspace, "--section", "M4")
    assert by_prefix["totals"]["tasks"] == 4 and [i["id"] for i in by_prefix["overdue"]] == ["M4.4"]
    by_text = status_json(run, workspace, "--section", "整改")
    assert by_text["totals"]["tasks"] == 3 and [i["id"] for i in by_text["overdue"]] == ["R1", "R2", "R3"]
    both = status_json(run, workspace, "--dept", "yfzqb", "--section", "整改")
    assert both["totals"]["tasks"] == 2
    usage_error(lawgov(run, workspace, "status", "--dept", "司法"), "'司法'", "区司法局")
    usage_error(lawgov(run, workspace, "status", "--dept", "nosuch"), "nosuch")


# --- text and rich ---------------------------------------------------------------------------------


def test_plain_text_when_piped(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = ok(lawgov(run, workspace, "status")).out
    assert "\x1b[" not in out
    lines = out.splitlines()
    assert lines[0] == "南开区2023年度法治政府建设情况报告 — 2024年度任务清单（截至2024-07-15）"
    assert "逾期5项" in lines[1] and "14天内到期0项" in lines[1]
    assert lines[3].split() == ["单位", "任务数", "已完成", "推进中", "逾期", "即将到期", "完成率"]
    assert lines[4].split()[0] == "区司法局"
    listed = [line.split()[0] for line in lines[lines.index("逾期任务（红灯） (5)") + 2 :]]
    assert listed == FIRST_OVERDUE

    limited = ok(lawgov(run, workspace, "status", "--limit", "2")).out
    assert "另有3项" in limited and "\nR1 " not in limited

    # Without NO_COLOR a pipe (not a terminal) still gets plain text.
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" not in ok(lawgov(run, workspace, "status")).out

    english = ok(lawgov(run, workspace, "--lang", "en", "status")).out
    assert "tasks, as of 2024-07-15" in english and "Overdue (red) (5)" in english
    assert "5 overdue" in english


def test_rich_dashboard_when_forced(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("LAWGOV_FORCE_RICH", "1")
    out = ok(lawgov(run, workspace, "status", as_of="2024-06-20")).out
    assert "\x1b[" in out  # colour
    assert any(box in out for box in "┏━┃│└─╭")  # table borders
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    for name in ("区司法局", "区委依法治区办", "区发展改革委", "区政府办公室"):
        assert name in plain
    assert "逾期任务（红灯）" in plain and "14天内到期（黄灯）" in plain
    assert "M4.4" in plain and "R1" in plain
    # NO_COLOR wins over the forcing variable.
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in ok(lawgov(run, workspace, "status")).out


# --- check -------------------------------------------------------------------------------------------


def test_check_exit_codes_and_quiet(run, workspace: Path) -> None:
    calm = ok(lawgov(run, workspace, "check", as_of="2024-01-10"))
    assert "正常" in calm.out and str(sum(task_counts(workspace).values())) in calm.out
    quiet = ok(lawgov(run, workspace, "check", "--quiet", as_of="2024-01-10"))
    assert quiet.out == ""
    assert ok(lawgov(run, workspace, "check", "--fail-on", "due-soon", "-q", as_of="2024-01-10")).out == ""

    late = lawgov(run, workspace, "check")
    assert late.code == 1 and late.err == ""
    lines = late.out.splitlines()
    assert [line.split()[1] for line in lines[:-1]] == FIRST_OVERDUE
    assert lines[0].startswith("逾期  M4.4  区司法局  时限2024-01-31  已逾期166天")
    assert lines[-1] == "逾期5项，即将到期0项（截至2024-07-15）"
    quiet_late = lawgov(run, workspace, "check", "--quiet")
    assert quiet_late.code == 1 and quiet_late.out == late.out  # the list, for cron mail

    # M4.4's January report is due in 11 days: only --fail-on due-soon cares.
    assert ok(lawgov(run, workspace, "check", "-q", as_of="2024-01-20")).out == ""
    soon = lawgov(run, workspace, "check", "--fail-on", "due-soon", "--quiet", as_of="2024-01-20")
    assert soon.code == 1
    assert soon.out.splitlines()[0].startswith("即将到期  M4.4  区司法局  时限2024-01-31  剩余11天")

    english = lawgov(run, workspace, "--lang", "en", "check")
    assert english.code == 1 and english.out.startswith("OVERDUE  M4.4")
    usage_error(lawgov(run, workspace, "check", "--fail-on", "late"), "--fail-on", "late")


def test_check_passes_once_everything_overdue_is_ticked(run, workspace: Path) -> None:
    ok(lawgov(run, workspace, "done", "R1", "R2", "R3"))
    ok(lawgov(run, workspace, "done", "M2.5", "--period", "2024-Q1"))
    ok(lawgov(run, workspace, "done", "M2.5", "--period", "2024-Q2"))
    for month in range(1, 6):
        ok(lawgov(run, workspace, "done", "M4.4", "--period", f"2024-{month:02d}"))
    assert lawgov(run, workspace, "check", "-q").code == 1  # June is still open
    ok(lawgov(run, workspace, "done", "M4.4"))
    assert ok(lawgov(run, workspace, "check", "-q")).out == ""
    assert status_json(run, workspace)["totals"]["overdue"] == 0


def test_hand_edit_is_seen_by_status(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The clock: a hand edit without a date counts from the day lawgov first sees it.
    monkeypatch.setenv("LAWGOV_TODAY", AS_OF)
    assert status_json(run, workspace)["totals"]["done"] == 0  # also fills the read cache
    # What a person types into the file: no lawgov involved.
    edit_task(workspace, "yfzqb", "R1", 'status = "todo"', 'status = "done"\ndone_on = 2024-05-01')
    document = status_json(run, workspace)
    assert document["totals"]["done"] == 1 and document["totals"]["overdue"] == 4
    assert "R1" not in [i["id"] for i in document["overdue"]]
    assert "完成日期：2024-05-01" in ok(lawgov(run, workspace, "show", "R1")).out
    # Same size, same second: still seen.
    edit_task(workspace, "yfzqb", "R2", 'status = "todo"', 'status = "done"')
    assert status_json(run, workspace)["totals"]["done"] == 2
    out = lawgov(run, workspace, "check").out
    assert "R2：文件中的手工修改" in out  # recorded in the ledger, dated today...
    assert not any(line.startswith("逾期") and "R2" in line for line in out.splitlines())  # ...not late


# --- today ---------------------------------------------------------------------------------------------


def test_as_of_and_lawgov_today(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAWGOV_TODAY", "2024-06-16")
    document = status_json(run, workspace, as_of=None)
    assert document["as_of"] == "2024-06-16" and document["totals"]["due_soon"] == 3
    assert status_json(run, workspace, as_of="2024-07-15")["as_of"] == "2024-07-15"  # option wins
    ok(lawgov(run, workspace, "done", "R1", as_of=None))
    assert "done_on = 2024-06-16" in (workspace / "tasks" / "yfzqb.toml").read_text("utf-8")
    before = snapshot(workspace)
    monkeypatch.setenv("LAWGOV_TODAY", "2024-13-01")
    usage_error(lawgov(run, workspace, "status", as_of=None), "2024-13-01")
    usage_error(lawgov(run, workspace, "done", "R2", as_of=None), "2024-13-01")
    assert snapshot(workspace) == before


def test_today_is_the_date_in_the_workspace_timezone(run, tmp_path: Path) -> None:
    import shutil

    done_on = {}
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):  # UTC+14 and UTC-12: always different dates
        ws = tmp_path / zone.replace("/", "_")
        shutil.copytree(COMMITTED_WORKSPACE, ws)
        set_setting(ws, "timezone", f'"{zone}"')
        first = datetime.now(ZoneInfo(zone)).date()
        ok(lawgov(run, ws, "done", "R1", "--force", as_of=None))  # today is past the plan year
        as_of = status_json(run, ws, as_of=None)["as_of"]
        last = datetime.now(ZoneInfo(zone)).date()
        text = (ws / "tasks" / "yfzqb.toml").read_text("utf-8")
        done_on[zone] = date.fromisoformat(re.search(r"^done_on = (\S+)$", text, re.MULTILINE).group(1))
        assert done_on[zone] in (first, last) and date.fromisoformat(as_of) in (first, last)
    # 26 hours apart: Kiritimati's date is one or two days ahead, never the same.
    assert done_on["Pacific/Kiritimati"] - done_on["Etc/GMT+12"] in (timedelta(days=1), timedelta(days=2))


def test_unknown_timezone_is_one_line(run, workspace: Path) -> None:
    set_setting(workspace, "timezone", '"Mars/Olympus"')
    before = snapshot(workspace)
    usage_error(lawgov(run, workspace, "status", as_of=None), "Mars/Olympus")
    usage_error(lawgov(run, workspace, "check"), "Mars/Olympus", "lawgov.toml")  # validated even with --as-of
    usage_error(lawgov(run, workspace, "done", "R1"), "Mars/Olympus")  # the history time needs it
    assert snapshot(workspace) == before


# --- language --------------------------------------------------------------------------------------------


def test_language_option_env_workspace(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def heading(*args: str) -> str:
        return str(ok(lawgov(run, workspace, *args, "status")).out.splitlines()[0])

    assert "任务清单" in heading()  # the Nankai workspace says lang = "zh"
    usage_error(lawgov(run, workspace, "done", "NOPE"), "未知任务编号")
    assert "tasks, as of" in heading("--lang", "en")
    usage_error(lawgov(run, workspace, "--lang", "en", "done", "NOPE"), "unknown task id")
    usage_error(lawgov(run, workspace, "--lang", "en", "status", "--format", "xml"), "unknown format")
    usage_error(lawgov(run, workspace, "status", "--format", "xml"), "未知输出格式")
    usage_error(lawgov(run, workspace, "--lang", "fr", "status"), "'fr'")

    monkeypatch.setenv("LAWGOV_LANG", "en")
    assert "tasks, as of" in heading()
    assert "任务清单" in heading("--lang", "zh")  # the option beats the variable
    monkeypatch.delenv("LAWGOV_LANG")

    set_setting(workspace, "lang", '"en"')
    assert "tasks, as of" in heading()
    assert "Progress:" in ok(lawgov(run, workspace, "status")).out
    usage_error(lawgov(run, workspace, "record", "R1", "x", "1"), "has no metrics")


def test_locale_decides_before_a_workspace_is_found(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    usage_error(run("--dir", str(tmp_path / "nowhere"), "status"), "未找到工作区")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    usage_error(run("--dir", str(tmp_path / "nowhere"), "status"), "no workspace found")


def test_locale_decides_when_the_workspace_names_no_language(
    run, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workspace / "lawgov.toml"
    path.write_text(
        re.sub(r"^lang = .*\n", "", path.read_text("utf-8"), flags=re.MULTILINE), encoding="utf-8"
    )
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "任务清单" in ok(lawgov(run, workspace, "status")).out
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "tasks, as of" in ok(lawgov(run, workspace, "status")).out


# --- bad files ---------------------------------------------------------------------------------------------


def _break_toml(ws: Path) -> tuple[str, ...]:
    line = task_line(ws, "sifaju", "R3", "title")
    edit_task(ws, "sifaju", "R3", 'title = "整改', "title = 整改")
    return (f"sifaju.toml:{line}:9:", "TOML")


def _unknown_status(ws: Path) -> tuple[str, ...]:
    edit_task(ws, "sifaju", "R3", 'status = "todo"', 'status = "finished"')
    return (
        f"sifaju.toml:{task_line(ws, 'sifaju', 'R3', 'status')}:",  # the status's own line
        "'finished'",
        "todo、doing、reported、done",
    )  # the workspace's language


def _due_not_a_date(ws: Path) -> tuple[str, ...]:
    edit_task(ws, "sifaju", "R3", "due = 2024-06-30", 'due = "soon"')
    return (f"sifaju.toml:{task_line(ws, 'sifaju', 'R3', 'due')}:", "R3.due", "'soon'")


def _done_on_not_a_date(ws: Path) -> tuple[str, ...]:
    edit_task(ws, "sifaju", "R3", 'status = "todo"', 'status = "done"\ndone_on = "yesterday"')
    return ("sifaju.toml:", "R3.done_on", "'yesterday'")


def _bad_calendar_date(ws: Path) -> tuple[str, ...]:
    edit_task(ws, "sifaju", "R3", "due = 2024-06-30", "due = 2024-13-01")
    return ("sifaju.toml:", "TOML")


def _wrong_file(ws: Path) -> tuple[str, ...]:
    edit_task(ws, "sifaju", "R3", 'owner = "sifaju"', 'owner = "yfzqb"')
    return (f"sifaju.toml:{task_line(ws, 'sifaju', 'R3', 'owner')}:", "R3", "'yfzqb'", "'sifaju'")


def _unknown_owner(ws: Path) -> tuple[str, ...]:
    edit_task(ws, "sifaju", "R3", 'owner = "sifaju"', 'owner = "nobody"')
    return ("sifaju.toml:", "R3", "'nobody'")


def _duplicate_id(ws: Path) -> tuple[str, ...]:
    path = ws / "tasks" / "sifaju.toml"
    text = path.read_text("utf-8")
    copy = text[text.index('[[tasks]]\nid = "R3"') :].split("\n\n", 1)[0].replace('"R3"', '"R1"')
    path.write_text(text + "\n" + copy + "\n", encoding="utf-8")
    return ("'R1'", "sifaju.toml", "yfzqb.toml")


def _unknown_kind(ws: Path) -> tuple[str, ...]:
    edit_task(ws, "sifaju", "R3", 'kind = "rectify"', 'kind = "wish"')
    return ("sifaju.toml:", "'wish'")


def _bad_due_soon_days(ws: Path) -> tuple[str, ...]:
    set_setting(ws, "due_soon_days", '"two weeks"')
    return ("lawgov.toml", "due_soon_days")


def _file_for_unknown_department(ws: Path) -> tuple[str, ...]:
    (ws / "tasks" / "mars.toml").write_text('schema = 1\ndepartment = "mars"\n', encoding="utf-8")
    return ("mars.toml", "'mars'")


@pytest.mark.parametrize(
    "damage",
    [
        _break_toml,
        _unknown_status,
        _due_not_a_date,
        _done_on_not_a_date,
        _bad_calendar_date,
        _wrong_file,
        _unknown_owner,
        _duplicate_id,
        _unknown_kind,
        _bad_due_soon_days,
        _file_for_unknown_department,
    ],
)
def test_bad_files_are_one_line_and_nothing_is_written(run, workspace: Path, damage) -> None:  # type: ignore[no-untyped-def]
    fragments = damage(workspace)
    before = snapshot(workspace)
    for args in (
        ["status"],
        ["status", "--format", "json"],
        ["check"],
        ["check", "--quiet"],
        ["done", "R2"],  # a task of another, healthy file: still refused
        ["note", "R3", "x"],
        ["show", "R2"],
        ["log"],
    ):
        usage_error(lawgov(run, workspace, *args), *fragments)
    assert snapshot(workspace) == before


# --- the terminal dashboard at city scale (issue 15) -------------------------------------------


def _synth_workspace(tmp_path: Path, tasks: int, departments: int) -> Path:
    from procs import synth_city

    return synth_city(tmp_path / "city", tasks, departments, 1)


def _department_names(ws: Path) -> list[str]:
    registry = tomllib.loads((ws / "departments.toml").read_text("utf-8"))
    return [d["name"] for d in registry["departments"]]


def _plain_lines(out: str) -> list[str]:
    return re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines()


def test_terminal_shows_the_departments_most_behind_and_sums_the_rest(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lawgov_cli.render.plain import cell_width

    ws = _synth_workspace(tmp_path, 400, 20)
    names = _department_names(ws)
    assert len(names) == 20
    piped = ok(lawgov(run, ws, "status")).out
    assert all(name in piped for name in names)  # piped output always lists every department
    assert ok(lawgov(run, ws, "status", "--all")).out == piped
    plain_order = [
        line.split()[0] for line in piped.splitlines() if line.split()[:1] and line.split()[0] in names
    ]

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("LAWGOV_FORCE_RICH", "1")
    monkeypatch.setenv("COLUMNS", "80")
    lines = _plain_lines(ok(lawgov(run, ws, "status")).out)
    assert all(cell_width(line) <= 80 for line in lines), [line for line in lines if cell_width(line) > 80]
    shown = [name for name in names if any(line.startswith(name + " ") for line in lines)]
    assert shown and set(shown) == set(plain_order[:15])  # the 15 most behind, as piped ranks them
    rest = [line for line in lines if line.startswith("其余5个单位")]
    assert len(rest) == 1
    hidden = [n for n in plain_order[15:]]
    summed_tasks = int(rest[0].split()[1])
    piped_rows = {
        line.split()[0]: line.split()
        for line in piped.splitlines()
        if line.split()[:1] and line.split()[0] in hidden
    }
    assert summed_tasks == sum(int(piped_rows[name][1]) for name in hidden)
    assert any("--all" in line for line in lines)

    every = _plain_lines(ok(lawgov(run, ws, "status", "--all")).out)
    assert all(any(line.startswith(name + " ") for line in every) for name in names)
    assert not any(line.startswith("其余") for line in every)
    assert all(cell_width(line) <= 80 for line in every)


def test_terminal_with_few_departments_lists_them_all(
    run, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("LAWGOV_FORCE_RICH", "1")
    monkeypatch.setenv("COLUMNS", "80")
    lines = _plain_lines(ok(lawgov(run, workspace, "status", "--lang", "en")).out)
    assert not any("more departments" in line for line in lines)
    for name in _department_names(workspace):
        assert any(line.startswith(name) for line in lines)
