"""Where ``-o`` may write: anywhere but the workspace's own files.

``export -o tasks/sifaju.toml`` or ``bulletin -o lawgov.toml`` would replace a department's
tasks and history with a report.  :func:`refuse_workspace_output` compares the output path, with
symbolic links and ``..`` resolved, against the workspace's files (``lawgov.toml``,
``departments.toml``, everything in ``tasks/``, the cache folder, the lock file), and compares an
existing output file that has more than one name (device, inode) with theirs, so a hard link is
caught too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from lawgov_cli.errors import LawgovError
from lawgov_cli.store.cache import CACHE_DIR
from lawgov_cli.store.lock import LOCK_NAME
from lawgov_cli.store.tomlfile import REGISTRY_FILE, TASKS_DIR, WORKSPACE_FILE
from lawgov_cli.store.transaction import JOURNAL

_FILES = (WORKSPACE_FILE, REGISTRY_FILE, LOCK_NAME, JOURNAL)
_FOLDERS = (TASKS_DIR, CACHE_DIR)


def _own_files(root: Path) -> Iterator[Path]:
    for name in _FILES:
        yield root / name
    for name in _FOLDERS:
        folder = root / name
        try:
            for current, _dirs, files in os.walk(folder):
                for file in files:
                    yield Path(current) / file
        except OSError:
            continue


def refuse_workspace_output(root: Path, output: Path) -> None:
    """Raise ``err.output_is_workspace_file`` when writing ``output`` would replace a workspace file."""
    target = Path(os.path.realpath(output))
    real_root = Path(os.path.realpath(root))
    own: Path | None = None
    for name in _FILES:
        if target in (real_root / name, Path(os.path.realpath(root / name))):
            own = root / name
    for name in _FOLDERS:
        for folder in {real_root / name, Path(os.path.realpath(root / name))}:
            if target == folder or target.is_relative_to(folder):
                own = root / name
    if own is None:
        try:
            info = os.stat(output)
        except OSError:
            info = None
        # A file with one name only is the one the paths above compared; a second name (a hard
        # link) could be a workspace file's: compare inodes with each of them (~2,000 in a city's
        # cache).
        if info is not None and info.st_nlink > 1:
            for path in _own_files(root):
                try:
                    mine = os.stat(path)
                except OSError:
                    continue
                if (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino):
                    own = path
                    break
    if own is not None:
        raise LawgovError("err.output_is_workspace_file", file=str(output), own=str(own))
