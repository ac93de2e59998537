"""The bulletin's one walk over the tasks in id order: per department the units expected and achieved,
and the texts of the red, yellow, finished and annex items it lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lawgov_cli.documents.wording import cn_date, cn_month_day, period_label, periods_text, task_title
from lawgov_cli.i18n import Lang, t, t_plural
from lawgov_cli.model import Metric, Task
from lawgov_cli.periods import task_periods
from lawgov_cli.progress import Progress, TaskState


def missing_text(state: TaskState, lang: Lang) -> str:
    """What exactly is missing: ``按月落实，5月未报送`` or ``应于2024年6月30日前完成，已逾期31天，尚未启动``."""
    task = state.task
    if task.repeat and state.missed_periods:
        return t(
            "bul.red_periods",
            lang,
            freq=t(f"bul.freq_{task.repeat}", lang),
            periods=periods_text(state.missed_periods, lang),
        )
    text = t_plural(
        "bul.red_due",
        state.days_overdue,
        lang,
        due=cn_date(task.due, lang),
        days=state.days_overdue,
        status=t(f"bul.red_status_{task.status}", lang),
    )
    if task.notes:
        text += t("punct.aside", lang) + t("bul.latest", lang, note=task.notes[-1].rstrip("。."))
    return text


def state_text(state: TaskState, lang: Lang) -> str:
    """The 附件's 进展情况 column."""
    if state.overdue:
        if state.task.repeat and state.missed_periods:
            return t("bul.state_missed", lang, periods=periods_text(state.missed_periods, lang))
        return t_plural("bul.state_overdue", state.days_overdue, lang, days=state.days_overdue)
    if state.due_soon and state.next_due is not None:
        return t("bul.state_soon", lang, due=cn_month_day(state.next_due, lang))
    return t(f"bul.state_{state.task.status}", lang)


def _days_late(task: Task, day: date, period: str) -> int:
    due = next((p.due for p in task_periods(task) if p.key == period), task.due) if period else task.due
    return max(0, (day - due).days)


_NO_KEY: tuple[int, str, tuple[int, ...]] = (0, "", ())
"""A closed task's id key, not computed unless it is listed (finished within the month)."""


@dataclass(slots=True)
class _Walk:
    """What the bulletin needs of every task, gathered in one walk over the tasks in id order
    (each department file's tasks built, used and let go): the texts of the items it lists."""

    expected: dict[str, float]
    achieved: dict[str, float]
    overdue: list[tuple[int, tuple[int, str, tuple[int, ...]], str, str]]
    """(days overdue, id key, owner, "title：what is missing") of each overdue task."""
    due_soon: list[tuple[date, tuple[int, str, tuple[int, ...]], str, str]]
    """(next due, id key, owner, item text) of each task due soon."""
    finished: list[tuple[date, tuple[int, str, tuple[int, ...]], str]]
    """(day, id key, item text) of each task done or period ticked within the month."""
    annex: list[tuple[int, tuple[int, str, tuple[int, ...]], list[str]]]
    """(department rank, id key, row) of each open task."""
    titles: dict[str, str]
    """Titles of the tasks awaiting the office."""
    metrics: dict[str, tuple[str, list[Metric]]]
    """Owner and metrics of the tasks with a value recorded within the month."""


def _walk(
    progress: Progress,
    first: date,
    last: date,
    lang: Lang,
    dept: Callable[[str], str],
    wanted_titles: set[str],
    wanted_metrics: set[str],
) -> _Walk:
    from lawgov_cli.documents.schedule import achieved_units, expected_units
    from lawgov_cli.walk import (
        sort_key,  # task_sort_key without its cache of every id
        states_in_id_order,
    )

    as_of = progress.as_of
    walk = _Walk({}, {}, [], [], [], [], {}, {})
    expected, achieved = walk.expected, walk.achieved
    rank = {d.id: n for n, d in enumerate(progress.departments)}
    colon = t("punct.colon", lang)
    # What depends on a few values only is worked out once per value: a task's expected units on
    # (dropped, repeat, due), an open task's 进展情况 and due date in the annex on its state.
    expected_of: dict[tuple[bool, str, date], float] = {}
    states_text: dict[tuple[object, ...], str] = {}
    dates_text: dict[date, str] = {}
    for state in states_in_id_order(progress):
        task = state.task
        owner = task.owner
        units = (task.status == "dropped", task.repeat, task.due)
        share = expected_of.get(units)
        if share is None:
            share = expected_of[units] = expected_units(state, as_of)
        expected[owner] = expected.get(owner, 0.0) + share
        # achieved_units, of a one-off task written out: 1 when done, else 0
        done = achieved_units(state, as_of) if task.repeat else 1.0 if task.status == "done" else 0.0
        achieved[owner] = achieved.get(owner, 0.0) + done
        closed = task.status in ("done", "dropped")
        # Every task listed is open (red, yellow and the annex) or finished within the month.
        key = sort_key(task.id) if not closed else _NO_KEY
        if state.overdue:
            title = task_title(task, lang)
            walk.overdue.append((state.days_overdue, key, owner, title + colon + missing_text(state, lang)))
        elif state.due_soon:
            walk.due_soon.append((state.next_due or date.max, key, owner, _yellow_item(state, lang, dept)))
        if not closed:
            shown = state.next_due or task.due
            due_text = dates_text.get(shown)
            if due_text is None:
                due_text = dates_text[shown] = cn_date(shown, lang)
            # state_text reads only these (the missed periods only of a recurring task)
            where = (
                state.days_overdue,
                state.missed_periods if task.repeat else (),
                state.due_soon,
                state.next_due,
                task.status,
            )
            progress_text = states_text.get(where)
            if progress_text is None:
                progress_text = states_text[where] = state_text(state, lang)
            walk.annex.append(
                (rank.get(owner, 99), key, [dept(owner), task_title(task, lang), due_text, progress_text])
            )
        if task.status == "done" and task.done_on and first <= task.done_on <= last:
            key = sort_key(task.id) if key is _NO_KEY else key
            walk.finished.append((task.done_on, key, _finished_item(task, task.done_on, "", lang, dept)))
        for period, ticked in task.periods.items():
            if first <= ticked <= last and not (task.done_on == ticked and task.status == "done"):
                key = sort_key(task.id) if key is _NO_KEY else key
                walk.finished.append((ticked, key, _finished_item(task, ticked, period, lang, dept)))
        if task.id in wanted_titles:
            walk.titles[task.id] = task_title(task, lang)
        if task.id in wanted_metrics:
            walk.metrics[task.id] = (owner, list(task.metrics))
    return walk


def _yellow_item(state: TaskState, lang: Lang, dept: Callable[[str], str]) -> str:
    due = state.next_due or state.task.due
    period = next((p.key for p in task_periods(state.task) if p.due == due), "")
    key = "bul.yellow_period" if period else "bul.yellow_item"
    return t(
        key,
        lang,
        title=task_title(state.task, lang),
        dept=dept(state.task.owner),
        due=cn_month_day(due, lang),
        period=period_label(period, lang) if period else "",
    )


def _finished_item(task: Task, day: date, period: str, lang: Lang, dept: Callable[[str], str]) -> str:
    days = _days_late(task, day, period)
    note = task.notes[-1].rstrip("。.") if task.notes and not period else ""
    return t(
        "bul.finished_item",
        lang,
        dept=dept(task.owner),
        title=task_title(task, lang),
        period=t("punct.bracketed", lang, text=period_label(period, lang)) if period else "",
        date=cn_month_day(day, lang),
        late=t_plural("bul.finished_late", days, lang, days=days) if days else "",
        note=(t("punct.aside", lang) + note) if note else "",
    )
