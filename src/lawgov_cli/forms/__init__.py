"""The fill-in form (填报表): an XLSX a department without a terminal fills in and mails back.

``export.py`` writes one form per department (openpyxl, imported lazily); ``read.py`` reads a
filled form back into plain values and checks everything that can be checked without the
workspace (a readable workbook, the header, formulas, locked cells, statuses, dates, numbers);
``plan.py`` compares those values with the workspace and computes the edits — pure, through
:mod:`lawgov_cli.tracking` — which the CLI then writes all or nothing.

A form carries, in a hidden and protected sheet, the workspace id (region, plan year and the
prefix of the source report's sha256), the department, the plan year and a snapshot of every
row as exported.  The snapshot says which cells the department changed: only those become
changes, which makes importing the same form twice a no-op.
"""

from __future__ import annotations

from typing import Final

from lawgov_cli.model import Settings

FORM_SCHEMA: Final = 1

TASK_SHEET: Final = "任务"
METRIC_SHEET: Final = "指标"
META_SHEET: Final = "lawgov"

TASK_HEADER: Final = ("编号", "任务", "完成时限", "完成状态", "完成日期", "进展情况", "佐证材料")
"""Columns A..G of the task sheet; the last four are filled in by the department."""
TASK_LOCKED: Final = (0, 1, 2)
"""Indexes in :data:`TASK_HEADER` of the columns a department must not change."""
METRIC_HEADER: Final = ("编号", "指标", "单位", "基数", "目标", "实际值")
"""Columns A..F of the metric sheet; only 实际值 is filled in."""
METRIC_LOCKED: Final = (0, 1, 2, 3, 4)

STATUS_LABELS: Final = {
    "todo": "未开始",
    "doing": "推进中",
    "reported": "已报送",
    "done": "已完成",
    "dropped": "已撤销",
}
"""The drop-down of 完成状态 (已报送 — awaiting the office's check in review mode — and 已撤销 are
shown for such tasks but cannot be chosen)."""
CHOOSABLE: Final = ("todo", "doing", "done")


def workspace_id(settings: Settings) -> str:
    """What a form says it belongs to: ``南开区-2024-48a4b22d7995``."""
    return f"{settings.region}-{settings.plan_year}-{settings.source_sha256[:12]}"


def form_file_name(dept_id: str, dept_name: str, plan_year: int) -> str:
    """``2024年度填报表-sifaju-区司法局.xlsx``: the id keeps names unique, the name tells people."""
    safe = "".join(ch for ch in dept_name if ch.isprintable() and ch not in '/\\:*?"<>|').strip()
    return f"{plan_year}年度填报表-{dept_id}{'-' + safe if safe else ''}.xlsx"


def split_evidence(text: str) -> list[str]:
    """The items of a 佐证材料 cell (one per line), in order, blanks dropped, duplicates once."""
    out: list[str] = []
    for item in text.splitlines():
        cleaned = item.strip()
        if cleaned and cleaned not in out:
            out.append(cleaned)
    return out


__all__ = [
    "CHOOSABLE",
    "FORM_SCHEMA",
    "META_SHEET",
    "METRIC_HEADER",
    "METRIC_LOCKED",
    "METRIC_SHEET",
    "STATUS_LABELS",
    "TASK_HEADER",
    "TASK_LOCKED",
    "TASK_SHEET",
    "form_file_name",
    "split_evidence",
    "workspace_id",
]
