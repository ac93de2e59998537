"""The ledger: the state of a task on any day, replayed from its history.

Every change lawgov makes is a ``[[history]]`` entry with two times: ``at`` (when it was
written) and ``on`` (the effective date).  The state of a task on day D is its initial state with
every entry whose ``on`` is D or earlier applied, so every view and document can be regenerated
for any date and says the same thing each time.  The fields of ``[[tasks]]`` (status, done_on,
periods, actuals…) are the state as of today, kept for people who read the TOML.

Hand edits — a clerk sets ``status = "done"`` in the file without a history entry — are the
difference between the file and what its history adds up to.  They are dated, never timeless:

- a status set to done with a ``done_on`` counts from ``done_on``; a period ticked by hand counts
  from the date written against it;
- anything else (a status without a date, an actual typed in, a tick removed) counts from the
  *clock* — the day lawgov first sees it — until ``lawgov check`` or any command that writes
  the file records it in the history as a ``hand`` entry dated that day.

Pure: no I/O, no typer, no rich.

>>> from lawgov_cli.model import HistoryEntry, Task
>>> task = Task("M1", "t", "measure", "x", date(2024, 12, 31), status="done", done_on=date(2024, 5, 2))
>>> done = HistoryEntry("2024-05-02T09:00:00+08:00", "a", "M1", "done", "todo", "done", on="2024-05-02")
>>> replay(task, [done], date(2024, 5, 1)).status, replay(task, [done], date(2024, 5, 2)).status
('todo', 'done')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from lawgov_cli.model import STATUSES, HistoryEntry, Metric, Pending, Repeat, Task, _effective_day
from lawgov_cli.periods import period_tuple

NOT_STATUS_ACTIONS = frozenset(
    {
        "note",
        "evidence",
        "record",
        "target",
        "tick",
        "untick",
        "due",
        "extend-request",
        "extend-reject",
        "extend-moot",
    }
)
"""Actions whose ``old``/``new`` are not statuses even when they happen to spell one."""
CREATION_ACTIONS = frozenset({"add", "carry"})
"""Entries that bring a task into the workspace (``sync`` with ``new = "added"`` too)."""
TEXT_ACTIONS = frozenset({"note", "evidence"})
"""Entries whose ``new`` is a text appended to ``notes`` / ``evidence``."""
NO_NOTE_ACTIONS = frozenset({"record", "target", "note", "evidence", "due", "hand"})
"""Entries whose ``note`` is *not* appended to the task's notes."""


def changes_status(entry: HistoryEntry) -> bool:
    return entry.new in STATUSES and entry.action not in NOT_STATUS_ACTIONS


def creates(entry: HistoryEntry) -> bool:
    return entry.action in CREATION_ACTIONS or (entry.action == "sync" and entry.new == "added")


def metric_of(entry: HistoryEntry, metrics: Sequence[Metric]) -> int | None:
    """Index of the metric a ``record``/``target`` entry names (its note starts with the name)."""
    best: int | None = None
    for index, metric in enumerate(metrics):
        name = metric.name
        named = entry.note == name or entry.note.startswith(name + "：")
        if named and (best is None or len(name) > len(metrics[best].name)):
            best = index
    return best


def _number(text: str) -> float | None:
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None


def _same_number(a: float | None, b: float | None) -> bool:
    """Equal, or equal as history entries used to print them (``:g``, six significant digits)."""
    if a is None or b is None:
        return a is b
    return a == b or f"{a:g}" == f"{b:g}"


def _exact(value: float | None, in_file: float | None) -> float | None:
    """``value`` from the history, as exact as the file has it when they are the same number."""
    return in_file if value is not None and _same_number(value, in_file) else value


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


@dataclass(slots=True)
class _Fold:
    """What a task's history adds up to after some of its entries."""

    status: str | None = None
    status_day: date | None = None
    periods: dict[str, date] = field(default_factory=dict)
    actuals: dict[int, float | None] = field(default_factory=dict)
    targets: dict[int, float | None] = field(default_factory=dict)
    due: date | None = None
    first_due: date | None = None
    created: date | None = None
    report: Pending | None = None
    """The completion report awaiting the office (a ``report`` entry not yet decided)."""
    extension: Pending | None = None
    """The extension request awaiting the office (``extend-request`` not yet decided)."""
    markers: bool = False
    """Some entry files or decides a report or an extension (the markers are then replayed)."""


EXTENSION_DECISIONS = frozenset({"due", "extend-reject", "extend-moot"})
LATE_MARK = "[逾期后申请] "
"""How ``workflow.extend`` marks the note of a request filed after the deadline."""


def _fold(task: Task, entries: Sequence[HistoryEntry]) -> _Fold:
    out = _Fold()
    for entry in entries:
        _step(out, task, entry)
    return out


def _step(out: _Fold, task: Task, entry: HistoryEntry, day: date | None = None) -> None:
    """Apply one entry (effective on ``day``, when known) to what the history added up to so far."""
    if day is None:
        day = entry.day
    if creates(entry) and out.created is None:
        out.created = day
    if changes_status(entry):
        out.status, out.status_day = entry.new, day
        out.report = Pending(since=day, by=entry.by) if entry.new == "reported" else None
        out.markers = out.markers or entry.new == "reported" or entry.action in ("approve", "reject")
    elif entry.action == "extend-request":
        to = _iso(entry.new)
        late = entry.note.startswith(LATE_MARK)
        reason = entry.note.removeprefix(LATE_MARK)
        out.extension = Pending(since=day, by=entry.by, to=to, reason=reason, late=late)
        out.markers = True
    elif entry.action in ("extend-reject", "extend-moot"):
        out.extension, out.markers = None, True
    elif entry.action == "tick" and entry.new:
        out.periods[entry.new] = day
    elif entry.action == "untick" and entry.old:
        out.periods.pop(entry.old, None)
    elif entry.action in ("record", "target"):
        index = metric_of(entry, task.metrics)
        if index is not None:
            table = out.actuals if entry.action == "record" else out.targets
            table[index] = _number(entry.new)
    elif entry.action == "due":
        out.extension = None  # an approved extension (or a deadline moved otherwise)
        new, old = _iso(entry.new), _iso(entry.old)
        if new is not None:
            if out.first_due is None and out.due is None:
                out.first_due = old
            out.due = new


def _in_order(entries: Sequence[HistoryEntry]) -> tuple[list[HistoryEntry], list[date]]:
    """:func:`ordered`, and each entry's effective day (computed once), in that order."""
    days = [entry.day for entry in entries]
    if len(entries) < 2:
        return list(entries), days
    keys = [(day, entry.at) for day, entry in zip(days, entries, strict=True)]
    order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: file order on a tie
    return [entries[i] for i in order], [days[i] for i in order]


def ordered(entries: Sequence[HistoryEntry]) -> list[HistoryEntry]:
    """Entries by effective date, then by when they were written (file order on a tie)."""
    return sorted(entries, key=lambda e: (e.day, e.at))


@dataclass(frozen=True, slots=True)
class HandEdit:
    """A difference between the file and its history: what a clerk changed by hand."""

    action: str
    """``status`` | ``tick`` | ``untick`` | ``record``."""
    old: str
    new: str
    day: date | None
    """When it counts from; None: undated (counts from the clock until recorded)."""
    note: str = ""


def _fold_for_hands(task: Task, entries: Sequence[HistoryEntry]) -> _Fold:
    """What :func:`hand_edits` compares of a fold, and only that: the status, the ticked periods
    and the recorded actuals after ``entries`` (in effective order).  The same branches as
    :func:`_step` for those three (a status change is never a tick, untick or record), without
    the rest: a city's first read folds 80,000 tasks' histories for their hand edits."""
    out = _Fold()
    periods, actuals = out.periods, out.actuals
    for entry in entries:
        action, new = entry.action, entry.new
        if new in STATUSES and action not in NOT_STATUS_ACTIONS:
            out.status = new
        elif action == "tick":
            if new:
                periods[new] = entry.day
        elif action == "untick":
            if entry.old:
                periods.pop(entry.old, None)
        elif action == "record":
            index = metric_of(entry, task.metrics)
            if index is not None:
                actuals[index] = _number(new)
    return out


def hand_edits(task: Task, entries: Sequence[HistoryEntry], end: _Fold | None = None) -> list[HandEdit]:
    """What the file says that the task's history does not explain."""
    if end is None:
        end = _fold_for_hands(task, entries if len(entries) < 2 else ordered(entries))
    found: list[HandEdit] = []
    history_status = end.status or "todo"
    if task.status != history_status:
        dated = task.done_on if task.status == "done" else None
        found.append(HandEdit("status", history_status, task.status, dated))
    for key, ticked in task.periods.items():
        if key not in end.periods:
            found.append(HandEdit("tick", "", key, ticked))
    for key in end.periods:
        if key not in task.periods:
            found.append(HandEdit("untick", key, "", None))
    for index, metric in enumerate(task.metrics):
        recorded = end.actuals.get(index)
        if not _same_number(recorded, metric.actual):
            old = "" if recorded is None else f"{recorded:g}"
            new = "" if metric.actual is None else f"{metric.actual:g}"
            found.append(HandEdit("record", old, new, None, metric.name))
    return found


@dataclass(frozen=True, slots=True)
class Light:
    """What progress is counted from: a task's status, done date, ticked periods and due date."""

    status: str
    done_on: date | None
    periods: dict[str, date]
    due: date


def _light(
    task: Task,
    now: _Fold,
    end: _Fold,
    hands: Sequence[HandEdit],
    day: date,
    clock: date | None,
) -> Light | None:
    """The counted state on ``day`` from the history folded up to it (``now``) and the hand edits."""
    if now.created is None and end.created is not None:
        return None  # brought in by a later sync/add/carry
    status = now.status or "todo"
    done_on: date | None = now.status_day if status == "done" else None
    periods = dict(now.periods)
    # The due date moves only through ``due`` entries (an approved extension); before the first
    # one it is what that entry moved it from.
    due = now.due or end.first_due or task.due
    for edit in hands:
        when = edit.day if edit.day is not None else clock
        if when is not None and when > day:
            continue
        if edit.action == "status":
            status = edit.new
            done_on = task.done_on if status == "done" else None
        elif edit.action == "tick":
            periods[edit.new] = task.periods[edit.new]
        elif edit.action == "untick":
            periods.pop(edit.old, None)
    if status == "done" and done_on is None:
        done_on = task.done_on
    return Light(status, done_on, periods, due)


def timeline(task: Task, entries: Sequence[HistoryEntry]) -> list[tuple[int, Light | None]]:
    """(from day, counted state) for each day the task's counted state may change, the state
    before the first change first (from day 0).  Built once per file (the read cache keeps it)
    so a view of any past day needs a binary search per task, not a replay.  Undated hand edits
    depend on the clock: tasks with them are replayed instead (never passed here)."""
    everything, entry_days = _in_order(entries)
    end = _Fold()
    for entry, entry_day in zip(everything, entry_days, strict=True):
        _step(end, task, entry, entry_day)
    hands = hand_edits(task, entries, end)
    days = sorted(set(entry_days) | {h.day for h in hands if h.day is not None})
    out: list[tuple[int, Light | None]] = []
    now = _Fold()  # folded one entry at a time, day by day (``_light`` copies what it keeps)
    applied, count = 0, len(everything)
    for index, day in enumerate([date.fromordinal(days[0].toordinal() - 1), *days] if days else []):
        while applied < count and entry_days[applied] <= day:
            _step(now, task, everything[applied], entry_days[applied])
            applied += 1
        out.append((0 if index == 0 else day.toordinal(), _light(task, now, end, hands, day, None)))
    return out


HistoryRow = tuple[str, str, str, str, str, str, str, str]
"""A history entry as the read cache keeps it: (at, by, task, action, old, new, note, on)."""
LightRow = tuple[str, int, dict[str, int], int]
""":class:`Light` in ordinals: (status, done_on or 0, ticked period -> ordinal, due)."""


_ON_DAYS: dict[str, int] = {}
"""``on`` -> its ordinal, 0 when it is not a date (memoised: a city has few days)."""


def _entry_ordinal(on: str, at: str) -> int:
    """``HistoryEntry.day`` of a history row (``on``, else the date of ``at``), as an ordinal."""
    found = _ON_DAYS.get(on)
    if found is None:
        try:
            found = date.fromisoformat(on.strip()).toordinal()
        except ValueError:
            found = 0
        _ON_DAYS[on] = found
    return found or _effective_day("", at[:10]).toordinal()


def timeline_of_rows(
    status: str,
    due: int,
    done_on: int,
    ticked: dict[str, int],
    entries: Sequence[HistoryRow],
) -> list[tuple[int, LightRow | None]]:
    """:func:`timeline` of a task given as the read cache keeps it (status, due and done_on as
    ordinals, ticked periods, history rows in file order), every date an ordinal.

    The same fold as :func:`timeline` (:func:`_step`, :func:`hand_edits`, :func:`_light`), cut
    down to what the counted state depends on — status, done date, ticked periods, due date,
    creation — so that the first view of a past day after a cache rebuild replays 100,000 tasks
    without building a ``Task``, a ``HistoryEntry`` or a date for each.
    ``tests/test_ledger.py`` checks the two agree on generated histories."""
    count = len(entries)
    days = [_ON_DAYS.get(e[7]) or _entry_ordinal(e[7], e[0]) for e in entries]
    if count > 1:  # by effective day, then by when written, then file order (a stable sort)
        order = sorted(zip(days, [e[0] for e in entries], range(count), strict=True))
        entries = [entries[i] for _, _, i in order]
        days = [day for day, _, _ in order]
    # What the whole history adds up to (creation, status, first due, ticked periods), and each
    # entry as the one change of the counted state it makes (kind 1 status, 2 tick, 3 untick,
    # 4 due moved, 0 none), folded again day by day below.
    end_created = False
    end_status: str | None = None
    end_periods: dict[str, int] = {}
    first_due: int | None = None
    due_moved = False
    ops: list[tuple[int, bool, int, str, int]] = []  # (day, creates, kind, status or period, due)
    for entry, day in zip(entries, days, strict=True):
        action, new = entry[3], entry[5]
        creates = action in CREATION_ACTIONS or (action == "sync" and new == "added")
        if creates:
            end_created = True
        if new in STATUSES and action not in NOT_STATUS_ACTIONS:
            end_status = new
            ops.append((day, creates, 1, new, 0))
        elif action == "tick" and new:
            end_periods[new] = day
            ops.append((day, creates, 2, new, 0))
        elif action == "untick" and entry[4]:
            end_periods.pop(entry[4], None)
            ops.append((day, creates, 3, entry[4], 0))
        elif action == "due" and (moved := _iso(new)) is not None:
            if first_due is None and not due_moved:
                old = _iso(entry[4])
                first_due = old.toordinal() if old is not None else None
            due_moved = True
            ops.append((day, creates, 4, "", moved.toordinal()))
        else:
            ops.append((day, creates, 0, "", 0))
    # Hand edits (:func:`hand_edits`): (day or None: from any day, kind, key).
    hands: list[tuple[int | None, str, str]] = []
    if status != (end_status or "todo"):
        hands.append((done_on or None if status == "done" else None, "status", status))
    for key, day in ticked.items():
        if key not in end_periods:
            hands.append((day, "tick", key))
    for key in end_periods:
        if key not in ticked:
            hands.append((None, "untick", key))
    steps = sorted({*days, *(h[0] for h in hands if h[0] is not None)})
    out: list[tuple[int, LightRow | None]] = []
    if not steps:
        return out
    created = False
    now_status: str | None = None
    status_day = 0
    periods: dict[str, int] = {}
    now_due = 0
    applied = 0
    for index, step in enumerate([steps[0] - 1, *steps]):
        while applied < count and ops[applied][0] <= step:
            day, creates, kind, value, moved_to = ops[applied]
            applied += 1
            if creates:
                created = True
            if kind == 1:
                now_status, status_day = value, day
            elif kind == 2:
                periods[value] = day
            elif kind == 3:
                periods.pop(value, None)
            elif kind == 4:
                now_due = moved_to
        start = 0 if index == 0 else step
        if not created and end_created:
            out.append((start, None))
            continue
        state = now_status or "todo"
        done = status_day if state == "done" else 0
        if hands:
            seen = dict(periods)
            for when, kind_, key in hands:
                if when is not None and when > step:
                    continue
                if kind_ == "status":
                    state = key
                    done = done_on if state == "done" else 0
                elif kind_ == "tick":
                    seen[key] = ticked[key]
                else:
                    seen.pop(key, None)
        else:
            seen = periods.copy()
        if state == "done" and not done:
            done = done_on
        out.append((start, (state, done, seen, now_due or first_due or due)))
    return out


def _untouched(task: Task) -> bool:
    """Still as planned: todo, nothing ticked or recorded (with no history, no hand edit either)."""
    return task.status == "todo" and not task.periods and all(m.actual is None for m in task.metrics)


def replay(task: Task, entries: Sequence[HistoryEntry], day: date, clock: date | None = None) -> Task | None:
    """The task as it stood at the end of ``day``; None when it did not exist yet.

    ``entries`` are the task's own history entries in file order.  ``clock`` is today's date:
    undated hand edits count from it (None: from any day).
    """
    if not entries and _untouched(task):
        return task  # untouched since the plan: the same on every day
    everything = ordered(entries)
    upto = [e for e in everything if e.day <= day]
    later = (
        everything[len(upto) :] if len(upto) == len(everything) else [e for e in everything if e.day > day]
    )
    end = _fold(task, everything)
    now = _fold(task, upto) if later else end
    hands = hand_edits(task, entries, end)
    light = _light(task, now, end, hands, day, clock)
    if light is None:
        return None
    status, done_on, periods, due = light.status, light.done_on, light.periods, light.due
    actuals = dict(now.actuals)
    for edit in hands:
        when = edit.day if edit.day is not None else clock
        if edit.action == "record" and (when is None or when <= day):
            index = next(i for i, m in enumerate(task.metrics) if m.name == edit.note)
            actuals[index] = task.metrics[index].actual
    hidden_notes: list[str] = []
    hidden_evidence: list[str] = []
    for entry in later:
        if entry.action == "note" and entry.new:
            hidden_notes.append(entry.new)
        elif entry.action == "evidence" and entry.new:
            hidden_evidence.append(entry.new)
        elif entry.note and entry.action not in NO_NOTE_ACTIONS:
            hidden_notes.append(entry.note)
    metrics = [
        replace(
            m,
            # Every actual in the file is explained by a ``record`` entry or is a hand edit.
            actual=_exact(actuals.get(i), m.actual),
            target=now.targets.get(i, None if i in end.targets else m.target),
        )
        for i, m in enumerate(task.metrics)
    ]
    same = not later and (status, periods, done_on, due) == (
        task.status,
        task.periods,
        task.done_on,
        task.due,
    )
    if same and all(a.actual == b.actual for a, b in zip(metrics, task.metrics, strict=True)):
        return task  # nothing differs: keep the very object (cheap, and edits see the file's)
    # Pending reports and extension requests: as filed and decided by ``day`` (when the history
    # knows them; a marker written by hand stays as the file says).
    report, extension = (now.report, now.extension) if end.markers else (task.report, task.extension)
    return replace(
        task,
        report=report,
        extension=extension,
        status=status,  # type: ignore[arg-type]
        done_on=done_on,
        due=due,
        periods=periods,
        notes=_without(task.notes, hidden_notes),
        evidence=_without(task.evidence, hidden_evidence),
        metrics=metrics,
    )


def _without(texts: list[str], hidden: list[str]) -> list[str]:
    """``texts`` less one occurrence (the last) of each of ``hidden``."""
    if not hidden:
        return list(texts)
    out = list(texts)
    for text in hidden:
        for index in range(len(out) - 1, -1, -1):
            if out[index] == text:
                del out[index]
                break
    return out


@dataclass(frozen=True, slots=True)
class Footprint:
    """From which day on a file's current state is its state on every later day."""

    last_day: int
    """Ordinal of the latest dated change (0: none)."""
    undated: bool
    """Some hand edit has no date: views before the clock's day must replay."""
    changed: tuple[int, ...] = ()
    """Per task: the ordinal of its latest dated change (0: none), or :data:`UNDATED`."""


UNDATED = -1
"""A task with a hand edit that carries no date: replayed for any day before the clock's."""


def footprint(tasks: Sequence[Task], history: dict[str, list[HistoryEntry]]) -> Footprint:
    last = 0
    undated = False
    changed: list[int] = []
    append = changed.append
    for task in tasks:
        entries = history.get(task.id, ())
        if not entries and _untouched(task):
            append(0)  # as planned, no history: nothing to date
            continue
        in_order, days = _in_order(entries)
        mine = days[-1].toordinal() if days else 0  # the latest: they are in effective order
        for edit in hand_edits(task, entries, _fold_for_hands(task, in_order)):
            if edit.day is None:
                mine = UNDATED
                break
            mine = max(mine, edit.day.toordinal())
        if mine == UNDATED:
            undated = True
        elif mine > last:
            last = mine
        append(mine)
    return Footprint(last, undated, tuple(changed))


def late_days(task: Task) -> int:
    """How many days after its deadline a done task was finished (0: on time, or not done); a
    recurring task: the longest delay of its ticks."""
    return late_days_of(task.status, task.repeat, task.due, task.done_on, task.periods)


def late_days_of(status: str, repeat: Repeat, due: date, done_on: date | None, ticked: dict[str, date]) -> int:
    """:func:`late_days` of a task in this state."""
    if status != "done":
        return 0
    if repeat:
        spans = [(ticked[p.key] - p.due).days for p in period_tuple(repeat, due.year) if p.key in ticked]
        return max([*spans, 0])
    return max(0, (done_on - due).days) if done_on else 0


def finished_late(task: Task) -> bool:
    """Done, but after its deadline (逾期完成): still done, and counted as such."""
    return late_days(task) > 0


def by_task(entries: Sequence[HistoryEntry]) -> dict[str, list[HistoryEntry]]:
    grouped: dict[str, list[HistoryEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.task, []).append(entry)
    return grouped
