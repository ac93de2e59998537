"""Starting the next plan year: last year's unfinished tasks carried into a new workspace.

Pure: takes the old workspace (already loaded), its history, the new registry and plan year;
returns the carried tasks and one ``carry`` history entry per task (``old`` = where it came from,
``new`` = its status, effective from the new year's first day).  Every task that is not done
or dropped is carried with a fresh id (``C1``, ``C2`` … in last year's id order) and
``carried_from = "<old plan year>:<old id>"``; its notes, evidence and metrics go with it (a
recorded actual becomes the new baseline), its recurring periods start afresh, and its due date
follows the new year's policy for its kind (cues in its text win, as for new tasks).  A statutory
task keeps its own deadline: last year's report is still due on 1 April.
"""

from __future__ import annotations

from collections.abc import Iterable

from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Department, DuePolicy, HistoryEntry, Metric, Task, Workspace, task_sort_key
from lawgov_cli.plan import schedule

CARRY_PREFIX = "C"


def carried_tasks(
    old: Workspace,
    history: Iterable[HistoryEntry],
    departments: dict[str, Department],
    policy: DuePolicy,
    plan_year: int,
    *,
    at: str,
    by: str,
    lang: Lang,
) -> tuple[list[Task], list[HistoryEntry]]:
    """(carried tasks, their ``carry`` history entries) for the new workspace."""
    lead = next((d for d in departments.values() if d.lead), next(iter(departments.values()), None))
    by_task: dict[str, list[HistoryEntry]] = {}
    for entry in history:
        by_task.setdefault(entry.task, []).append(entry)
    open_tasks = sorted(
        (task for task in old.tasks if task.status not in ("done", "dropped")),
        key=lambda task: task_sort_key(task.id),
    )
    old_year = old.settings.plan_year
    tasks: list[Task] = []
    entries: list[HistoryEntry] = []
    for number, task in enumerate(open_tasks, 1):
        new_id = f"{CARRY_PREFIX}{number}"
        owner_known = task.owner in departments
        owner = task.owner if owner_known or lead is None else lead.id
        if task.kind == "statutory":
            due, rule, repeat = task.due, task.due_rule, task.repeat
        else:
            due, rule, repeat = schedule(task.source or task.title, task.kind, policy, plan_year, lang)
        origin = f"{old_year}:{task.id}"
        tasks.append(
            Task(
                id=new_id,
                title=task.title,
                kind=task.kind,
                owner=owner,
                due=due,
                section=task.section or t("section.carried", lang, year=old_year),
                source=task.source,
                co_owners=[c for c in task.co_owners if c in departments and c != owner],
                due_rule=rule,
                repeat=repeat,
                status=task.status,
                notes=list(task.notes),
                evidence=list(task.evidence),
                metrics=[
                    Metric(
                        name=m.name,
                        unit=m.unit,
                        baseline=m.actual if m.actual is not None else m.baseline,
                        target=m.target,
                        approx=m.approx and m.actual is None,
                    )
                    for m in task.metrics
                ],
                needs_review=task.needs_review or not owner_known,
                manual=task.manual,
                carried_from=origin,
            )
        )
        earlier = by_task.get(task.id, [])
        last = ""
        if earlier:
            final = earlier[-1]
            last = t(
                "carry.last", lang, action=t(f"action.{final.action}", lang), on=final.at[:10], by=final.by
            )
        note = t(
            "carry.summary",
            lang,
            year=old_year,
            old=task.id,
            status=t(f"status.{task.status}", lang),
            count=len(earlier),
            last=last,
        )
        # The entry brings the task into the new year with its status (todo or doing), effective
        # from the year's first day: the ledger then explains the file's status, and every view
        # of the new year shows the carried task.
        entries.append(
            HistoryEntry(
                at=at,
                by=by,
                task=new_id,
                action="carry",
                old=origin,
                new=task.status,
                note=note,
                on=f"{plan_year}-01-01",
            )
        )
    return tasks, entries
