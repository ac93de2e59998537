"""The reminders' send log: ``.lawgov-sent.toml`` in the workspace root.

It records, per department, the day it was last reminded and through which channels, so that a
second ``lawgov remind`` on the same day (a cron retry, a second cron line) does not remind it
again.  A channel is a short fingerprint (``mail``, ``webhook:<sha256 prefix of the URL>``): the
URL of a group robot is a secret and never written here.  The log is local state of the machine
that sends, not shared data: ``lawgov init`` lists it in the workspace's ``.gitignore``.  A
damaged log is not fatal — it is read as empty (the worst case is one extra reminder) and
rewritten on the next send.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final

from lawgov_cli.store.atomic import write_atomic
from lawgov_cli.store.lock import workspace_lock

SENT_LOG: Final = ".lawgov-sent.toml"
_HEADER: Final = (
    "# lawgov remind: when each department was last reminded and through which channels.\n"
    "# Local state of the sending machine (in .gitignore); safe to delete: then everyone is reminded again.\n"
)


def channel_key(kind: str, target: str = "") -> str:
    """``mail`` or ``webhook:3f2a…``: identifies a channel without writing its secret URL."""
    if kind == "mail":
        return "mail"
    return f"{kind}:{hashlib.sha256(target.encode('utf-8')).hexdigest()[:12]}"


@dataclass(slots=True)
class SentEntry:
    on: date
    channels: list[str] = field(default_factory=list)


def read_sent_log(root: Path) -> dict[str, SentEntry]:
    """Department id -> its last reminder; empty when there is no log or it cannot be read."""
    try:
        doc = tomllib.loads((root / SENT_LOG).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    out: dict[str, SentEntry] = {}
    sent = doc.get("sent", {})
    if not isinstance(sent, dict):
        return {}
    for dept, raw in sent.items():
        if not isinstance(raw, dict):
            continue
        on = raw.get("on")
        channels = raw.get("channels", [])
        if isinstance(on, date) and isinstance(channels, list):
            out[str(dept)] = SentEntry(on, [str(c) for c in channels])
    return out


def record_sent(root: Path, dept: str, on: date, channels: list[str]) -> None:
    """Add ``channels`` to ``dept``'s entry for ``on`` (replacing an older day's), atomically,
    under the workspace lock (a second ``remind`` may run at the same time)."""
    import tomli_w

    with workspace_lock(root):
        log = read_sent_log(root)
        entry = log.get(dept)
        if entry is None or entry.on != on:
            entry = log[dept] = SentEntry(on)
        entry.channels.extend(c for c in channels if c not in entry.channels)
        doc = {"sent": {d: {"on": e.on, "channels": e.channels} for d, e in sorted(log.items())}}
        write_atomic(root / SENT_LOG, (_HEADER + tomli_w.dumps(doc)).encode("utf-8"))


__all__ = ["SENT_LOG", "SentEntry", "channel_key", "read_sent_log", "record_sent"]
