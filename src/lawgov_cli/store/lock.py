"""One writer at a time per workspace.

The lock is an advisory ``flock`` on ``<workspace>/.lawgov.lock``.  The kernel drops it when the
holder's file descriptor closes, including when the process is killed, so there is no stale lock to
clean up and the lock file itself is never deleted (deleting it would let two processes lock two
different inodes).  Not re-entrant: taking the lock twice in one process blocks on itself.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from lawgov_cli.errors import LawgovError

LOCK_NAME: Final = ".lawgov.lock"
_POLL_SECONDS: Final = 0.02


def _open_lock_file(root: Path) -> int:
    lock_path = root / LOCK_NAME
    try:
        return os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        create_error = exc
    # flock works on a read-only descriptor too, so an existing lock file in a workspace we may not
    # write to still serialises us against writers; the write itself will then fail clearly.
    try:
        return os.open(lock_path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        pass
    reason = f"cannot create the lock file {LOCK_NAME}: {create_error.strerror or create_error}"
    if create_error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason += " (is the workspace read-only?)"
    raise LawgovError("err.write_failed", path=lock_path, reason=reason) from create_error


@contextmanager
def workspace_lock(root: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the workspace's exclusive lock for the ``with`` block.

    Waits up to ``timeout`` seconds for another lawgov process to finish, then raises
    ``LawgovError("err.workspace_busy")``.

    >>> with workspace_lock(Path("checklists")):  # doctest: +SKIP
    ...     apply_changes(...)
    """
    fd = _open_lock_file(root)
    try:
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LawgovError("err.workspace_busy", path=root, seconds=timeout) from None
                time.sleep(min(_POLL_SECONDS, remaining))
            except InterruptedError:
                continue
            except OSError as exc:  # e.g. ENOLCK on a network file system without lock support
                raise LawgovError(
                    "err.write_failed", path=root / LOCK_NAME, reason=f"cannot lock: {exc.strerror or exc}"
                ) from exc
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
