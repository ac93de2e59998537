"""``lawgov sync``: re-import a revised report into the workspace, keeping recorded progress."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lawgov_cli.cli.app import command, state_of
from lawgov_cli.cli.output import echo
from lawgov_cli.i18n import Lang, t


def _describe(plan, workspace, lang: Lang) -> list[str]:  # type: ignore[no-untyped-def]
    names = {d.id: d.name for d in workspace.departments.values()}
    lines = [
        t(
            "sync.summary",
            lang,
            added=len(plan.added),
            changed=len(plan.changed),
            dropped=len(plan.dropped),
            noted=len(plan.noted),
            unchanged=plan.unchanged,
        )
    ]
    for dept in plan.departments():
        lines.append(f"{names.get(dept, dept)} ({dept}):")
        for task in (t_ for t_ in plan.added if t_.owner == dept):
            lines.append(f"  + {task.id}  {task.title}")
        for update in (u for u in plan.changed if u.task.owner == dept):
            fields = "、".join(t(f"sync.field.{name}", lang) for name in update.fields)
            similar = f" ~{update.similarity:.0%}" if update.similarity < 1 else ""
            lines.append(f"  ~ {update.task.id}  {update.task.title}  [{fields}]{similar}")
        for task in (t_ for t_ in plan.dropped if t_.owner == dept):
            lines.append(f"  - {task.id}  {task.title}  [{t('sync.dropped', lang)}]")
        for task in (t_ for t_ in plan.noted if t_.owner == dept):
            lines.append(f"  ! {task.id}  {task.title}  [{t('sync.noted', lang)}]")
    return lines


@command("sync")
def sync(
    ctx: typer.Context,
    report: Annotated[Path, typer.Argument(help="The revised report (UTF-8, UTF-8 with BOM or GB18030).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Print the plan; write nothing.")] = False,
    by: Annotated[str | None, typer.Option("--by", help="Who runs the sync (for the history).")] = None,
) -> None:
    """Re-import a revised report: match tasks by their source text, keep all recorded progress,
    add new items with fresh ids, mark items no longer in the report as dropped (never deleted).

    Example: lawgov sync 修订稿.txt --dry-run
    """
    from lawgov_cli.cli.state import check_lang
    from lawgov_cli.model import HistoryEntry, metric_to_toml, task_to_toml
    from lawgov_cli.plan import plan_tasks
    from lawgov_cli.report import parse_report
    from lawgov_cli.report.text import read_report_file
    from lawgov_cli.store.create import render_department_file, sha256_text
    from lawgov_cli.store.edit import FieldChange, append_tasks, apply_changes, ensure_in_tasks_dir
    from lawgov_cli.store.lock import workspace_lock
    from lawgov_cli.sync import plan_sync

    state = state_of(ctx)
    session = state.session(by)
    root = session.root
    with workspace_lock(root):
        workspace = session.workspace(fresh=True)
        lang = state.language(workspace)
        # Read after the workspace, so errors about the report are in the workspace's language.
        text = read_report_file(report)
        parsed = parse_report(text, source=str(report))
        settings = workspace.settings
        content_lang: Lang = check_lang(settings.lang or "zh")
        planned = plan_tasks(
            parsed,
            workspace.departments.values(),
            settings.due_policy,
            plan_year=settings.plan_year,
            lang=content_lang,
        )
        reason = t("sync.reason", content_lang, report=report.name)
        plan = plan_sync(workspace, planned, reason)
        for line in _describe(plan, workspace, lang):
            echo(line)
        if dry_run or plan.empty:
            if dry_run:
                echo(t("sync.dry_run", lang))
            return
        at = session.now()
        actor = session.actor
        on = session.as_of.isoformat()
        updated = t("sync.updated", content_lang, report=report.name)
        new_item = t("sync.added", content_lang, report=report.name)
        changes: dict[str, list[FieldChange]] = {}
        history: dict[str, list[HistoryEntry]] = {}

        def log(task_id: str, owner: str, old: str, new: str, note: str) -> None:
            history.setdefault(owner, []).append(HistoryEntry(at, actor, task_id, "sync", old, new, note, on))

        for update in plan.changed:
            owner = update.task.owner
            for name, value in update.fields.items():
                if name == "metrics":
                    value = [metric_to_toml(m) for m in value]  # type: ignore[attr-defined]
                changes.setdefault(owner, []).append(FieldChange(update.task.id, (name,), value))
            fields = "、".join(t(f"sync.field.{name}", content_lang) for name in update.fields)
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
        added: dict[str, list[dict[str, object]]] = {}
        for task in plan.added:
            added.setdefault(task.owner, []).append(task_to_toml(task))
            log(task.id, task.owner, "", "added", new_item)

        for owner in sorted(set(changes) | set(added) | set(history)):
            path = workspace.files.get(owner)
            if path is None:  # a department that had no tasks yet gets its file
                path = root / "tasks" / f"{owner}.toml"
                ensure_in_tasks_dir(root, path)
                from lawgov_cli.store.atomic import write_atomic

                new_tasks = [task for task in plan.added if task.owner == owner]
                write_atomic(
                    path,
                    render_department_file(
                        workspace.departments[owner], new_tasks, settings.title, content_lang
                    ),
                )
                apply_changes(path, [], history.get(owner, []))
                continue
            ensure_in_tasks_dir(root, path)
            if changes.get(owner):
                apply_changes(path, changes[owner], [] if added.get(owner) else history.get(owner, []))
            if added.get(owner):
                append_tasks(path, added[owner], history.get(owner, []))
            elif not changes.get(owner):
                apply_changes(path, [], history.get(owner, []))
        _record_source(root, str(report), sha256_text(text))
        echo(t("sync.done", lang))


def _record_source(root: Path, report: str, sha256: str) -> None:
    """lawgov.toml's [source] now names the revised report (comments kept)."""
    import tomlkit

    from lawgov_cli.store.atomic import write_atomic

    path = root / "lawgov.toml"
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    doc = tomlkit.parse(raw.decode("utf-8-sig"))
    source = doc.get("source")
    if source is None:
        source = tomlkit.table()
        doc["source"] = source
    source["path"] = report
    source["sha256"] = sha256
    data = doc.as_string().encode("utf-8")
    write_atomic(path, (b"\xef\xbb\xbf" if bom else b"") + data)
