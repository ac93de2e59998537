"""What every export shares: the task columns, their labels, and formula neutralisation.

A task becomes one :class:`TaskRow` of typed values (dates stay dates, day counts stay ints);
each format then dresses the values its own way.  Text that a spreadsheet would run as a formula
is neutralised with :func:`neutralise` before it reaches a CSV or XLSX cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lawgov_cli.i18n import Lang, t
from lawgov_cli.ledger import late_days
from lawgov_cli.model import Metric, Task, Workspace
from lawgov_cli.periods import task_periods
from lawgov_cli.progress import Progress, TaskState, pending_items
from lawgov_cli.render.plain import cell_width
from lawgov_cli.render.text import heading, summary

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP)."""

MISSING = "—"
"""Shown for a metric value not set; never ``-``, which a spreadsheet would read as a formula."""

COLUMNS: tuple[str, ...] = (
    "id",
    "owner",
    "co_owners",
    "kind",
    "section",
    "title",
    "due",
    "repeat",
    "next_due",
    "status",
    "pending",
    "done_on",
    "late_days",
    "light",
    "overdue_days",
    "periods",
    "metrics",
    "notes",
    "evidence",
)
"""Task columns of the CSV and the XLSX task sheet, in order."""

DATE_COLUMNS = frozenset({"due", "next_due", "done_on"})
NUMBER_COLUMNS = frozenset({"overdue_days", "late_days"})

_LABELS = {
    "id": "label.id",
    "owner": "label.owner",
    "co_owners": "label.co_owners",
    "kind": "label.kind",
    "section": "label.section",
    "title": "label.title",
    "due": "label.due",
    "repeat": "label.repeat",
    "next_due": "label.next_due",
    "status": "label.status",
    "pending": "label.pending",
    "done_on": "label.done_on",
    "late_days": "label.late_days",
    "light": "label.light",
    "overdue_days": "label.overdue_days",
    "periods": "label.periods",
    "metrics": "label.metrics",
    "notes": "label.notes",
    "evidence": "label.evidence",
}

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula (OWASP CSV injection advice).

    >>> neutralise('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralise("严格落实行政执法“三项制度”")
    '严格落实行政执法“三项制度”'
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def strip_control(text: str) -> str:
    """Drop control characters XML cannot hold (a TOML string may contain ``\\u0001``), DEL, C1
    controls and bidi overrides."""
    from lawgov_cli.fileio import strip_controls

    return strip_controls(_XML_ILLEGAL.sub("", text))


def headers(lang: Lang) -> list[str]:
    """Column headings of :data:`COLUMNS` in ``lang``."""
    return [t(_LABELS[key], lang) for key in COLUMNS]


def owner_name(workspace: Workspace, dept_id: str) -> str:
    dept = workspace.departments.get(dept_id)
    return dept.name if dept else dept_id


def number_text(value: float | None) -> str:
    """``10.0`` -> ``10``, ``3.6`` -> ``3.6``, None -> ``—``."""
    if value is None:
        return MISSING
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"


def metric_text(metric: Metric) -> str:
    """``名称: 基数→目标→实际 单位`` (``—`` for a value not set)."""
    values = "→".join(number_text(v) for v in (metric.baseline, metric.target, metric.actual))
    unit = f" {metric.unit}" if metric.unit else ""
    approx = "≈" if metric.approx else ""
    return f"{metric.name}: {approx}{values}{unit}"


def metrics_text(metrics: list[Metric]) -> str:
    return "; ".join(metric_text(m) for m in metrics)


def periods_text(state: TaskState, lang: Lang) -> str:
    """``已销号3期/共12期`` for a recurring task, empty for a one-off one."""
    total = len(task_periods(state.task))
    if not total:
        return ""
    done = sum(1 for p in task_periods(state.task) if p.key in state.task.periods)
    return t("msg.periods_ticked", lang, done=done, total=total)


def pending_text(task: Task, lang: Lang) -> str:
    """What of the task awaits the office: ``完成报送（2024-07-15 张三）；延期申请：至2024-09-30（…）``."""
    parts = []
    for item in pending_items(task):
        who = f"{item.since.isoformat()} {item.by}".strip()
        if item.kind == "extension" and item.to is not None:
            late = f"，{t('msg.late_mark', lang)}" if item.late else ""
            parts.append(f"{t('pending.extension', lang)}: → {item.to.isoformat()} ({who}{late})")
        else:
            parts.append(f"{t('pending.report', lang)} ({who})")
    return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One task as export cells: text in ``lang``, dates as dates, day counts as ints."""

    state: TaskState
    values: dict[str, str | date | int | None]

    @property
    def light(self) -> str:
        return self.state.light


def task_row(workspace: Workspace, state: TaskState, lang: Lang) -> TaskRow:
    task = state.task
    values: dict[str, str | date | int | None] = {
        "id": task.id,
        "owner": owner_name(workspace, task.owner),
        "co_owners": "、".join(owner_name(workspace, d) for d in task.co_owners),
        "kind": t(f"kind.{task.kind}", lang),
        "section": task.section,
        "title": task.title,
        "due": task.due,
        "repeat": t(f"repeat.{task.repeat}", lang),
        "next_due": state.next_due,
        "status": t(f"status.{task.status}", lang),
        "pending": pending_text(task, lang),
        "done_on": task.done_on,
        "late_days": late_days(task),
        "light": t(f"light.{state.light}", lang),
        "overdue_days": state.days_overdue,
        "periods": periods_text(state, lang),
        "metrics": metrics_text(task.metrics),
        "notes": "\n".join(task.notes),
        "evidence": "\n".join(task.evidence),
    }
    return TaskRow(state, values)


def task_rows(workspace: Workspace, progress: Progress, lang: Lang) -> list[TaskRow]:
    """Every task of ``progress``, in id order."""
    return [task_row(workspace, state, lang) for state in progress.tasks]


__all__ = [
    "COLUMNS",
    "DATE_COLUMNS",
    "FORMULA_TRIGGERS",
    "MISSING",
    "NUMBER_COLUMNS",
    "TaskRow",
    "cell_width",
    "headers",
    "heading",
    "metric_text",
    "metrics_text",
    "neutralise",
    "number_text",
    "owner_name",
    "strip_control",
    "summary",
    "task_row",
    "task_rows",
]
