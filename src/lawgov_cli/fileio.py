"""Reading a file only when it is a regular file, and text safe to show or write.

``/dev/zero`` behind a department file would be read until memory runs out, a FIFO would block
every command forever, and a socket cannot be read at all.  :func:`read_regular` opens without
blocking (``O_NONBLOCK``: opening a FIFO does not wait for a writer), checks the open descriptor
with ``fstat`` — so a file swapped after a check cannot slip through — and refuses anything that
is not a regular file before reading a byte.  It also reads at most ``limit`` bytes.

:func:`strip_controls` removes the characters that can move a terminal's cursor, recolour it,
ring it, hide text or reorder it (C0 controls except tab and line feed, DEL, C1 controls, and the
bidirectional embeddings, overrides and isolates such as U+202E).  Report text passes through it
when it enters the workspace, and every document and export passes through it again on the way
out.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from lawgov_cli.errors import LawgovError, os_reason

_CONTROLS: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
_CONTROLS_KEEP_CR: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]"
)


def strip_controls(text: str, *, keep_cr: bool = False) -> str:
    """``text`` without control and bidirectional-override characters; tab and line feed stay.

    ``keep_cr`` also keeps carriage returns (formats whose line ends are CRLF: CSV, ICS).

    >>> strip_controls("a\\x1b[31mb\\u202ec\\td\\n")
    'a[31mbc\\td\\n'
    """
    pattern = _CONTROLS_KEEP_CR if keep_cr else _CONTROLS
    return pattern.sub("", text) if pattern.search(text) else text


ENCODED_CONTROLS: Final = re.compile(r"\\u00[01][0-9a-f]|\\[bfr]|[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
"""What a character :func:`strip_controls` removes looks like in JSON text (C0 controls as escapes,
the others as themselves); a false positive (a text holding a backslash and a ``b``) only costs a
second encoding with every string passed through :func:`strip_controls`."""


def json_without_controls(document: Any, **options: Any) -> str:
    r"""``json.dumps(strip_controls_deep(document), **options)``, walking ``document`` only when its
    encoding shows a control or bidi character (a city's ``status --format json`` holds 200,000
    strings and almost never one).

    >>> json_without_controls({"t": "a\x1bb", "path": "C:\\bin"}, ensure_ascii=False)
    '{"t": "ab", "path": "C:\\\\bin"}'
    """
    import json

    text = json.dumps(document, **options)
    if ENCODED_CONTROLS.search(text):
        text = json.dumps(strip_controls_deep(document), **options)
    return text


def strip_controls_deep(value: Any) -> Any:
    """:func:`strip_controls` applied to every string (keys too) inside lists and dicts."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {strip_controls_deep(k): strip_controls_deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strip_controls_deep(v) for v in value]
    return value


def file_kind(mode: int) -> str:
    """What a non-regular file is, for messages: the id of its word in the user's language.

    >>> file_kind(stat.S_IFDIR), file_kind(stat.S_IFCHR)
    ('filekind.directory', 'filekind.device')
    """
    if stat.S_ISDIR(mode):
        return "filekind.directory"
    if stat.S_ISFIFO(mode):
        return "filekind.fifo"
    if stat.S_ISSOCK(mode):
        return "filekind.socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "filekind.device"
    return "filekind.special"


MB: Final = 1024 * 1024


def megabytes(size: int) -> float:
    """``size`` in MB, rounded *up* to 0.1: a file one byte over a 32 MB limit shows as 32.1, not 32.

    >>> megabytes(32 * MB + 1), megabytes(20 * MB), megabytes(50 * MB - 1)
    (32.1, 20.0, 50.0)
    """
    return math.ceil(size * 10 / MB) / 10


def too_large(key: str, path: Path, size: int, limit: int) -> LawgovError:
    """The error ``key`` for a file of ``size`` bytes over ``limit`` bytes (both shown in MB)."""
    return LawgovError(key, path=path, size=megabytes(size), limit=limit // MB)


def read_error(path: Path, exc: OSError, *, follow_symlinks: bool = True) -> LawgovError:
    """The one-line error for an ``OSError`` met opening or reading ``path``: missing, a socket,
    a refused symbolic link, or unreadable with the system's reason."""
    if isinstance(exc, FileNotFoundError):
        return LawgovError("err.file_missing", path=path)
    if exc.errno == errno.ENXIO:  # a socket, or a FIFO opened for writing only
        return LawgovError("err.not_regular_file", path=path, kind="filekind.socket")
    if exc.errno == errno.ELOOP and not follow_symlinks:
        return LawgovError("err.not_regular_file", path=path, kind="filekind.symlink")
    return LawgovError("err.file_unreadable", path=path, reason=os_reason(exc))


def read_regular(
    path: Path,
    limit: int,
    too_large: Callable[[int], LawgovError],
    *,
    follow_symlinks: bool = True,
) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``), or a one-line ``LawgovError``.

    ``too_large(size)`` builds the error for a file over ``limit``.  With ``follow_symlinks=False``
    a symbolic link is refused (``ELOOP``) instead of followed.
    """
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise read_error(path, exc, follow_symlinks=follow_symlinks) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LawgovError("err.not_regular_file", path=path, kind=file_kind(info.st_mode))
        if info.st_size > limit:
            raise too_large(info.st_size)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while we read it
                raise too_large(total)
        return b"".join(chunks)
    except OSError as exc:
        raise read_error(path, exc) from None
    finally:
        os.close(fd)


def is_regular(path: Path) -> bool:
    """Whether ``path`` (followed) is a regular file; False when it does not exist."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False
