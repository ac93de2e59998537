"""Change several workspace files as one: all of them or none, across a kill or a full disk.

One file is replaced atomically by :func:`~lawgov_cli.store.atomic.write_atomic`.  A change that
touches several department files (``done M1.3 M7.1``, ``sync``, a form import) goes through a
small journal, ``.lawgov-journal`` in the workspace:

1. *stage*: every new file is written in full next to its target as ``.<name>.<txid>.new`` and
   fsynced.  A failure here (disk full, read-only) removes the staged files: nothing changed.
2. *commit*: the journal, naming each target and its staged file, is written atomically.  This
   is the moment the change happens: from here on it will be completed.
3. *apply*: each staged file is renamed over its target; then the journal is marked done.

A command killed during 3 leaves the journal pending; the next command that reads or writes the
workspace finishes the renames first (under the lock), so every reader sees either the old or
the new state of all files.  Staged files without a pending journal (killed during 1) are removed
by the next writer.  Readers that race a commit notice it — the journal's identity changes — and
read again (see :func:`generation`).

``LAWGOV_TEST_POINT=transaction.staged:kill`` (or ``.committed``, ``.applied-1``) makes the process
kill itself at that point (:mod:`lawgov_cli.testpoint`): the tests kill between two writes
deterministically.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from lawgov_cli.errors import LawgovError, os_reason
from lawgov_cli.store.atomic import fsync_directory, write_atomic

JOURNAL: Final = ".lawgov-journal"
_STAGED_SUFFIX: Final = ".new"


class Changed(Exception):
    """A file changed on disk between reading it and committing: the caller recomputes."""


def _crash_point(name: str) -> None:
    from lawgov_cli.testpoint import reached

    reached(f"transaction.{name}")


def generation(root: Path) -> tuple[int, int] | None:
    """Identity of the journal file (inode, mtime): changes with every multi-file commit."""
    try:
        info = os.stat(root / JOURNAL)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns)


def _read_journal(root: Path) -> Any:
    """The journal's JSON, or None when there is none (or it is not JSON).  A journal that is not
    a regular file (a FIFO would block every command) is refused with one line."""
    from lawgov_cli.fileio import read_regular

    try:
        data = read_regular(
            root / JOURNAL,
            16 * 1024 * 1024,
            lambda size: LawgovError("err.generic", message="journal too large"),
        )
    except LawgovError as exc:
        if exc.key == "err.not_regular_file":
            raise
        return None
    try:
        return json.loads(data.decode("utf-8"))
    except ValueError:
        return None


def pending(root: Path) -> bool:
    """True when a commit was interrupted after its commit point and must be completed."""
    data = _read_journal(root)
    return isinstance(data, dict) and data.get("state") == "pending"


def _stage(path: Path, txid: str, data: bytes) -> Path:
    staged = path.with_name(f".{path.name}.{txid}{_STAGED_SUFFIX}")
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.fchmod(fd, os.stat(path).st_mode & 0o7777)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    return staged


def commit(root: Path, writes: Mapping[Path, bytes], expect: Mapping[Path, bytes] | None = None) -> None:
    """Replace every file of ``writes`` (paths inside ``root``) as one change.

    The caller holds the workspace lock.  ``expect``: the bytes each file had when the change was
    computed; if a file no longer has them (a clerk saved it meanwhile), :class:`Changed` is
    raised before anything is written.  Raises ``LawgovError("err.write_failed")`` with nothing
    changed when the new files cannot be written in full.
    """
    writes = {path: data for path, data in writes.items()}
    if not writes:
        return
    if len(writes) == 1:
        ((path, data),) = writes.items()
        _check_unchanged(path, expect)
        write_atomic(path, data)
        return
    txid = f"{os.getpid()}-{time.time_ns()}"
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in writes.items():
            staged.append((path, _stage(path, txid, data)))
    except OSError as exc:
        for _, temp in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        for path in writes:  # a partly written staged file of the failing path
            with contextlib.suppress(OSError):
                path.with_name(f".{path.name}.{txid}{_STAGED_SUFFIX}").unlink()
        raise LawgovError(
            "err.write_failed", path=next(iter(writes)), reason=os_reason(exc)
        ) from exc
    _crash_point("staged")
    try:
        for path in writes:
            _check_unchanged(path, expect)
        journal = {
            "state": "pending",
            "txid": txid,
            "files": [[str(path.relative_to(root)), str(temp.relative_to(root))] for path, temp in staged],
        }
        write_atomic(root / JOURNAL, json.dumps(journal, ensure_ascii=False).encode("utf-8"))
    except BaseException:
        for _, temp in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        raise
    _crash_point("committed")
    roll_forward(root)


def _check_unchanged(path: Path, expect: Mapping[Path, bytes] | None) -> None:
    if expect is None or path not in expect:
        return
    try:
        now = path.read_bytes()
    except FileNotFoundError:
        now = b""
    if now != expect[path]:
        raise Changed(str(path))


def roll_forward(root: Path) -> None:
    """Complete an interrupted commit (the caller holds the lock); remove orphaned staged files."""
    journal_path = root / JOURNAL
    data = _read_journal(root)
    if isinstance(data, dict) and data.get("state") == "pending":
        applied = 0
        for target_name, temp_name in data.get("files", []):
            target, temp = root / target_name, root / temp_name
            if not _inside(root, target) or not _inside(root, temp):
                continue  # a journal edited to point elsewhere is not followed
            if temp.exists():
                try:
                    os.replace(temp, target)
                except OSError as exc:
                    raise LawgovError(
                        "err.write_failed", path=target, reason=os_reason(exc)
                    ) from exc
                applied += 1
                if applied == 1:
                    _crash_point("applied-1")
        for folder in {(root / name).parent for name, _ in data.get("files", [])}:
            fsync_directory(folder)
        done = {"state": "done", "txid": data.get("txid", "")}
        write_atomic(journal_path, json.dumps(done).encode("utf-8"))
    _remove_orphans(root)


def _inside(root: Path, path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve()) and ".." not in path.relative_to(root).parts
    except (OSError, ValueError):
        return False


def _remove_orphans(root: Path) -> None:
    """Staged files of commits that never reached their commit point (the lock is held)."""
    for folder in (root, root / "tasks"):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith(".") and name.endswith(_STAGED_SUFFIX) and ".toml." in name:
                with contextlib.suppress(OSError):
                    (folder / name).unlink()


def settle(root: Path) -> None:
    """Before reading: if a commit was interrupted, wait for the lock and complete it."""
    if not pending(root):
        return
    from lawgov_cli.store.lock import workspace_lock

    try:
        with workspace_lock(root):
            if pending(root):
                roll_forward(root)
    except LawgovError:
        # A read-only workspace cannot be completed here; reading the old files is still
        # consistent (no rename had happened, or some had: then say so rather than mix).
        if pending(root):
            raise
