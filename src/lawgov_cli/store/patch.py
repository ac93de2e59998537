"""Change a few values of a department file without disturbing anything else in it — and prove it.

People edit their department's TOML by hand, so an edit by lawgov must keep their comments, blank
lines, key order, unknown keys and every other task byte for byte (the layout half is
:mod:`lawgov_cli.store.patch_layout`).  Before anything is written, the new text is read back with
the fast parser and compared with the old document plus the intended changes; any difference
aborts the edit with the file untouched.

Functions here return bytes and write nothing: :mod:`lawgov_cli.store.department` writes one file
under the lock, :mod:`lawgov_cli.store.transaction` several as one change.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import HistoryEntry
from lawgov_cli.store.patch_layout import (
    BLOCK_HEADER,
    ID_LINE,
    FieldChange,
    Source,
    edit_blocks,
    edit_document,
    encode,
    find_task,
    normalise,
    source_of,
    task_index,
)
from lawgov_cli.store.tomlfile import _LOADS, loads, parse_toml, read_toml_bytes
from lawgov_cli.toml_records import history_from_toml, history_table

__all__ = ["FieldChange", "appended_bytes", "edited_bytes", "read_source", "removed_bytes"]


def read_source(path: Path) -> Source:
    raw = read_toml_bytes(path)  # the loader's checks (regular file, size limit) hold for edits
    return source_of(path, raw)


def _parse_plain(path: Path, text: str) -> dict[str, Any]:
    # The loader's parser: errors at file:line, git conflict markers named as such.
    return parse_toml(text, path)


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
        node.append(normalise(change.value))  # a fresh copy, tuples as lists
    else:
        node[last] = normalise(change.value)


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


def edited_bytes(
    path: Path, changes: Sequence[FieldChange], history: Sequence[HistoryEntry], raw: bytes | None = None
) -> tuple[bytes, bytes]:
    """(the file's bytes as read, its bytes with ``changes`` applied and ``history`` appended).

    Nothing is written: a transaction (:mod:`lawgov_cli.store.transaction`) writes several files
    as one change.  ``raw``: the file's bytes when the caller has already read them.
    """
    source = read_source(path) if raw is None else source_of(path, raw)
    # The parsed file becomes the expected result in place (it is not needed otherwise):
    # deep-copying a 200-task document costs more than parsing it.
    expected = _parse_plain(path, source.text)
    positions = task_index(expected.get("tasks"), path)
    try:
        for change in changes:
            _apply_to_plain(expected["tasks"][find_task(positions, change.task_id, path)], change)
    except (KeyError, IndexError, TypeError):
        # A path that does not exist (a metric the task lacks): the document edit names it.
        edit_document(source, changes, history, path)
        raise LawgovError("err.edit_unsafe", path=path, reason="no such field") from None
    if history:
        expected.setdefault("history", []).extend(history_table(entry) for entry in history)

    # First edit only the [[tasks]] blocks concerned (a 200-task file parses in tomlkit in a
    # fraction of the time); if the file's layout does not allow that, or the result does not
    # read back as intended, edit the whole document.
    text = edit_blocks(source.text, changes, history, path)
    if text is not None:
        data = encode(source, text)
        # Only the blocks of these tasks and the new history were written anew: every other
        # byte is the file's own, so beyond an exact comparison of the whole file read back,
        # the type-strict walk (true is not 1) is needed only there.
        touched = ({positions[change.task_id] for change in changes}, len(history))
        if data == source.raw or _verified(data, expected, touched) is None:
            return source.raw, data
    data = edit_document(source, changes, history, path)
    if data == source.raw:
        return source.raw, data
    problem = _verified(data, expected)
    if problem is not None:
        raise LawgovError("err.edit_unsafe", path=path, reason=problem)
    return source.raw, data


def _verified(
    data: bytes, expected: dict[str, Any], touched: tuple[set[int], int] | None = None
) -> str | None:
    """None when ``data`` reads back as ``expected``; else what differs.

    ``touched``: (positions of the tasks whose text was rewritten, entries appended to the
    history) when every other byte is the file's own; the whole file is still read back and
    compared exactly, and the type-strict walk covers what was rewritten (else all of it)."""
    # tomlkit's layout logic has many corner cases (dotted keys, out-of-order tables); a wrong
    # guess must never reach the user's file, so read the result back before replacing anything.
    try:
        after = loads(data.decode("utf-8").removeprefix("\ufeff"))  # the reader's own parser
    except ValueError as exc:  # every TOML parser's decode error is one
        return str(exc)
    if touched is not None and after == expected:
        positions, appended = touched
        old_tasks, new_tasks = expected.get("tasks", []), after.get("tasks", [])
        strict = all(not _first_difference(old_tasks[i], new_tasks[i]) for i in positions)
        if appended:
            strict = strict and not _first_difference(
                expected["history"][-appended:], after["history"][-appended:]
            )
        if strict:
            return None
    difference = _first_difference(normalise(expected), after)
    return f"unexpected value at {difference}" if difference else None


def appended_bytes(
    path: Path, raw: bytes, tables: Sequence[dict[str, Any]], history: Sequence[HistoryEntry]
) -> bytes:
    """``raw`` (a department file's bytes) with new ``[[tasks]]`` tables added before its
    ``[[history]]``, keeping every existing byte, and ``history`` appended.  Nothing is written.

    New tables are rendered by tomli-w, so they read exactly like those ``lawgov init`` writes;
    the result is read back and compared with the intended data before it is returned.
    """
    import tomli_w

    source = source_of(path, raw)
    expected = _parse_plain(path, source.text)
    text = source.text
    if tables:
        rendered = tomli_w.dumps({"tasks": list(tables)})
        headers = list(BLOCK_HEADER.finditer(text))
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
        existing[before:before] = normalise(list(tables))
    if history:
        expected.setdefault("history", []).extend(history_table(entry) for entry in history)
        with_history = edit_blocks(text, [], history, path) if "[[tasks]]" in text else None
        if with_history is None:
            raise LawgovError("err.edit_unsafe", path=path, reason="unexpected layout")
        text = with_history
    data = encode(source, text)
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
    source = read_source(path)
    expected = _parse_plain(path, source.text)
    tasks = expected.get("tasks")
    position = find_task(task_index(tasks, path), task_id, path)
    assert isinstance(tasks, list)
    table = tasks.pop(position)
    if not tasks:
        del expected["tasks"]
    raw_history = expected.get("history", [])
    moved = [h for h in history_from_toml(raw_history) if h.task == task_id]
    if isinstance(raw_history, list):
        expected["history"] = [
            h for h in raw_history if not (isinstance(h, dict) and h.get("task") == task_id)
        ]
        if not expected["history"]:
            del expected["history"]
    text = source.text
    headers = list(BLOCK_HEADER.finditer(text))
    spans: list[tuple[int, int]] = []
    for number, match in enumerate(headers):
        start = match.start()
        end = headers[number + 1].start() if number + 1 < len(headers) else len(text)
        block = text[start:end]
        if match.group(1) == "tasks":
            found = ID_LINE.search(block)
            block_id = (found.group(1) if found.group(1) is not None else found.group(2)) if found else None
            if block_id == task_id:
                spans.append((start, end))
        else:
            try:
                entry = _LOADS(block).get("history", [{}])[0]
            except (ValueError, IndexError, AttributeError):
                continue
            if isinstance(entry, dict) and entry.get("task") == task_id:
                spans.append((start, end))
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    data = encode(source, text)
    problem = _verified(data, expected)
    if problem is not None:
        raise LawgovError("err.edit_unsafe", path=path, reason=problem)
    return data, table, moved
