"""The one table of task fields: what each is called in the file, in JSON, in a column heading,
and how each output writes it.

Every output that lists a task's fields reads :data:`FIELDS`:

- ``list``/``show``/``export --format json``: :func:`task_json` (keys in table order; their
  shapes, ``json_type``, are the task part of :mod:`lawgov_cli.contracts`);
- CSV and XLSX (through :mod:`lawgov_cli.export.common`): :func:`export_columns`, :func:`cell_maker`;
- ``lawgov show``: :func:`show_lines`;
- the Markdown and HTML task tables and the iCalendar description: :func:`md_columns`,
  :func:`html_columns`, :func:`ics_lines`; the HTML page's labels: :func:`label_ids`.

Where a field stands in each output is a sort key (``column=25`` sits between the columns at 20
and 30), so a new field goes anywhere without renumbering the others.

Adding a task field (say 分管领导 ``leader``): the attribute on :class:`~lawgov_cli.model.Task`,
one :class:`Field` row here, and its label in the message catalogue.  Reading and writing the
department file is :mod:`lawgov_cli.model`'s (``task_from_toml``/``task_to_toml``);
``tests/test_fields.py`` fails when the dataclass, the file's keys and this table disagree.

This module sits above the domain (it reads :class:`~lawgov_cli.progress.TaskState`); nothing in
``model``, ``store`` or ``progress`` imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from lawgov_cli.i18n import Lang, t, t_plural
from lawgov_cli.ledger import late_days
from lawgov_cli.model import Metric, Pending, Task, Workspace
from lawgov_cli.periods import task_periods
from lawgov_cli.progress import TaskState, pending_items
from lawgov_cli.render.text import state_when

Cell = str | date | int | None
"""An export cell: text already in the output language, a date, a day count, or nothing."""

CellKind = Literal["text", "date", "number"]
"""How a cell is typed: XLSX writes dates and numbers as such, CSV as ISO dates and digits."""

MISSING: Final = "—"
"""Shown for a value not set; never ``-``, which a spreadsheet would read as a formula."""


def owner_name(workspace: Workspace, dept_id: str) -> str:
    """The department's Chinese name; its id when the registry does not know it (a removed one)."""
    dept = workspace.departments.get(dept_id)
    return dept.name if dept else dept_id


def owner_names(workspace: Workspace, dept_ids: Sequence[str]) -> str:
    """Co-owners as one text: ``司法局、公安局``."""
    return "、".join(owner_name(workspace, d) for d in dept_ids)


def number_text(value: float | None) -> str:
    """``10.0`` -> ``10``, ``3.6`` -> ``3.6``, None -> ``—``.

    >>> number_text(10.0), number_text(3.6), number_text(None)
    ('10', '3.6', '—')
    """
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
    periods = task_periods(state.task)
    if not periods:
        return ""
    done = sum(1 for p in periods if p.key in state.task.periods)
    return t("msg.periods_ticked", lang, done=done, total=len(periods))


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


def _marker_text(marker: Pending | None, lang: Lang) -> str | None:
    """A report or extension request as a ``show`` line (None: the line is left out)."""
    if marker is None:
        return None
    text = f"{marker.since.isoformat()} {marker.by}"
    if marker.to is not None:
        text = f"→ {marker.to.isoformat()}  {marker.reason}  ({text}"
        text += f", {t('msg.late_mark', lang)})" if marker.late else ")"
    return text


class View:
    """One task seen from an output: its state on the view date, the workspace (for names), the
    language the text is in and the view date itself.  (A plain class: one is made per task and
    row, and a frozen dataclass costs several times more to make.)"""

    __slots__ = ("as_of", "lang", "state", "task", "workspace")

    def __init__(self, workspace: Workspace, state: TaskState, lang: Lang, as_of: date | None = None) -> None:
        self.workspace = workspace
        self.state = state
        self.lang: Lang = lang
        self.as_of = as_of
        self.task: Task = state.task

    def name(self, dept_id: str) -> str:
        return owner_name(self.workspace, dept_id)


def _status_line(v: View) -> str:
    state, lang = v.state, v.lang
    light = {"red": t("label.overdue", lang), "yellow": t("label.due_soon", lang), "green": ""}[state.light]
    days = t_plural("msg.days_overdue", state.days_overdue, lang, days=state.days_overdue) if state.overdue else ""
    return t(f"status.{v.task.status}", lang) + (f" · {light} {days}".rstrip() if light else "")


def _status_summary(v: View) -> str:
    """Status, date done and periods ticked in one cell: ``已完成 2024-05-01 (已销号3期/共12期)``."""
    text = t(f"status.{v.task.status}", v.lang)
    if v.task.done_on:
        text += f" {v.task.done_on.isoformat()}"
    ticked = periods_text(v.state, v.lang)
    return text + (f" ({ticked})" if ticked else "")


def _timing(v: View) -> str:
    """``逾期12天`` / ``剩余3天`` for a red or yellow task, empty for a green one."""
    if v.state.light == "green" or v.as_of is None:
        return ""
    return state_when(v.state, v.as_of, v.lang)


LIGHT_MARK: Final = {"red": "🔴", "yellow": "🟡", "green": "🟢"}

Slot = tuple[int, Callable[[View], str | None]]
"""Where a field stands in one output (positions ascend) and its text there; a text of None (or,
in the calendar, empty) leaves the line out."""


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a task as every output names and writes it."""

    name: str
    """The field's name: its key in the task JSON and the column key of the CSV/XLSX."""
    label: str | None = None
    """i18n id of its heading (``label.owner`` -> 责任单位 / Owner)."""
    attr: str | None = None
    """The :class:`~lawgov_cli.model.Task` attribute it shows; None when derived (from the state,
    the registry or several attributes)."""
    toml: str | None = None
    """Its key in a ``[[tasks]]`` table of the department file; None: not stored."""
    json: Callable[[Task, Workspace], object] | None = None
    """Its value in the task JSON of ``list``/``show``/``export``; None: not in the task JSON."""
    json_type: object = str
    """The JSON value's shape, as :mod:`lawgov_cli.contracts` checks it (a type, None, a tuple of
    alternatives, ``[item]``, or ``{key: shape}`` with ``key?`` optional)."""
    column: int | None = None
    """Position among the CSV/XLSX columns (ascending); None: not a column."""
    cell: Callable[[View], Cell] | None = None
    """The export cell (text in the output language, a date or a number)."""
    kind: CellKind = "text"
    show: Slot | None = None
    """A line of ``lawgov show`` under the title."""
    md: Slot | None = None
    """A column of the Markdown export's per-department task tables (the text is escaped there)."""
    html: int | None = None
    """A column of the HTML page's task table; the template draws the known ones, any other
    with its :attr:`md` text."""
    ics: Slot | None = None
    """A line of a calendar event's description (after 40: the deadline's period and date ticked)."""


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


NUMBER: Final = (int, float, None)
METRIC_JSON: Final = {"name": str, "unit": str, "baseline": NUMBER, "target": NUMBER, "actual": NUMBER}
PENDING_JSON: Final = {
    "id": str, "title": str, "owner": str, "kind": str, "since": str, "by": str, "due": str,
    "to?": (str, None), "reason?": str, "late?": bool,
}  # fmt: skip
"""An item of ``pending`` (:meth:`lawgov_cli.progress.PendingItem.to_json`); ``to``, ``reason``
and ``late`` on extension requests only."""


FIELDS: tuple[Field, ...] = (
    Field(
        "id", "label.id", attr="id", toml="id", json=lambda task, ws: task.id,
        column=10, cell=lambda v: v.task.id,
        md=(20, lambda v: v.task.id), html=10, ics=(10, lambda v: v.task.id),
    ),
    Field(
        "title", "label.title", attr="title", toml="title", json=lambda task, ws: task.title,
        column=60, cell=lambda v: v.task.title,
        md=(30, lambda v: v.task.title), html=20,
    ),
    Field(
        "kind", "label.kind", attr="kind", toml="kind", json=lambda task, ws: task.kind,
        column=40, cell=lambda v: t(f"kind.{v.task.kind}", v.lang),
        show=(20, lambda v: t(f"kind.{v.task.kind}", v.lang)),
        md=(40, lambda v: t(f"kind.{v.task.kind}", v.lang)),
        ics=(30, lambda v: t(f"kind.{v.task.kind}", v.lang)),
    ),
    Field(
        "section", "label.section", attr="section", toml="section", json=lambda task, ws: task.section,
        column=50, cell=lambda v: v.task.section,
        show=(80, lambda v: v.task.section or MISSING),
        ics=(60, lambda v: v.task.section),
    ),
    Field("source", "label.source", attr="source", toml="source", json=lambda task, ws: task.source),
    Field(
        "owner", "label.owner", attr="owner", toml="owner", json=lambda task, ws: task.owner,
        column=20, cell=lambda v: v.name(v.task.owner),
        show=(
            30,
            lambda v: v.name(v.task.owner) + (f"  ({t('label.review', v.lang)})" if v.task.needs_review else ""),
        ),
        html=30, ics=(20, lambda v: v.name(v.task.owner)),
    ),
    Field("owner_name", "label.owner", json=lambda task, ws: owner_name(ws, task.owner)),
    Field(
        "co_owners", "label.co_owners", attr="co_owners", toml="co_owners",
        json=lambda task, ws: list(task.co_owners), json_type=[str],
        column=30, cell=lambda v: owner_names(v.workspace, v.task.co_owners),
        show=(40, lambda v: owner_names(v.workspace, v.task.co_owners) or MISSING),
    ),
    Field(
        "due", "label.due", attr="due", toml="due", json=lambda task, ws: task.due.isoformat(),
        column=70, cell=lambda v: v.task.due, kind="date",
        show=(
            50,
            lambda v: f"{v.task.due.isoformat()}  ({v.task.due_rule})" if v.task.due_rule else v.task.due.isoformat(),
        ),
        md=(50, lambda v: (v.state.next_due or v.task.due).isoformat()), html=40,
    ),
    Field(
        "due_rule", "label.due_rule", attr="due_rule", toml="due_rule", json=lambda task, ws: task.due_rule,
        ics=(70, lambda v: v.task.due_rule),
    ),
    Field(
        "repeat", "label.repeat", attr="repeat", toml="repeat", json=lambda task, ws: task.repeat,
        column=80, cell=lambda v: t(f"repeat.{v.task.repeat}", v.lang),
        show=(60, lambda v: t(f"repeat.{v.task.repeat}", v.lang)),
    ),
    Field(
        "status", "label.status", attr="status", toml="status", json=lambda task, ws: task.status,
        column=100, cell=lambda v: t(f"status.{v.task.status}", v.lang),
        show=(10, _status_line), md=(60, _status_summary), html=50,
        ics=(40, lambda v: t(f"status.{v.task.status}", v.lang)),
    ),
    Field(
        "done_on", "label.done_on", attr="done_on", toml="done_on", json=lambda task, ws: _iso(task.done_on), json_type=(str, None),
        column=120, cell=lambda v: v.task.done_on, kind="date",
        show=(70, lambda v: _iso(v.task.done_on) or MISSING),
    ),
    Field(
        "needs_review", "label.review", attr="needs_review", toml="needs_review",
        json=lambda task, ws: task.needs_review, json_type=bool,
    ),
    Field("manual", attr="manual", toml="manual"),
    Field(
        "carried_from", "label.carried_from", attr="carried_from", toml="carried_from",
        json=lambda task, ws: task.carried_from or None, json_type=(str, None),
        show=(90, lambda v: v.task.carried_from or None),
    ),
    Field(
        "metrics", "label.metrics", attr="metrics", toml="metrics",
        json=lambda task, ws: [
            {"name": m.name, "unit": m.unit, "baseline": m.baseline, "target": m.target, "actual": m.actual}
            for m in task.metrics
        ],
        json_type=[METRIC_JSON],
        column=170, cell=lambda v: metrics_text(v.task.metrics),
        md=(80, lambda v: metrics_text(v.task.metrics)), html=60,
        ics=(80, lambda v: metrics_text(v.task.metrics)),
    ),
    Field(
        "pending", "label.pending",
        json=lambda task, ws: [item.to_json() for item in pending_items(task)], json_type=[PENDING_JSON],
        column=110, cell=lambda v: pending_text(v.task, v.lang),
    ),
    Field(
        "report", "label.report", attr="report", toml="report",
        show=(100, lambda v: _marker_text(v.task.report, v.lang)),
    ),
    Field(
        "extension", "label.extension", attr="extension", toml="extension",
        show=(110, lambda v: _marker_text(v.task.extension, v.lang)),
    ),
    Field("next_due", "label.next_due", column=90, cell=lambda v: v.state.next_due, kind="date"),
    Field("late_days", "label.late_days", column=130, cell=lambda v: late_days(v.task), kind="number"),
    Field(
        "light", "label.light", column=140, cell=lambda v: t(f"light.{v.state.light}", v.lang),
        md=(10, lambda v: f"{LIGHT_MARK[v.state.light]} {t(f'light.{v.state.light}', v.lang)}"),
    ),
    Field(
        "overdue_days", "label.overdue_days", column=150, cell=lambda v: v.state.days_overdue, kind="number"
    ),
    Field("timing", "label.timing", md=(70, _timing)),
    Field(
        "periods", "label.periods", attr="periods", toml="periods",
        column=160, cell=lambda v: periods_text(v.state, v.lang),
    ),
    Field(
        "notes", "label.notes", attr="notes", toml="notes",
        column=180, cell=lambda v: "\n".join(v.task.notes),
        md=(90, lambda v: "; ".join(v.task.notes)), html=70,
    ),
    Field(
        "evidence", "label.evidence", attr="evidence", toml="evidence",
        column=190, cell=lambda v: "\n".join(v.task.evidence),
    ),
)  # fmt: skip
"""Every task field, in the order of the task JSON."""

INTERNAL: Final[frozenset[str]] = frozenset()
""":class:`~lawgov_cli.model.Task` attributes deliberately not in :data:`FIELDS` (none today);
the parity test fails on an attribute in neither."""

COUNT_COLUMNS: Final = (
    "tasks", "done", "doing", "todo", "reported", "dropped", "overdue", "due_soon", "finished_late",
)  # fmt: skip
"""A department's counts (:class:`~lawgov_cli.progress.Counts` attributes, ``label.<name>``
headings) as the Markdown and HTML exports' department tables and the XLSX summary sheet list
them, before the percentage."""

ICS_DEADLINE: Final = 50
"""Where a calendar event's own lines (the period and the date ticked) stand among the fields' :attr:`Field.ics` lines."""


def field(name: str) -> Field:
    """The row named ``name`` (KeyError when there is none)."""
    for row in FIELDS:
        if row.name == name:
            return row
    raise KeyError(name)


def export_columns() -> tuple[Field, ...]:
    """The CSV/XLSX task columns, in order."""
    return tuple(sorted((f for f in FIELDS if f.column is not None), key=lambda f: f.column or 0))


def column_label(row: Field, lang: Lang) -> str:
    return t(row.label, lang) if row.label else row.name


def task_json(task: Task, workspace: Workspace) -> dict[str, object]:
    """A task as in the ``list --format json`` contract (dates as ISO strings), keys in table order."""
    return {f.name: f.json(task, workspace) for f in FIELDS if f.json is not None}


def cell_values(
    workspace: Workspace, state: TaskState, lang: Lang, columns: Sequence[Field] | None = None
) -> dict[str, Cell]:
    """The export cells of one task, by column name (``columns``: :func:`export_columns`)."""
    view = View(workspace, state, lang)
    return {f.name: f.cell(view) for f in columns or export_columns() if f.cell is not None}


def cell_maker(columns: Sequence[Field]) -> Callable[[Workspace, TaskState, Lang], dict[str, Cell]]:
    """:func:`cell_values` for many rows: the columns' cell functions looked up once."""
    cells = [(f.name, f.cell) for f in columns if f.cell is not None]

    def make(workspace: Workspace, state: TaskState, lang: Lang) -> dict[str, Cell]:
        view = View(workspace, state, lang)
        return {name: cell(view) for name, cell in cells}

    return make


def _slots(name: str) -> list[tuple[int, Field, Callable[[View], str | None]]]:
    out = []
    for row in FIELDS:
        slot = getattr(row, name)
        if slot is not None:
            out.append((slot[0], row, slot[1]))
    out.sort(key=lambda item: item[0])
    return out


def show_lines(workspace: Workspace, state: TaskState, lang: Lang) -> list[tuple[str, str]]:
    """``(label id, value)`` of each line ``lawgov show`` prints under the title, in order."""
    view = View(workspace, state, lang)
    out = []
    for _, row, text in _slots("show"):
        value = text(view)
        if value is not None and row.label is not None:
            out.append((row.label, value))
    return out


def md_columns() -> list[tuple[Field, Callable[[View], str | None]]]:
    """The Markdown export's per-department task table: each column's field and text."""
    return [(row, text) for _, row, text in _slots("md")]


def html_columns() -> list[Field]:
    """The HTML page's task table columns, in order."""
    return sorted((f for f in FIELDS if f.html is not None), key=lambda f: f.html or 0)


def ics_lines(view: View, deadline: Sequence[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """``(label id, text)`` of a calendar event's description: the fields' :attr:`Field.ics` lines
    with text, the event's own ``deadline`` lines at :data:`ICS_DEADLINE`."""
    out: list[tuple[str, str]] = []
    placed = False
    for position, row, text in _slots("ics"):
        if position > ICS_DEADLINE and not placed:
            out += deadline
            placed = True
        value = text(view)
        if value and row.label is not None:
            out.append((row.label, value))
    if not placed:
        out += deadline
    return out


def label_ids() -> list[str]:
    """The label id of every field, once each, in table order."""
    return list(dict.fromkeys(f.label for f in FIELDS if f.label))


__all__ = [
    "COUNT_COLUMNS",
    "FIELDS",
    "ICS_DEADLINE",
    "INTERNAL",
    "LIGHT_MARK",
    "METRIC_JSON",
    "MISSING",
    "NUMBER",
    "PENDING_JSON",
    "Cell",
    "CellKind",
    "Field",
    "Slot",
    "View",
    "cell_maker",
    "cell_values",
    "column_label",
    "export_columns",
    "field",
    "html_columns",
    "ics_lines",
    "label_ids",
    "md_columns",
    "metric_text",
    "metrics_text",
    "number_text",
    "owner_name",
    "owner_names",
    "pending_text",
    "periods_text",
    "show_lines",
    "task_json",
]
