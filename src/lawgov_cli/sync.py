"""Re-import a revised report into a workspace without losing recorded progress.

Offices revise the report after leaders comment; the checklist is already being worked on.
``plan_sync`` matches the tasks planned from the revised report to the existing ones by their
source text — exact first, then by similarity — not by id, since a sentence added at the top of
a section shifts every id after it.  Then:

- matched tasks keep everything people recorded or decided: status, periods, notes, evidence,
  metric targets and actuals, owner, co-owners, due date, repeat, unknown keys, comments.  What
  came from the report is refreshed: source, section, the baselines of its metrics (new metrics
  are added), and the title — unless someone had edited the title by hand;
- planned tasks that match nothing are added with fresh ids, in their owner's file;
- existing tasks that match nothing are marked ``dropped`` with a reason (never deleted); a task
  already done stays done (its completion is a fact), and gets a note instead.  Statutory tasks
  and the office's own tasks are never touched: those marked ``manual = true``, and those added
  by hand without it — a task whose id is not one lawgov generates for its kind (``M<n>.<n>``,
  ``P<n>.<n>``, ``R<n>``, ``D<n>``) or that has no ``source`` sentence.  They are listed as kept.

Pure: returns a :class:`SyncPlan`; the CLI prints it and, unless ``--dry-run``, writes it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from lawgov_cli.model import Metric, Task, Workspace, task_sort_key
from lawgov_cli.plan import OwnerRules, make_title

SIMILARITY = 0.8
"""Minimum difflib ratio between two sources for a revised sentence to count as the same task.

A lower bar hands progress to a different obligation: "加大成效宣传力度" and "加大督察考核力度"
are 76% alike.  A match below 100% must also keep the owner the revised text's keywords give,
and is flagged ``needs_review`` (listed as such in the plan) so the office confirms that the
progress carried over belongs to it; anything less alike is a new task."""
_REPORT_KINDS = ("measure", "plan", "rectify", "duty")


@dataclass(frozen=True, slots=True)
class MetricEdit:
    """One value of one metric that changes: ``key`` of ``metrics[index]``, or, with ``key=None``,
    a new metric appended at ``index`` (``value`` is then the :class:`Metric`)."""

    index: int
    key: str | None
    value: object


@dataclass(slots=True)
class TaskUpdate:
    task: Task
    fields: dict[str, object] = field(default_factory=dict)
    """Field -> new value (``metrics`` -> the list of :class:`MetricEdit`, only what changed)."""
    similarity: float = 1.0


@dataclass(slots=True)
class SyncPlan:
    added: list[Task] = field(default_factory=list)
    changed: list[TaskUpdate] = field(default_factory=list)
    dropped: list[Task] = field(default_factory=list)
    noted: list[Task] = field(default_factory=list)
    """Done tasks no longer in the report: kept done, given a note."""
    unchanged: int = 0
    kept: list[Task] = field(default_factory=list)
    """The office's own tasks (``manual = true`` or added by hand): never matched, never dropped."""

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.dropped or self.noted)

    def departments(self) -> list[str]:
        owners = {t.owner for t in self.added} | {u.task.owner for u in self.changed}
        owners |= {t.owner for t in self.dropped} | {t.owner for t in self.noted}
        return sorted(owners)


_GENERATED_IDS = {
    "measure": re.compile(r"M\d+\.\d+"),
    "plan": re.compile(r"P\d+\.\d+"),
    "rectify": re.compile(r"R\d+"),
    "duty": re.compile(r"D\d+"),
}


def office_own(task: Task) -> bool:
    """Whether a task is the office's own work rather than an item lawgov planned from a report:
    marked ``manual = true``, or an id lawgov never generates for its kind, or no source sentence.

    >>> from datetime import date
    >>> office_own(Task("X1", "自定任务", "measure", "sifaju", date(2024, 12, 31), source="…"))
    True
    """
    if task.manual or not task.source.strip():
        return True
    pattern = _GENERATED_IDS.get(task.kind)
    return pattern is None or pattern.fullmatch(task.id) is None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _number(value: float | None) -> float | int | None:
    """An integral value as an int, so a baseline of 11 stays ``11`` in the file, never ``11.0``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _merge_metrics(existing: list[Metric], planned: list[Metric]) -> list[MetricEdit] | None:
    """The values that change (refreshed baselines, units, approx flags) and the new metrics;
    None when nothing changes.  Every other value of the file — targets, actuals, the array's
    layout, comments — is left alone."""
    position = {m.name: i for i, m in reversed(list(enumerate(existing)))}
    edits: list[MetricEdit] = []
    appended = len(existing)
    for new in planned:
        index = position.get(new.name)
        if index is None:
            edits.append(
                MetricEdit(
                    appended, None, Metric(new.name, new.unit, _number(new.baseline), None, None, new.approx)
                )
            )
            position[new.name] = appended
            appended += 1
            continue
        if index >= len(existing):
            continue  # the same name twice in the revised text: added once
        old = existing[index]
        if old.baseline != new.baseline or (old.baseline is None) != (new.baseline is None):
            edits.append(MetricEdit(index, "baseline", _number(new.baseline)))
        if old.unit != new.unit:
            edits.append(MetricEdit(index, "unit", new.unit))
        if old.approx != new.approx:
            edits.append(MetricEdit(index, "approx", new.approx))
    return edits or None


def _fresh_id(wanted: str, taken: set[str]) -> str:
    """The planned id when free, else the next free number in its group (M4.5 -> M4.9, R3 -> R5)."""
    if wanted not in taken:
        return wanted
    match = re.match(r"^(.*?)(\d+)$", wanted)
    head = match.group(1) if match else wanted + "."
    numbers = [int(found.group(1)) for i in taken if (found := re.fullmatch(re.escape(head) + r"(\d+)", i))]
    return f"{head}{max(numbers, default=0) + 1}"


def plan_sync(workspace: Workspace, planned: list[Task], reason: str = "") -> SyncPlan:
    """Match ``planned`` (tasks from the revised report) against the workspace; decide what changes.

    ``reason`` is the note a done task no longer in the report gets (once).
    """
    # Tasks carried over from last year come from last year's report, not this one: never matched
    # against it, never dropped because it does not contain them.
    report_tasks = [t for t in workspace.tasks if t.kind in _REPORT_KINDS and not t.carried_from]
    existing = [t for t in report_tasks if not office_own(t)]
    candidates = [p for p in planned if p.kind in _REPORT_KINDS]
    result = SyncPlan(kept=[t for t in report_tasks if office_own(t)])
    matched: dict[str, tuple[Task, float]] = {}  # planned id -> (existing task, similarity)
    free = {t.id: t for t in existing}

    by_source: dict[tuple[str, str], list[Task]] = {}
    for task in existing:
        by_source.setdefault((task.kind, _norm(task.source)), []).append(task)
    unmatched_planned = []
    for new in candidates:
        same = by_source.get((new.kind, _norm(new.source)))
        while same and same[0].id not in free:
            same.pop(0)
        if same:
            old = same.pop(0)
            del free[old.id]
            matched[new.id] = (old, 1.0)
        else:
            unmatched_planned.append(new)

    # Similar sources: the best pairs first, so a small edit never loses to a distant match.
    pairs = []
    rules = OwnerRules(workspace.departments.values())

    def rule_owner(text: str) -> str | None:
        found = rules.owner_of(text)
        return found.id if found else None

    for new in unmatched_planned:
        new_owner = rule_owner(new.source)
        for old in free.values():
            # Another owner by the keyword rules (not by a hand reassignment): another obligation.
            if old.kind != new.kind or rule_owner(old.source) != new_owner:
                continue
            matcher = difflib.SequenceMatcher(None, _norm(old.source), _norm(new.source), autojunk=False)
            if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILARITY:
                pairs.append((ratio, new.id, old.id))
    pairs.sort(key=lambda p: (-p[0], task_sort_key(p[1]), task_sort_key(p[2])))
    for ratio, new_id, old_id in pairs:
        if new_id in matched or old_id not in free:
            continue
        matched[new_id] = (free.pop(old_id), ratio)

    taken = {t.id for t in workspace.tasks}
    for new in candidates:
        if new.id in matched:
            old, ratio = matched[new.id]
            update = TaskUpdate(old, similarity=ratio)
            if old.source != new.source:
                update.fields["source"] = new.source
            if old.section != new.section:
                update.fields["section"] = new.section
            if old.title != new.title and old.title == make_title(old.source):
                update.fields["title"] = new.title  # the title was not edited by hand
            metrics = _merge_metrics(old.metrics, new.metrics)
            if metrics is not None:
                update.fields["metrics"] = metrics
            if ratio < 1.0 and not old.needs_review:
                update.fields["needs_review"] = True  # similar, not the same: the office confirms
            if update.fields:
                result.changed.append(update)
            else:
                result.unchanged += 1
        else:
            new_id = _fresh_id(new.id, taken)
            taken.add(new_id)
            new.id = new_id
            result.added.append(new)
    for old in free.values():
        if old.status == "done":
            if reason not in old.notes:  # noted once per revised report, not on every run
                result.noted.append(old)
            else:
                result.unchanged += 1
        elif old.status != "dropped":
            result.dropped.append(old)
        else:
            result.unchanged += 1
    return result
