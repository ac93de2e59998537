"""Reading a workspace: find it, read every file (through the cache), validate across files.

The pieces: :mod:`~lawgov_cli.store.tomlfile` (one TOML file, safely),
:mod:`~lawgov_cli.store.config` (``lawgov.toml``, ``departments.toml``),
:mod:`~lawgov_cli.store.department` (one department file), :mod:`~lawgov_cli.store.cache` (the
derived read cache) and :mod:`~lawgov_cli.store.index` (each file's counting index).  Every
problem is a ``LawgovError`` naming the file, and the line where it can be known.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

from lawgov_cli.errors import LawgovError, os_reason
from lawgov_cli.model import Workspace, is_valid_department_id
from lawgov_cli.store.cache import FileKey, TaskCache, file_key, racy
from lawgov_cli.store.config import (
    bad_department_id,
    departments_from_toml,
    is_mail_address,
    mail_from_toml,
    settings_from_toml,
    workflow_from_toml,
)
from lawgov_cli.store.index import Shard
from lawgov_cli.store.tomlfile import (
    _LOADS,
    MAX_TOML_BYTES,
    REGISTRY_FILE,
    TASKS_DIR,
    WORKSPACE_FILE,
    check_toml_size,
    line_of,
    merge_conflict_line,
    parse_toml,
    read_toml,
    read_toml_bytes,
    read_toml_text,
)

__all__ = [  # what commands import from here; each lives in the module named above
    "MAX_TOML_BYTES",
    "REGISTRY_FILE",
    "TASKS_DIR",
    "WORKSPACE_FILE",
    "_LOADS",
    "bad_department_id",
    "check_toml_size",
    "departments_from_toml",
    "env_dir",
    "find_workspace",
    "is_mail_address",
    "line_of",
    "load_workspace",
    "mail_from_toml",
    "merge_conflict_line",
    "parse_toml",
    "read_toml",
    "read_toml_bytes",
    "read_toml_text",
    "removed_department_error",
    "settings_from_toml",
    "workflow_from_toml",
]


def find_workspace(explicit: Path | None = None, start: Path | None = None) -> Path:
    """The workspace root: ``explicit`` (``--dir``/``$LAWGOV_DIR``), else the nearest folder upward
    holding ``lawgov.toml``, else ``./checklists``."""
    if explicit is not None:
        if not (explicit / WORKSPACE_FILE).is_file():
            raise LawgovError("err.no_workspace", where=str(explicit))
        return explicit
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / WORKSPACE_FILE).is_file():
            return folder
    fallback = here / "checklists"
    if (fallback / WORKSPACE_FILE).is_file():
        return fallback
    raise LawgovError("err.no_workspace", where=f"{here} {'/'.join(['..'] * 1)}…, ./checklists")


def load_workspace(
    root: Path, *, detail: bool = True, save_cache: bool = True, write_cache: bool = True
) -> Workspace:
    """Load and validate the whole workspace: settings, registry, every department file.

    A change of several files interrupted by a kill is completed first, and a change committed
    while this read was under way makes it read again, so a reader sees all of a multi-file
    change or none of it (see :mod:`lawgov_cli.store.transaction`).
    """
    from lawgov_cli.store.transaction import generation, settle

    for _ in range(5):
        settle(root)
        before = generation(root)
        workspace = _load_once(root, detail=detail, save_cache=save_cache, write_cache=write_cache)
        if generation(root) == before:
            return workspace
    from lawgov_cli.store.lock import workspace_lock

    with workspace_lock(root):  # writers keep committing: read once while none can
        return _load_once(root, detail=detail, save_cache=save_cache, write_cache=write_cache)


def _load_once(root: Path, *, detail: bool, save_cache: bool, write_cache: bool = True) -> Workspace:
    """One pass of :func:`load_workspace`, with the cyclic garbage collector paused: a read builds
    hundreds of thousands of objects and no cycles, and each collection would walk them all."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_once(root, detail=detail, save_cache=save_cache, write_cache=write_cache)
    finally:
        if was_enabled:
            gc.enable()


def _read_once(root: Path, *, detail: bool, save_cache: bool, write_cache: bool = True) -> Workspace:
    """One pass of :func:`load_workspace`.

    Department files unchanged since the last read come from the cache (see ``store.cache``)
    and their tasks are materialised only when used; the checks across files (unique ids,
    known owners) run on every load.  ``detail=False`` (commands that only count) keeps just the
    index of files it had to parse; tasks are complete whenever they are materialised.
    ``save_cache=False`` (commands about to rewrite a file) skips writing the cache when just one
    file had to be parsed, since the edit makes that entry stale at once.  ``write_cache=False``
    (``sync --dry-run``) reads the cache but writes nothing at all.
    """
    settings = settings_from_toml(read_toml(root / WORKSPACE_FILE), root / WORKSPACE_FILE)
    registry_path = root / REGISTRY_FILE
    registry_text = read_toml_text(registry_path)
    departments = departments_from_toml(
        parse_toml(registry_text, registry_path), registry_path, registry_text
    )
    shards: list[Shard] = []
    keys: list[tuple[str, tuple[int, int, int, int]]] = []
    keys_checked: list[tuple[str, tuple[int, int, int, int]] | None] = []
    tasks_dir = root / TASKS_DIR
    # Editor lock and resource-fork files (Emacs ".#x.toml", macOS "._x.toml") are not data.
    paths = _department_files(tasks_dir) if tasks_dir.is_dir() else []
    cache = TaskCache.open(root, writable=write_cache)
    removed: dict[str, list[str]] = {}
    # A fresh clone or a pull that changed many files: parse them in worker processes first
    # (store/parallel.py); the loop below then takes their results in file order, and parses
    # in-process whatever they did not deliver, so every error is raised as it always was.
    prefetched = _prefetch(cache, paths)
    for path in paths:
        stem = path.stem
        if not is_valid_department_id(stem):
            raise bad_department_id(path, stem)
        if stem not in departments:
            removed[stem] = _removed_department(path, stem)
        try:
            key = file_key(path.stat())
        except OSError as exc:
            raise LawgovError("err.file_unreadable", path=path, reason=os_reason(exc)) from None
        previous = cache.cached_ids(path.name)
        entry = prefetched.pop(path.name, None)
        shard = cache.adopt(path.name, key, path, entry) if entry is not None else cache.get(path.name, key, path)
        before_key: tuple[int, int, int, int] | None = key
        if entry is not None and shard is not None:
            before_key = previous[0] if previous is not None and previous[1] == shard.joined_ids() else None
        elif shard is None:
            from lawgov_cli.store.department import load_owned  # a cache miss only

            file_tasks, history = load_owned(path, stem)
            shard = Shard.from_tasks(stem, path, file_tasks, history)
            # The same ids as when last cached (a status ticked, a note added): the uniqueness
            # checked then still holds for this file.
            before_key = previous[0] if previous is not None and previous[1] == shard.joined_ids() else None
            cache.put(path.name, key, shard, file_tasks, history)
            if not detail:
                # Counting commands keep only the index: 100,000 built tasks would cost ~200 MB.
                shard.release(cache.loader(path.name, key, path))
        keys.append((path.name, key))
        keys_checked.append((path.name, before_key) if before_key is not None else None)
        unknown = sorted(co for co in shard.co_owners if co not in departments)
        if unknown:
            task = next(t for t in shard.tasks if unknown[0] in t.co_owners)
            line = line_of(read_toml_text(path), task.id, "co_owners")
            named = [d.id for d in departments.values() if unknown[0] in (d.name, *d.aliases)]
            if len(named) == 1:  # a Chinese name where the id goes: say which id
                raise LawgovError(
                    "err.owner_named", path=path, line=line, id=task.id, owner=unknown[0], meant=named[0]
                )
            raise LawgovError("err.unknown_owner", path=path, line=line, id=task.id, owner=unknown[0])
        shards.append(shard)
    # Ids unique across files: checked whenever any file changed since the last check, unless
    # every file that changed kept its ids (the check then was of the same ids).
    fingerprint = cache.fingerprint(keys)
    unchanged_ids = (
        None not in keys_checked
        and cache.fingerprint([k for k in keys_checked if k is not None]) == cache.verified
    )
    if (fingerprint != cache.verified and not unchanged_ids) or not cache.enabled:
        seen: set[str] = set()
        for position, shard in enumerate(shards):
            before = len(seen)
            seen.update(shard.ids)
            if len(seen) != before + len(shard):
                _raise_duplicate(shards[:position], shard)
        cache.mark_verified(fingerprint)
    elif fingerprint != cache.verified:
        cache.mark_verified(fingerprint)
    # An edit command skips the write when only one file was stale (the one it is about to make
    # stale again); after a fresh clone or a pull it still builds the cache for everyone.
    if save_cache or cache.parsed > 1:
        cache.save()
    workspace = Workspace(root=root, settings=settings, departments=departments, shards=shards)
    workspace.removed = removed
    return workspace


def _prefetch(cache: TaskCache, paths: list[Path]) -> dict[str, Any]:
    """Index entries of the files the cache lacks, parsed by worker processes when there are
    enough of them (:func:`lawgov_cli.store.parallel.parse_in_workers`); else nothing."""
    if not cache.enabled or not cache.writable:
        return {}
    stale: list[tuple[str, FileKey]] = []
    size = 0
    for path in paths:
        stem = path.stem
        if not is_valid_department_id(stem):
            continue  # the loop raises it, in its turn
        try:
            key = file_key(path.stat())
        except OSError:
            continue
        if cache.fresh(path.name, key) or racy(key):
            continue
        stale.append((path.name, key))
        size += key[0]
    if not stale:
        return {}
    from lawgov_cli.store.parallel import parse_in_workers, worker_count

    workers = worker_count(len(stale), size)
    if workers < 2:
        return {}
    return parse_in_workers(cache, stale, workers)


def _department_files(tasks_dir: Path) -> list[Path]:
    """``tasks/*.toml`` sorted by name (names in one folder sort as their paths do, and comparing
    500 Path objects costs ~10 ms); an unreadable folder is an error, never an empty workspace."""
    try:
        with os.scandir(tasks_dir) as entries:
            names = sorted(
                entry.name
                for entry in entries
                if entry.name.endswith(".toml") and not entry.name.startswith((".#", "._"))
            )
    except OSError as exc:
        raise LawgovError("err.file_unreadable", path=tasks_dir, reason=os_reason(exc)) from None
    return [tasks_dir / name for name in names]


def _removed_department(path: Path, dept: str) -> list[str]:
    """The ids of the tasks in the file of a department the registry no longer lists (deleted
    from departments.toml): the workspace still reads, ``check`` names them as tasks to give to
    another department (``lawgov assign``); once emptied, the file is to be deleted (until then,
    like any file in ``tasks/`` of no registered department, it is an error naming it)."""
    try:
        from lawgov_cli.store.department import load_department_file

        _, tasks, _ = load_department_file(path, expected=dept)
    except LawgovError:  # not a department file at all (a stray or linked file): name it as such
        raise LawgovError("err.unknown_department", path=path, dept=dept, hint=[]) from None
    if not tasks:  # nothing left to reassign: the file itself is what is wrong
        raise LawgovError("err.unknown_department", path=path, dept=dept, hint=[])
    return [task.id for task in tasks]


def removed_department_error(workspace: Workspace) -> LawgovError | None:
    """The one-line error ``check`` reports for a department deleted while it still owns tasks."""
    for dept, ids in sorted(workspace.removed.items()):
        shown = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
        return LawgovError(
            "err.dept_removed", path=workspace.root / REGISTRY_FILE, dept=dept, count=len(ids), ids=shown
        )
    return None


def _raise_duplicate(earlier: list[Shard], shard: Shard) -> None:
    """Name the first id of ``shard`` seen before (in its own file or an earlier one)."""
    owners: dict[str, Path] = {}
    for other in earlier:
        for task_id in other.ids:
            owners.setdefault(task_id, other.path)
    for task_id in shard.ids:
        if task_id in owners:
            line = line_of(read_toml_text(shard.path), task_id)
            raise LawgovError(
                "err.duplicate_id", path=shard.path, line=line, id=task_id, other=str(owners[task_id])
            )
        owners[task_id] = shard.path
    raise AssertionError("no duplicate found")  # pragma: no cover - the sizes said there was one


def env_dir() -> Path | None:
    value = os.environ.get("LAWGOV_DIR")
    return Path(value) if value else None
