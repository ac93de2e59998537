"""The layout-preserving half of the patcher: apply field changes to a department file's text
with tomlkit, keeping comments, blank lines, key order, unknown keys and every other task byte
for byte.

What tomlkit does not do by itself is done here:

* a UTF-8 BOM (Windows editors write one) is stripped before parsing and written back;
* tomlkit keeps existing CRLF line ends but writes ``\\n`` for every line it adds, so the output is
  converted back to the file's dominant line-ending style (a file that mixes both, mostly CRLF,
  comes out all CRLF; mostly LF is left as tomlkit writes it);
* a new key goes right after the last key of its table (or after its documented neighbour, e.g.
  ``done_on`` after ``status``) rather than after a comment that introduces the next task;
* only the ``[[tasks]]`` blocks concerned are re-parsed when the file's layout allows it.

Nothing here checks the result: :mod:`lawgov_cli.store.patch` reads it back and compares it with
the intended data before anything is written.  tomlkit is imported inside the functions: it is
slow to import and the read path never needs it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import HistoryEntry, did_you_mean
from lawgov_cli.toml_records import history_table

if TYPE_CHECKING:
    from tomlkit.container import Container
    from tomlkit.items import InlineTable, Item, Key, Table
    from tomlkit.toml_document import TOMLDocument


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
class Source:
    """A department file as read: its bytes, its text without BOM, and how it was encoded."""

    raw: bytes
    text: str
    bom: bool
    crlf: bool


def source_of(path: Path, raw: bytes) -> Source:
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        text = raw[len(codecs.BOM_UTF8) :].decode("utf-8") if bom else raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LawgovError("err.not_text", path=path) from None
    crlf_count = text.count("\r\n")
    return Source(raw=raw, text=text, bom=bom, crlf=crlf_count > text.count("\n") - crlf_count)


def encode(source: Source, text: str) -> bytes:
    if source.crlf:
        text = _LONE_LF.sub("\r\n", text)
    data = text.encode("utf-8")
    return codecs.BOM_UTF8 + data if source.bom else data


def _field_name(path: Sequence[str | int]) -> str:
    """``("metrics", 0, "actual")`` -> ``metrics[0].actual``, for error messages."""
    out = ""
    for segment in path:
        out += f"[{segment}]" if isinstance(segment, int) else f".{segment}"
    return out.lstrip(".")


# --- the edit itself, on the tomlkit document ---------------------------------------------------


def normalise(value: Any) -> Any:
    """``value`` as tomllib would return it after a round trip: tuples become lists."""
    if isinstance(value, dict):
        return {str(k): normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(v) for v in value]
    return value


def task_index(tasks: Any, path: Path) -> dict[str, int]:
    """Task id -> its position in the ``tasks`` array (tomlkit or plain), first occurrence wins."""
    if tasks is None:
        return {}
    if not isinstance(tasks, list):
        raise LawgovError("err.bad_field", path=path, field="tasks", problem="problem.tasks_tables")
    index: dict[str, int] = {}
    for position, table in enumerate(tasks):
        if isinstance(table, dict):
            task_id = table.get("id")
            if isinstance(task_id, str) and task_id not in index:
                index[str(task_id)] = position
    return index


def find_task(index: dict[str, int], task_id: str, path: Path) -> int:
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
    return len(new) > len(old) and normalise(old.unwrap()) == normalise(new[: len(old)])


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


def _history_item(entry: HistoryEntry) -> Any:
    import tomlkit

    table = tomlkit.table()
    for key, value in history_table(entry).items():
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
            inline.update(history_table(entry))
            existing.append(inline)
    else:
        raise LawgovError("err.bad_field", path=path, field="history", problem="problem.history_tables")


BLOCK_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*(tasks|history)[ \t]*\]\][ \t]*(?:#[^\n]*)?$", re.MULTILINE)
ID_LINE = re.compile(r"^[ \t]*id[ \t]*=[ \t]*(?:\"([^\"\\\n]*)\"|'([^'\n]*)')", re.MULTILINE)


def edit_blocks(
    text: str, changes: Sequence[FieldChange], history: Sequence[HistoryEntry], path: Path
) -> str | None:
    """The file with only the touched ``[[tasks]]`` blocks re-parsed and edited, or None."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    headers = list(BLOCK_HEADER.finditer(text))
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
        found = ID_LINE.search(block)
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


def edit_document(
    source: Source, changes: Sequence[FieldChange], history: Sequence[HistoryEntry], path: Path
) -> bytes:
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        doc = tomlkit.parse(source.text)
    except ParseError as exc:
        raise LawgovError("err.bad_toml", path=path, line=exc.line, reason=str(exc)) from None

    tasks = doc.get("tasks")
    index = task_index(tasks, path)
    for change in changes:
        position = find_task(index, change.task_id, path)
        _apply_to_document(tasks, position, change, path)
    _append_history(doc, history, path)
    return encode(source, doc.as_string())
