"""One department file (``tasks/<id>.toml``): read its tasks and history, change it under the
workspace lock.

Reading uses the fast parser (:mod:`lawgov_cli.store.tomlfile`); changing goes through the
layout-preserving patcher with read-back verification (:mod:`lawgov_cli.store.patch`), imported
only by the functions that write, so the read path (``status``) never loads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import HistoryEntry, Task, is_valid_department_id
from lawgov_cli.store.config import bad_department_id
from lawgov_cli.store.tomlfile import check_schema, line_of, parse_toml, read_toml_text
from lawgov_cli.toml_records import history_from_toml, task_from_toml

if TYPE_CHECKING:
    from lawgov_cli.store.patch import FieldChange


def load_department_file(path: Path, expected: str | None = None) -> tuple[str, list[Task], str]:
    """(department id, tasks, text) of one ``tasks/<id>.toml``; each task validated."""
    department, tasks, text, _ = load_department(path, expected)
    return department, tasks, text


def load_department(
    path: Path, expected: str | None = None
) -> tuple[str, list[Task], str, list[HistoryEntry]]:
    """(department id, tasks, text, history) of one ``tasks/<id>.toml``; each task validated."""
    text = read_toml_text(path)
    doc = parse_toml(text, path)
    check_schema(doc, path)
    department = doc.get("department", expected)
    if not isinstance(department, str) or not is_valid_department_id(department):
        raise bad_department_id(path, department)
    if expected is not None and department != expected:
        raise LawgovError("err.file_department_mismatch", path=path, department=department, expected=expected)
    raw_tasks = doc.get("tasks", [])
    if not isinstance(raw_tasks, list):
        raise LawgovError("err.bad_field", path=path, field="tasks", problem="problem.tasks_tables")
    tasks = []
    for raw in raw_tasks:
        try:
            tasks.append(task_from_toml(raw))
        except LawgovError as exc:
            task_id = raw.get("id") if isinstance(raw, dict) else None
            line = line_of(text, task_id, _key_of(exc, task_id)) if isinstance(task_id, str) else None
            raise LawgovError(exc.key, path=path, line=line, **exc.params) from None
    return department, tasks, text, history_from_toml(doc.get("history", []))


_KEY_OF_ERROR = {"err.unknown_status": "status", "err.unknown_kind": "kind", "err.unknown_repeat": "repeat"}


def _key_of(error: LawgovError, task_id: str) -> str | None:
    """The key of the task's table an error is about (``M1.3.due`` -> ``due``), to point at its line."""
    if error.key in _KEY_OF_ERROR:
        return _KEY_OF_ERROR[error.key]
    field = error.params.get("field")
    if not isinstance(field, str):
        return None
    if field in ("status", "kind", "repeat"):  # err.field_word
        return field
    return field.removeprefix(f"{task_id}.").split(".")[0] if field.startswith(f"{task_id}.") else None


def load_owned(path: Path, dept: str) -> tuple[list[Task], list[HistoryEntry]]:
    """(tasks, history) of the department file of ``dept``, every task checked to belong to it
    (what a read of the workspace parses for a file the cache does not hold)."""
    _, tasks, text, history = load_department(path, expected=dept)
    for task in tasks:
        # Within one file these never change without the file changing: checked once.
        if task.owner != dept:
            raise LawgovError(
                "err.wrong_file",
                path=path,
                line=line_of(text, task.id, "owner"),
                id=task.id,
                owner=task.owner,
                department=dept,
            )
    return tasks, history


def apply_changes(path: Path, changes: Sequence[FieldChange], history: Sequence[HistoryEntry]) -> None:
    """Apply ``changes`` to the department file ``path``, append ``history``, and replace it atomically.

    Everything not changed keeps its exact bytes.  The caller holds the workspace lock (see
    :func:`edit_department_file`).  Raises ``LawgovError`` for an unknown task id, a missing
    metric, a file that is not valid TOML, or a failed write; in every case the file is untouched.

    >>> apply_changes(Path("tasks/sifaju.toml"),
    ...               [FieldChange("M6.3", ("status",), "done")], [])  # doctest: +SKIP
    """
    from lawgov_cli.store.atomic import write_atomic
    from lawgov_cli.store.patch import edited_bytes

    before, after = edited_bytes(path, changes, history)
    if after != before:
        write_atomic(path, after)


def ensure_in_tasks_dir(root: Path, path: Path) -> None:
    """Raise unless ``path`` resolves to a file inside the workspace's own ``tasks/`` folder.

    ``tasks/`` itself must be a real folder directly in the workspace (a symbolic link to a folder
    elsewhere is refused: ``err.symlinked_tasks``); the file must resolve inside it (symbolic links
    and ``..`` followed: ``err.unsafe_path``).  So no edit can leave the workspace.
    """
    tasks = root / "tasks"
    if tasks.is_symlink() or not tasks.is_dir() or tasks.resolve() != root.resolve() / "tasks":
        raise LawgovError("err.symlinked_tasks", what=str(tasks))
    tasks_dir = tasks.resolve()
    target = path.resolve()
    if target == tasks_dir or not target.is_relative_to(tasks_dir):
        raise LawgovError("err.unsafe_path", what="file", value=str(path))


def ensure_in_workspace(root: Path, path: Path) -> None:
    """Raise ``err.symlinked_tasks`` unless ``path`` (links followed) lies inside the workspace."""
    if not path.resolve().is_relative_to(root.resolve()):
        raise LawgovError("err.symlinked_tasks", what=str(path))


def edit_department_file(
    root: Path,
    path: Path,
    changes: Sequence[FieldChange],
    history: Sequence[HistoryEntry],
    timeout: float | None = None,
) -> None:
    """Lock the workspace at ``root`` and :func:`apply_changes` to its department file ``path``.

    This is what commands that change tasks call.  ``path`` must lie inside ``root/tasks``.

    >>> edit_department_file(Path("checklists"), Path("checklists/tasks/sifaju.toml"),
    ...     [FieldChange("M6.3", ("status",), "done"), FieldChange("M6.3", ("done_on",), date(2024, 3, 5))],
    ...     [HistoryEntry("2024-03-05T09:12:00+08:00", "张三", "M6.3", "done", "todo", "done")],
    ... )  # doctest: +SKIP
    """
    from lawgov_cli.store.lock import workspace_lock

    ensure_in_tasks_dir(root, path)
    with workspace_lock(root, timeout):
        ensure_in_tasks_dir(root, path)  # a symlink swapped while we waited must not redirect us
        apply_changes(path, changes, history)


def read_history(path: Path) -> list[HistoryEntry]:
    """The ``[[history]]`` entries of a department file, in file order.

    An entry without ``at``, ``task`` or ``action`` (or with a value that is not text, a number
    or a date) is skipped rather than failing the whole log; a file that is not TOML raises.
    """
    from lawgov_cli.store.patch import read_source

    source = read_source(path)
    return history_from_toml(parse_toml(source.text, path).get("history", []))


def append_tasks(path: Path, tables: Sequence[dict[str, Any]], history: Sequence[HistoryEntry]) -> None:
    """Add new ``[[tasks]]`` tables to a department file and append ``history``, atomically.

    The caller holds the workspace lock.  See :func:`appended_bytes`.
    """
    from lawgov_cli.store.atomic import write_atomic
    from lawgov_cli.store.patch import appended_bytes, read_source

    source = read_source(path)
    write_atomic(path, appended_bytes(path, source.raw, tables, history))
