"""Replace a file so that a crash or kill leaves either the old or the new content, never half of each.

The new bytes go to a temporary file next to the target (same directory, hence same file system, so
the final :func:`os.replace` is an atomic rename), are flushed to disk, and only then take the
target's name.  A killed process may leave a ``.<name>.<random>.tmp`` file behind; its name never
ends in ``.toml``, so the loader does not mistake it for a department file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from lawgov_cli.errors import LawgovError


def _current_umask() -> int:
    # There is no way to read the umask without setting it; the window is harmless for a CLI.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(directory: Path) -> None:
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, keeping the existing file's permission bits.

    When ``path`` is a symbolic link the file it points to is replaced and the link is kept.
    On failure (read-only directory, disk full, ...) the temporary file is removed, the original
    is untouched and ``LawgovError("err.write_failed")`` is raised.

    >>> write_atomic(Path("tasks/sifaju.toml"), b"schema = 1\\n")  # doctest: +SKIP
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    directory = target.parent
    tmp_name: str | None = None
    fd = -1
    try:
        try:
            existing: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            existing = None
        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix="." + target.name + ".", suffix=".tmp")
        # mkstemp creates 0600; a department file shared by a team must keep its own mode.
        if existing is not None:
            os.fchmod(fd, stat.S_IMODE(existing.st_mode))
            if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
                with contextlib.suppress(OSError):  # only root may give a file away; others keep theirs
                    os.fchown(fd, existing.st_uid, existing.st_gid)
        else:
            os.fchmod(fd, 0o666 & ~_current_umask())
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise LawgovError("err.write_failed", path=path, reason=exc.strerror or str(exc)) from exc
    finally:
        # Also on KeyboardInterrupt: never leave a temp file behind if we are still alive to remove it.
        if fd != -1:
            with contextlib.suppress(OSError):
                os.close(fd)
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    _fsync_directory(directory)
