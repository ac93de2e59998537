"""The bulletin's one walk over the tasks in id order: per department the units expected and achieved,
the texts of the red, yellow, finished and annex items it lists, and the month's recorded values.

A city has 100,000 tasks: the walk reads each department file's digest once
(:mod:`lawgov_cli.documents.bulletin_digest`: what the bulletin reads of a file, kept in the cache)
and builds no ``Task``.  A task's state — next due date, days overdue, due soon, missed periods —
and everything derived from it (its expected and achieved units, its 进展情况, its due date in the
附件) depend on its status, repeat, due date and ticked periods alone: they are worked out once per
distinct combination by THE rule, :meth:`lawgov_cli.progress.Progress.state_of`, on a task
carrying just those fields, and looked up per file once per class of its digest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lawgov_cli.documents.wording import cn_date, cn_month_day, period_label, periods_text, title_text
from lawgov_cli.i18n import Lang, renderer, t, t_plural
from lawgov_cli.model import HistoryEntry, Metric, Repeat, Status, Task
from lawgov_cli.periods import period_tuple, task_periods
from lawgov_cli.progress import Progress, TaskState


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


@dataclass(slots=True)
class _Walk:
    """What the bulletin needs of every task, gathered in one walk over the tasks in id order
    (each department file's digest read, used and let go): the texts of the items it lists.

    The items' second field orders them: the task's place in the walk (id order, ties in file
    order: what sorting by :func:`~lawgov_cli.model.task_sort_key` keeps), so no id's key is made."""

    expected: dict[str, float]
    achieved: dict[str, float]
    overdue: list[tuple[int, int, str, str]]
    """(days overdue, place, owner, "title：what is missing") of each overdue task."""
    due_soon: list[tuple[date, int, str, str]]
    """(next due, place, owner, item text) of each task due soon."""
    finished: list[tuple[int, int, str]]
    """(day as an ordinal, place, item text) of each task done or period ticked within the month."""
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
class _Class:
    """One state class (status, repeat, due, periods): its facts and what the walk shows of them."""

    state: TaskState
    expected: float
    achieved: float
    annex: str
    """The 进展情况 of an open task ("" when closed)."""
    red: str
    """What is missing, without the latest note (overdue tasks)."""
    repeat: Repeat
    due: int
    days_overdue: int
    listed: bool
    """Overdue or due soon: listed as a red or a yellow item."""
    open: bool
    noted: bool
    """An overdue item says the latest note (not for a recurring task listing missed periods)."""
    due_text: str
    """The 附件's due date of an open task (its next due date)."""


def _walk(
    progress: Progress,
    first: date,
    last: date,
    lang: Lang,
    dept: Callable[[str], str],
    wanted_titles: set[str],
) -> _Walk:
    from bisect import bisect_left

    from lawgov_cli.documents.bulletin_digest import digest_of, prefetch_digests, record_entries
    from lawgov_cli.documents.schedule import achieved_units, expected_units
    from lawgov_cli.walk import runs_in_id_order, task_files

    as_of = progress.as_of
    walk = _Walk({}, {}, [], [], [], {}, {}, {})
    expected, achieved, annex = walk.expected, walk.achieved, walk.annex
    rank = {d.id: n for n, d in enumerate(progress.departments)}
    colon = t("punct.colon", lang)
    fromordinal = date.fromordinal
    first_day, last_day, as_of_day = first.toordinal(), last.toordinal(), as_of.toordinal()
    classes_of: dict[tuple[Status, Repeat, int, tuple[str, ...]], _Class] = {}
    dates_text: dict[int, str] = {}
    places: dict[str, tuple[str, list[list[str]]]] = {}
    annex_none: list[list[str]] = []  # never appended to: a run starts with its first owner's
    finished_item = _finished_renderer(lang, dept)
    latest = renderer("bul.latest", lang)
    aside = t("punct.aside", lang)

    def shown_class(key: tuple[Status, Repeat, int, tuple[str, ...]]) -> _Class:
        # A task's state reads which of its periods are ticked, not when: worked out once per set,
        # by THE rule, on a task carrying only what the rule reads (ticked on as_of: how much of
        # it is achieved then, when every tick is on or before as_of).
        status, repeat, due, ticked = key
        stand_in = Task(
            "", "", "measure", "", fromordinal(due), repeat=repeat, status=status,
            periods=dict.fromkeys(ticked, as_of),
        )  # fmt: skip
        state = progress.state_of(stand_in)
        is_open = status not in ("done", "dropped")
        due_text = ""
        if is_open:
            day = state.next_due.toordinal() if state.next_due is not None else due
            due_text = dates_text.get(day, "")
            if not due_text:
                due_text = dates_text[day] = cn_date(fromordinal(day), lang)
        shown = classes_of[key] = _Class(
            state,
            expected_units(state, as_of),
            achieved_units(state, as_of) if repeat else 1.0 if status == "done" else 0.0,
            state_text(state, lang) if is_open else "",
            _missing_core(state, lang) if state.overdue else "",
            repeat, due, state.days_overdue, bool(state.days_overdue or state.due_soon), is_open,
            not (repeat and state.missed_periods), due_text,
        )  # fmt: skip
        return shown

    def ticked_late(shown: _Class, periods: dict[str, int]) -> _Class:
        """A task of class ``shown`` with a period ticked after as_of (an undated hand edit): that
        period not achieved yet (a closed or one-off task's units do not read its ticks)."""
        known = shown.state
        if known.task.status in ("done", "dropped") or not known.task.repeat:
            return shown
        stand_in = Task(
            "", "", "measure", "", known.task.due, repeat=known.task.repeat, status=known.task.status,
            periods={k: fromordinal(v) for k, v in periods.items()},
        )  # fmt: skip
        state = TaskState(stand_in, known.next_due, known.days_overdue, known.due_soon, known.missed_periods)
        return dataclasses.replace(shown, achieved=achieved_units(state, as_of))

    def slot(owner: str) -> tuple[str, list[list[str]]]:
        """The department's name and its rows of the annex."""
        found = places.get(owner)
        if found is None:
            bucket = annex.get(rank.get(owner, 99))
            if bucket is None:
                bucket = annex[rank.get(owner, 99)] = []
            found = places[owner] = (dept(owner), bucket)
        return found

    shards = task_files(progress)
    prefetch_digests(shards)  # the digests the cache lacks, made in worker processes when many
    remaining = [len(shard) for shard in shards]
    opened: dict[int, tuple[Any, ...]] = {}
    place = -1
    for s, start, after in runs_in_id_order(shards):
        found_file = opened.get(s)
        if found_file is None:
            digest = digest_of(shards[s])
            entries = record_entries(digest, first_day, last_day)
            walk.records[str(shards[s].path)] = entries
            events: dict[int, list[tuple[int, str]]] = {}
            for day, i, period in digest.events[
                bisect_left(digest.events, (first_day,)) : bisect_left(digest.events, (last_day + 1,))
            ]:
                events.setdefault(i, []).append((day, period))
            classes = [classes_of.get(key) or shown_class(key) for key in digest.classes]
            late: dict[int, _Class] = {}  # tasks with a period ticked after as_of
            for _, i in digest.last_ticks[bisect_left(digest.last_ticks, (as_of_day + 1,)) :]:
                periods = {period: day for day, j, period in digest.events if j == i and period}
                late[i] = ticked_late(classes[digest.class_of[i]], periods)
            found_file = opened[s] = (
                digest,
                digest.titles_in(lang, shards[s].titles),
                classes,
                events,
                {e.task for e in entries},  # tasks with a value recorded within the month
                late,
            )
        digest, titles, classes, events, wanted, late = found_file
        ids, owners, class_of, notes = shards[s].ids, digest.owners, digest.class_of, digest.notes
        remaining[s] -= after - start
        if not remaining[s]:
            del opened[s]
        # Each department's units are summed task by task in id order, as a float sum must be to
        # come out the same to the last bit: in a local while the owner stays the same.
        owner, current = "", None  # current: the owner summed in units (None: none yet)
        units = (0.0, 0.0)
        name, bucket = "", annex_none
        base = place + 1 - start  # the place of position i of this run: base + i
        for i in range(start, after):
            if owners[i] is not current:
                if current is not None:
                    expected[owner], achieved[owner] = units
                owner = current = owners[i]
                units = (expected.get(owner, 0.0), achieved.get(owner, 0.0))
                name, bucket = slot(owner)
            shown = late.get(i, classes[class_of[i]]) if late else classes[class_of[i]]
            units = (units[0] + shown.expected, units[1] + shown.achieved)
            if shown.listed:
                if shown.days_overdue:
                    last_note = notes.get(i) if shown.noted else None
                    # _note_text, its messages looked up once
                    note = aside + latest(note=last_note.rstrip("。.")) if last_note is not None else ""
                    walk.overdue.append((shown.days_overdue, base + i, owner, titles[i] + colon + shown.red + note))
                else:  # due soon
                    next_due = shown.state.next_due
                    walk.due_soon.append(
                        (
                            next_due or date.max,
                            base + i,
                            owner,
                            _yellow_text(titles[i], owner, shown.repeat, shown.due, next_due, lang, dept),
                        )
                    )
            if shown.open:
                bucket.append([name, titles[i], shown.due_text, shown.annex])
        if current is not None:
            expected[owner], achieved[owner] = units
        place = base + after - 1
        # Finished within the month; the items of one task in the order the walk lists them.
        for i, happened in events.items():
            if start <= i < after:
                shown = classes[class_of[i]]
                for day, period in happened:
                    item = finished_item(
                        owners[i], titles[i], shown.repeat, shown.due, None if period else notes.get(i), day, period
                    )
                    walk.finished.append((day, base + i, item))
        run_ids = ids[start:after]
        if wanted_titles:
            for task_id in wanted_titles.intersection(run_ids):
                walk.titles[task_id] = titles[ids.index(task_id, start, after)]
        if wanted:
            for task_id in wanted.intersection(run_ids):
                walk.metrics[task_id] = (
                    owners[ids.index(task_id, start, after)],
                    [Metric(*m) for m in digest.metrics.get(task_id, ())],
                )
    return walk


def _yellow_text(
    title: str, owner: str, repeat: Repeat, due: int, next_due: date | None, lang: Lang, dept: Callable[[str], str]
) -> str:
    """:func:`_yellow_item` of a task with this title (as shown), owner, repeat and due date, whose
    next due date is ``next_due``."""
    task_due = date.fromordinal(due)
    shown = next_due or task_due
    period = next((p.key for p in period_tuple(repeat, task_due.year) if p.due == shown), "") if repeat else ""
    key = "bul.yellow_period" if period else "bul.yellow_item"
    return t(
        key,
        lang,
        title=title,
        dept=dept(owner),
        due=cn_month_day(shown, lang),
        period=period_label(period, lang) if period else "",
    )


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
) -> Callable[[str, str, Repeat, int, str | None, int, str], str]:
    """The text of a task done (``period`` "") or a period ticked within the month, on ``day``
    (an ordinal), with its latest note (None: no note); the message, department names, dates,
    periods and lateness worked out once each."""
    message = renderer("bul.finished_item", lang)
    aside = t("punct.aside", lang)
    names: dict[str, str] = {}
    days_text: dict[int, str] = {}
    periods_text: dict[str, str] = {"": ""}
    late_text: dict[tuple[Repeat, int, int, str], str] = {}
    fromordinal = date.fromordinal

    def item(
        owner: str, title: str, repeat: Repeat, due: int, last_note: str | None, day: int, period: str
    ) -> str:
        note = last_note.rstrip("。.") if last_note is not None and not period else ""
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
