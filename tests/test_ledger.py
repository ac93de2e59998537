"""The ledger: every number at any date comes from the history.

A simulated 2024 on a copy of the committed 南开区 workspace: work is recorded with effective
dates (``--on``) on a clock that moves through the year (``$LAWGOV_TODAY``), and every view —
status, list, show, export, bulletin, report — is asked about several dates, before and after
later work was recorded.  Documents regenerated later for the same date must be identical.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from conftest import ok, snapshot, usage_error


def lawgov(run, ws: Path, *args: str, as_of: str | None = None):  # type: ignore[no-untyped-def]
    return run("--dir", str(ws), *(["--as-of", as_of] if as_of else []), *args)


def totals(run, ws: Path, as_of: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return json.loads(ok(lawgov(run, ws, "status", "--format", "json", as_of=as_of)).out)["totals"]


def task_doc(ws: Path, task_id: str) -> dict[str, Any]:
    for path in sorted((ws / "tasks").glob("*.toml")):
        for task in tomllib.loads(path.read_text("utf-8")).get("tasks", []):
            if task["id"] == task_id:
                return task
    raise AssertionError(task_id)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Set the simulated "today" ($LAWGOV_TODAY)."""

    def set_day(day: str) -> None:
        monkeypatch.setenv("LAWGOV_TODAY", day)

    return set_day


YEAR: list[tuple[str, tuple[str, ...]]] = [
    # (the clock, the command): what an office records through 2024, on the day or backdated.
    ("2024-01-20", ("done", "M4.4", "--on", "2024-01-18")),  # January's monthly report
    ("2024-02-27", ("done", "M4.4")),  # February
    ("2024-02-27", ("done", "M1.1", "--on", "2024-02-26")),
    ("2024-04-02", ("done", "M4.4", "--period", "2024-03", "--on", "2024-03-29")),
    ("2024-04-02", ("record", "M6.3", "实质化解率", "90.1", "--on", "2024-03-31")),
    ("2024-06-05", ("done", "M4.4", "--period", "2024-04")),  # April, five weeks late
    ("2024-06-05", ("done", "M4.4", "--period", "2024-05")),
    ("2024-06-05", ("done", "R1", "R2", "--on", "2024-06-04")),  # two files: one change
    ("2024-07-10", ("done", "R3")),  # due 06-30: finished late
    ("2024-07-10", ("done", "M4.4", "--period", "2024-06", "--on", "2024-07-01")),
    ("2024-08-15", ("note", "M7.2", "全区法治督察完成，发现问题23个", "--on", "2024-08-14")),
    ("2024-08-15", ("done", "M7.2", "--on", "2024-08-14")),
]


def simulate_year(run, ws: Path, clock, until: str = "2024-12-31", after: str = "") -> None:  # type: ignore[no-untyped-def]
    """Run the steps of :data:`YEAR` whose clock is after ``after``, up to ``until``."""
    for day, args in YEAR:
        if after < day <= until:
            clock(day)
            ok(lawgov(run, ws, *args))


def test_counts_at_every_date_come_from_the_history(run, workspace: Path, clock) -> None:  # type: ignore[no-untyped-def]
    simulate_year(run, workspace, clock)
    clock("2024-12-01")
    # March: only M1.1 finished by then (M4.4's ticks keep it open).
    march = totals(run, workspace, "2024-03-15")
    assert (march["done"], march["doing"], march["finished_late"]) == (1, 1, 0)
    # 2024-05-31 (during the day): M4.4's April period (due 04-30) is still open -> red.
    may = totals(run, workspace, "2024-05-31")
    assert may["done"] == 1 and may["overdue"] == 2  # M4.4 (April) and M2.5 (Q1)
    # 2024-06-05: April and May ticked; R1 and R2 done on 06-04.
    june = totals(run, workspace, "2024-06-05")
    assert june["done"] == 3 and june["overdue"] == 1  # M2.5 only
    # 2024-07-10: R3 done ten days late, counted as done and as finished late.
    july = totals(run, workspace, "2024-07-10")
    assert july["done"] == 4 and july["finished_late"] == 1
    # Today: M7.2 done too.
    now = totals(run, workspace, "2024-12-01")
    assert now["done"] == 5 and now["finished_late"] == 1


def test_views_before_a_change_do_not_see_it(run, workspace: Path, clock) -> None:  # type: ignore[no-untyped-def]
    simulate_year(run, workspace, clock)
    clock("2024-12-01")
    listed = json.loads(ok(lawgov(run, workspace, "list", "--format", "json", as_of="2024-06-03")).out)
    status = {t["id"]: t["status"] for t in listed["tasks"]}
    assert status["R1"] == "todo" and status["M1.1"] == "done" and status["M4.4"] == "doing"
    shown = json.loads(ok(lawgov(run, workspace, "show", "M7.2", "--format", "json", as_of="2024-08-13")).out)
    assert shown["status"] == "todo" and shown["notes"] == [] and shown["history"] == []
    shown = json.loads(ok(lawgov(run, workspace, "show", "M7.2", "--format", "json", as_of="2024-08-14")).out)
    assert shown["status"] == "done" and shown["notes"] == ["全区法治督察完成，发现问题23个"]
    assert {h["on"] for h in shown["history"]} == {"2024-08-14"}
    # A metric recorded (effective) on 03-31 is unknown on 03-30.
    before = json.loads(
        ok(lawgov(run, workspace, "show", "M6.3", "--format", "json", as_of="2024-03-30")).out
    )
    after = json.loads(ok(lawgov(run, workspace, "show", "M6.3", "--format", "json", as_of="2024-03-31")).out)
    rate = next(i for i, m in enumerate(after["metrics"]) if m["name"].startswith("实质化解率"))
    assert before["metrics"][rate]["actual"] is None and after["metrics"][rate]["actual"] == 90.1
    # Exports too: the CSV of 06-03 has R1 open.
    csv_text = ok(lawgov(run, workspace, "export", "--format", "csv", as_of="2024-06-03")).out
    r1 = next(line for line in csv_text.splitlines() if line.startswith("R1,"))
    assert "未开始" in r1


def test_bulletins_regenerated_later_say_the_same(run, workspace: Path, clock) -> None:  # type: ignore[no-untyped-def]
    # The June bulletin as printed in July, when only the work recorded by then existed...
    simulate_year(run, workspace, clock, until="2024-07-10")
    june_then = ok(lawgov(run, workspace, "bulletin", "--month", "2024-06")).out
    # ...is what it says when regenerated in December, after the rest of the year's work.
    simulate_year(run, workspace, clock, after="2024-07-10")
    clock("2024-12-20")
    ok(lawgov(run, workspace, "done", "M2.6"))
    june_later = ok(lawgov(run, workspace, "bulletin", "--month", "2024-06")).out
    assert june_later == june_then
    assert "已完成3项" in june_later  # M1.1, R1, R2 (R3 finished only in July)
    march = ok(lawgov(run, workspace, "bulletin", "--month", "2024-03")).out
    assert "已完成1项" in march
    assert "实质化解率" in march  # recorded effective 03-31: March's metrics
    may = ok(lawgov(run, workspace, "bulletin", "--month", "2024-05")).out
    red = may.split("## 三、")[1].split("## 四、")[0]
    # April's period was ticked only on 06-05: in May's bulletin M4.4 misses April (and May)
    assert "严格落实行政执法“三项制度”，建立“月通报+季分析”制度：按月落实，4月、5月未报送" in red


def test_the_months_last_day_is_in_its_bulletin(run, workspace: Path) -> None:
    # A fresh workspace: everything due on 06-30 is red in June's bulletin, everything due on
    # 12-31 in December's.
    june = ok(lawgov(run, workspace, "bulletin", "--month", "2024-06")).out
    red = june.split("## 三、")[1].split("## 四、")[0]
    problems = ("法治政府建设整体工作推进不均衡", "推进法治政府建设责任链条拧得还不紧不实", "法治队伍专业化建设存在短板")
    assert all(f"“{problem}" in red for problem in problems)  # R1, R2, R3
    december = ok(lawgov(run, workspace, "bulletin", "--month", "2024-12")).out
    assert "逾期未完成（红灯）45项" in december  # every task due in 2024 (the 12 statutory ones fall in 2025)
    # The same day during the day: not yet late, due today.
    assert totals(run, workspace, "2024-12-31")["overdue"] < 45


def test_the_years_report_ignores_next_years_work(run, workspace: Path, clock) -> None:  # type: ignore[no-untyped-def]
    clock("2025-01-15")
    before = ok(lawgov(run, workspace, "report", "--year", "2024", as_of="2024-12-31")).out
    ok(lawgov(run, workspace, "done", "M7.2", "R1"))  # in 2025
    after = ok(lawgov(run, workspace, "report", "--year", "2024", as_of="2024-12-31")).out
    assert after == before
    assert "已完成0项" in after or "完成0项" in after
    assert totals(run, workspace, "2024-06-01")["done"] == 0
    assert totals(run, workspace, "2025-01-15")["done"] == 2
    # Finished in 2025, long after 12-31 / 06-30: finished late.
    assert totals(run, workspace, "2025-01-15")["finished_late"] == 2


def test_finished_late_is_counted_per_department_and_exported(run, workspace: Path, clock) -> None:  # type: ignore[no-untyped-def]
    clock("2024-07-10")
    ok(lawgov(run, workspace, "done", "R3"))
    document = json.loads(ok(lawgov(run, workspace, "status", "--format", "json")).out)
    assert document["totals"]["finished_late"] == 1 and document["totals"]["done"] == 1
    sifaju = next(d for d in document["departments"] if d["id"] == "sifaju")
    assert sifaju["finished_late"] == 1
    csv_text = ok(lawgov(run, workspace, "export", "--format", "csv")).out
    r3 = next(line for line in csv_text.splitlines() if line.startswith("R3,"))
    assert ",10," in r3  # 10 days late
    text = ok(lawgov(run, workspace, "status")).out
    assert "逾期完成1" in text


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["done", "M2.6", "--on", "2031-01-01"], "2031-01-01"),  # after today
        (["done", "M2.6", "--on", "2022-01-01"], "2024"),  # outside the plan year ± 1
        (["done", "M4.4", "--period", "2024-09", "--on", "2024-05-01"], "2024-09"),  # not begun
        (["record", "M6.3", "实质化解率", "91", "--on", "2024-13-01"], "2024-13-01"),
    ],
)
def test_bad_dates_are_refused_and_nothing_is_written(run, workspace: Path, args, fragment) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(workspace)
    usage_error(lawgov(run, workspace, *args, as_of="2024-06-01"), fragment)
    assert snapshot(workspace) == before


def test_as_of_before_on_is_refused(run, workspace: Path) -> None:
    before = snapshot(workspace)
    usage_error(
        lawgov(run, workspace, "done", "M2.6", "--on", "2024-09-01", as_of="2024-05-01"), "2024-09-01"
    )
    assert snapshot(workspace) == before
    # --force accepts a date outside the plan year, never one in the future.
    ok(lawgov(run, workspace, "done", "M2.6", "--on", "2022-12-30", "--force", as_of="2024-05-01"))


def test_an_old_workspace_without_effective_dates_reads_by_at(run, workspace: Path) -> None:
    path = workspace / "tasks" / "yfzqb.toml"
    text = path.read_text("utf-8").replace('status = "todo"', 'status = "done"\ndone_on = 2024-03-05', 1)
    first = tomllib.loads(text)["tasks"][0]["id"]
    text += (
        f'\n[[history]]\nat = "2024-03-05T09:12:00+08:00"\nby = "张三"\ntask = "{first}"\n'
        'action = "done"\nold = "todo"\nnew = "done"\nnote = ""\n'
    )
    path.write_text(text, "utf-8")
    log = json.loads(ok(lawgov(run, workspace, "log", "--format", "json", as_of="2024-12-31")).out)
    assert log["history"][0]["on"] == "2024-03-05"
    assert totals(run, workspace, "2024-03-04")["done"] == 0
    assert totals(run, workspace, "2024-03-05")["done"] == 1


def test_hand_edits_are_dated_never_timeless(run, workspace: Path, clock) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "tasks" / "yfzqb.toml"
    clock("2024-06-10")
    text = path.read_text("utf-8")
    # R1 done by hand with a date: counts from that date.  R2 done by hand without one.
    lines = text.split("[[tasks]]")
    for index, block in enumerate(lines):
        if 'id = "R1"' in block:
            lines[index] = block.replace('status = "todo"', 'status = "done"\ndone_on = 2024-05-20')
        if 'id = "R2"' in block:
            lines[index] = block.replace('status = "todo"', 'status = "done"')
    path.write_text("[[tasks]]".join(lines), "utf-8")
    assert totals(run, workspace, "2024-05-19")["done"] == 0
    assert totals(run, workspace, "2024-05-20")["done"] == 1
    assert totals(run, workspace, "2024-06-10")["done"] == 2  # undated: from the clock
    # The daily check records the undated one, dated today; afterwards the ledger holds it.
    result = lawgov(run, workspace, "check")
    assert "R2" in result.out and "手工修改" in result.out
    r2 = [e for e in tomllib.loads(path.read_text("utf-8"))["history"] if e["task"] == "R2"]
    assert [(e["action"], e["old"], e["new"], e["on"]) for e in r2] == [
        ("hand", "todo", "done", "2024-06-10")
    ]
    clock("2024-09-01")
    assert totals(run, workspace, "2024-06-09")["done"] == 1
    assert totals(run, workspace, "2024-06-10")["done"] == 2
    assert "R2" not in lawgov(run, workspace, "check").out  # recorded once


def test_the_cache_never_changes_a_past_answer(
    run, workspace: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    simulate_year(run, workspace, clock)
    clock("2024-12-01")
    days = ("2024-01-31", "2024-03-15", "2024-05-31", "2024-06-05", "2024-07-10", "2024-12-01")
    cached = [totals(run, workspace, day) for day in days]
    monkeypatch.setenv("LAWGOV_NO_CACHE", "1")
    assert [totals(run, workspace, day) for day in days] == cached


def _index(shard) -> tuple:  # type: ignore[no-untyped-def]
    if shard is None:
        return ()
    return (shard.ids, shard.statuses, list(shard.first_due), shard.periods, shard.late)


def test_the_timeline_index_equals_a_full_replay_on_every_day(tmp_path: Path) -> None:
    """Past views count from per-task timelines kept in the cache; a full replay of every task
    must give the same index on every day of the year (a synthetic workspace, 400 tasks)."""
    import subprocess
    import sys
    from datetime import date, timedelta

    from lawgov_cli.ledger import by_task, replay
    from lawgov_cli.store.index import Shard
    from lawgov_cli.store.load import load_workspace

    root = Path(__file__).resolve().parent.parent
    ws = tmp_path / "synth"
    subprocess.run(
        [sys.executable, str(root / "benchmarks" / "synth.py"), "--tasks", "400", "--departments", "4", str(ws)],
        check=True,
        capture_output=True,
    )
    workspace = load_workspace(ws)
    day = date(2023, 12, 31)
    while day <= date(2025, 1, 2):
        for shard in workspace.shards:
            grouped = by_task(shard.history)
            replayed = [t for t in (replay(t, grouped.get(t.id, ()), day) for t in shard.tasks) if t]
            expected = Shard.from_tasks(shard.dept, shard.path, replayed, dated=True) if replayed else None
            assert _index(shard.at(day, None)) == _index(expected), (shard.dept, day)
        day += timedelta(days=3)
