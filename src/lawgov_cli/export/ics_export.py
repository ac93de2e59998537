"""Deadlines as an iCalendar file (icalendar, imported only here) for Outlook, 钉钉, 企业微信 or a phone.

One all-day ``VEVENT`` per deadline: a one-off task on its due date, a recurring task once per
period (each month, quarter or year of the plan year) on the period's last day.  UIDs are stable
(``<id>[-<period>]-<plan_year>-<region hash>@lawgov``) so re-importing updates events instead of
duplicating them, and ``DTSTAMP`` is midnight UTC of ``--as-of``, so the same workspace and date
always give the same bytes.  Done deadlines are marked ✓ in the summary; dropped tasks are
``STATUS:CANCELLED``.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

from lawgov_cli.fields import View, ics_lines, owner_name
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Task, Workspace
from lawgov_cli.periods import task_periods
from lawgov_cli.progress import Progress


def _uid(task: Task, period: str, plan_year: int, region: str) -> str:
    tag = hashlib.sha256(region.encode("utf-8")).hexdigest()[:8]
    slug = "".join(ch if ch.isascii() and (ch.isalnum() or ch in ".-_") else "_" for ch in task.id)
    middle = f"{slug}-{period}" if period else slug
    return f"{middle}-{plan_year}-{tag}@lawgov"


def deadlines(task: Task) -> list[tuple[str, date, date | None]]:
    """``(period key or "", due date, date ticked or None)`` for each deadline of ``task``."""
    periods = task_periods(task)
    if not periods:
        return [("", task.due, task.done_on if task.status == "done" else None)]
    done_on = task.done_on if task.status == "done" else None
    return [(p.key, p.due, task.periods.get(p.key) or done_on) for p in periods]


def to_ics(workspace: Workspace, progress: Progress, lang: Lang) -> bytes:
    """The calendar as ``.ics`` bytes (CRLF lines, folded at 75 octets by icalendar)."""
    from icalendar import Calendar, Event

    settings = workspace.settings
    title = settings.title or settings.region
    calendar = Calendar()
    calendar.add("prodid", "-//lawgov//lawgov-cli//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", t("msg.ics_name", lang, title=title, year=settings.plan_year))
    calendar.add("x-wr-timezone", settings.timezone)
    stamp = datetime.combine(progress.as_of, time(), tzinfo=UTC)
    for state in progress.tasks:
        task = state.task
        owner = owner_name(workspace, task.owner)
        view = View(workspace, state, lang, progress.as_of)
        for period, due, ticked in deadlines(task):
            event = Event()
            event.add("uid", _uid(task, period, settings.plan_year, settings.region))
            event.add("dtstamp", stamp)
            event.add("dtstart", due)
            event.add("dtend", due + timedelta(days=1))
            mark = "✓ " if ticked else ""
            when = f"（{period}）" if period else ""
            event.add("summary", f"{mark}{task.id}{when} {owner}：{task.title}")
            own = [("label.period", period)] if period else []
            if ticked:
                own.append(("label.done_on", ticked.isoformat()))
            lines = [f"{t(label, lang)}: {text}" for label, text in ics_lines(view, own)]
            if task.source:
                lines += ["", task.source]
            event.add("description", "\n".join(lines))
            event.add("categories", [t(f"kind.{task.kind}", lang), owner])
            event.add("transp", "TRANSPARENT")
            event.add("class", "PUBLIC")
            if task.status == "dropped":
                event.add("status", "CANCELLED")
            calendar.add_component(event)
    return bytes(calendar.to_ical())


__all__ = ["deadlines", "to_ics"]
