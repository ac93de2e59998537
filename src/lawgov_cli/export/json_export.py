"""The JSON export: the ``status --format json`` numbers plus every field of every task (schema 1)."""

from __future__ import annotations

from typing import Any

from lawgov_cli.model import Workspace
from lawgov_cli.periods import task_periods
from lawgov_cli.progress import Progress, TaskState, progress_json


def task_document(state: TaskState, workspace: Workspace) -> dict[str, Any]:
    """One task as in ``list --format json``, plus where it stands on ``as_of``."""
    from lawgov_cli.cli.task_commands import task_json

    task = state.task
    document: dict[str, Any] = dict(task_json(task, workspace))
    periods: dict[str, dict[str, str | None]] = {
        p.key: {
            "due": p.due.isoformat(),
            "done_on": task.periods[p.key].isoformat() if p.key in task.periods else None,
        }
        for p in task_periods(task)
    }
    for key, ticked in task.periods.items():  # a hand-written key outside the plan year is kept
        periods.setdefault(key, {"due": None, "done_on": ticked.isoformat()})
    document.update(
        {
            "light": state.light,
            "overdue": state.overdue,
            "days_overdue": state.days_overdue,
            "due_soon": state.due_soon,
            "next_due": state.next_due.isoformat() if state.next_due else None,
            "missed_periods": list(state.missed_periods),
            "notes": list(task.notes),
            "evidence": list(task.evidence),
            "periods": periods,
        }
    )
    return document


def to_json(workspace: Workspace, progress: Progress) -> dict[str, Any]:
    """``{"schema": 1, "as_of", "due_soon_days", "workspace", "totals", "departments", "tasks"}``.

    ``totals`` and ``departments`` are exactly those of ``status --format json``.
    """
    status = progress_json(progress)
    settings = workspace.settings
    return {
        "schema": 1,
        "as_of": status["as_of"],
        "due_soon_days": status["due_soon_days"],
        "workspace": {"title": settings.title, "region": settings.region, "plan_year": settings.plan_year},
        "totals": status["totals"],
        "departments": status["departments"],
        "pending": status["pending"],
        "tasks": [task_document(state, workspace) for state in progress.tasks],
    }


__all__ = ["task_document", "to_json"]
