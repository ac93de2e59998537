"""Writing a new workspace (``lawgov init``): every file rendered in memory first, then written.

New files are written with tomli-w (fast, deterministic); edits to existing files go through
:mod:`lawgov_cli.store.edit` so hand comments survive.  The output is a pure function of the
inputs: running ``init`` twice on the same report gives byte-identical files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import SCHEMA, Department, DuePolicy, Settings, Task, task_to_toml
from lawgov_cli.store.atomic import write_atomic
from lawgov_cli.store.load import REGISTRY_FILE, TASKS_DIR, WORKSPACE_FILE

GITIGNORE = (
    "# lawgov runtime files: the write lock, the derived read cache, the journal of multi-file\n"
    "# changes, temp and staged files of interrupted writes\n"
    ".lawgov.lock\n.lawgov-cache/\n.lawgov-journal\n.*.tmp\n.*.new\n"
)


@dataclass(frozen=True, slots=True)
class WorkspaceFiles:
    """Relative path -> content of every file a new workspace consists of."""

    files: dict[str, bytes]


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render_settings(settings: Settings, lang: Lang) -> bytes:
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "title": settings.title,
        "region": settings.region,
        "plan_year": settings.plan_year,
        "lang": settings.lang,
        "timezone": settings.timezone,
        "due_soon_days": settings.due_soon_days,
        "source": {"path": settings.source_path, "sha256": settings.source_sha256},
        "due_policy": {kind: getattr(settings.due_policy, kind) for kind in DuePolicy.__slots__},
    }
    header = t("file.settings_header", lang)
    return (header + tomli_w.dumps(doc)).encode("utf-8")


def render_registry(departments: list[Department], header: str) -> bytes:
    entries = []
    for dept in departments:
        entry: dict[str, Any] = {
            "id": dept.id,
            "name": dept.name,
            "aliases": dept.aliases,
            "keywords": dept.keywords,
        }
        if dept.lead:
            entry["lead"] = True
        if dept.kinds:
            entry["kinds"] = dept.kinds
        entries.append(entry)
    return (header + tomli_w.dumps({"schema": SCHEMA, "departments": entries})).encode("utf-8")


def render_department_file(dept: Department, tasks: list[Task], title: str, lang: Lang) -> bytes:
    header = t("file.tasks_header", lang, name=dept.name, title=title)
    body = tomli_w.dumps(
        {"schema": SCHEMA, "department": dept.id, "tasks": [task_to_toml(task) for task in tasks]},
        multiline_strings=False,
    )
    return (header + body).encode("utf-8")


def render_workspace(
    settings: Settings, departments: list[Department], tasks: list[Task], registry_header: str, lang: Lang
) -> WorkspaceFiles:
    files = {
        WORKSPACE_FILE: render_settings(settings, lang),
        REGISTRY_FILE: render_registry(departments, registry_header),
        ".gitignore": GITIGNORE.encode("utf-8"),
    }
    for dept in departments:
        owned = [task for task in tasks if task.owner == dept.id]
        if owned:
            files[f"{TASKS_DIR}/{dept.id}.toml"] = render_department_file(dept, owned, settings.title, lang)
    return WorkspaceFiles(files)


def existing_workspace(root: Path) -> bool:
    return (root / WORKSPACE_FILE).exists() or (root / TASKS_DIR).exists()


def write_workspace(root: Path, workspace: WorkspaceFiles, *, force: bool) -> None:
    """Write every file atomically; without ``force`` refuse a folder that already holds a workspace
    or anything else."""
    if root.exists() and not root.is_dir():
        raise LawgovError("err.file_unreadable", path=root, reason="not a directory")
    if not force:
        if existing_workspace(root):
            raise LawgovError("err.workspace_exists", path=str(root))
        if root.exists() and any(root.iterdir()):
            raise LawgovError("err.dir_not_empty", path=str(root))
    try:
        (root / TASKS_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LawgovError("err.write_failed", path=root, reason=exc.strerror or str(exc)) from None
    from lawgov_cli.store.lock import workspace_lock

    # Overwriting a workspace someone may be ticking in: take its lock like every other writer.
    with workspace_lock(root):
        _write_files(root, workspace, force=force)


def _write_files(root: Path, workspace: WorkspaceFiles, *, force: bool) -> None:
    for relative, content in sorted(workspace.files.items()):
        write_atomic(root / relative, content)
    if force:
        # A forced re-init with a smaller registry must not leave department files behind that
        # would no longer load.
        keep = {Path(name).name for name in workspace.files if name.startswith(TASKS_DIR + "/")}
        for stale in (root / TASKS_DIR).glob("*.toml"):
            if stale.name not in keep:
                stale.unlink()
