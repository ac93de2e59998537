"""What each department is reminded of: pure, from one ``progress.evaluate`` result.

A department with overdue (红灯) or due-soon (黄灯) tasks gets one :class:`Reminder`: a subject,
a plain-text body for mail and a Markdown body for group robots (企业微信 and 钉钉 accept the
same Markdown subset: headings, bold, quotes, lists).  Nothing is counted here: the items are the
``briefs`` of the progress every other command shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from lawgov_cli.i18n import Lang, t, t_plural
from lawgov_cli.model import Department, Workspace
from lawgov_cli.progress import Brief, Progress
from lawgov_cli.render.plain import printable

WEBHOOK_MAX_BYTES = 3800
"""企业微信 caps a Markdown message at 4096 bytes, 钉钉 at about 5000: stay below both."""

_HOST_KINDS = {"qyapi.weixin.qq.com": "wecom", "oapi.dingtalk.com": "dingtalk"}


@dataclass(frozen=True, slots=True)
class Reminder:
    dept: Department
    as_of: date
    overdue: tuple[Brief, ...]
    due_soon: tuple[Brief, ...]
    subject: str
    text: str
    markdown: str


def webhook_kind(url: str, explicit: str = "") -> str:
    """``wecom`` or ``dingtalk``: ``webhook_kind`` when set, else by the URL's host, else wecom."""
    if explicit:
        return explicit
    host = (urlsplit(url).hostname or "").lower()
    return _HOST_KINDS.get(host, "wecom")


def webhook_payload(reminder: Reminder, kind: str) -> dict[str, Any]:
    """The JSON a group robot accepts: 企业微信 ``markdown.content``, 钉钉 ``markdown.title/text``."""
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": reminder.subject, "text": reminder.markdown}}
    return {"msgtype": "markdown", "markdown": {"content": reminder.markdown}}


def _lead_name(workspace: Workspace) -> str:
    lead = next((d for d in workspace.departments.values() if d.lead), None)
    return lead.name if lead else ""


def _item_lines(brief: Brief, number: int, lang: Lang) -> list[str]:
    title = printable(brief.title)
    head = t("remind.item", lang, n=number, id=brief.id, title=title)
    if brief.days > 0:
        when = t_plural("remind.when_late", brief.days_overdue, lang, due=brief.due, days=brief.days_overdue)
        if brief.missed_periods:
            when += t("remind.missed", lang, periods="、".join(brief.missed_periods))
    else:
        when = _when_left(brief, lang)
    return [head, "   " + when]


def _when_left(brief: Brief, lang: Lang) -> str:
    if brief.days_left == 0:
        return t("remind.when_today", lang, due=brief.due)
    return t_plural("remind.when_left", brief.days_left, lang, due=brief.due, days=brief.days_left)


def _subject(dept: Department, overdue: int, due_soon: int, as_of: date, lang: Lang) -> str:
    if overdue and due_soon:
        key = "remind.subject_both"
    elif overdue:
        key = "remind.subject_overdue"
    else:
        key = "remind.subject_soon"
    # One count: its plural (English); both: the sentence names them as numbers of "task(s)".
    subject = t_plural(key, overdue or due_soon, lang, dept=dept.name, overdue=overdue, due_soon=due_soon, as_of=as_of)
    return " ".join(printable(subject).split())  # one header line, whatever the registry holds


def _text(
    workspace: Workspace,
    dept: Department,
    overdue: list[Brief],
    soon: list[Brief],
    progress: Progress,
    lang: Lang,
) -> str:
    lead = _lead_name(workspace)
    settings = workspace.settings
    lines = [
        t("remind.greeting", lang, dept=dept.name),
        "",
        t(
            "remind.intro",
            lang,
            as_of=progress.as_of,
            title=settings.title or settings.region,
            year=settings.plan_year,
            overdue=len(overdue),
            due_soon=len(soon),
        ),
    ]
    if overdue:
        lines += ["", t("remind.section_overdue", lang)]
        for number, brief in enumerate(overdue, start=1):
            lines += _item_lines(brief, number, lang)
    if soon:
        lines += ["", t("remind.section_soon", lang, days=progress.due_soon_days)]
        for number, brief in enumerate(soon, start=1):
            lines += _item_lines(brief, number, lang)
    lines += [
        "",
        t("remind.todo", lang),
        t("remind.reply_form", lang, lead=lead or t("remind.office", lang)),
        t("remind.reply_cli", lang),
        t("remind.late", lang),
        "",
        lead or t("remind.office", lang),
        t("remind.footer", lang, as_of=progress.as_of),
    ]
    return "\n".join(lines) + "\n"


def _markdown(
    workspace: Workspace,
    dept: Department,
    overdue: list[Brief],
    soon: list[Brief],
    progress: Progress,
    lang: Lang,
) -> str:
    lead = _lead_name(workspace) or t("remind.office", lang)
    head = [
        t("remind.md_title", lang, dept=dept.name),
        t("remind.md_summary", lang, as_of=progress.as_of, overdue=len(overdue), due_soon=len(soon)),
    ]
    tail = ["", t("remind.md_todo", lang, lead=lead)]
    body: list[str] = []
    sections = [
        (t("remind.section_overdue", lang), overdue),
        (t("remind.section_soon", lang, days=progress.due_soon_days), soon),
    ]
    total = len(overdue) + len(soon)
    shown = 0
    size = len("\n".join(head + tail).encode("utf-8")) + 200  # room for the "… and N more" line
    for heading, briefs in sections:
        if not briefs:
            continue
        block = ["", f"**{heading}**"]
        for brief in briefs:
            when = (
                t_plural("remind.when_late", brief.days_overdue, lang, due=brief.due, days=brief.days_overdue)
                if brief.days > 0
                else _when_left(brief, lang)
            )
            line = f"> {brief.id} {_md_escape(printable(brief.title))}  \n> {when}"
            cost = len(("\n".join(block) + "\n" + line).encode("utf-8"))
            if size + cost > WEBHOOK_MAX_BYTES:
                break
            block.append(line)
            shown += 1
        size += len("\n".join(block).encode("utf-8"))
        if len(block) > 2:
            body += block
    if shown < total:
        body += ["", t("remind.md_more", lang, more=total - shown)]
    return "\n".join(head + body + tail)


def _md_escape(text: str) -> str:
    """A title as Markdown text: no markup, no HTML (``<font>`` is the only tag 企业微信 reads)."""
    out = text.replace("\\", "\\\\")
    for ch in "*_`[]<>#":
        out = out.replace(ch, "\\" + ch)
    return out


def compose(workspace: Workspace, progress: Progress, lang: Lang, dept: str | None = None) -> list[Reminder]:
    """One reminder per department with red or yellow items (most behind first)."""
    overdue_by: dict[str, list[Brief]] = {}
    soon_by: dict[str, list[Brief]] = {}
    for brief in progress.briefs(overdue=True):
        overdue_by.setdefault(brief.owner, []).append(brief)
    for brief in progress.briefs(overdue=False):
        soon_by.setdefault(brief.owner, []).append(brief)
    out = []
    for entry in progress.departments:
        if dept is not None and entry.id != dept:
            continue
        overdue, soon = overdue_by.get(entry.id, []), soon_by.get(entry.id, [])
        if not overdue and not soon:
            continue
        department = workspace.departments.get(entry.id) or Department(id=entry.id, name=entry.name)
        out.append(
            Reminder(
                dept=department,
                as_of=progress.as_of,
                overdue=tuple(overdue),
                due_soon=tuple(soon),
                subject=_subject(department, len(overdue), len(soon), progress.as_of, lang),
                text=_text(workspace, department, overdue, soon, progress, lang),
                markdown=_markdown(workspace, department, overdue, soon, progress, lang),
            )
        )
    return out


__all__ = ["WEBHOOK_MAX_BYTES", "Reminder", "compose", "webhook_kind", "webhook_payload"]
