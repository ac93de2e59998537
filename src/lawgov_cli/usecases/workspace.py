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


def declared_language(folder: Path | None) -> str:
    """``lang`` of the workspace's lawgov.toml when its session could not be opened (a bad time
    zone, say), so the error can be said in that language; "" when unknown."""
    from lawgov_cli.store.load import WORKSPACE_FILE, env_dir, find_workspace, read_toml

    try:
        value = read_toml(find_workspace(folder or env_dir()) / WORKSPACE_FILE).get("lang", "")
    except LawgovError:
        return ""
    return value if isinstance(value, str) else ""


