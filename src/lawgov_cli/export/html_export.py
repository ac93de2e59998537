"""One self-contained HTML page (Jinja2, autoescaping on): for a browser, an intranet or an e-mail.

No network, no JavaScript, no external CSS or fonts: system Chinese fonts and inline SVG only, so
the file can be mailed or put on a USB stick and still open the same way.  Every piece of text
from the workspace goes through Jinja2's autoescaping; a title ``<script>…`` shows as text.

The page: heading and as-of date, overall progress, the counts, progress by department (bars),
a chart of task status by department (SVG), the overdue (red) and due-soon (yellow) lists, and
the full task table — on a screen narrower than 600 px one card per task (title, owner, deadline,
status), so the page never scrolls sideways.  The title names the plan year's 台账; dates are
written as people write them (2024年7月15日).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lawgov_cli.documents.wording import cn_date
from lawgov_cli.export.common import number_text, owner_name, periods_text, summary
from lawgov_cli.fields import COUNT_COLUMNS, Field, View, column_label, html_columns, label_ids
from lawgov_cli.i18n import Lang, t, t_plural
from lawgov_cli.model import Metric, Workspace
from lawgov_cli.progress import Counts, Progress, TaskState
from lawgov_cli.render.text import state_when

TEMPLATE = "report.html.j2"

SEGMENTS: tuple[str, ...] = ("done", "reported", "doing", "todo", "due_soon", "overdue", "dropped")
"""Disjoint shares of a department's tasks in the chart, left to right."""

CHART_ROW = 46
"""Height of one department in the SVG chart (label line + bar), in CSS pixels."""


@dataclass(slots=True)
class Segment:
    key: str
    count: int
    x: float
    width: float


@dataclass(slots=True)
class ChartRow:
    name: str
    counts: Counts
    y: int
    segments: list[Segment] = field(default_factory=list)


def segment_counts(states: list[TaskState]) -> dict[str, int]:
    """How many tasks fall in each of :data:`SEGMENTS` (each task in exactly one)."""
    out = dict.fromkeys(SEGMENTS, 0)
    for state in states:
        status = state.task.status
        if status in ("done", "dropped"):
            out[status] += 1
        elif state.overdue:
            out["overdue"] += 1
        elif state.due_soon:
            out["due_soon"] += 1
        else:
            out[status] += 1
    return out


def _chart(progress: Progress) -> list[ChartRow]:
    by_owner: dict[str, list[TaskState]] = {}
    for state in progress.tasks:
        by_owner.setdefault(state.task.owner, []).append(state)
    rows = []
    for index, dept in enumerate(progress.departments):
        row = ChartRow(dept.name, dept.counts, index * CHART_ROW)
        total = dept.counts.tasks or 1
        x = 0.0
        for key, count in segment_counts(by_owner.get(dept.id, [])).items():
            if count:
                width = round(100.0 * count / total, 3)
                row.segments.append(Segment(key, count, round(x, 3), width))
                x += width
        rows.append(row)
    return rows


def metric_line(metric: Metric, lang: Lang) -> str:
    """``行政机关负责人出庭应诉率：基数 100% → 目标 100% → 实际 98.5%`` (values not set are left out)."""
    parts = [
        f"{t(f'label.{key}', lang)} {'≈' if metric.approx and key == 'baseline' else ''}{number_text(value)}{metric.unit}"
        for key, value in (
            ("baseline", metric.baseline),
            ("target", metric.target),
            ("actual", metric.actual),
        )
        if value is not None
    ]
    return f"{metric.name}：{' → '.join(parts)}" if parts else metric.name


def _segment_label(key: str, lang: Lang) -> str:
    return t(f"label.{key}" if key in ("overdue", "due_soon") else f"status.{key}", lang)


def _capital(text: str) -> str:
    """``done`` -> ``Done`` (English status words are lower case; Chinese is unchanged)."""
    return text[:1].upper() + text[1:]


DRAWN: frozenset[str] = frozenset({"id", "title", "owner", "due", "status", "metrics", "notes"})
"""Task table columns the template draws with a macro of its own (``<name>_cell``); any other
column of :func:`~lawgov_cli.fields.html_columns` is a plain cell of its Markdown text."""


def _text_of(row: Field) -> Callable[[View], str | None]:
    """A column's text in a plain cell: its Markdown text, else its export cell as text."""
    if row.md is not None:
        return row.md[1]
    cell = row.cell
    if cell is None:
        return lambda view: ""

    def text(view: View) -> str:
        value = cell(view)
        return "" if value is None else value.isoformat() if isinstance(value, date) else str(value)

    return text


def _plain_columns() -> tuple[tuple[str, Callable[[View], str | None]], ...]:
    """The task table's columns the template has no macro for, with their text."""
    return tuple((row.name, _text_of(row)) for row in html_columns() if row.name not in DRAWN)


def _task(
    workspace: Workspace,
    state: TaskState,
    progress: Progress,
    lang: Lang,
    plain: Sequence[tuple[str, Callable[[View], str | None]]] = (),
) -> dict[str, Any]:
    task = state.task
    view = View(workspace, state, lang, progress.as_of) if plain else None
    return {
        "text": {name: text(view) or "" for name, text in plain} if view else {},
        "id": task.id,
        "title": task.title,
        "section": task.section,
        "owner": owner_name(workspace, task.owner),
        "co_owners": [owner_name(workspace, d) for d in task.co_owners],
        "kind": t(f"kind.{task.kind}", lang),
        "due": cn_date(state.next_due or task.due, lang),
        "repeat": t(f"repeat.{task.repeat}", lang) if task.repeat else "",
        "periods": periods_text(state, lang),
        "status": task.status,
        "status_label": t(f"status.{task.status}", lang),
        "done_on": cn_date(task.done_on, lang) if task.done_on else "",
        "light": state.light,
        "light_label": t(f"light.{state.light}", lang),
        "when": state_when(state, progress.as_of, lang),
        "metrics": [metric_line(m, lang) for m in task.metrics],
        "notes": list(task.notes),
        "evidence": list(task.evidence),
        "review": task.needs_review,
    }


def context(workspace: Workspace, progress: Progress, lang: Lang) -> dict[str, Any]:
    """Everything the template shows, already in ``lang`` (the template holds no logic of its own)."""
    settings = workspace.settings
    page = ("progress", "percent", "department", "by_department", "chart", "task_list", "totals", "as_of")
    keys = [*page, *COUNT_COLUMNS, *(label.removeprefix("label.") for label in label_ids())]
    labels = {key: t(f"label.{key}", lang) for key in keys}
    labels["overdue_tasks"] = t("label.overdue_tasks", lang)
    labels["due_soon_tasks"] = t_plural("label.due_soon_tasks", progress.due_soon_days, lang, days=progress.due_soon_days)
    states = {"red": progress.overdue, "yellow": progress.due_soon}
    plain = _plain_columns()
    return {
        "lang": "zh-CN" if lang == "zh" else "en",
        "title": t("html.title", lang, year=settings.plan_year, region=settings.region),
        "heading": t(
            "html.page_title",
            lang,
            year=settings.plan_year,
            region=settings.region,
            date=cn_date(progress.as_of, lang),
        ),
        "subtitle": settings.region,
        "source": t("html.source", lang, title=settings.title) if settings.title else "",
        "as_of": progress.as_of.isoformat(),
        "as_of_text": cn_date(progress.as_of, lang),
        "summary": summary(progress, lang),
        "labels": labels,
        "segment_labels": {key: _capital(_segment_label(key, lang)) for key in SEGMENTS},
        "totals": progress.totals,
        "departments": progress.departments,
        "chart": _chart(progress),
        "chart_row": CHART_ROW,
        "segments": SEGMENTS,
        "overdue": [_task(workspace, s, progress, lang) for s in states["red"]],
        "due_soon": [_task(workspace, s, progress, lang) for s in states["yellow"]],
        "tasks": [_task(workspace, s, progress, lang, plain) for s in progress.tasks],
        "columns": [{"name": f.name, "label": column_label(f, lang)} for f in html_columns()],
        "none_overdue": t("msg.no_overdue", lang),
        "none_due_soon": t_plural("msg.no_due_soon", progress.due_soon_days, lang, days=progress.due_soon_days),
        "footer": t("html.footer", lang, date=cn_date(progress.as_of, lang), days=progress.due_soon_days),
    }


def to_html(workspace: Workspace, progress: Progress, lang: Lang) -> str:
    """The page as one string (UTF-8 when written)."""
    from importlib import resources

    import jinja2

    source = (resources.files("lawgov_cli") / "templates" / TEMPLATE).read_text("utf-8")
    environment = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.from_string(source).render(**context(workspace, progress, lang))


__all__ = ["SEGMENTS", "context", "metric_line", "segment_counts", "to_html"]
