"""One writer at a time per workspace.

The lock is an advisory ``flock`` on ``<workspace>/.lawgov.lock``.  The kernel drops it when the
holder's file descriptor closes, including when the process is killed, so there is no stale lock to
clean up and the lock file itself is never deleted (deleting it would let two processes lock two
different inodes).  Not re-entrant: taking the lock twice in one process blocks on itself.

Waiting: up to ``LAWGOV_LOCK_TIMEOUT`` seconds (default 120, long enough for a cron job queued
behind a burst of edits), polling with a growing pause (5 ms up to 100 ms) and no signals or
threads.  The holder writes its pid, command and start time into the lock file once it holds the
lock, so a command that gives up can say who is in the way.  The lock file is never followed
through a symbolic link and must be a regular file.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from lawgov_cli import testpoint
from lawgov_cli.errors import LawgovError, os_reason

LOCK_NAME: Final = ".lawgov.lock"
DEFAULT_TIMEOUT: Final = 120.0
"""Seconds a writer waits for the lock unless ``LAWGOV_LOCK_TIMEOUT`` says otherwise."""
_FIRST_PAUSE: Final = 0.005
_LONGEST_PAUSE: Final = 0.1
_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)


def lock_timeout() -> float:
    """``LAWGOV_LOCK_TIMEOUT`` (seconds, >= 0) or :data:`DEFAULT_TIMEOUT`."""
    raw = os.environ.get("LAWGOV_LOCK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise LawgovError("err.bad_lock_timeout", value=raw)
    return value


def _checked(fd: int, lock_path: Path) -> int:
    from lawgov_cli.fileio import file_kind

    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise LawgovError("err.not_regular_file", path=lock_path, kind=file_kind(info.st_mode))
    return fd


def _open_lock_file(root: Path) -> int:
    lock_path = root / LOCK_NAME
    try:
        return _checked(
            os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | _NOFOLLOW, 0o666), lock_path
        )
    except OSError as exc:
        create_error = exc
    if create_error.errno == errno.ELOOP:  # a symbolic link: writing the holder would follow it
        raise LawgovError("err.not_regular_file", path=lock_path, kind="filekind.symlink") from None
    # flock works on a read-only descriptor too, so an existing lock file in a workspace we may not
    # write to still serialises us against writers; the write itself will then fail clearly.
    try:
        return _checked(os.open(lock_path, os.O_RDONLY | os.O_CLOEXEC | _NOFOLLOW), lock_path)
    except OSError:
        pass
    read_only = create_error.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    raise LawgovError(
        "err.lock_create_readonly" if read_only else "err.lock_create_failed",
        path=lock_path,
        name=LOCK_NAME,
        reason=os_reason(create_error),
    ) from create_error


def _write_holder(fd: int) -> None:
    """Record who holds the lock (best effort: a read-only lock file just stays as it is)."""
    from datetime import datetime

    command = " ".join(["lawgov", *sys.argv[1:]])[:200]
    started = datetime.now().astimezone().isoformat(timespec="seconds")
    line = f"pid={os.getpid()} started={started} command={command}\n".encode("utf-8", "replace")
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, line, 0)
    except OSError:
        pass


def lock_holder(root: Path) -> str:
    """What the lock file says about its holder (one line, printable), or an empty string."""
    from lawgov_cli.fileio import strip_controls

    try:
        fd = os.open(root / LOCK_NAME, os.O_RDONLY | os.O_CLOEXEC | _NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        text = os.read(fd, 400).decode("utf-8", "replace")
    except OSError:
        return ""
    finally:
        os.close(fd)
    return " ".join(strip_controls(text).split())


@contextmanager
def workspace_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the workspace's exclusive lock for the ``with`` block.

    Waits up to ``timeout`` seconds (default: :func:`lock_timeout`) for another lawgov process to
    finish, then raises ``LawgovError("err.workspace_busy_by")`` naming the holder.

    >>> with workspace_lock(Path("checklists")):  # doctest: +SKIP
    ...     apply_changes(...)
    """
    if timeout is None:
        timeout = lock_timeout()
    fd = _open_lock_file(root)
    try:
        deadline = time.monotonic() + max(timeout, 0.0)
        pause = _FIRST_PAUSE
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    holder = lock_holder(root) or "?"
                    raise LawgovError(
                        "err.workspace_busy_by", path=root, seconds=timeout, holder=holder
                    ) from None
                time.sleep(min(pause, remaining))
                pause = min(pause * 2, _LONGEST_PAUSE)
            except InterruptedError:
                continue
            except OSError as exc:  # e.g. ENOLCK on a network file system without lock support
                raise LawgovError("err.lock_failed", path=root / LOCK_NAME, reason=os_reason(exc)) from exc
        _write_holder(fd)
        testpoint.reached("lock.held")
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
