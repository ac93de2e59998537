"""The supervision loop (督办闭环): report → verify, extensions, assigned tasks, reassignment,
targets and numbered notices — through the CLI, on a real copy of the 南开区 workspace.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


def review_mode(ws: Path, extra: str = "") -> None:
    path = ws / "lawgov.toml"
    path.write_text(path.read_text("utf-8") + f"\n[workflow]\nreview = true\n{extra}", encoding="utf-8")


def files_with(ws: Path, task_id: str) -> list[str]:
    found = []
    for path in sorted((ws / "tasks").glob("*.toml")):
        if any(t["id"] == task_id for t in tomllib.loads(path.read_text("utf-8")).get("tasks", [])):
            found.append(path.stem)
    return found


def task_doc(ws: Path, task_id: str) -> dict[str, Any]:
    for path in sorted((ws / "tasks").glob("*.toml")):
        for task in tomllib.loads(path.read_text("utf-8")).get("tasks", []):
            if task["id"] == task_id:
                return task
    raise AssertionError(f"{task_id} not in any file")


def history(ws: Path, dept: str, task_id: str) -> list[dict[str, str]]:
    doc = tomllib.loads((ws / "tasks" / f"{dept}.toml").read_text("utf-8"))
    return [e for e in doc.get("history", []) if e["task"] == task_id]


def status_json(run, ws: Path, as_of: str = AS_OF) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return json.loads(ok(lawgov(run, ws, "status", "--format", "json", as_of=as_of)).out)


# --- review mode: report → reject → report → approve ------------------------------------------


def test_report_reject_report_approve(run, workspace: Path) -> None:
    review_mode(workspace)
    before = status_json(run, workspace)
    assert "R1" in [i["id"] for i in before["overdue"]]  # due 2024-06-30, open

    out = ok(lawgov(run, workspace, "done", "R1", "--note", "已制定整改方案", "--evidence", "南开法治办〔2024〕5号",
                    "--on", "2024-07-10", "--by", "张三")).out  # fmt: skip
    assert "R1" in out and "已报送待审核" in out
    task = task_doc(workspace, "R1")
    assert task["status"] == "reported" and "done_on" not in task
    assert task["report"] == {"since": date(2024, 7, 10), "by": "张三"}
    assert task["notes"] == ["已制定整改方案"] and task["evidence"] == ["南开法治办〔2024〕5号"]
    document = status_json(run, workspace)
    assert document["totals"]["reported"] == 1 and document["totals"]["done"] == 0
    assert document["totals"]["percent_done"] == 0.0  # reported counts as not done
    assert "R1" not in [i["id"] for i in document["overdue"]]  # the office's turn now
    assert document["pending"] == [
        {"id": "R1", "title": task["title"], "owner": "yfzqb", "kind": "report", "since": "2024-07-10",
         "by": "张三", "due": "2024-06-30"},
    ]  # fmt: skip
    yfzqb = next(d for d in document["departments"] if d["id"] == "yfzqb")
    assert yfzqb["reported"] == 1
    text = ok(lawgov(run, workspace, "status")).out
    assert "待审核事项 (1)" in text and "完成报送" in text and "待审核1项" in text

    # A second `done` while the report is pending is refused.
    usage_error(lawgov(run, workspace, "done", "R1"), "R1", "待审核")

    ok(
        lawgov(
            run, workspace, "reject", "R1", "--reason", "缺少整改台账", "--on", "2024-07-12", "--by", "办公室"
        )
    )
    task = task_doc(workspace, "R1")
    assert task["status"] == "doing" and "report" not in task
    assert any("缺少整改台账" in n for n in task["notes"])
    assert "R1" in [i["id"] for i in status_json(run, workspace)["overdue"]]  # red again

    ok(lawgov(run, workspace, "done", "R1", "--evidence", "整改台账", "--on", "2024-07-13", "--by", "张三"))
    ok(lawgov(run, workspace, "approve", "R1", "--note", "材料齐全", "--on", "2024-07-14", "--by", "办公室"))
    task = task_doc(workspace, "R1")
    assert task["status"] == "done" and str(task["done_on"]) == "2024-07-14" and "report" not in task
    document = status_json(run, workspace)
    assert document["pending"] == [] and document["totals"]["done"] == 1

    actions = [(e["action"], e["by"], e["note"]) for e in history(workspace, "yfzqb", "R1")]
    assert [a for a, _, _ in actions] == ["report", "evidence", "reject", "report", "evidence", "approve"]
    assert ("reject", "办公室", "退回重办：缺少整改台账") in actions and (
        "approve",
        "办公室",
        "材料齐全",
    ) in actions
    log = ok(lawgov(run, workspace, "log", "R1")).out
    assert "退回重办" in log and "审核销号" in log and "报送完成" in log
    show = ok(lawgov(run, workspace, "show", "R1")).out
    assert "审核销号" in show and "缺少整改台账" in show
    en = ok(lawgov(run, workspace, "log", "R1", "--lang", "en")).out
    assert "send back" in en and "approve" in en


def test_review_mode_off_closes_at_once_and_recurring_tasks_tick(run, workspace: Path) -> None:
    ok(lawgov(run, workspace, "done", "R1"))
    assert task_doc(workspace, "R1")["status"] == "done"  # default: today's behaviour
    usage_error(lawgov(run, workspace, "approve", "R1"), "R1")  # nothing pending

    review_mode(workspace)
    ok(lawgov(run, workspace, "done", "M4.4"))  # monthly: periods are ticked as before
    assert task_doc(workspace, "M4.4")["periods"] and task_doc(workspace, "M4.4")["status"] == "doing"


def test_several_ids_are_all_or_nothing(run, workspace: Path) -> None:
    review_mode(workspace)
    ok(lawgov(run, workspace, "done", "R1"))
    before = snapshot(workspace)
    usage_error(lawgov(run, workspace, "approve", "R1", "R2"), "R2")  # R2 has nothing pending
    assert snapshot(workspace) == before
    ok(lawgov(run, workspace, "done", "R2"))
    ok(lawgov(run, workspace, "approve", "R1", "R2"))
    assert task_doc(workspace, "R1")["status"] == task_doc(workspace, "R2")["status"] == "done"


# --- extensions ------------------------------------------------------------------------------


def test_extension_request_then_approve(run, workspace: Path) -> None:
    out = ok(lawgov(run, workspace, "extend", "R2", "--to", "2024-09-30", "--reason", "待区政府常务会审议",
                    "--on", "2024-06-20", "--by", "区委依法治区办")).out  # fmt: skip
    assert "2024-09-30" in out and "逾期后申请" not in out
    task = task_doc(workspace, "R2")
    assert str(task["due"]) == "2024-06-30"  # nothing moves before the office decides
    assert str(task["extension"]["to"]) == "2024-09-30" and "late" not in task["extension"]
    pending = status_json(run, workspace)["pending"]
    assert [(p["id"], p["kind"], p["since"], p["by"], p["to"], p["late"]) for p in pending] == [
        ("R2", "extension", "2024-06-20", "区委依法治区办", "2024-09-30", False)
    ]
    assert "R2" in [i["id"] for i in status_json(run, workspace)["overdue"]]

    ok(lawgov(run, workspace, "approve", "R2", "--by", "王主任", "--on", "2024-07-01"))
    task = task_doc(workspace, "R2")
    assert str(task["due"]) == "2024-09-30" and "extension" not in task
    assert (
        "王主任" in task["due_rule"] and "2024-07-01" in task["due_rule"] and "2024-06-30" in task["due_rule"]
    )
    document = status_json(run, workspace)
    assert "R2" not in [i["id"] for i in document["overdue"]] and document["pending"] == []
    entries = history(workspace, "yfzqb", "R2")
    assert [(e["action"], e["old"], e["new"]) for e in entries] == [
        ("extend-request", "2024-06-30", "2024-09-30"),
        ("due", "2024-06-30", "2024-09-30"),
    ]


def test_extension_request_then_reject_and_late_requests(run, workspace: Path) -> None:
    out = ok(lawgov(run, workspace, "extend", "R3", "--to", "2024-12-31", "--reason", "人员不足")).out
    assert "逾期后申请" in out  # filed 2024-07-15, after the 2024-06-30 deadline: allowed, marked
    assert task_doc(workspace, "R3")["extension"]["late"] is True
    assert status_json(run, workspace)["pending"][0]["late"] is True
    assert "逾期后申请" in ok(lawgov(run, workspace, "status")).out

    ok(lawgov(run, workspace, "reject", "R3", "--reason", "理由不充分，请按期完成", "--by", "办公室"))
    task = task_doc(workspace, "R3")
    assert str(task["due"]) == "2024-06-30" and "extension" not in task
    assert any("理由不充分" in n for n in task["notes"])
    assert history(workspace, "sifaju", "R3")[-1]["action"] == "extend-reject"
    assert status_json(run, workspace)["pending"] == []


def test_report_and_extension_both_pending(run, workspace: Path) -> None:
    review_mode(workspace)
    ok(lawgov(run, workspace, "extend", "R1", "--to", "2024-08-31", "--reason", "待验收"))
    ok(lawgov(run, workspace, "done", "R1"))
    kinds = [p["kind"] for p in status_json(run, workspace)["pending"]]
    assert kinds == ["report", "extension"]
    # --extension decides the extension only; the report stays pending.
    ok(lawgov(run, workspace, "approve", "R1", "--extension"))
    task = task_doc(workspace, "R1")
    assert str(task["due"]) == "2024-08-31" and task["status"] == "reported"
    usage_error(lawgov(run, workspace, "reject", "R1", "--extension", "--reason", "x"), "R1")
    # Without the flag the report is decided; a pending extension would be closed as moot.
    ok(lawgov(run, workspace, "extend", "R1", "--to", "2024-10-31", "--reason", "再延"))
    ok(lawgov(run, workspace, "approve", "R1"))
    task = task_doc(workspace, "R1")
    assert task["status"] == "done" and "extension" not in task and str(task["due"]) == "2024-08-31"
    assert history(workspace, "yfzqb", "R1")[-1]["action"] == "extend-moot"


# --- assigned tasks (交办) and sync ------------------------------------------------------------


def test_add_assigned_tasks_and_sync_keeps_them(run, workspace: Path, tmp_path: Path) -> None:
    from test_sync import _revise

    out = ok(lawgov(run, workspace, "add", "--owner", "司法局", "--title", "开展行政复议案件专项评查",
                    "--due", "2024-10-31", "--source", "区长批示〔2024〕7号", "--co", "区委依法治区办",
                    "--by", "办公室")).out  # fmt: skip
    assert out.startswith("J1 ")
    ok(lawgov(run, workspace, "add", "--owner", "sifaju", "--title", "每月报送复议数据", "--due", "2024-12-31",
              "--repeat", "monthly"))  # fmt: skip
    assert files_with(workspace, "J1") == ["sifaju"] and files_with(workspace, "J2") == ["sifaju"]
    j1 = task_doc(workspace, "J1")
    assert j1["kind"] == "assigned" and j1["manual"] is True and j1["co_owners"] == ["yfzqb"]
    assert j1["source"] == "区长批示〔2024〕7号" and str(j1["due"]) == "2024-10-31"
    assert task_doc(workspace, "J2")["repeat"] == "monthly"
    assert [e["action"] for e in history(workspace, "sifaju", "J1")] == ["add"]
    listed = json.loads(ok(lawgov(run, workspace, "list", "--kind", "assigned", "--format", "json")).out)
    assert [t["id"] for t in listed["tasks"]] == ["J1", "J2"]

    ok(lawgov(run, workspace, "start", "J1"))
    before = task_doc(workspace, "J1")
    result = run("--dir", str(workspace), "sync", str(_revise(tmp_path)))
    assert result.code == 0, result.err
    assert task_doc(workspace, "J1") == before and files_with(workspace, "J1") == ["sifaju"]
    assert task_doc(workspace, "J2")["status"] == "todo"
    out = ok(
        lawgov(run, workspace, "add", "--owner", "sifaju", "--title", "第三项", "--due", "2024-11-30")
    ).out
    assert out.startswith("J3 ")  # ids are never reused


def test_add_to_a_department_without_a_file(run, workspace: Path) -> None:
    registry = workspace / "departments.toml"
    registry.write_text(
        registry.read_text("utf-8") + '\n[[departments]]\nid = "xzfy"\nname = "区行政复议中心"\n',
        encoding="utf-8",
    )
    without = "xzfy"
    ok(lawgov(run, workspace, "add", "--owner", without, "--title", "新交办任务", "--due", "2024-09-30"))
    assert files_with(workspace, "J1") == [without]
    assert [e["action"] for e in history(workspace, without, "J1")] == ["add"]
    ok(run("--dir", str(workspace), "check", "--as-of", "2024-01-01"))


# --- reassignment ----------------------------------------------------------------------------


def test_assign_moves_the_task_with_its_history(run, workspace: Path) -> None:
    ok(lawgov(run, workspace, "note", "R3", "已摸底"))
    ok(lawgov(run, workspace, "start", "R3"))
    out = ok(
        lawgov(
            run, workspace, "assign", "R3", "--owner", "区委依法治区办", "--co", "sifaju", "--by", "办公室"
        )
    ).out
    assert "R3" in out and "区委依法治区办" in out
    assert files_with(workspace, "R3") == ["yfzqb"]
    task = task_doc(workspace, "R3")
    assert task["owner"] == "yfzqb" and task["co_owners"] == ["sifaju"] and task["status"] == "doing"
    assert task["notes"] == ["已摸底"]
    assert history(workspace, "sifaju", "R3") == []  # the history moved with the task
    actions = [e["action"] for e in history(workspace, "yfzqb", "R3")]
    assert actions == ["note", "start", "assign", "co-owners"]
    assert "调整责任单位" in ok(lawgov(run, workspace, "show", "R3")).out
    ok(run("--dir", str(workspace), "check", "--as-of", "2024-01-01"))
    # Only the co-departments: the task stays in its file.
    ok(lawgov(run, workspace, "assign", "R3", "--owner", "yfzqb", "--co", ""))
    assert task_doc(workspace, "R3")["co_owners"] == [] and files_with(workspace, "R3") == ["yfzqb"]


LAWGOV = Path(sys.executable).parent / "lawgov"


def _subprocess(ws: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LAWGOV_", "LC_"))}
    environment.update({"LANG": "C.UTF-8", "LAWGOV_DIR": str(ws), "LAWGOV_TODAY": AS_OF, **env})
    return subprocess.run(
        [str(LAWGOV), *args], env=environment, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.skipif(not LAWGOV.exists(), reason="the lawgov script is not installed next to python")
def test_assign_killed_between_the_two_writes_leaves_one_owner(workspace: Path) -> None:
    assert _subprocess(workspace, "note", "R3", "已摸底").returncode == 0
    # SIGKILL right after the first of the two files (the destination) was replaced.
    killed = _subprocess(workspace, "assign", "R3", "--owner", "yfzqb", LAWGOV_TEST_POINT="transaction.applied-1:kill")
    assert killed.returncode == -9, killed.stderr
    # On disk, the move is half done: the destination holds the task, the source still does too.
    assert files_with(workspace, "R3") == ["sifaju", "yfzqb"]

    # The next command, whatever it is, completes the move first.
    listed = _subprocess(workspace, "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    owners = [t["owner"] for t in json.loads(listed.stdout)["tasks"] if t["id"] == "R3"]
    assert owners == ["yfzqb"]
    assert files_with(workspace, "R3") == ["yfzqb"]
    assert [e["action"] for e in history(workspace, "yfzqb", "R3")] == ["note", "assign"]
    assert history(workspace, "sifaju", "R3") == []
    assert _subprocess(workspace, "check", "--as-of", "2024-01-01").returncode == 0


@pytest.mark.skipif(not LAWGOV.exists(), reason="the lawgov script is not installed next to python")
@pytest.mark.parametrize(("point", "owner"), [("staged", "sifaju"), ("committed", "yfzqb")])
def test_assign_killed_before_the_renames_has_one_owner(workspace: Path, point: str, owner: str) -> None:
    killed = _subprocess(workspace, "assign", "R3", "--owner", "yfzqb", LAWGOV_TEST_POINT=f"transaction.{point}:kill")
    assert killed.returncode == -9, killed.stderr
    shown = _subprocess(workspace, "show", "R3", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["owner"] == owner  # before the commit point: not moved; after: moved
    assert files_with(workspace, "R3") == [owner]


# --- targets ---------------------------------------------------------------------------------


def test_target_is_set_and_compared(run, workspace: Path) -> None:
    out = ok(lawgov(run, workspace, "target", "M6.3", "实质化解率", "95", "--by", "办公室")).out
    assert "95" in out
    metric = next(m for m in task_doc(workspace, "M6.3")["metrics"] if m["name"] == "实质化解率")
    assert metric["target"] == 95 and metric["baseline"] == 88.26
    assert history(workspace, "sifaju", "M6.3")[-1]["action"] == "target"
    ok(lawgov(run, workspace, "record", "M6.3", "实质化解率", "96.5"))
    show = ok(lawgov(run, workspace, "show", "M6.3")).out
    assert "88.26 → 95 → 96.5" in show and "达到目标" in show
    ok(lawgov(run, workspace, "done", "M6.3"))
    draft = ok(lawgov(run, workspace, "report", as_of="2024-12-31")).out
    assert "达到年度目标（95%）" in draft
    csv = ok(lawgov(run, workspace, "export", "--format", "csv")).out
    assert "实质化解率: 88.26→95→96.5" in csv

    ok(lawgov(run, workspace, "add", "--owner", "sifaju", "--title", "专项评查", "--due", "2024-10-31"))
    ok(lawgov(run, workspace, "target", "J1", "评查案件数", "50", "--add", "--unit", "件"))
    assert task_doc(workspace, "J1")["metrics"] == [{"name": "评查案件数", "unit": "件", "target": 50}]


# --- notices (催办单 / 督办通知单) ---------------------------------------------------------------


def test_notice_numbering_persists_across_runs(run, workspace: Path, tmp_path: Path) -> None:
    first = ok(lawgov(run, workspace, "notice")).out
    assert "督办〔2024〕第1号" in first and "督办〔2024〕第2号" in first
    assert "区司法局：" in first and "166天" in first and "2024-01-31" in first
    assert "区委依法治区办" in first and "2024年7月22日前" in first  # the office; required by when
    register = tomllib.loads((workspace / "notices.toml").read_text("utf-8"))
    assert register["counters"] == {"duban-2024": 2, "cuiban-2024": 1}
    # The same day again: the same numbers, nothing burnt.
    assert ok(lawgov(run, workspace, "notice")).out == first
    assert tomllib.loads((workspace / "notices.toml").read_text("utf-8")) == register
    # A later day: the counter continues.
    target = tmp_path / "notice.md"
    ok(lawgov(run, workspace, "notice", "--dept", "司法局", "-o", str(target), as_of="2024-07-20"))
    assert "督办〔2024〕第3号" in target.read_text("utf-8")
    en = ok(lawgov(run, workspace, "notice", "--lang", "en", "--dept", "sifaju", as_of="2024-07-20")).out
    assert "Supervision 2024 No. 3" in en


def test_notice_level_follows_the_grace_period(run, workspace: Path) -> None:
    text = ok(lawgov(run, workspace, "notice", "--dept", "yfzqb", "--format", "text", as_of="2024-07-05")).out
    assert "催办〔2024〕第1号" in text and "催办单" in text  # R1 is 5 days late: within 15 days
    assert "R1" in text and "5天" in text
    path = workspace / "lawgov.toml"
    path.write_text(path.read_text("utf-8") + "\n[workflow]\ngrace_days = 3\n", encoding="utf-8")
    text = ok(lawgov(run, workspace, "notice", "--dept", "yfzqb", as_of="2024-07-06")).out
    assert "督办〔2024〕第1号" in text


def test_notice_with_nothing_overdue(run, workspace: Path) -> None:
    out = ok(lawgov(run, workspace, "notice", as_of="2024-01-02")).out
    assert "无逾期任务" in out and not (workspace / "notices.toml").exists()


# --- bad input: one line, exit 2, nothing written ---------------------------------------------

BAD = [
    (("approve", "Z9"), "Z9"),
    (("approve", "R1"), "R1"),
    (("approve", "R1", "--on", "someday"), "--on"),
    (("reject", "R1"), "--reason"),
    (("reject", "R1", "--reason", "x"), "R1"),
    (("extend", "R1", "--reason", "x"), "--to"),
    (("extend", "R1", "--to", "2024-13-01", "--reason", "x"), "--to"),
    (("extend", "R1", "--to", "2024-09-30"), "--reason"),
    (("extend", "R1", "--to", "2024-06-01", "--reason", "x"), "2024-06-30"),
    (("extend", "M4.4", "--to", "2025-01-31", "--reason", "x"), "M4.4"),
    (("add", "--title", "x", "--due", "2024-09-30"), "--owner"),
    (("add", "--owner", "sifaju", "--due", "2024-09-30"), "--title"),
    (("add", "--owner", "sifaju", "--title", "x"), "--due"),
    (("add", "--owner", "nobody", "--title", "x", "--due", "2024-09-30"), "nobody"),
    (("add", "--owner", "sifaju", "--title", "x", "--due", "2024-09-30", "--kind", "odd"), "odd"),
    (("add", "--owner", "sifaju", "--title", "x", "--due", "2024-09-30", "--repeat", "daily"), "daily"),
    (("add", "--owner", "sifaju", "--title", "x", "--due", "2024-09-30", "--co", "nobody"), "nobody"),
    (("assign", "R3"), "--owner"),
    (("assign", "R3", "--owner", "nobody"), "nobody"),
    (("assign", "R3", "--owner", "sifaju"), "R3"),
    (("assign", "Z9", "--owner", "sifaju"), "Z9"),
    (("target", "M6.3", "实质化解率", "lots"), "lots"),
    (("target", "M6.3", "没有的指标", "5"), "没有的指标"),
    (("target", "M6.3", "实质化解率", "5", "--add"), "实质化解率"),
    (("target", "M6.3", "实质化解率", "5", "--unit", "%"), "--unit"),
    (("notice", "--format", "pdf"), "pdf"),
    (("notice", "--dept", "nobody"), "nobody"),
]


@pytest.mark.parametrize(("args", "fragment"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_and_writes_nothing(
    run, workspace: Path, args: tuple[str, ...], fragment: str
) -> None:
    before = snapshot(workspace)
    usage_error(lawgov(run, workspace, *args), fragment)
    assert snapshot(workspace) == before


@pytest.mark.parametrize("setting", ["review = 1", "grace_days = -3", 'reply_days = "7"'])
def test_bad_workflow_settings_are_one_line(run, workspace: Path, setting: str) -> None:
    path = workspace / "lawgov.toml"
    path.write_text(path.read_text("utf-8") + f"\n[workflow]\n{setting}\n", encoding="utf-8")
    usage_error(lawgov(run, workspace, "status"), "lawgov.toml", "workflow.")


# --- the ledger: every step counts from its effective date ----------------------------------


def test_views_of_earlier_days_replay_the_loop(run, workspace: Path) -> None:
    review_mode(workspace)
    ok(
        lawgov(
            run, workspace, "extend", "R2", "--to", "2024-09-30", "--reason", "待审议", "--on", "2024-06-20"
        )
    )
    ok(lawgov(run, workspace, "approve", "R2", "--on", "2024-07-10"))
    ok(lawgov(run, workspace, "done", "R1", "--on", "2024-07-12"))
    before = status_json(run, workspace, as_of="2024-07-05")
    assert "R2" in [i["id"] for i in before["overdue"]]  # the old deadline until the approval
    assert [(p["id"], p["kind"]) for p in before["pending"]] == [("R2", "extension")]
    assert before["totals"]["reported"] == 0 and "R1" in [i["id"] for i in before["overdue"]]
    after = status_json(run, workspace, as_of="2024-07-12")
    assert "R2" not in [i["id"] for i in after["overdue"]] and "R1" not in [i["id"] for i in after["overdue"]]
    assert [(p["id"], p["kind"]) for p in after["pending"]] == [("R1", "report")]
    assert after["totals"]["reported"] == 1
    # A decision dated before the report it decides is refused (it would rewrite the ledger).
    usage_error(lawgov(run, workspace, "approve", "R1", "--on", "2024-07-11"), "R1")
    # Nor can an extension be decided before it was filed.
    ok(lawgov(run, workspace, "extend", "R3", "--to", "2024-09-30", "--reason", "x", "--on", "2024-07-08"))
    usage_error(lawgov(run, workspace, "reject", "R3", "--reason", "y", "--on", "2024-07-07"), "2024-07-08")
    # The effective date cannot lie after the view date.
    usage_error(lawgov(run, workspace, "approve", "R1", "--on", "2024-07-20"), "2024-07-20")


def test_what_awaits_the_office_in_every_view(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    review_mode(workspace)
    ok(lawgov(run, workspace, "done", "R1", "--on", "2024-07-10", "--by", "张三"))
    ok(
        lawgov(
            run, workspace, "extend", "R2", "--to", "2024-09-30", "--reason", "待审议", "--on", "2024-07-11"
        )
    )
    csv = ok(lawgov(run, workspace, "export", "--format", "csv")).out
    assert "待审核事项" in csv and "完成报送 (2024-07-10 张三)" in csv and "延期申请: → 2024-09-30" in csv
    assert "已报送待审核" in csv
    for fmt in ("md", "html", "json", "xlsx", "ics"):
        target = workspace.parent / f"out.{fmt}"
        ok(lawgov(run, workspace, "export", "--format", fmt, "-o", str(target)))
        assert target.stat().st_size > 0
    exported = json.loads((workspace.parent / "out.json").read_text("utf-8"))
    assert exported["totals"]["reported"] == 1 and len(exported["pending"]) == 2
    assert 'data-total="reported">1<' in (workspace.parent / "out.html").read_text("utf-8")
    bulletin = ok(lawgov(run, workspace, "bulletin", "--month", "2024-07", as_of="2024-08-01")).out
    # the bulletin names tasks by title (no ids) and writes dates as documents do
    pending = bulletin.split("、待审核事项\n", 1)[1].split("\n## ", 1)[0]
    assert "以下2项事项已由责任单位报送" in pending
    assert "“法治政府建设整体工作推进不均衡”问题整改，7月10日报送完成，待审核销号" in pending  # R1
    assert "延至2024年9月30日（理由：待审议）" in pending  # R2
    show = ok(lawgov(run, workspace, "show", "R2")).out
    assert "延期申请" in show and "2024-09-30" in show and "待审议" in show
    listed = json.loads(ok(lawgov(run, workspace, "list", "--status", "reported", "--format", "json")).out)
    assert [t["id"] for t in listed["tasks"]] == ["R1"] and listed["tasks"][0]["pending"][0][
        "kind"
    ] == "report"
    monkeypatch.setenv("LAWGOV_FORCE_RICH", "1")
    monkeypatch.delenv("NO_COLOR")
    rich = ok(lawgov(run, workspace, "status")).out
    assert "待审核事项 (2)" in rich
    en = ok(lawgov(run, workspace, "status", "--lang", "en")).out
    assert "Awaiting the office (2)" in en and "extension request" in en
