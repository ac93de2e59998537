"""Writing a new workspace (``lawgov init``): every file rendered in memory first, then written.

New files are written with tomli-w (fast, deterministic); edits to existing files go through
:mod:`lawgov_cli.store.edit` so hand comments survive.  The output is a pure function of the
inputs: running ``init`` twice on the same report gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from lawgov_cli.errors import LawgovError, os_reason
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import SCHEMA, Department, DuePolicy, HistoryEntry, Settings, Task
from lawgov_cli.store.atomic import write_atomic
from lawgov_cli.store.tomlfile import REGISTRY_FILE, TASKS_DIR, WORKSPACE_FILE
from lawgov_cli.toml_records import HISTORY_KEYS, history_table, task_to_toml

GITIGNORE = (
    "# lawgov runtime files: the write lock, the derived read cache, the journal of multi-file\n"
    "# changes, temp and staged files of interrupted writes, and the reminders' send log (local\n"
    "# state of the machine that sends)\n"
    ".lawgov.lock\n.lawgov-cache\n.lawgov-journal\n.*.tmp\n.*.new\n.lawgov-sent.toml\n"
)


@dataclass(frozen=True, slots=True)
class WorkspaceFiles:
    """Relative path -> content of every file a new workspace consists of."""

    files: dict[str, bytes]


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render_settings(settings: Settings, lang: Lang, day_names: dict[date, str] | None = None) -> bytes:
    """``lawgov.toml``; ``[calendar]`` last, when it holds any day (``day_names``: the holiday each
    day belongs to, written as comments)."""
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
    text = header + tomli_w.dumps(doc)
    if settings.calendar.kept:
        from lawgov_cli.holidays import calendar_toml

        text += "\n" + calendar_toml(settings.calendar, day_names or {}, t("file.calendar_header", lang))
    return text.encode("utf-8")


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


def render_department_file(
    dept: Department, tasks: list[Task], title: str, lang: Lang, history: list[HistoryEntry] | None = None
) -> bytes:
    header = t("file.tasks_header", lang, name=dept.name, title=title)
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "department": dept.id,
        "tasks": [task_to_toml(task) for task in tasks],
    }
    if history:
        doc["history"] = [{key: str(getattr(entry, key)) for key in HISTORY_KEYS} for entry in history]
    body = tomli_w.dumps(doc, multiline_strings=False)
    return (header + body).encode("utf-8")


def render_workspace(
    settings: Settings,
    departments: list[Department],
    tasks: list[Task],
    registry_header: str,
    lang: Lang,
    *,
    registry: bytes | None = None,
    history: list[HistoryEntry] | None = None,
    day_names: dict[date, str] | None = None,
) -> WorkspaceFiles:
    """Every file of a new workspace.  ``registry``: an existing ``departments.toml`` kept byte for
    byte (the office's own, or last year's with its hand edits); ``history``: entries to start the
    department files with (``carry`` entries of a carried-over workspace)."""
    files = {
        WORKSPACE_FILE: render_settings(settings, lang, day_names),
        REGISTRY_FILE: registry if registry is not None else render_registry(departments, registry_header),
        ".gitignore": GITIGNORE.encode("utf-8"),
    }
    for dept in departments:
        owned = [task for task in tasks if task.owner == dept.id]
        if owned:
            entries = [entry for entry in history or [] if entry.task in {task.id for task in owned}]
            files[f"{TASKS_DIR}/{dept.id}.toml"] = render_department_file(
                dept, owned, settings.title, lang, entries
            )
    return WorkspaceFiles(files)


def existing_workspace(root: Path) -> bool:
    return (root / WORKSPACE_FILE).exists() or (root / TASKS_DIR).exists()


@dataclass(frozen=True, slots=True)
class Progress:
    """What a workspace has recorded: what ``init --force`` would wipe."""

    history: int = 0
    started: int = 0
    ticks: int = 0

    @property
    def any(self) -> bool:
        return bool(self.history or self.started or self.ticks)


def recorded_progress(root: Path) -> Progress:
    """History entries, tasks started or done, and ticked periods in ``root/tasks/*.toml``.

    Read leniently: a file that does not parse counts one history entry, so that ``--force``
    never wipes what it could not read.
    """
    from lawgov_cli.store.tomlfile import _LOADS, read_toml_text

    history = started = ticks = 0
    folder = root / TASKS_DIR
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            doc = _LOADS(read_toml_text(path))
        except (LawgovError, ValueError):
            history += 1
            continue
        entries = doc.get("history", [])
        history += len(entries) if isinstance(entries, list) else 0
        for task in doc.get("tasks", []) if isinstance(doc.get("tasks"), list) else []:
            if not isinstance(task, dict):
                continue
            if task.get("status") in ("doing", "done"):
                started += 1
            periods = task.get("periods")
            ticks += len(periods) if isinstance(periods, dict) else 0
    return Progress(history, started, ticks)


def check_force(root: Path, workspace: WorkspaceFiles, *, keep_registry: bool) -> None:
    """What ``init --force`` must refuse: wiping recorded progress, or a hand-edited registry."""
    progress = recorded_progress(root)
    if progress.any:
        raise LawgovError(
            "err.init_would_lose_progress",
            folder=str(root),
            history=progress.history,
            started=progress.started,
            ticks=progress.ticks,
        )
    registry = root / REGISTRY_FILE
    if not keep_registry and registry.is_file():
        try:
            current = registry.read_bytes()
        except OSError:
            current = b""
        if _without_header(current) != _without_header(workspace.files[REGISTRY_FILE]):
            raise LawgovError("err.registry_edited", file=str(registry))


def _without_header(data: bytes) -> bytes:
    """A registry without the comment lines ``init`` writes on top (they follow ``--lang``)."""
    lines = data.replace(b"\r\n", b"\n").split(b"\n")
    while lines and (lines[0].startswith(b"#") or not lines[0].strip()):
        lines.pop(0)
    return b"\n".join(lines)


def _kill_point(name: str) -> None:
    """Tests only: ``LAWGOV_TEST_POINT=init.swap:kill`` for ``init:swap`` (see
    :mod:`lawgov_cli.testpoint`)."""
    from lawgov_cli.testpoint import reached

    reached(name.replace(":", "."))


_STAGING = ".lawgov-init-"


def write_workspace(
    root: Path, workspace: WorkspaceFiles, *, force: bool, keep_registry: bool = False
) -> None:
    """Write a new workspace so that an interrupted ``init`` never leaves a half-written one that loads.

    Every file is first written into a folder beside ``root`` (``.<name>.lawgov-init-<pid>``),
    ``lawgov.toml`` last; a failure there leaves ``root`` as it was.  A new folder is then
    renamed into place.  Into an existing folder (empty, or a workspace with ``--force``) the
    old ``lawgov.toml`` is moved aside, the new files moved in, and the new ``lawgov.toml``
    last: killed in between, the folder has no ``lawgov.toml`` and is not a workspace.  Without ``force`` a
    folder that already holds a workspace or anything else is refused; with it, recorded
    progress or a hand-edited registry is refused (see :func:`check_force`).
    """
    if root.exists() and not root.is_dir():
        raise LawgovError("err.init_not_a_folder", path=root)
    occupied = root.exists() and any(root.iterdir())
    if not force:
        if existing_workspace(root):
            raise LawgovError("err.workspace_exists", path=str(root))
        if occupied:
            raise LawgovError("err.dir_not_empty", path=str(root))
    if not root.exists():
        staging = _stage(root, workspace)
        try:
            os.rename(staging, root)  # atomic: the folder appears complete or not at all
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise LawgovError("err.write_failed", path=root, reason=os_reason(exc)) from None
        return
    if not occupied:
        # An empty folder (perhaps the shell's current one) is filled, not replaced.
        staging = _stage(root, workspace)
        try:
            _swap_in(root, staging, workspace)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return
    from lawgov_cli.store.lock import workspace_lock

    # Overwriting a workspace someone may be ticking in: take its lock like every other writer.
    with workspace_lock(root):
        check_force(root, workspace, keep_registry=keep_registry)
        staging = _stage(root, workspace)
        try:
            _swap_in(root, staging, workspace)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _stage(root: Path, workspace: WorkspaceFiles) -> Path:
    """The complete new workspace in a hidden folder beside ``root``."""
    full = Path(os.path.abspath(root))  # "." and "a/.." have a name here
    parent = full.parent
    staging = parent / f".{full.name}{_STAGING}{os.getpid()}"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_dead_leftovers(parent, f".{full.name}{_STAGING}")
        if staging.exists():
            shutil.rmtree(staging)
        (staging / TASKS_DIR).mkdir(parents=True)
        _write_files(staging, workspace)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise LawgovError("err.write_failed", path=root, reason=os_reason(exc)) from None
    except LawgovError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _remove_dead_leftovers(folder: Path, prefix: str) -> None:
    """What an ``init`` that was killed left (its process is gone) is removed."""
    for leftover in folder.glob(f"{prefix}*"):
        pid_text = leftover.name.rsplit("-", 1)[-1]
        if not pid_text.isdigit() or leftover.is_symlink():
            continue
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        except OSError:
            continue


_ASIDE = f".{WORKSPACE_FILE}.replaced-"


def _swap_in(root: Path, staging: Path, workspace: WorkspaceFiles) -> None:
    settings = root / WORKSPACE_FILE
    aside = root / f"{_ASIDE}{os.getpid()}"
    try:
        _remove_dead_leftovers(root, _ASIDE)
        if settings.exists():
            os.rename(settings, aside)  # from here on the folder is not a workspace
        _kill_point("init:swap")
        (root / TASKS_DIR).mkdir(parents=True, exist_ok=True)
        # A forced re-init with a smaller registry must not leave department files behind that
        # would no longer load.
        keep = {Path(name).name for name in workspace.files if name.startswith(TASKS_DIR + "/")}
        for stale in (root / TASKS_DIR).glob("*.toml"):
            if stale.name not in keep:
                stale.unlink()
        for relative in sorted(name for name in workspace.files if name != WORKSPACE_FILE):
            os.rename(staging / relative, root / relative)
        os.rename(staging / WORKSPACE_FILE, settings)
        aside.unlink(missing_ok=True)
    except OSError as exc:
        if aside.exists() and not settings.exists():
            os.rename(aside, settings)
        raise LawgovError("err.write_failed", path=root, reason=os_reason(exc)) from None


def _write_files(root: Path, workspace: WorkspaceFiles) -> None:
    """Every file, ``lawgov.toml`` last: a folder without it is not a workspace."""
    names = sorted(name for name in workspace.files if name != WORKSPACE_FILE)
    for index, relative in enumerate(names):
        write_atomic(root / relative, workspace.files[relative])
        if index == 0:
            _kill_point("init:first-file")
    _kill_point("init:before-settings")
    write_atomic(root / WORKSPACE_FILE, workspace.files[WORKSPACE_FILE])
    _kill_point("init:before-rename")


def new_department_file(
    dept: Department, tables: list[dict[str, Any]], history: list[HistoryEntry], title: str, lang: Lang
) -> bytes:
    """A department file that does not exist yet, holding ``tables`` and their ``history``
    (``lawgov add`` / ``assign`` to a department without tasks so far), read back before use."""
    import tomllib

    header = t("file.tasks_header", lang, name=dept.name, title=title)
    doc: dict[str, Any] = {"schema": SCHEMA, "department": dept.id, "tasks": tables}
    text = header + tomli_w.dumps(doc, multiline_strings=False)
    if history:
        text += "\n" + tomli_w.dumps({"history": [history_table(h) for h in history]})
    if tomllib.loads(text).get("tasks") != tables:  # pragma: no cover - tomli-w round-trips
        raise LawgovError("err.edit_unsafe", path=f"{TASKS_DIR}/{dept.id}.toml", reason="new file")
    return text.encode("utf-8")
