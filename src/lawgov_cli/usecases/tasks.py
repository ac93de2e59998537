"""Changing tasks: start, done (tick), reopen, drop, note, record — and recording hand edits.

Every change is a history entry with ``on``, its effective date: ``--on``, else the session's
``as_of`` (``--as-of``, else today).  Refused, with nothing written:

- a date after ``as_of`` (a change cannot count from a day that has not come yet);
- a date outside the plan year ± 1 unless ``force`` (almost always a typo: 2042 for 2024);
- a status change dated before the task's last status change (it would rewrite the ledger:
  reopen first, or record the later date);
- a period that had not begun on that date (checked in :func:`lawgov_cli.tracking.done`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lawgov_cli.errors import LawgovError
from lawgov_cli.ledger import by_task, changes_status, hand_edits
from lawgov_cli.model import HistoryEntry, Task, Workspace
from lawgov_cli.session import Session
from lawgov_cli.tracking import Actor, TaskEdit

HAND_EDIT_BY = "hand-edit"
"""``by`` of the entries lawgov writes for changes it found made by hand in a file."""

Build = Callable[[Task, Actor, Workspace], TaskEdit]


def check_effective_date(session: Session, day: date, *, force: bool = False) -> None:
    if day > session.as_of:
        raise LawgovError("err.future_date", on=day.isoformat(), today=session.as_of.isoformat())
    year = session.settings.plan_year
    if not force and not year - 1 <= day.year <= year + 1:
        raise LawgovError("err.outside_plan_year", on=day.isoformat(), year=year)


def _last_status_day(entries: Sequence[HistoryEntry]) -> date | None:
    days = [e.day for e in entries if changes_status(e)]
    return max(days) if days else None


def hand_entries(
    session: Session, task: Task, entries: Sequence[HistoryEntry], at: str, latest: date
) -> list[HistoryEntry]:
    """History entries that record what was changed in the file by hand, dated by what the file
    says (``done_on``, a tick's date) or, lacking that, by the clock (never after ``latest``)."""
    out = []
    for edit in hand_edits(task, entries):
        day = edit.day or min(session.today, latest)
        action = "hand" if edit.action == "status" else edit.action
        out.append(
            HistoryEntry(at, HAND_EDIT_BY, task.id, action, edit.old, edit.new, edit.note, day.isoformat())
        )
    return out


@dataclass(slots=True)
class Outcome:
    """What a change did: the edits (per task) and the hand edits it recorded first."""

    edits: list[TaskEdit] = field(default_factory=list)
    recorded_hand_edits: int = 0


def change_tasks(
    session: Session, ids: Sequence[str], build: Build, *, on: date | None = None, force: bool = False
) -> Outcome:
    """Under the workspace lock: read the files again, build every edit, write them as one change.

    Several ids (in one or several department files) are all or nothing.
    """
    from lawgov_cli.store.lock import workspace_lock
    from lawgov_cli.store.transaction import Changed, commit, roll_forward

    day = on or session.as_of
    check_effective_date(session, day, force=force)
    with workspace_lock(session.root):
        roll_forward(session.root)
        for _attempt in range(5):
            workspace = session.workspace(save_cache=False, fresh=True, to_edit=True)
            actor = Actor(session.actor, session.now(), day)
            outcome = Outcome()
            seen: set[str] = set()
            for raw_id in ids:
                task = workspace.task(raw_id)
                if task.id in seen:
                    continue
                seen.add(task.id)
                entries = workspace.history_of(task)
                hand = hand_entries(session, task, entries, actor.at, day)
                edit = build(task, actor, workspace)
                last = _last_status_day(entries)
                if last is not None and day < last and any(changes_status(h) for h in edit.history):
                    raise LawgovError(
                        "err.before_last_change", id=task.id, on=day.isoformat(), last=last.isoformat()
                    )
                edit.history[:0] = hand
                outcome.recorded_hand_edits += len(hand)
                outcome.edits.append(edit)
            writes, expect = _render(session.root, workspace, outcome.edits)
            try:
                commit(session.root, writes, expect)
            except Changed:
                continue  # a file was saved by hand meanwhile: read it again and redo the edit
            return outcome
    raise LawgovError("err.workspace_busy", path=session.root, seconds=0)


def _render(
    root: Path, workspace: Workspace, edits: list[TaskEdit]
) -> tuple[dict[Path, bytes], dict[Path, bytes]]:
    """(new bytes per touched file, the bytes each had when read): nothing written yet."""
    from lawgov_cli.store.edit import edited_bytes, ensure_in_tasks_dir

    by_file: dict[Path, list[TaskEdit]] = {}
    for edit in edits:
        by_file.setdefault(workspace.files[edit.task.owner], []).append(edit)
    for path in by_file:  # every file checked before the first is written
        ensure_in_tasks_dir(root, path)
    writes: dict[Path, bytes] = {}
    expect: dict[Path, bytes] = {}
    for path, group in by_file.items():
        before, after = edited_bytes(
            path,
            [change for edit in group for change in edit.changes],
            [entry for edit in group for entry in edit.history],
        )
        if after != before:
            writes[path], expect[path] = after, before
    return writes, expect


def record_hand_edits(session: Session) -> list[tuple[Task, HistoryEntry]]:
    """Record every undated hand edit in the history, dated today (what ``check`` does daily).

    Files whose hand edits all carry a date are left alone: the file itself dates them.
    """
    from lawgov_cli.store.edit import edited_bytes, ensure_in_tasks_dir
    from lawgov_cli.store.lock import workspace_lock
    from lawgov_cli.store.transaction import Changed, commit, roll_forward

    with workspace_lock(session.root):
        roll_forward(session.root)
        for _attempt in range(5):
            workspace = session.workspace(save_cache=False, fresh=True, to_edit=True)
            at = session.now()
            found: list[tuple[Task, HistoryEntry]] = []
            writes: dict[Path, bytes] = {}
            expect: dict[Path, bytes] = {}
            for shard in workspace.shards:
                if not shard.undated:
                    continue
                grouped = by_task(shard.history)
                entries: list[HistoryEntry] = []
                for task in shard.tasks:
                    own = grouped.get(task.id, [])
                    if any(edit.day is None for edit in hand_edits(task, own)):
                        new = hand_entries(session, task, own, at, session.today)
                        entries.extend(new)
                        found.extend((task, entry) for entry in new)
                if entries:
                    ensure_in_tasks_dir(session.root, shard.path)
                    before, after = edited_bytes(shard.path, [], entries)
                    writes[shard.path], expect[shard.path] = after, before
            try:
                commit(session.root, writes, expect)
            except Changed:
                continue
            return found
    raise LawgovError("err.workspace_busy", path=session.root, seconds=0)
