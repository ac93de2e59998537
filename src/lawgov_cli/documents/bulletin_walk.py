"""The bulletin's one walk over the tasks in id order: per department the units expected and achieved,
the texts of the red, yellow, finished and annex items it lists, and the month's recorded values.

A city has 100,000 tasks: the walk reads each department file's cached rows once (tasks and
history together) and builds a ``Task`` only for the few items that need one (due soon).  A task's
state — next due date, days overdue, due soon, missed periods — and everything derived from it (its
expected and achieved units, its 进展情况) depend on its status, repeat, due date and ticked periods
alone: they are worked out once per distinct combination by THE rule,
:meth:`lawgov_cli.progress.Progress.state_of`, on a task carrying just those fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from lawgov_cli.documents.wording import cn_date, cn_month_day, period_label, periods_text, title_text
from lawgov_cli.i18n import Lang, renderer, t, t_plural
from lawgov_cli.model import HistoryEntry, Metric, Repeat, Status, Task
from lawgov_cli.periods import period_tuple, task_periods
from lawgov_cli.progress import Progress, TaskState

if TYPE_CHECKING:
    from lawgov_cli.model import TaskFile
    from lawgov_cli.store.rows import DetailRow


def missing_text(state: TaskState, lang: Lang) -> str:
    """What exactly is missing: ``按月落实，5月未报送`` or ``应于2024年6月30日前完成，已逾期31天，尚未启动``."""
    task = state.task
    return _missing_core(state, lang) + _note_text(task.repeat, state.missed_periods, task.notes, lang)


def _missing_core(state: TaskState, lang: Lang) -> str:
    """:func:`missing_text` without the latest note: a function of the task's state alone."""
    task = state.task
    if task.repeat and state.missed_periods:
        return t(
            "bul.red_periods",
            lang,
            freq=t(f"bul.freq_{task.repeat}", lang),
            periods=periods_text(state.missed_periods, lang),
        )
    return t_plural(
        "bul.red_due",
        state.days_overdue,
        lang,
        due=cn_date(task.due, lang),
        days=state.days_overdue,
        status=t(f"bul.red_status_{task.status}", lang),
    )


def _note_text(repeat: Repeat, missed: tuple[str, ...], notes: Sequence[str], lang: Lang) -> str:
    """``，最新进展：…`` after what is missing, when the task has notes (a recurring task with
    missed periods lists those instead)."""
    if (repeat and missed) or not notes:
        return ""
    return t("punct.aside", lang) + t("bul.latest", lang, note=notes[-1].rstrip("。."))


def state_text(state: TaskState, lang: Lang) -> str:
    """The 附件's 进展情况 column."""
    if state.overdue:
        if state.task.repeat and state.missed_periods:
            return t("bul.state_missed", lang, periods=periods_text(state.missed_periods, lang))
        return t_plural("bul.state_overdue", state.days_overdue, lang, days=state.days_overdue)
    if state.due_soon and state.next_due is not None:
        return t("bul.state_soon", lang, due=cn_month_day(state.next_due, lang))
    return t(f"bul.state_{state.task.status}", lang)


def _days_late(repeat: Repeat, due: date, day: date, period: str) -> int:
    if period and repeat:
        due = next((p.due for p in period_tuple(repeat, due.year) if p.key == period), due)
    return max(0, (day - due).days)


_NO_KEY: tuple[int, str, tuple[int, ...]] = (0, "", ())
"""A closed task's id key, not computed unless it is listed (finished within the month)."""


@dataclass(slots=True)
class _Walk:
    """What the bulletin needs of every task, gathered in one walk over the tasks in id order
    (each department file's rows read, used and let go): the texts of the items it lists."""

    expected: dict[str, float]
    achieved: dict[str, float]
    overdue: list[tuple[int, tuple[int, str, tuple[int, ...]], str, str]]
    """(days overdue, id key, owner, "title：what is missing") of each overdue task."""
    due_soon: list[tuple[date, tuple[int, str, tuple[int, ...]], str, str]]
    """(next due, id key, owner, item text) of each task due soon."""
    finished: list[tuple[int, tuple[int, str, tuple[int, ...]], str]]
    """(day as an ordinal, id key, item text) of each task done or period ticked within the month."""
    annex: dict[int, list[list[str]]]
    """The row of each open task, in id order, by its department's rank."""
    titles: dict[str, str]
    """Titles of the tasks awaiting the office."""
    metrics: dict[str, tuple[str, list[Metric]]]
    """Owner and metrics of the tasks with a value recorded within the month."""
    records: dict[str, list[HistoryEntry]] = field(default_factory=dict)
    """Per department file read (by path): its ``record`` entries effective within the month."""

    def annex_rows(self) -> list[list[str]]:
        """The annex's rows: department by department (most behind first), in id order within
        each (the walk's order: what sorting by rank, then id would give)."""
        return [row for place in sorted(self.annex) for row in self.annex[place]]


@dataclass(slots=True)
class _Facts:
    """What the walk derives from a task's (status, repeat, due, ticked periods)."""

    state: TaskState
    expected: float
    achieved: float
    annex: str
    """The 进展情况 of an open task ("" when closed)."""
    red: str = ""
    """What is missing, without the latest note (overdue tasks)."""


class _File:
    """One department file's cached rows while the walk is inside it (the details decoded when
    an item first needs them)."""

    __slots__ = ("_details", "_load_details", "summaries", "wanted")

    def __init__(
        self, shard: TaskFile, first: date, last: date, records: dict[str, list[HistoryEntry]]
    ) -> None:
        from lawgov_cli.store.cache import rows_and_history

        self.summaries, self._load_details, history = rows_and_history(shard)
        self._details: Sequence[DetailRow] | None = None
        entries = [e for e in history("record") if first <= e.day <= last]
        records[str(shard.path)] = entries
        self.wanted = {e.task for e in entries}
        """Tasks with a value recorded within the month (their metrics are listed)."""

    def details(self, index: int) -> DetailRow:
        if self._details is None:
            self._details = self._load_details()
        return self._details[index]

    def notes(self, index: int) -> tuple[str, ...]:
        return self.details(index)[2]

    def metrics(self, index: int) -> list[Metric]:
        return [Metric(*m) for m in self.details(index)[4]]

    def task(self, index: int) -> Task:
        from lawgov_cli.store.cache import build_task

        return build_task(self.summaries[index], self.details(index))


def _walk(
    progress: Progress,
    first: date,
    last: date,
    lang: Lang,
    dept: Callable[[str], str],
    wanted_titles: set[str],
) -> _Walk:
    from lawgov_cli.documents.schedule import achieved_units, expected_units
    from lawgov_cli.walk import (
        positions_in_id_order,
        sort_key,  # task_sort_key without its cache of every id
        task_files,
    )

    as_of = progress.as_of
    walk = _Walk({}, {}, [], [], [], {}, {}, {})
    expected, achieved, annex = walk.expected, walk.achieved, walk.annex
    rank = {d.id: n for n, d in enumerate(progress.departments)}
    colon = t("punct.colon", lang)
    fromordinal = date.fromordinal
    first_day, last_day, as_of_day = first.toordinal(), last.toordinal(), as_of.toordinal()
    facts_of: dict[tuple[Status, Repeat, int, tuple[tuple[str, int], ...]], _Facts] = {}
    states_of: dict[tuple[Status, Repeat, int, tuple[str, ...]], _Facts] = {}
    dates_text: dict[int, str] = {}
    names: dict[str, str] = {}
    finished_item = _finished_renderer(lang, dept)
    latest = renderer("bul.latest", lang)
    aside = t("punct.aside", lang)

    def facts(status: Status, repeat: Repeat, due: int, periods: tuple[tuple[str, int], ...]) -> _Facts:
        # A task's state reads which of its periods are ticked, not when: worked out once per set.
        ticked = tuple(k for k, _ in periods)
        same = states_of.get((status, repeat, due, ticked))
        if same is None:
            # By THE rule, on a task carrying only what the rule reads (ticked on as_of: how
            # much of it is achieved then, when every tick is on or before as_of).
            stand_in = Task(
                "", "", "measure", "", fromordinal(due), repeat=repeat, status=status,
                periods=dict.fromkeys(ticked, as_of),
            )  # fmt: skip
            state = progress.state_of(stand_in)
            closed = status in ("done", "dropped")
            same = states_of[(status, repeat, due, ticked)] = _Facts(
                state,
                expected_units(state, as_of),
                achieved_units(state, as_of) if repeat else 1.0 if status == "done" else 0.0,
                "" if closed else state_text(state, lang),
                _missing_core(state, lang) if state.overdue else "",
            )
        if not repeat or all(day <= as_of_day for _, day in periods):
            found = same
        else:  # a period ticked after as_of (an undated hand edit): not achieved yet
            known = same.state
            stand_in = Task(
                "", "", "measure", "", fromordinal(due), repeat=repeat, status=status,
                periods={k: fromordinal(v) for k, v in periods},
            )  # fmt: skip
            state = TaskState(stand_in, known.next_due, known.days_overdue, known.due_soon, known.missed_periods)
            found = _Facts(known, same.expected, achieved_units(state, as_of), same.annex, same.red)
        facts_of[(status, repeat, due, periods)] = found
        return found

    shards = task_files(progress)
    remaining = [len(shard) for shard in shards]
    files: dict[int, _File] = {}
    for s, i in positions_in_id_order(shards):
        file = files.get(s)
        if file is None:
            file = files[s] = _File(shards[s], first, last, walk.records)
        (task_id, title, kind, owner, due, _, _, repeat, status, done_on, periods, *_) = file.summaries[i]
        remaining[s] -= 1
        if not remaining[s]:
            del files[s]
        found = facts_of.get((status, repeat, due, periods))
        if found is None:
            found = facts(status, repeat, due, periods)
        state = found.state
        expected[owner] = expected.get(owner, 0.0) + found.expected
        achieved[owner] = achieved.get(owner, 0.0) + found.achieved
        closed = status in ("done", "dropped")
        # Every task listed is open (red, yellow and the annex) or finished within the month; the
        # annex keeps the walk's order (id order) within each department, so needs no key.
        key = _NO_KEY
        shown_title = None
        if state.days_overdue:
            key = sort_key(task_id)
            shown_title = title_text(title, kind, lang)
            notes = file.notes(i)
            # _note_text, its messages looked up once
            note = (
                aside + latest(note=notes[-1].rstrip("。."))
                if notes and not (repeat and state.missed_periods)
                else ""
            )
            walk.overdue.append((state.days_overdue, key, owner, shown_title + colon + found.red + note))
        elif state.due_soon:
            key = sort_key(task_id)
            task = file.task(i)
            walk.due_soon.append(
                (state.next_due or date.max, key, owner, _yellow_item(progress.state_of(task), lang, dept))
            )
        if not closed:
            name = names.get(owner)
            if name is None:
                name = names[owner] = dept(owner)
            shown = state.next_due.toordinal() if state.next_due is not None else due
            due_text = dates_text.get(shown)
            if due_text is None:
                due_text = dates_text[shown] = cn_date(fromordinal(shown), lang)
            if shown_title is None:
                shown_title = title_text(title, kind, lang)
            row = [name, shown_title, due_text, found.annex]
            place = rank.get(owner, 99)
            bucket = annex.get(place)
            if bucket is None:
                annex[place] = [row]
            else:
                bucket.append(row)
        if status == "done" and first_day <= done_on <= last_day:
            key = sort_key(task_id) if key is _NO_KEY else key
            item = finished_item(owner, title_text(title, kind, lang), repeat, due, file.notes(i), done_on, "")
            walk.finished.append((done_on, key, item))
        for period, ticked in periods:
            if first_day <= ticked <= last_day and not (done_on == ticked and status == "done"):
                key = sort_key(task_id) if key is _NO_KEY else key
                item = finished_item(owner, title_text(title, kind, lang), repeat, due, (), ticked, period)
                walk.finished.append((ticked, key, item))
        if task_id in wanted_titles:
            walk.titles[task_id] = title_text(title, kind, lang)
        if task_id in file.wanted:
            walk.metrics[task_id] = (owner, file.metrics(i))
    return walk


def _yellow_item(state: TaskState, lang: Lang, dept: Callable[[str], str]) -> str:
    due = state.next_due or state.task.due
    period = next((p.key for p in task_periods(state.task) if p.due == due), "")
    key = "bul.yellow_period" if period else "bul.yellow_item"
    return t(
        key,
        lang,
        title=title_text(state.task.title, state.task.kind, lang),
        dept=dept(state.task.owner),
        due=cn_month_day(due, lang),
        period=period_label(period, lang) if period else "",
    )


def _finished_renderer(
    lang: Lang, dept: Callable[[str], str]
) -> Callable[[str, str, Repeat, int, Sequence[str], int, str], str]:
    """The text of a task done (``period`` "") or a period ticked within the month, on ``day``
    (an ordinal); the message, department names, dates, periods and lateness worked out once each."""
    message = renderer("bul.finished_item", lang)
    aside = t("punct.aside", lang)
    names: dict[str, str] = {}
    days_text: dict[int, str] = {}
    periods_text: dict[str, str] = {"": ""}
    late_text: dict[tuple[Repeat, int, int, str], str] = {}
    fromordinal = date.fromordinal

    def item(
        owner: str, title: str, repeat: Repeat, due: int, notes: Sequence[str], day: int, period: str
    ) -> str:
        note = notes[-1].rstrip("。.") if notes and not period else ""
        name = names.get(owner)
        if name is None:
            name = names[owner] = dept(owner)
        when = days_text.get(day)
        if when is None:
            when = days_text[day] = cn_month_day(fromordinal(day), lang)
        late = late_text.get((repeat, due, day, period))
        if late is None:
            days = _days_late(repeat, fromordinal(due), fromordinal(day), period)
            late = t_plural("bul.finished_late", days, lang, days=days) if days else ""
            late_text[(repeat, due, day, period)] = late
        label = periods_text.get(period)
        if label is None:
            label = periods_text[period] = t("punct.bracketed", lang, text=period_label(period, lang))
        return message(dept=name, title=title, period=label, date=when, late=late, note=(aside + note) if note else "")

    return item


def _metrics_elsewhere(
    progress: Progress, wanted: set[str], metrics: dict[str, tuple[str, list[Metric]]]
) -> None:
    """Owner and metrics of the ``wanted`` tasks whose value was recorded in another file's history
    (a hand edit: lawgov writes a task's history into its own file, which the walk reads)."""
    from lawgov_cli.store.cache import transient_tasks
    from lawgov_cli.walk import task_files

    missing = wanted - metrics.keys()
    if not missing:
        return
    for shard in task_files(progress):
        if any(shard.position(task_id) is not None for task_id in missing):
            for task in transient_tasks(shard):
                if task.id in missing:
                    metrics[task.id] = (task.owner, list(task.metrics))
