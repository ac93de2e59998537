"""Options shared by every command (``--dir``, ``--as-of``, ``--lang``), resolved once.

State travels in ``ctx.obj`` (never a module global: in-process tests would leak it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import Lang
from lawgov_cli.model import Workspace


@dataclass(slots=True)
class State:
    dir: Path | None = None
    as_of: str | None = None
    lang: str | None = None
    workspace: Workspace | None = field(default=None, repr=False)

    def load(self, *, detail: bool = True, save_cache: bool = True) -> Workspace:
        """The workspace (found via --dir, $LAWGOV_DIR, lawgov.toml upward, ./checklists).

        ``detail=False`` (commands that only count) keeps just the index of files it parses.
        """
        if self.workspace is None:
            from lawgov_cli.store.load import env_dir, find_workspace, load_workspace

            root = find_workspace(self.dir or env_dir())
            self.workspace = load_workspace(root, detail=detail, save_cache=save_cache)
        return self.workspace

    def language(self, workspace: Workspace | None = None) -> Lang:
        """--lang, then $LAWGOV_LANG, then ``lang`` in lawgov.toml, then the locale."""
        for value in (self.lang, os.environ.get("LAWGOV_LANG")):
            if value:
                return check_lang(value)
        ws = workspace or self.workspace
        if ws is not None and ws.settings.lang in ("zh", "en"):
            return "zh" if ws.settings.lang == "zh" else "en"
        return locale_language()

    def today(self, workspace: Workspace) -> date:
        """--as-of, then $LAWGOV_TODAY, then today's date in the workspace timezone."""
        for option, value in (("--as-of", self.as_of), ("LAWGOV_TODAY", os.environ.get("LAWGOV_TODAY"))):
            if value:
                return parse_date(value, option)
        return today_in(workspace.settings.timezone)


def check_lang(value: str) -> Lang:
    value = value.strip().lower()
    if value.startswith("zh"):
        return "zh"
    if value.startswith("en"):
        return "en"
    raise LawgovError("err.bad_lang", lang=value)


def locale_language() -> Lang:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def parse_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise LawgovError("err.bad_date_option", option=option, value=value) from None


def today_in(timezone: str) -> date:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise LawgovError("err.bad_timezone", tz=timezone) from None
    return datetime.now(zone).date()
