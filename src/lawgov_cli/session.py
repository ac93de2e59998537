"""One command's session: which workspace, in which language and time zone, on which day, by whom.

Resolved once per command (``Session.open``) and handed to every use case, so no two parts of
a command can disagree about "today" or trip over a bad time zone in different ways.

- ``today`` — the clock: ``$LAWGOV_TODAY`` (a simulated clock for tests and rehearsals), else
  the date now in the workspace's time zone (``timezone`` in lawgov.toml, default
  Asia/Shanghai), not the server's UTC date;
- ``as_of`` — the day views show and changes take effect by default: ``--as-of``, else ``today``;
- ``actor`` — ``--by``, else git's ``user.name``, else the login name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path

from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import Lang
from lawgov_cli.model import Settings, Workspace


def parse_date(value: str, option: str) -> date:
    """A ``YYYY-MM-DD`` option value, or ``err.bad_date_option`` naming the option."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise LawgovError("err.bad_date_option", option=option, value=value) from None


def check_lang(value: str) -> Lang:
    """``zh``/``en`` from a language option or setting (``zh_CN``, ``en-GB``… accepted)."""
    value = value.strip().lower()
    if value.startswith("zh"):
        return "zh"
    if value.startswith("en"):
        return "en"
    raise LawgovError("err.bad_lang", lang=value)


def zone_of(name: str, path: Path | None = None) -> tzinfo:
    """The time zone ``name`` (from lawgov.toml at ``path``), or one clear error."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise LawgovError("err.bad_timezone", path=path, tz=name) from None


def who(explicit: str | None = None) -> str:
    """``explicit``, else git's ``user.name``, else the login name."""
    if explicit and explicit.strip():
        return explicit.strip()
    import getpass  # only commands that write need a name: not on the read path
    import subprocess

    try:
        name = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=2, check=False
        ).stdout.strip()
        if name:
            return name
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return os.environ.get("USER", "unknown")


@dataclass(slots=True)
class Session:
    root: Path
    settings: Settings
    zone: tzinfo
    today: date
    """The clock (see the module docstring)."""
    as_of: date
    """The day views show and changes count from by default."""
    as_of_given: bool = False
    """``--as-of`` was given: the user chose the day (``$LAWGOV_TODAY`` alone is the clock)."""
    by: str | None = None
    _actor: str | None = field(default=None, repr=False)
    _workspace: Workspace | None = field(default=None, repr=False)

    @classmethod
    def open(cls, root: Path, as_of: str | None = None, by: str | None = None) -> Session:
        """The session for the workspace at ``root``: reads lawgov.toml, resolves the time zone."""
        from lawgov_cli.store.load import WORKSPACE_FILE, read_toml, settings_from_toml

        path = root / WORKSPACE_FILE
        settings = settings_from_toml(read_toml(path), path)
        zone = zone_of(settings.timezone, path)
        clock_text = os.environ.get("LAWGOV_TODAY")
        today = parse_date(clock_text, "LAWGOV_TODAY") if clock_text else datetime.now(zone).date()
        day = parse_date(as_of, "--as-of") if as_of else today
        # --as-of reads $LAWGOV_TODAY too (typer's envvar): the same text is the clock, not a choice.
        given = bool(as_of) and (as_of or "").strip() != (clock_text or "").strip()
        return cls(root, settings, zone, today, day, as_of_given=given, by=by)

    @property
    def actor(self) -> str:
        if self._actor is None:
            self._actor = who(self.by)
        return self._actor

    def now(self) -> str:
        """When a change is written: local date-time with offset, ISO 8601, to the second."""
        return datetime.now(self.zone).isoformat(timespec="seconds")

    def workspace(
        self,
        *,
        detail: bool = True,
        save_cache: bool = True,
        fresh: bool = False,
        write_cache: bool = True,
        to_edit: bool = False,
    ) -> Workspace:
        """The workspace as its files are now (validated; ``clock`` set). ``fresh``: read again.

        ``write_cache=False`` (``sync --dry-run``) reads the cache but writes nothing at all.
        ``to_edit``: read to change the files (under the lock), never viewed at ``as_of``: what a
        view of a past day needs is not prepared."""
        if self._workspace is None or fresh:
            from lawgov_cli.store.load import load_workspace

            workspace = load_workspace(
                self.root, detail=detail, save_cache=save_cache, write_cache=write_cache
            )
            workspace.clock = self.today
            if self.as_of < self.today and not to_edit:
                # A view of a past day: each file's index that day as the cache kept it; the
                # timelines the others need and the cache lacks are built in workers when many
                # files need them (after a fresh clone or a pull), before the view asks one by one.
                from lawgov_cli.store.past import prepare_view

                prepare_view(workspace.shards, self.as_of, self.today)
            self._workspace = workspace
        return self._workspace

    def view(self, day: date | None = None, *, detail: bool = True) -> Workspace:
        """The workspace as it stood at the end of ``day`` (default ``as_of``)."""
        return self.workspace(detail=detail).at(day or self.as_of)
