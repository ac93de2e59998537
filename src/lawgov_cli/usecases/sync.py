"""``sync``: re-import a revised report into the workspace as one change.

The plan (what is added, changed, dropped, noted) is :func:`lawgov_cli.sync.plan_sync`'s; this
use case reads the report, plans, and — unless it is a dry run — writes every department file
once (its changes, its new tasks and their history together) and ``lawgov.toml``'s ``[source]``
in the same transaction: a kill or a full disk leaves the workspace as it was or fully synced.
A dry run takes no lock and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import HistoryEntry, Metric, Task, Workspace
from lawgov_cli.session import Session, check_lang
from lawgov_cli.store.patch import FieldChange
from lawgov_cli.sync import MetricEdit, SyncPlan
from lawgov_cli.toml_records import metric_to_toml, task_to_toml


@dataclass(slots=True)
class SyncOutcome:
    plan: SyncPlan
    workspace: Workspace
    written: bool


def _plan(session: Session, workspace: Workspace, report: Path) -> tuple[SyncPlan, str, Lang]:
    from lawgov_cli.plan import plan_tasks
    from lawgov_cli.report import parse_report
    from lawgov_cli.report.text import read_report_file
    from lawgov_cli.sync import plan_sync

    text = read_report_file(report)
    parsed = parse_report(text, source=str(report))
    settings = workspace.settings
    content_lang: Lang = check_lang(settings.lang or "zh")
    planned = plan_tasks(
        parsed, workspace.departments.values(), settings.due_policy, plan_year=settings.plan_year, lang=content_lang
    )
    reason = t("sync.reason", content_lang, report=report.name)
    return plan_sync(workspace, planned, reason), text, content_lang


def sync_report(session: Session, report: Path, *, dry_run: bool = False) -> SyncOutcome:
    """Plan the sync of ``report`` and, unless ``dry_run``, write it as one change."""
    if dry_run:
        workspace = session.workspace(save_cache=False, write_cache=False)  # no cache, no lock
        plan, _, _ = _plan(session, workspace, report)
        return SyncOutcome(plan, workspace, written=False)

    from lawgov_cli.store.lock import workspace_lock
    from lawgov_cli.store.transaction import Changed, commit, roll_forward

    with workspace_lock(session.root):
        roll_forward(session.root)
        for _attempt in range(5):
            workspace = session.workspace(save_cache=False, fresh=True, to_edit=True)
            plan, text, content_lang = _plan(session, workspace, report)
            if plan.empty:
                return SyncOutcome(plan, workspace, written=False)
            writes, expect = _render(session, workspace, plan, report, text, content_lang)
            try:
                commit(session.root, writes, expect)
            except Changed:
                continue
            return SyncOutcome(plan, workspace, written=True)
    from lawgov_cli.errors import LawgovError

    raise LawgovError("err.workspace_busy", path=session.root, seconds=0)


def _render(
    session: Session, workspace: Workspace, plan: SyncPlan, report: Path, text: str, lang: Lang
) -> tuple[dict[Path, bytes], dict[Path, bytes]]:
    """(new bytes of every file the sync touches, their bytes as read)."""
    from lawgov_cli.store.create import render_department_file, sha256_text
    from lawgov_cli.store.edit import appended_bytes, edited_bytes, ensure_in_tasks_dir, ensure_in_workspace
    from lawgov_cli.store.load import read_toml_bytes

    root = session.root
    at, actor, on = session.now(), session.actor, session.as_of.isoformat()
    reason = t("sync.reason", lang, report=report.name)
    updated = t("sync.updated", lang, report=report.name)
    new_item = t("sync.added", lang, report=report.name)
    changes: dict[str, list[FieldChange]] = {}
    history: dict[str, list[HistoryEntry]] = {}

    def log(task_id: str, owner: str, old: str, new: str, note: str) -> None:
        history.setdefault(owner, []).append(HistoryEntry(at, actor, task_id, "sync", old, new, note, on))

    for update in plan.changed:
        owner = update.task.owner
        for name, value in update.fields.items():
            if name == "metrics":
                assert isinstance(value, list)
                changes.setdefault(owner, []).extend(_metric_changes(update.task, value))
                continue
            changes.setdefault(owner, []).append(FieldChange(update.task.id, (name,), value))
        fields = "、".join(t(f"sync.field.{name}", lang) for name in update.fields)
        log(update.task.id, owner, "", fields, updated)
    for task in plan.dropped:
        changes.setdefault(task.owner, []).extend(
            [
                FieldChange(task.id, ("status",), "dropped"),
                FieldChange(task.id, ("notes",), [*task.notes, reason]),
            ]
        )
        log(task.id, task.owner, task.status, "dropped", reason)
    for task in plan.noted:
        changes.setdefault(task.owner, []).append(FieldChange(task.id, ("notes",), [*task.notes, reason]))
        log(task.id, task.owner, "", "", reason)
    added: dict[str, list[dict[str, Any]]] = {}
    for task in plan.added:
        added.setdefault(task.owner, []).append(task_to_toml(task))
        log(task.id, task.owner, "", "added", new_item)

    writes: dict[Path, bytes] = {}
    expect: dict[Path, bytes] = {}
    for owner in sorted(set(changes) | set(added) | set(history)):
        path = workspace.files.get(owner)
        if path is None:  # a department that had no tasks yet gets its file
            path = root / "tasks" / f"{owner}.toml"
            ensure_in_tasks_dir(root, path)
            new_tasks = [task for task in plan.added if task.owner == owner]
            fresh = render_department_file(workspace.departments[owner], new_tasks, workspace.settings.title, lang)
            writes[path] = appended_bytes(path, fresh, [], history.get(owner, []))
            expect[path] = b""
            continue
        ensure_in_tasks_dir(root, path)
        # One file, one write: the changes, the new tasks and the history together.
        before, after = edited_bytes(path, changes.get(owner, []), [] if added.get(owner) else history.get(owner, []))
        if added.get(owner):
            after = appended_bytes(path, after, added[owner], history.get(owner, []))
        writes[path], expect[path] = after, before
    settings_path = root / "lawgov.toml"
    ensure_in_workspace(root, settings_path)
    raw = read_toml_bytes(settings_path)
    writes[settings_path] = _with_source(raw, str(report), sha256_text(text))
    expect[settings_path] = raw
    return writes, expect


def _metric_changes(task: Task, edits: list[MetricEdit]) -> list[FieldChange]:
    """Per-value changes for the store: only the metric values that changed, new metrics appended
    (an inline array stays inline, integers stay integers, comments stay)."""
    if not task.metrics:
        # No metrics yet (the key may be absent): the new list replaces an empty one, nothing lost.
        new = [metric_to_toml(e.value) for e in edits if e.key is None and isinstance(e.value, Metric)]
        return [FieldChange(task.id, ("metrics",), new)]
    out = []
    for edit in edits:
        if edit.key is None:
            assert isinstance(edit.value, Metric)
            out.append(FieldChange(task.id, ("metrics", edit.index), metric_to_toml(edit.value)))
        elif edit.key == "approx" and not edit.value:
            out.append(FieldChange(task.id, ("metrics", edit.index, "approx"), None))
        else:
            out.append(FieldChange(task.id, ("metrics", edit.index, edit.key), edit.value))
    return out


def _with_source(raw: bytes, report: str, sha256: str) -> bytes:
    """lawgov.toml with ``[source]`` naming the revised report (comments kept)."""
    import tomlkit

    bom = raw.startswith(b"\xef\xbb\xbf")
    doc = tomlkit.parse(raw.decode("utf-8-sig"))
    source = doc.get("source")
    if source is None:
        source = tomlkit.table()
        doc["source"] = source
    source["path"] = report
    source["sha256"] = sha256
    return (b"\xef\xbb\xbf" if bom else b"") + doc.as_string().encode("utf-8")
