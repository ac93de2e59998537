"""Options shared by every command (``--dir``, ``--as-of``, ``--lang``), resolved once.

State travels in ``ctx.obj`` (never a module global: in-process tests would leak it).  What the
options mean for a workspace — its time zone, today, the view date — is the core's
:class:`lawgov_cli.session.Session`, built once here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import Lang
from lawgov_cli.model import Workspace
from lawgov_cli.session import Session, check_lang, parse_date

__all__ = ["State", "check_lang", "locale_language", "parse_date"]


@dataclass(slots=True)
class State:
    dir: Path | None = None
    as_of: str | None = None
    lang: str | None = None
    workspace: Workspace | None = field(default=None, repr=False)
    _session: Session | None = field(default=None, repr=False)
    _failed_lang: str = field(default="", repr=False)

    def session(self, by: str | None = None) -> Session:
        """The core session for the workspace (found via --dir, $LAWGOV_DIR, lawgov.toml upward,
        ./checklists): settings, time zone, today and the view date resolved once."""
        if self._session is None:
            from lawgov_cli.usecases.workspace import declared_language, open_session

            try:
                self._session = open_session(self.dir, self.as_of, by)
            except LawgovError:
                self._failed_lang = declared_language(self.dir)  # say why in the workspace's language
                raise
        elif by:
            self._session.by = by
        return self._session

    def load(self, *, detail: bool = True, save_cache: bool = True) -> Workspace:
        """The workspace as it stood on the ``--as-of`` date (today by default), replayed from
        its history; every view reads this.

        ``detail=False`` (commands that only count) keeps just the index of files it parses.
        """
        if self.workspace is None:
            session = self.session()
            base = session.workspace(detail=detail, save_cache=save_cache)
            self.workspace = base.at(session.as_of)
        return self.workspace

    def language(self, workspace: Workspace | None = None) -> Lang:
        """--lang, then $LAWGOV_LANG, then ``lang`` in lawgov.toml, then the locale."""
        for value in (self.lang, os.environ.get("LAWGOV_LANG")):
            if value:
                return check_lang(value)
        ws = workspace or self.workspace
        settings = ws.settings if ws is not None else self._session.settings if self._session else None
        lang = settings.lang if settings is not None else self._failed_lang
        if lang in ("zh", "en"):
            return "zh" if lang == "zh" else "en"
        return locale_language()

    def error_language(self, on_workspace: bool = True) -> Lang:
        """The language of an error in a command: --lang, $LAWGOV_LANG, then (for a command that
        works on a workspace) the workspace's, when there is one to read, then the locale's."""
        import contextlib

        if on_workspace and not self.lang:
            with contextlib.suppress(LawgovError):
                self.session()
        try:
            return self.language()
        except LawgovError:  # the --lang value itself was the problem
            return locale_language()

    def today(self, workspace: Workspace | None = None) -> date:
        """The view date: --as-of, then $LAWGOV_TODAY, then today's date in the workspace timezone."""
        return self.session().as_of


def locale_language() -> Lang:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
