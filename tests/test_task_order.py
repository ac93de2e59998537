"""One task order everywhere: ``model.task_sort_key`` (plan order of the series, natural numbers).

Every list of tasks — ``list``, the exports, the status JSON's overdue and due-soon lists — is in
this order, or (overdue, due soon) by days first and then in this order.  The decision is
written in docs/ARCHITECTURE.md ("One task order").
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from lawgov_cli.model import task_sort_key

from conftest import ok

AS_OF = "2025-01-15"  # the plan year is over: most tasks are overdue, by 15 to 350 days


def test_plan_order_of_the_series_and_natural_numbers() -> None:
    ids = ["S2.10", "D1", "P1.1", "S2.2", "M1.10", "R1", "M1.2", "J1", "X1", "S1", "M2.1"]
    assert sorted(ids, key=task_sort_key) == [
        "M1.2", "M1.10", "M2.1", "R1", "D1", "P1.1", "S1", "S2.2", "S2.10", "J1", "X1",
    ]  # fmt: skip


def test_every_output_lists_tasks_in_the_same_order(run, workspace: Path, tmp_path: Path) -> None:
    common = ("--dir", str(workspace), "--as-of", AS_OF)
    listed = [t["id"] for t in json.loads(ok(run(*common, "list", "--format", "json")).out)["tasks"]]
    ok(run(*common, "export", "--format", "csv", "-o", str(tmp_path / "t.csv")))
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as handle:
        in_csv = [row[0] for row in list(csv.reader(handle))[1:]]
    ok(run(*common, "export", "--format", "json", "-o", str(tmp_path / "t.json")))
    exported = [t["id"] for t in json.loads((tmp_path / "t.json").read_text("utf-8"))["tasks"]]

    assert len(listed) == 57
    assert listed == sorted(listed, key=task_sort_key)
    assert in_csv == listed
    assert exported == listed
    assert listed.index("M1.1") < listed.index("D1") < listed.index("P1.1")

    status = json.loads(ok(run(*common, "status", "--format", "json")).out)
    overdue = [(b["id"], b["days_overdue"]) for b in status["overdue"]]
    assert len({days for _, days in overdue}) > 1  # the order by days is exercised too
    assert overdue == sorted(overdue, key=lambda item: (-item[1], task_sort_key(item[0])))
    ok(run(*common, "export", "--format", "md", "-o", str(tmp_path / "t.md")))
    markdown = (tmp_path / "t.md").read_text("utf-8")
    # The overdue section: the one whose heading counts the overdue tasks, e.g. "逾期任务（红灯） (45)".
    section = next(s for s in markdown.split("\n## ") if s.split("\n", 1)[0].endswith(f"({len(overdue)})"))
    in_md = re.findall(r"^\| ([A-Z][0-9.]*) \|", section, re.MULTILINE)
    assert in_md == [task_id for task_id, _ in overdue]
    assert in_md.index("M1.1") < in_md.index("D1")
