"""Reading a TOML file of a workspace safely: a regular file, size-limited, UTF-8, parsed with
errors at ``file:line:column`` (git conflict markers named as such).

The read path uses the compiled ``tomli`` (or the stdlib ``tomllib``): fast, no formatting kept;
edits go through :mod:`lawgov_cli.store.patch`, which keeps comments.  A department file is read
with ``rtoml`` (Rust) when it is installed (``pip install 'lawgov-cli[fast]'``): about three times
faster, which is most of a first read of a city-wide workspace.  tomli stays the reference: a
text rtoml refuses is parsed again by tomli (whose errors, or result, are the answer), and
``LAWGOV_TOML=tomli`` turns rtoml off.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lawgov_cli.errors import LawgovError
from lawgov_cli.fileio import read_regular, too_large
from lawgov_cli.model import SCHEMA

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

_FAST_FROM = 16 * 1024
"""Texts from this size on go to rtoml when it is installed (importing it costs more than it saves
on lawgov.toml and departments.toml)."""
_fast_loads: Callable[[str], dict[str, Any]] | None = None
_fast_tried = False


def _fast() -> Callable[[str], dict[str, Any]] | None:
    """rtoml's parser, when installed and not turned off (``LAWGOV_TOML=tomli``)."""
    global _fast_loads, _fast_tried
    if not _fast_tried:
        _fast_tried = True
        import os

        if os.environ.get("LAWGOV_TOML", "").strip().lower() != "tomli":
            try:
                from rtoml import loads as rtoml_loads
            except ImportError:
                pass
            else:
                _fast_loads = rtoml_loads
    return _fast_loads


def loads(text: str) -> dict[str, Any]:
    """Parse ``text``: rtoml for a large text when installed, else (and on any rtoml error) tomli."""
    if len(text) >= _FAST_FROM:
        fast = _fast()
        if fast is not None:
            try:
                return fast(text)
            except Exception:
                pass
    return _LOADS(text)


__all__ = [
    "MAX_TOML_BYTES",
    "REGISTRY_FILE",
    "TASKS_DIR",
    "WORKSPACE_FILE",
    "_LOADS",
    "check_schema",
    "check_toml_size",
    "line_of",
    "loads",
    "merge_conflict_line",
    "parse_toml",
    "read_toml",
    "read_toml_bytes",
    "read_toml_text",
]
# Patterns are compiled on first use (re caches them): most commands never need them.
_TOML_POSITION = r"\(at line (\d+), column (\d+)\)"
# A line git writes around both sides of a conflict (``diff3`` style adds the ``|||||||`` one).
_CONFLICT_MARKER = r"(?m)^(<{7}|\|{7}|={7}|>{7})(?:[ \t][^\n]*)?\r?$"


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
    markers = list(re.finditer(_CONFLICT_MARKER, text))
    if not markers:
        return None
    first = next((m for m in markers if m.group(1).startswith("<")), markers[0])
    return text.count("\n", 0, first.start()) + 1, first.group(1)


_DATE_LIKE = re.compile(r"=\s*(\d{4}-\d{1,2}-\d{1,2})(?![\d:T ])")


def _bad_date_column(text: str, line: int) -> int | None:
    """The column of a value on ``line`` that was meant as a date but is none (``2024-7-1``,
    ``2024-13-01``), else None.

    >>> _bad_date_column("a = 1\\ndue = 2024-7-1\\n", 2), _bad_date_column("due = 2024-07-01 x\\n", 1)
    (7, None)
    """
    from datetime import date

    lines = text.splitlines()
    found = _DATE_LIKE.search(lines[line - 1]) if 0 < line <= len(lines) else None
    if found is None:
        return None
    try:
        date.fromisoformat(found.group(1))
    except ValueError:
        return found.start(1) + 1
    return None


def toml_reason(message: str) -> str:
    """The TOML reader's complaint as a message parameter: the id of its words in the user's
    language when the locales have them (``tomlerror.*``, whose English is the reader's own
    text), else the reader's text as it is.

    >>> toml_reason("Invalid value"), toml_reason("Cannot declare ('a',) twice")
    ('tomlerror.value', "Cannot declare ('a',) twice")
    """
    from lawgov_cli.i18n import messages

    names = {text: key.removeprefix("tomlerror.") for key, text in messages("en").items() if key.startswith("tomlerror.")}
    name = names.get(message)
    return f"tomlerror.{name}" if name is not None else message


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """``tomllib.loads`` with errors as ``LawgovError`` at ``file:line:column``.

    A file that does not parse because it still holds git conflict markers (two clones changed
    the same lines and ``git pull`` could not merge them) gets ``err.merge_conflict`` at the
    first marker instead of a TOML syntax error.
    """
    try:
        doc: dict[str, Any] = loads(text)
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
        position = re.search(_TOML_POSITION, message)
        reason = toml_reason(re.sub(_TOML_POSITION, "", message).replace("(at end of document)", "").strip())
        if position:
            line, column = int(position.group(1)), int(position.group(2))
            bad_date = _bad_date_column(text, line)
            if bad_date is not None:  # `due = 2024-7-1`: the reader says "expected newline" after 2024
                column, reason = bad_date, "tomlerror.datetime"
            raise LawgovError("err.bad_toml", path=path, line=line, column=column, reason=reason) from None
        if "(at end of document)" in message:  # an array or string left open: said at the last line
            raise LawgovError("err.bad_toml", path=path, line=len(text.splitlines()) or 1, reason=reason) from None
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
    for match in re.finditer(_CONFLICT_MARKER, text):
        if match.group(1).startswith("<") and opening is None:
            opening = match.start()
        elif match.group(1).startswith(">") and opening is not None:
            return text.count("\n", 0, opening) + 1
    return None


def read_toml(path: Path) -> dict[str, Any]:
    return parse_toml(read_toml_text(path), path)


def line_of(text: str, task_id: str, key: str | None = None) -> int | None:
    """The line of ``id = "<task_id>"`` in a department file, for error messages; with ``key``,
    the line of that key in the task's table when it is there (``due = …`` below the id, before
    the next table header), else the id's.

    >>> text = '[[tasks]]\\nid = "A"\\ndue = 1\\n[[tasks]]\\nid = "B"\\nstatus = "x"\\n'
    >>> line_of(text, "B"), line_of(text, "B", "status"), line_of(text, "A", "status")
    (5, 6, 2)
    """
    pattern = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(task_id)}[\"']", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    if key is not None:
        end = re.compile(r"^\s*\[", re.MULTILINE).search(text, match.end())
        field = re.compile(rf"^\s*{re.escape(key)}\s*=", re.MULTILINE).search(
            text, match.end(), end.start() if end else len(text)
        )
        if field is not None:
            return text.count("\n", 0, field.start()) + 1
    return line


def check_schema(doc: dict[str, Any], path: Path) -> None:
    found = doc.get("schema", SCHEMA)
    if found != SCHEMA:
        raise LawgovError("err.bad_schema", path=path, found=found, expected=SCHEMA)
