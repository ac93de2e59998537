"""Change a few values of a department file without disturbing anything else in it.

People edit their department's TOML by hand, so an edit by lawgov must keep their comments, blank
lines, key order, unknown keys and every other task byte for byte.  tomlkit keeps all of that on a
round trip; this module adds what it does not do by itself:

* a UTF-8 BOM (Windows editors write one) is stripped before parsing and written back;
* tomlkit keeps existing CRLF line ends but writes ``\\n`` for every line it adds, so the output is
  converted back to the file's dominant line-ending style (a file that mixes both, mostly CRLF,
  comes out all CRLF; mostly LF is left as tomlkit writes it);
* a new key goes right after the last key of its table (or after its documented neighbour, e.g.
  ``done_on`` after ``status``) rather than after a comment that introduces the next task;
* before anything is written, the new text is read back with :mod:`tomllib` and compared with the
  old document plus the intended changes; any difference aborts the edit with the file untouched.

tomlkit is imported inside the functions: it is slow to import and the read path never needs it.
"""

from __future__ import annotations

import codecs
import copy
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import HistoryEntry, did_you_mean
from lawgov_cli.store.atomic import write_atomic
from lawgov_cli.store.load import _LOADS, HISTORY_KEYS, history_from_toml, parse_toml, read_toml_bytes
from lawgov_cli.store.lock import workspace_lock

if TYPE_CHECKING:
    from tomlkit.container import Container
    from tomlkit.items import InlineTable, Item, Key, Table
    from tomlkit.toml_document import TOMLDocument


# Where a key that does not exist yet reads best: after the first of these neighbours present in
# the same table (the order of ``model.task_to_toml``).  Otherwise after the table's last key.
_PREFERRED_AFTER: Final[dict[str, tuple[str, ...]]] = {
    "done_on": ("needs_review", "status"),
    "notes": ("done_on", "needs_review", "status"),
    "evidence": ("notes", "done_on", "needs_review", "status"),
    "report": ("done_on", "needs_review", "status"),
    "extension": ("report", "done_on", "needs_review", "status"),
    "target": ("baseline", "unit", "name"),
    "actual": ("target", "baseline", "unit", "name"),
}

# Task keys whose table value is written inline (``report = { since = …, by = … }``): one line
# that reads as one marker, and no ``[tasks.report]`` header splitting the task's keys.
_INLINE_KEYS: Final = frozenset({"report", "extension"})

# Sub-tables whose keys are data (period keys such as 2024-03), quoted like the files lawgov writes.
_QUOTED_KEY_TABLES: Final = frozenset({"periods"})

_LONE_LF: Final = re.compile(r"(?<!\r)\n")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """Set (or, with ``value=None``, remove) one value inside one task.

    ``path`` walks from the task table: ``("status",)``, ``("metrics", 0, "actual")``,
    ``("periods", "2024-03")``.  Dates are written as TOML dates.  A list value replaces the
    list, except that a list which only adds elements at the end of the existing one (a new note)
    is applied as an append, so the existing elements keep their comments and string styles.  An
    index equal to the array's length appends (``("metrics", 2)`` on a task with two metrics).
    """

    task_id: str
    path: tuple[str | int, ...]
    value: Any


@dataclass(frozen=True, slots=True)
class _Source:
    """A department file as read: its bytes, its text without BOM, and how it was encoded."""

    raw: bytes
    text: str
    bom: bool
    crlf: bool


def _read_source(path: Path) -> _Source:
    raw = read_toml_bytes(path)  # the loader's checks (regular file, size limit) hold for edits
    return _source_of(path, raw)


def _source_of(path: Path, raw: bytes) -> _Source:
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        text = raw[len(codecs.BOM_UTF8) :].decode("utf-8") if bom else raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LawgovError("err.not_text", path=path) from None
    crlf_count = text.count("\r\n")
    return _Source(raw=raw, text=text, bom=bom, crlf=crlf_count > text.count("\n") - crlf_count)


def _encode(source: _Source, text: str) -> bytes:
    if source.crlf:
        text = _LONE_LF.sub("\r\n", text)
    data = text.encode("utf-8")
    return codecs.BOM_UTF8 + data if source.bom else data


def _parse_plain(path: Path, text: str) -> dict[str, Any]:
    # The loader's parser: errors at file:line, git conflict markers named as such.
    return parse_toml(text, path)


def _field_name(path: Sequence[str | int]) -> str:
    """``("metrics", 0, "actual")`` -> ``metrics[0].actual``, for error messages."""
    out = ""
    for segment in path:
        out += f"[{segment}]" if isinstance(segment, int) else f".{segment}"
    return out.lstrip(".")


# --- the edit itself, on the tomlkit document ---------------------------------------------------


def _task_index(tasks: Any, path: Path) -> dict[str, int]:
    """Task id -> its position in the ``tasks`` array (tomlkit or plain), first occurrence wins."""
    if tasks is None:
        return {}
    if not isinstance(tasks, list):
        raise LawgovError("err.bad_field", path=path, field="tasks", problem="expected [[tasks]] tables")
    index: dict[str, int] = {}
    for position, table in enumerate(tasks):
        if isinstance(table, dict):
            task_id = table.get("id")
            if isinstance(task_id, str) and task_id not in index:
                index[str(task_id)] = position
    return index


def _find_task(index: dict[str, int], task_id: str, path: Path) -> int:
    try:
        return index[task_id]
    except KeyError:
        raise LawgovError(
            "err.unknown_task", path=path, id=task_id, hint=did_you_mean(task_id, list(index))
        ) from None


def _make_key(name: str, quoted: bool) -> Key:
    from tomlkit.items import KeyType, SingleKey

    return SingleKey(name, KeyType.Basic) if quoted else SingleKey(name)


def _make_item(value: Any, *, inline: bool, quote_keys: bool) -> Item:
    import tomlkit

    if isinstance(value, dict):
        table: Table | InlineTable = tomlkit.inline_table() if inline else tomlkit.table()
        for key, sub in value.items():
            table.add(_make_key(str(key), quote_keys), _make_item(sub, inline=True, quote_keys=False))
        return table
    item: Item = tomlkit.item(value)
    return item


def _anchor(container: Container, key: str) -> Key | None:
    """The key after which a new ``key`` is inserted: a documented neighbour, else the last key.

    Only keys before the table's first sub-table count: a key written after a ``[sub.table]``
    header would belong to the sub-table.
    """
    from tomlkit.items import AoT, Table

    present: dict[str, Key] = {}
    last: Key | None = None
    for body_key, item in container.body:
        if body_key is None:  # comment, blank line, or the hole a deletion leaves
            continue
        if isinstance(item, (Table, AoT)) and not body_key.is_dotted():
            break
        last = body_key
        present[body_key.key] = body_key
    for neighbour in _PREFERRED_AFTER.get(key, ()):
        if neighbour in present:
            return present[neighbour]
    return last


def _quotes_keys(container: Container) -> bool:
    """Whether the last key of a table is quoted, so a new key can match its neighbours."""
    from tomlkit.items import KeyType, SingleKey

    for body_key, _ in reversed(container.body):
        if body_key is not None:
            return isinstance(body_key, SingleKey) and body_key.t in (KeyType.Basic, KeyType.Literal)
    return True


def _inline_with(table: InlineTable, key: Key, item: Item) -> Item:
    """A copy of the inline ``table`` with ``key = item`` added, in the ``{ a = 1, b = 2 }`` layout.

    tomlkit can add to an inline table but glues the new pair on (``{a = 1,b = 2}``); rewriting the
    one line being edited, keeping each existing key and value's text, reads better.
    """
    import tomlkit

    pairs = [
        f"{k.as_string().strip()} = {v.as_string().strip()}" for k, v in table.value.body if k is not None
    ]
    pairs.append(f"{key.as_string()} = {item.as_string()}")
    compact = table.as_string().startswith("{") and not table.as_string().startswith("{ ") and len(pairs) > 1
    text = "{" + ", ".join(pairs) + "}" if compact else "{ " + ", ".join(pairs) + " }"
    fresh: Item = tomlkit.parse(f"x = {text}\n")["x"]
    return fresh


def _insert(
    holder: Any, holder_key: str | int | None, node: Any, key: str, item: Item, *, quoted: bool
) -> Any:
    """Add ``key = item`` to ``node`` (reached as ``holder[holder_key]``); returns the updated node.

    An inline table is replaced as a whole in its holder, so the returned node is then a new object.
    """
    from tomlkit.items import InlineTable, Table

    if isinstance(node, InlineTable) and holder is not None and holder_key is not None:
        holder[holder_key] = _inline_with(node, _make_key(key, quoted), item)
        return holder[holder_key]
    if not isinstance(node, Table):
        node[_make_key(key, quoted)] = item
        return node
    new_key = _make_key(key, quoted and _quotes_keys(node.value))
    if isinstance(item, Table):
        item.name = key
        item.trivia.indent = "\n"  # a blank line before the new [header], like the rest of the file
    anchor = _anchor(node.value, key)
    if anchor is None:
        node.add(new_key, item)
    else:
        node.value._insert_after(anchor, new_key, item)
        # _insert_after updates the table's body but not its dict mirror, which ``del node[key]``
        # (removing the key again in the same edit, e.g. done_on set then cleared) relies on.
        dict.__setitem__(node, key, item)
    return node


def _replace(node: Any, key: str, item: Item) -> None:
    from tomlkit.items import Array

    old = node[key]
    if isinstance(old, Array) and isinstance(item, Array) and "\n" in old.as_string():
        item.multiline(True)  # a list the user spread over lines stays spread over lines
    node[key] = item  # tomlkit keeps the old value's trailing comment


def _extends(old: Any, new: list[Any]) -> bool:
    """Whether ``new`` is ``old``'s elements followed by at least one more."""
    return len(new) > len(old) and _normalise(old.unwrap()) == _normalise(new[: len(old)])


def _element_item(array: Any, value: Any) -> Any:
    """``value`` as a new element of ``array``: a table in ``[[...]]``, else an inline value
    written ``{ a = 1, b = 2 }`` like the rest of a lawgov file."""
    import tomlkit
    from tomlkit.items import AoT

    if isinstance(value, dict):
        if isinstance(array, AoT):
            table = tomlkit.table()
            for key, sub in value.items():
                table.add(key, sub)
            table.trivia.indent = "\n"
            return table
        pairs = ", ".join(
            f"{_make_key(str(k), False).as_string()} = {tomlkit.item(v).as_string()}"
            for k, v in value.items()
        )
        return tomlkit.parse(f"x = {{ {pairs} }}\n")["x"]
    return value


def _no_such_field(path: Path, change: FieldChange, upto: int) -> LawgovError:
    return LawgovError(
        "err.no_such_field", path=path, id=change.task_id, field=_field_name(change.path[:upto])
    )


def _apply_to_document(tasks: Any, position: int, change: FieldChange, path: Path) -> None:
    from tomlkit.items import AoT, Array, InlineTable

    if not change.path:
        raise ValueError("FieldChange.path must not be empty")
    # ``node`` is where we are; ``holder[holder_key]`` is how we got there, kept so that an inline
    # table can be swapped for an edited copy.
    holder: Any = tasks
    holder_key: str | int | None = position
    node: Any = tasks[position]
    for depth, segment in enumerate(change.path[:-1]):
        if isinstance(segment, int):
            if not isinstance(node, list) or not -len(node) <= segment < len(node):
                raise _no_such_field(path, change, depth + 1)
        else:
            if not isinstance(node, dict):
                raise _no_such_field(path, change, depth)
            if segment not in node:
                if change.value is None:
                    return  # removing below something absent: already gone
                if isinstance(change.path[depth + 1], int):  # e.g. a metric that was never declared
                    raise _no_such_field(path, change, depth + 2)
                empty = _make_item({}, inline=isinstance(node, InlineTable), quote_keys=False)
                quoted = holder_key in _QUOTED_KEY_TABLES
                node = _insert(holder, holder_key, node, segment, empty, quoted=quoted)
        holder, holder_key, node = node, segment, node[segment]
    last = change.path[-1]
    if isinstance(last, int):
        if isinstance(node, (Array, AoT)) and last == len(node) and change.value is not None:
            node.append(_element_item(node, change.value))
            return
        if not isinstance(node, Array) or not -len(node) <= last < len(node):
            raise _no_such_field(path, change, len(change.path))
        if change.value is None:
            del node[last]
        else:
            node[last] = change.value
        return
    if not isinstance(node, dict):
        raise _no_such_field(path, change, len(change.path) - 1)
    if change.value is None:
        if last in node:
            del node[last]
        return
    item = _make_item(
        change.value,
        inline=isinstance(node, InlineTable) or last in _INLINE_KEYS,
        quote_keys=last in _QUOTED_KEY_TABLES,
    )
    if last in node:
        old = node[last]
        if isinstance(old, Array) and isinstance(change.value, list) and _extends(old, change.value):
            for extra in change.value[len(old) :]:
                old.append(_element_item(old, extra))
            return
        _replace(node, last, item)
    else:
        _insert(holder, holder_key, node, last, item, quoted=holder_key in _QUOTED_KEY_TABLES)


def history_table(entry: HistoryEntry) -> dict[str, str]:
    """A ``[[history]]`` table: every key of :data:`HISTORY_KEYS`, in order, as text."""
    table = {key: str(getattr(entry, key)) for key in HISTORY_KEYS}
    if not table["on"] and entry.day != date.min:
        table["on"] = entry.day.isoformat()  # every entry lawgov writes names its effective date
    return table


_history_table = history_table


def _history_item(entry: HistoryEntry) -> Any:
    import tomlkit

    table = tomlkit.table()
    for key, value in _history_table(entry).items():
        table.add(key, value)
    return table


def _append_history(doc: TOMLDocument, entries: Sequence[HistoryEntry], path: Path) -> None:
    import tomlkit
    from tomlkit.items import AoT, Array

    if not entries:
        return
    existing = doc.get("history")
    if existing is None:
        new_aot = tomlkit.aot()
        for entry in entries:
            new_aot.append(_history_item(entry))
        doc.append("history", new_aot)
        return
    if isinstance(existing, AoT):
        for entry in entries:
            table = _history_item(entry)
            if existing:
                # One blank line between entries, as tomlkit writes between new ones; the last
                # entry of a file may also lack its final newline.
                previous = existing[-1].as_string()
                if not previous.endswith("\n"):
                    table.trivia.indent = "\n\n"
                elif not re.search(r"\n\r?\n$", previous):
                    table.trivia.indent = "\n"
            existing.append(table)
    elif isinstance(existing, Array):  # `history = []` written by hand: keep its inline style
        for entry in entries:
            inline = tomlkit.inline_table()
            inline.update(_history_table(entry))
            existing.append(inline)
    else:
        raise LawgovError("err.bad_field", path=path, field="history", problem="expected [[history]] tables")


# --- the same edit on plain data, to check what tomlkit wrote ------------------------------------


def _apply_to_plain(task: dict[str, Any], change: FieldChange) -> None:
    node: Any = task
    for segment in change.path[:-1]:
        if isinstance(segment, int):
            node = node[segment]
        else:
            if segment not in node:
                if change.value is None:
                    return
                node[segment] = {}
            node = node[segment]
    last = change.path[-1]
    if change.value is None:
        if isinstance(last, int):
            del node[last]
        else:
            node.pop(last, None)
    elif isinstance(last, int) and last == len(node):
        node.append(copy.deepcopy(change.value))
    else:
        node[last] = copy.deepcopy(change.value)


def _first_difference(expected: Any, actual: Any, where: str = "") -> str:
    """A short description of where two parsed documents differ, for the error message."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in list(expected) + [k for k in actual if k not in expected]:
            if key not in actual or key not in expected:
                return f"{where}.{key}".lstrip(".")
            found = _first_difference(expected[key], actual[key], f"{where}.{key}")
            if found:
                return found
        return ""
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{where} (length)".lstrip(".")
        for i, (a, b) in enumerate(zip(expected, actual, strict=True)):
            found = _first_difference(a, b, f"{where}[{i}]")
            if found:
                return found
        return ""
    same = expected == actual and isinstance(expected, bool) == isinstance(actual, bool)
    return "" if same else where.lstrip(".") or "document"


def _normalise(value: Any) -> Any:
    """``value`` as tomllib would return it after a round trip: tuples become lists."""
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    return value


# --- public API --------------------------------------------------------------------------------


def apply_changes(path: Path, changes: Sequence[FieldChange], history: Sequence[HistoryEntry]) -> None:
    """Apply ``changes`` to the department file ``path``, append ``history``, and replace it atomically.

    Everything not changed keeps its exact bytes.  The caller holds the workspace lock (see
    :func:`edit_department_file`).  Raises ``LawgovError`` for an unknown task id, a missing
    metric, a file that is not valid TOML, or a failed write; in every case the file is untouched.

    >>> apply_changes(Path("tasks/sifaju.toml"),
    ...               [FieldChange("M6.3", ("status",), "done")], [])  # doctest: +SKIP
    """
    before, after = edited_bytes(path, changes, history)
    if after != before:
        write_atomic(path, after)


def edited_bytes(
    path: Path, changes: Sequence[FieldChange], history: Sequence[HistoryEntry], raw: bytes | None = None
) -> tuple[bytes, bytes]:
    """(the file's bytes as read, its bytes with ``changes`` applied and ``history`` appended).

    Nothing is written: a transaction (:mod:`lawgov_cli.store.transaction`) writes several files
    as one change.  ``raw``: the file's bytes when the caller has already read them.
    """
    source = _read_source(path) if raw is None else _source_of(path, raw)
    # The parsed file becomes the expected result in place (it is not needed otherwise):
    # deep-copying a 200-task document costs more than parsing it.
    expected = _parse_plain(path, source.text)
    positions = _task_index(expected.get("tasks"), path)
    try:
        for change in changes:
            _apply_to_plain(expected["tasks"][_find_task(positions, change.task_id, path)], change)
    except (KeyError, IndexError, TypeError):
        # A path that does not exist (a metric the task lacks): the document edit names it.
        _edit_document(source, changes, history, path)
        raise LawgovError("err.edit_unsafe", path=path, reason="no such field") from None
    if history:
        expected.setdefault("history", []).extend(_history_table(entry) for entry in history)

    # First edit only the [[tasks]] blocks concerned (a 200-task file parses in tomlkit in a
    # fraction of the time); if the file's layout does not allow that, or the result does not
    # read back as intended, edit the whole document.
    text = _edit_blocks(source.text, changes, history, path)
    if text is not None:
        data = _encode(source, text)
        if data == source.raw or _verified(data, expected) is None:
            return source.raw, data
    data = _edit_document(source, changes, history, path)
    if data == source.raw:
        return source.raw, data
    problem = _verified(data, expected)
    if problem is not None:
        raise LawgovError("err.edit_unsafe", path=path, reason=problem)
    return source.raw, data


def _verified(data: bytes, expected: dict[str, Any]) -> str | None:
    """None when ``data`` reads back as ``expected``; else what differs."""
    # tomlkit's layout logic has many corner cases (dotted keys, out-of-order tables); a wrong
    # guess must never reach the user's file, so read the result back before replacing anything.
    try:
        after = _LOADS(data.decode("utf-8").removeprefix("\ufeff"))
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        return str(exc)
    difference = _first_difference(_normalise(expected), after)
    return f"unexpected value at {difference}" if difference else None


_BLOCK_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*(tasks|history)[ \t]*\]\][ \t]*(?:#[^\n]*)?$", re.MULTILINE)
_ID_LINE = re.compile(r"^[ \t]*id[ \t]*=[ \t]*(?:\"([^\"\\\n]*)\"|'([^'\n]*)')", re.MULTILINE)


def _edit_blocks(
    text: str, changes: Sequence[FieldChange], history: Sequence[HistoryEntry], path: Path
) -> str | None:
    """The file with only the touched ``[[tasks]]`` blocks re-parsed and edited, or None."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    headers = list(_BLOCK_HEADER.finditer(text))
    kinds = [m.group(1) for m in headers]
    # A task added by hand after [[history]] is edited where it stands (TOML allows the two
    # arrays of tables to interleave); re-rendering the whole document would move it.
    if "tasks" not in kinds:
        return None
    wanted: dict[str, list[FieldChange]] = {}
    for change in changes:
        wanted.setdefault(change.task_id, []).append(change)
    edits: list[tuple[int, int, str]] = []
    for number, match in enumerate(headers):
        if match.group(1) != "tasks":
            continue
        start = match.start()
        end = headers[number + 1].start() if number + 1 < len(headers) else len(text)
        block = text[start:end]
        found = _ID_LINE.search(block)
        task_id = (found.group(1) if found.group(1) is not None else found.group(2)) if found else None
        if task_id not in wanted:
            continue
        try:
            doc = tomlkit.parse(block)
            for change in wanted.pop(task_id):
                _apply_to_document(doc["tasks"], 0, change, path)
        except (ParseError, LawgovError, KeyError, IndexError, TypeError):
            return None
        edits.append((start, end, doc.as_string()))
    if wanted:
        return None  # an id not found as a block: let the whole-document path report it
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    if history:
        addition = tomlkit.document()
        aot = tomlkit.aot()
        for entry in history:
            aot.append(_history_item(entry))
        addition.append("history", aot)
        separator = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        text = text + separator + addition.as_string().lstrip("\n")
    return text


def _edit_document(
    source: _Source, changes: Sequence[FieldChange], history: Sequence[HistoryEntry], path: Path
) -> bytes:
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        doc = tomlkit.parse(source.text)
    except ParseError as exc:
        raise LawgovError("err.bad_toml", path=path, line=exc.line, reason=str(exc)) from None

    tasks = doc.get("tasks")
    index = _task_index(tasks, path)
    for change in changes:
        position = _find_task(index, change.task_id, path)
        _apply_to_document(tasks, position, change, path)
    _append_history(doc, history, path)
    return _encode(source, doc.as_string())


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
    ensure_in_tasks_dir(root, path)
    with workspace_lock(root, timeout):
        ensure_in_tasks_dir(root, path)  # a symlink swapped while we waited must not redirect us
        apply_changes(path, changes, history)


def read_history(path: Path) -> list[HistoryEntry]:
    """The ``[[history]]`` entries of a department file, in file order.

    An entry without ``at``, ``task`` or ``action`` (or with a value that is not text, a number
    or a date) is skipped rather than failing the whole log; a file that is not TOML raises.
    """
    source = _read_source(path)
    return history_from_toml(_parse_plain(path, source.text).get("history", []))


def append_tasks(path: Path, tables: Sequence[dict[str, Any]], history: Sequence[HistoryEntry]) -> None:
    """Add new ``[[tasks]]`` tables to a department file and append ``history``, atomically.

    The caller holds the workspace lock.  See :func:`appended_bytes`.
    """
    source = _read_source(path)
    write_atomic(path, appended_bytes(path, source.raw, tables, history))


def appended_bytes(
    path: Path, raw: bytes, tables: Sequence[dict[str, Any]], history: Sequence[HistoryEntry]
) -> bytes:
    """``raw`` (a department file's bytes) with new ``[[tasks]]`` tables added before its
    ``[[history]]``, keeping every existing byte, and ``history`` appended.  Nothing is written.

    New tables are rendered by tomli-w, so they read exactly like those ``lawgov init`` writes;
    the result is read back and compared with the intended data before it is returned.
    """
    import tomli_w

    source = _source_of(path, raw)
    expected = _parse_plain(path, source.text)
    text = source.text
    if tables:
        rendered = tomli_w.dumps({"tasks": list(tables)})
        headers = list(_BLOCK_HEADER.finditer(text))
        history_header = next((m for m in headers if m.group(1) == "history"), None)
        if history_header is None:
            text = text.rstrip("\n") + "\n\n" + rendered
            before = len(expected.get("tasks", []))
        else:
            at = history_header.start()
            text = text[:at] + rendered + "\n" + text[at:]
            # Tasks added by hand after [[history]] stay there, after the new ones.
            before = sum(1 for m in headers if m.group(1) == "tasks" and m.start() < at)
        existing = expected.setdefault("tasks", [])
        existing[before:before] = copy.deepcopy(list(tables))
    if history:
        expected.setdefault("history", []).extend(_history_table(entry) for entry in history)
        with_history = _edit_blocks(text, [], history, path) if "[[tasks]]" in text else None
        if with_history is None:
            raise LawgovError("err.edit_unsafe", path=path, reason="unexpected layout")
        text = with_history
    data = _encode(source, text)
    problem = _verified(data, expected)
    if problem is not None:
        raise LawgovError("err.edit_unsafe", path=path, reason=problem)
    return data


def removed_bytes(path: Path, task_id: str) -> tuple[bytes, dict[str, Any], list[HistoryEntry]]:
    """(bytes without the task and its history, the task's table, its history) of a department file.

    For ``lawgov assign``: the task leaves this file with its ``[[history]]`` entries.  Only the
    blocks concerned are cut out (every other byte is kept); the result is read back and
    compared with the intended data.  Nothing is written.
    """
    source = _read_source(path)
    expected = _parse_plain(path, source.text)
    tasks = expected.get("tasks")
    position = _find_task(_task_index(tasks, path), task_id, path)
    assert isinstance(tasks, list)
    table = tasks.pop(position)
    if not tasks:
        del expected["tasks"]
    raw_history = expected.get("history", [])
    moved = [h for h in read_history(path) if h.task == task_id]
    if isinstance(raw_history, list):
        expected["history"] = [
            h for h in raw_history if not (isinstance(h, dict) and h.get("task") == task_id)
        ]
        if not expected["history"]:
            del expected["history"]
    text = source.text
    headers = list(_BLOCK_HEADER.finditer(text))
    spans: list[tuple[int, int]] = []
    for number, match in enumerate(headers):
        start = match.start()
        end = headers[number + 1].start() if number + 1 < len(headers) else len(text)
        block = text[start:end]
        if match.group(1) == "tasks":
            found = _ID_LINE.search(block)
            block_id = (found.group(1) if found.group(1) is not None else found.group(2)) if found else None
            if block_id == task_id:
                spans.append((start, end))
        else:
            try:
                entry = _LOADS(block).get("history", [{}])[0]
            except (tomllib.TOMLDecodeError, ValueError, IndexError, AttributeError):
                continue
            if isinstance(entry, dict) and entry.get("task") == task_id:
                spans.append((start, end))
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    data = _encode(source, text)
    problem = _verified(data, expected)
    if problem is not None:
        raise LawgovError("err.edit_unsafe", path=path, reason=problem)
    return data, table, moved
