"""Reading a workspace: find it, parse its TOML, validate across files.

The read path uses the stdlib ``tomllib`` (fast, no formatting kept); edits go through
:mod:`lawgov_cli.store.edit`, which keeps comments.  Every problem is a ``LawgovError`` naming
the file, and the line where it can be known.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lawgov_cli.errors import LawgovError
from lawgov_cli.fileio import read_regular, too_large
from lawgov_cli.model import (
    SCHEMA,
    WEBHOOK_KINDS,
    WINDOWS_RESERVED_NAMES,
    Department,
    DuePolicy,
    HistoryEntry,
    MailSettings,
    Settings,
    Task,
    Workflow,
    Workspace,
    is_valid_department_id,
    task_from_toml,
)
from lawgov_cli.store.index import Shard

WORKSPACE_FILE = "lawgov.toml"
REGISTRY_FILE = "departments.toml"
TASKS_DIR = "tasks"
MAX_TOML_BYTES = 32 * 1024 * 1024
"""A department file of a city-wide workspace is a few MB; anything over 32 MB is refused unread."""

try:  # the compiled tomli wheel parses ~3x faster than the stdlib; same API and errors
    from tomli import loads as _LOADS
except ImportError:  # pragma: no cover - tomli is a dependency, but reading must never need it
    from tomllib import loads as _LOADS
# Both parsers' TOMLDecodeError are ValueErrors: the stdlib's is not imported just to name it.

__all__ = [
    "_LOADS",
    "find_workspace",
    "load_department_file",
    "load_workspace",
    "read_toml",
    "read_toml_text",
]

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
# A line git writes around both sides of a conflict (``diff3`` style adds the ``|||||||`` one).
_CONFLICT_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?:[ \t][^\n]*)?\r?$", re.MULTILINE)


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


def check_toml_size(path: Path, size: int) -> None:
    """Refuse a TOML file over ``MAX_TOML_BYTES`` before reading it."""
    if size > MAX_TOML_BYTES:
        raise too_large("err.file_too_large", path, size, MAX_TOML_BYTES)


def _too_large(path: Path) -> Callable[[int], LawgovError]:
    return lambda size: too_large("err.file_too_large", path, size, MAX_TOML_BYTES)


def read_toml_bytes(path: Path) -> bytes:
    """The bytes of a TOML file: a regular file (never a device, FIFO or socket), size-limited."""
    return read_regular(path, MAX_TOML_BYTES, _too_large(path))


def read_toml_text(path: Path) -> str:
    """The text of a TOML file: size-limited, UTF-8 (a BOM is dropped), CRLF accepted."""
    data = read_toml_bytes(path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise LawgovError("err.not_text", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LawgovError("err.not_utf8", path=path, line=line) from None


def merge_conflict_line(text: str) -> tuple[int, str] | None:
    """(line, marker) of the first git conflict marker in ``text``, preferring ``<<<<<<<``; or None.

    >>> merge_conflict_line("a = 1\\n<<<<<<< HEAD\\nb = 2\\n=======\\nb = 3\\n>>>>>>> main\\n")
    (2, '<<<<<<<')
    """
    markers = list(_CONFLICT_MARKER.finditer(text))
    if not markers:
        return None
    first = next((m for m in markers if m.group(1).startswith("<")), markers[0])
    return text.count("\n", 0, first.start()) + 1, first.group(1)


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """``tomllib.loads`` with errors as ``LawgovError`` at ``file:line:column``.

    A file that does not parse because it still holds git conflict markers (two clones changed
    the same lines and ``git pull`` could not merge them) gets ``err.merge_conflict`` at the
    first marker instead of a TOML syntax error.
    """
    try:
        doc: dict[str, Any] = _LOADS(text)
    except (ValueError, RecursionError) as exc:
        conflict = merge_conflict_line(text)
        if conflict is not None:
            line, marker = conflict
            raise LawgovError(
                "err.merge_conflict", path=path, line=line, marker=marker, marker_line=line
            ) from None
        if isinstance(exc, RecursionError):
            raise LawgovError("err.bad_toml", path=path, reason="nested too deeply") from None
        message = str(exc)
        position = _TOML_POSITION.search(message)
        reason = _TOML_POSITION.sub("", message).strip()
        if position:
            raise LawgovError(
                "err.bad_toml",
                path=path,
                line=int(position.group(1)),
                column=int(position.group(2)),
                reason=reason,
            ) from None
        raise LawgovError("err.bad_toml", path=path, reason=reason) from None
    # Markers that landed inside a multi-line string parse fine but are a merge left half done:
    # a ``<<<<<<<`` line followed by a ``>>>>>>>`` line is never note text.
    if "<<<<<<<" in text:
        opening = _complete_conflict(text)
        if opening is not None:
            raise LawgovError(
                "err.merge_conflict", path=path, line=opening, marker="<<<<<<<", marker_line=opening
            )
    return doc


def _complete_conflict(text: str) -> int | None:
    """The line of a ``<<<<<<<`` marker line followed later by a ``>>>>>>>`` marker line, or None."""
    opening: int | None = None
    for match in _CONFLICT_MARKER.finditer(text):
        if match.group(1).startswith("<") and opening is None:
            opening = match.start()
        elif match.group(1).startswith(">") and opening is not None:
            return text.count("\n", 0, opening) + 1
    return None


def read_toml(path: Path) -> dict[str, Any]:
    return parse_toml(read_toml_text(path), path)


def line_of(text: str, task_id: str) -> int | None:
    """The line of ``id = "<task_id>"`` in a department file, for error messages."""
    pattern = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(task_id)}[\"']", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _check_schema(doc: dict[str, Any], path: Path) -> None:
    found = doc.get("schema", SCHEMA)
    if found != SCHEMA:
        raise LawgovError("err.bad_schema", path=path, found=found, expected=SCHEMA)


def settings_from_toml(doc: dict[str, Any], path: Path) -> Settings:
    _check_schema(doc, path)
    try:
        policy_raw = doc.get("due_policy", {})
        policy = DuePolicy(**{k: str(v) for k, v in policy_raw.items() if k in DuePolicy.__slots__})
        for kind in DuePolicy.__slots__:
            value = getattr(policy, kind)
            if not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", value):
                raise LawgovError(
                    "err.bad_field", path=path, field=f"due_policy.{kind}", problem="expected MM-DD"
                )
        plan_year = doc["plan_year"]
        if not isinstance(plan_year, int) or not 2000 <= plan_year <= 2100:
            raise LawgovError("err.bad_year", path=path, option="plan_year", value=plan_year)
        due_soon = doc.get("due_soon_days", 14)
        if not isinstance(due_soon, int) or due_soon < 0:
            raise LawgovError(
                "err.bad_field", path=path, field="due_soon_days", problem="expected a whole number"
            )
        source = doc.get("source", {})
        workflow = workflow_from_toml(doc.get("workflow", {}), path)
        office = doc.get("office", "")
        if not isinstance(office, str):
            raise LawgovError("err.bad_field", path=path, field="office", problem="expected text")
        return Settings(
            region=str(doc.get("region", "")),
            plan_year=plan_year,
            title=str(doc.get("title", "")),
            source_path=str(source.get("path", "")),
            source_sha256=str(source.get("sha256", "")),
            lang=str(doc.get("lang", "")),  # empty: the reader's locale decides
            timezone=str(doc.get("timezone", "Asia/Shanghai")),
            due_soon_days=due_soon,
            due_policy=policy,
            mail=mail_from_toml(doc.get("mail"), path),
            workflow=workflow,
            office=office,
        )
    except KeyError as exc:
        raise LawgovError("err.bad_field", path=path, field=str(exc.args[0]), problem="missing") from None
    except (AttributeError, TypeError):
        raise LawgovError(
            "err.bad_field", path=path, field="lawgov.toml", problem="unexpected structure"
        ) from None


_ADDRESS = re.compile(r"^[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"']+$")
"""One plain address, ``name@host.tld``: nothing that could smuggle a second header or recipient."""
_HOST = re.compile(r"^[A-Za-z0-9._:\[\]-]+$")


def is_mail_address(value: str) -> bool:
    return bool(_ADDRESS.match(value))


def mail_from_toml(raw: Any, path: Path) -> MailSettings | None:
    """``[mail]`` of lawgov.toml: host, port, sender, starttls, username (never a password)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise LawgovError("err.bad_field", path=path, field="mail", problem="expected a [mail] table")
    if "password" in raw:
        raise LawgovError("err.mail_password_in_file", path=path)
    host = raw.get("host")
    if not isinstance(host, str) or not _HOST.match(host):
        raise LawgovError("err.bad_field", path=path, field="mail.host", problem="expected a host name")
    sender = raw.get("sender")
    if not isinstance(sender, str) or not is_mail_address(sender):
        raise LawgovError("err.bad_field", path=path, field="mail.sender", problem="expected a mail address")
    starttls = raw.get("starttls", True)
    if not isinstance(starttls, bool):
        raise LawgovError("err.bad_field", path=path, field="mail.starttls", problem="expected true or false")
    port = raw.get("port", 587 if starttls else 25)
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise LawgovError("err.bad_field", path=path, field="mail.port", problem="expected a port 1-65535")
    username = raw.get("username", "")
    if not isinstance(username, str) or any(ch in username for ch in "\r\n"):
        raise LawgovError("err.bad_field", path=path, field="mail.username", problem="expected text")
    return MailSettings(host=host, sender=sender, port=port, starttls=starttls, username=username)


def _contacts(entry: dict[str, Any], key: str, path: Path, dept_id: str) -> list[str]:
    """``email``/``webhook`` of a department: one text or a list of texts, each checked."""
    value = entry.get(key, [])
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise LawgovError(
            "err.bad_field", path=path, field=f"{dept_id}.{key}", problem="expected text or a list of text"
        )
    out = [v.strip() for v in values if v.strip()]
    for item in out:
        if key == "email" and not is_mail_address(item):
            raise LawgovError("err.bad_contact", path=path, field=f"{dept_id}.email", value=item)
        if key == "webhook" and (
            not re.match(r"^https?://[^\s/?#]+", item) or any(ch.isspace() or ord(ch) < 32 for ch in item)
        ):
            raise LawgovError("err.bad_contact", path=path, field=f"{dept_id}.webhook", value=item)
    return out


def workflow_from_toml(raw: Any, path: Path) -> Workflow:
    """``[workflow]``: ``review`` (true/false), ``grace_days`` and ``reply_days`` (whole days)."""
    if not isinstance(raw, dict):
        raise LawgovError("err.bad_field", path=path, field="workflow", problem="expected a table")
    review = raw.get("review", False)
    if not isinstance(review, bool):
        raise LawgovError(
            "err.bad_field", path=path, field="workflow.review", problem="expected true or false"
        )
    days: dict[str, int] = {}
    for key, default in (("grace_days", 15), ("reply_days", 7)):
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3650:
            raise LawgovError(
                "err.bad_field", path=path, field=f"workflow.{key}", problem="expected a whole number of days"
            )
        days[key] = value
    return Workflow(review=review, grace_days=days["grace_days"], reply_days=days["reply_days"])


def bad_department_id(path: Path, value: Any, line: int | None = None) -> LawgovError:
    """The error for a department id that cannot be a file name ``tasks/<id>.toml``."""
    if isinstance(value, str) and value.lower() in WINDOWS_RESERVED_NAMES:
        return LawgovError("err.reserved_department_id", path=path, line=line, id=value)
    return LawgovError("err.bad_department_id", path=path, line=line, id=value)


def _id_lines(text: str | None, value: Any) -> list[int]:
    """Lines of ``id = "<value>"`` in ``text`` (for registry errors); empty when unknown."""
    if text is None or not isinstance(value, str):
        return []
    pattern = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(value)}[\"']", re.MULTILINE)
    return [text.count("\n", 0, m.start()) + 1 for m in pattern.finditer(text)]


def departments_from_toml(doc: dict[str, Any], path: Path, text: str | None = None) -> dict[str, Department]:
    """The registry ``departments.toml``; ``text`` (the file's text) lets errors name their line."""
    _check_schema(doc, path)
    entries = doc.get("departments")
    if not isinstance(entries, list) or not entries:
        raise LawgovError(
            "err.bad_field", path=path, field="departments", problem="expected [[departments]] entries"
        )
    out: dict[str, Department] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise LawgovError("err.bad_field", path=path, field="departments", problem="expected tables")
        dept_id = entry.get("id")
        if not isinstance(dept_id, str) or not is_valid_department_id(dept_id):
            raise bad_department_id(path, dept_id, next(iter(_id_lines(text, dept_id)), None))
        if dept_id in out:
            lines = _id_lines(text, dept_id)
            line = lines[1] if len(lines) > 1 else None
            raise LawgovError("err.duplicate_department", path=path, line=line, id=dept_id)
        name = entry.get("name", dept_id)
        lists = {}
        for key in ("aliases", "keywords", "kinds"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise LawgovError(
                    "err.bad_field", path=path, field=f"{dept_id}.{key}", problem="expected a list of text"
                )
            lists[key] = value
        kind = entry.get("webhook_kind", "")
        if kind not in ("", *WEBHOOK_KINDS):
            raise LawgovError(
                "err.bad_field",
                path=path,
                field=f"{dept_id}.webhook_kind",
                problem=f"expected {' or '.join(WEBHOOK_KINDS)}",
            )
        out[dept_id] = Department(
            id=dept_id,
            name=str(name),
            aliases=lists["aliases"],
            keywords=lists["keywords"],
            lead=bool(entry.get("lead", False)),
            kinds=lists["kinds"],
            email=_contacts(entry, "email", path, dept_id),
            webhook=_contacts(entry, "webhook", path, dept_id),
            webhook_kind=str(kind),
        )
    return out


HISTORY_KEYS = ("at", "on", "by", "task", "action", "old", "new", "note")
"""Key order of a ``[[history]]`` table; all eight are always written so every entry has one shape
(``on``, the effective date, is read as the date of ``at`` in entries written before it existed)."""


def _history_text(value: Any) -> str | None:
    from datetime import date, datetime, time

    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    return None


def history_from_toml(raw: Any) -> list[HistoryEntry]:
    """The ``[[history]]`` entries of a parsed department file, in file order.

    An entry without ``at``, ``task`` or ``action`` (or with a value that is not text, a number
    or a date) is skipped rather than failing the whole file.
    """
    if not isinstance(raw, list):
        return []
    entries: list[HistoryEntry] = []
    for table in raw:
        if not isinstance(table, dict):
            continue
        fields: dict[str, str] = {}
        for key in HISTORY_KEYS:
            text = _history_text(table.get(key, ""))
            if text is None:
                break
            fields[key] = text
        else:
            if fields["at"] and fields["task"] and fields["action"]:
                entries.append(HistoryEntry(**fields))
    return entries


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
    _check_schema(doc, path)
    department = doc.get("department", expected)
    if not isinstance(department, str) or not is_valid_department_id(department):
        raise bad_department_id(path, department)
    if expected is not None and department != expected:
        raise LawgovError("err.file_department_mismatch", path=path, department=department, expected=expected)
    raw_tasks = doc.get("tasks", [])
    if not isinstance(raw_tasks, list):
        raise LawgovError("err.bad_field", path=path, field="tasks", problem="expected [[tasks]] tables")
    tasks = []
    for raw in raw_tasks:
        try:
            tasks.append(task_from_toml(raw))
        except LawgovError as exc:
            task_id = raw.get("id") if isinstance(raw, dict) else None
            line = line_of(text, task_id) if isinstance(task_id, str) else None
            raise LawgovError(exc.key, path=path, line=line, **exc.params) from None
    return department, tasks, text, history_from_toml(doc.get("history", []))


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
    """One pass of :func:`load_workspace`.

    Department files unchanged since the last read come from the cache (see ``store.cache``)
    and their tasks are materialised only when used; the checks across files (unique ids,
    known owners) run on every load.  ``detail=False`` (commands that only count) keeps just the
    index of files it had to parse; tasks are complete whenever they are materialised.
    ``save_cache=False`` (commands about to rewrite a file) skips writing the cache when just one
    file had to be parsed, since the edit makes that entry stale at once.  ``write_cache=False``
    (``sync --dry-run``) reads the cache but writes nothing at all.
    """
    from lawgov_cli.store.cache import TaskCache, file_key

    settings = settings_from_toml(read_toml(root / WORKSPACE_FILE), root / WORKSPACE_FILE)
    registry_path = root / REGISTRY_FILE
    registry_text = read_toml_text(registry_path)
    departments = departments_from_toml(
        parse_toml(registry_text, registry_path), registry_path, registry_text
    )
    shards: list[Shard] = []
    keys: list[tuple[str, tuple[int, int, int, int]]] = []
    tasks_dir = root / TASKS_DIR
    # Editor lock and resource-fork files (Emacs ".#x.toml", macOS "._x.toml") are not data.
    paths = (
        sorted(p for p in tasks_dir.glob("*.toml") if not p.name.startswith((".#", "._")))
        if tasks_dir.is_dir()
        else []
    )
    cache = TaskCache.open(root, writable=write_cache)
    removed: dict[str, list[str]] = {}
    for path in paths:
        stem = path.stem
        if not is_valid_department_id(stem):
            raise bad_department_id(path, stem)
        if stem not in departments:
            removed[stem] = _removed_department(path, stem)
        try:
            key = file_key(path.stat())
        except OSError as exc:
            raise LawgovError("err.file_unreadable", path=path, reason=exc.strerror or str(exc)) from None
        shard = cache.get(path.name, key, path)
        if shard is None:
            _, file_tasks, text, history = load_department(path, expected=stem)
            for task in file_tasks:
                # Within one file these never change without the file changing: checked once.
                if task.owner != stem:
                    raise LawgovError(
                        "err.wrong_file",
                        path=path,
                        line=line_of(text, task.id),
                        id=task.id,
                        owner=task.owner,
                        department=stem,
                    )
            shard = Shard.from_tasks(stem, path, file_tasks, history)
            cache.put(path.name, key, shard, file_tasks, history)
            if not detail:
                # Counting commands keep only the index: 100,000 built tasks would cost ~200 MB.
                shard.release(cache.loader(path.name, key, path))
        keys.append((path.name, key))
        unknown = sorted(co for co in shard.co_owners if co not in departments)
        if unknown:
            task = next(t for t in shard.tasks if unknown[0] in t.co_owners)
            line = line_of(read_toml_text(path), task.id)
            raise LawgovError("err.unknown_owner", path=path, line=line, id=task.id, owner=unknown[0])
        shards.append(shard)
    # Ids unique across files: checked whenever any file changed since the last check.
    fingerprint = cache.fingerprint(keys)
    if fingerprint != cache.verified or not cache.enabled:
        seen: set[str] = set()
        for position, shard in enumerate(shards):
            before = len(seen)
            seen.update(shard.ids)
            if len(seen) != before + len(shard):
                _raise_duplicate(shards[:position], shard)
        cache.mark_verified(fingerprint)
    # An edit command skips the write when only one file was stale (the one it is about to make
    # stale again); after a fresh clone or a pull it still builds the cache for everyone.
    if save_cache or cache.parsed > 1:
        cache.save()
    workspace = Workspace(root=root, settings=settings, departments=departments, shards=shards)
    workspace.removed = removed
    return workspace


def _removed_department(path: Path, dept: str) -> list[str]:
    """The ids of the tasks in the file of a department the registry no longer lists (deleted
    from departments.toml): the workspace still reads, ``check`` names them as tasks to give to
    another department (``lawgov assign``); once emptied, the file is to be deleted (until then,
    like any file in ``tasks/`` of no registered department, it is an error naming it)."""
    try:
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
