"""Replace a file so that a crash or kill leaves either the old or the new content, never half of each.

The new bytes go to a temporary file next to the target (same directory, hence same file system, so
the final :func:`os.replace` is an atomic rename), are flushed to disk, and only then take the
target's name.  A killed process may leave a ``.<name>.<pid>.<random>.tmp`` file behind; its name
never ends in ``.toml``, so the loader does not mistake it for a department file, and the next
write of the same file removes it once no process with that pid is alive.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from lawgov_cli import testpoint
from lawgov_cli.errors import LawgovError, os_reason


def _current_umask() -> int:
    # There is no way to read the umask without setting it; the window is harmless for a CLI.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fsync_directory(directory: Path) -> None:
    """Make the rename itself durable; some platforms and file systems cannot fsync a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return True  # not a pid we can check: leave the file alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: alive, someone else's
        return True
    return True


def remove_stale_temps(directory: Path, name: str) -> list[str]:
    """Delete ``.<name>.<pid>.*.tmp`` files whose process is gone (killed mid-write); their names."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(\d+)\.[^/]*\.tmp")
    removed: list[str] = []
    try:
        entries = os.listdir(directory)
    except OSError:
        return removed
    for entry in entries:
        found = pattern.fullmatch(entry)
        if found is None or int(found.group(1)) == os.getpid() or _alive(int(found.group(1))):
            continue
        candidate = directory / entry
        try:
            if stat.S_ISREG(os.lstat(candidate).st_mode):
                candidate.unlink()
                removed.append(entry)
        except OSError:
            pass
    return removed


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, keeping the existing file's permission bits.

    When ``path`` is a symbolic link the file it points to is replaced and the link is kept.
    On failure (read-only directory, disk full, ...) the temporary file is removed, the original
    is untouched and ``LawgovError("err.write_failed")`` is raised.

    >>> write_atomic(Path("tasks/sifaju.toml"), b"schema = 1\\n")  # doctest: +SKIP
    """
    write_atomic_chunks(path, (data,))


def write_atomic_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """:func:`write_atomic` of the concatenation of ``chunks``, written as they come: a large
    export streams to disk instead of being held in memory whole.  An exception raised while
    producing the chunks leaves the original untouched, as a failed write does."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    directory = target.parent
    tmp_name: str | None = None
    fd = -1
    try:
        try:
            existing: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            existing = None
        remove_stale_temps(directory, target.name)
        # The pid in the name lets the next writer tell a dead process's leftover from a live write.
        import tempfile  # only commands that write: ~3 ms of start-up for every read otherwise

        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp")
        # mkstemp creates 0600; a department file shared by a team must keep its own mode.
        if existing is not None:
            os.fchmod(fd, stat.S_IMODE(existing.st_mode))
            if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
                with contextlib.suppress(OSError):  # only root may give a file away; others keep theirs
                    os.fchown(fd, existing.st_uid, existing.st_gid)
        else:
            os.fchmod(fd, 0o666 & ~_current_umask())
        for data in chunks:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        testpoint.reached("atomic.before_replace")
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise LawgovError("err.write_failed", path=path, reason=os_reason(exc)) from exc
    finally:
        # Also on KeyboardInterrupt: never leave a temp file behind if we are still alive to remove it.
        if fd != -1:
            with contextlib.suppress(OSError):
                os.close(fd)
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    fsync_directory(directory)
