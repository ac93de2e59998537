"""Finding and opening the workspace a command works on (``--dir``, ``$LAWGOV_DIR``, the nearest
``lawgov.toml`` upward, ``./checklists``), for adapters that must not read files themselves."""

from __future__ import annotations

from pathlib import Path

from lawgov_cli.errors import LawgovError
from lawgov_cli.session import Session

__all__ = ["declared_language", "open_session"]


def open_session(folder: Path | None, as_of: str | None = None, by: str | None = None) -> Session:
    """The session of the workspace at ``folder`` (or found as above): settings, time zone, today
    and the view date resolved once."""
    from lawgov_cli.store.load import env_dir, find_workspace

    return Session.open(find_workspace(folder or env_dir()), as_of, by)


def declared_language(folder: Path | None, *, inside_only: bool = False) -> str:
    """``lang`` of the workspace's lawgov.toml without opening a session (when it could not be
    opened — a bad time zone, say — so the error is said in that language; or to choose the
    language of ``--help``); "" when unknown or unreadable.

    ``inside_only``: without ``folder`` (or ``$LAWGOV_DIR``), only a workspace around the current
    folder counts, not the ``./checklists`` beside it that commands fall back to."""
    from lawgov_cli.store.load import WORKSPACE_FILE, env_dir, find_workspace, read_toml

    try:
        explicit = folder or env_dir()
        root = find_workspace(explicit)
        if inside_only and explicit is None and root == Path.cwd().resolve() / "checklists":
            return ""
        value = read_toml(root / WORKSPACE_FILE).get("lang", "")
    except (LawgovError, OSError):
        return ""
    return value if isinstance(value, str) else ""


