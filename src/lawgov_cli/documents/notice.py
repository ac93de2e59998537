"""催办单 / 督办通知单: the numbered notices the lead office sends departments with overdue (red) items.

The red items come from :func:`lawgov_cli.progress.evaluate` (the one computation of progress),
grouped by owner.  The level follows the longest delay: within ``[workflow] grace_days`` of the
due date a 催办单 (reminder), beyond it a 督办通知单 (supervision notice).  Each notice names the
items with their due dates and days late, asks for completion or a written explanation within
``reply_days``, and is signed by the lead office.  Numbers come from the workspace register
(``store.notices``); this module only decides what each notice says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from lawgov_cli.documents.blocks import Block, Heading, Paragraph, Table
from lawgov_cli.documents.wording import first_working_day_after
from lawgov_cli.fields import owner_name, owner_names
from lawgov_cli.i18n import Lang, t, t_plural
from lawgov_cli.model import Workspace, open_extension
from lawgov_cli.progress import Progress, TaskState
from lawgov_cli.render.text import when_text


@dataclass(frozen=True, slots=True)
class NoticeDraft:
    """One department's notice before it has a number."""

    dept: str
    level: str
    """``cuiban`` (催办单) or ``duban`` (督办通知单)."""
    items: tuple[TaskState, ...]

    @property
    def longest(self) -> int:
        return max(s.days_overdue for s in self.items)


def office_name(workspace: Workspace, lang: Lang) -> str:
    """The lead office (``lead = true`` in departments.toml), else the region's 依法治区办."""
    lead = next((d.name for d in workspace.departments.values() if d.lead), "")
    return lead or t("notice.default_office", lang, region=workspace.settings.region)


def draft_notices(workspace: Workspace, progress: Progress, dept: str | None = None) -> list[NoticeDraft]:
    """A draft per department with red items on ``progress.as_of`` (most overdue department first)."""
    grace = workspace.settings.workflow.grace_days
    groups: dict[str, list[TaskState]] = {}
    for state in progress.overdue:
        if dept is None or state.task.owner == dept:
            groups.setdefault(state.task.owner, []).append(state)
    drafts = [
        NoticeDraft(
            owner, "duban" if max(s.days_overdue for s in states) > grace else "cuiban", tuple(states)
        )
        for owner, states in groups.items()
    ]
    drafts.sort(key=lambda d: (-d.longest, d.dept))
    return drafts


def _date(day: date, lang: Lang) -> str:
    # Structural: a notice's 年月日 date; the English draft keeps ISO dates.
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def notice_number(level: str, year: int, number: int, lang: Lang) -> str:
    """督办〔2024〕第3号 / Supervision notice 2024 No. 3."""
    return t(f"notice.number.{level}", lang, year=year, n=number)


def build_notice(
    workspace: Workspace, draft: NoticeDraft, number: int, as_of: date, lang: Lang
) -> list[Block]:
    """The blocks of one numbered notice."""
    office = office_name(workspace, lang)
    # A time limit ending on a rest day ends on the next working day (期限届满日为休息日的，顺延).
    reply_by = as_of + timedelta(days=workspace.settings.workflow.reply_days)
    if not workspace.settings.calendar.is_working_day(reply_by):
        reply_by = first_working_day_after(reply_by, workspace.settings.calendar)
    region = workspace.settings.region
    rows = []
    for position, state in enumerate(draft.items, start=1):
        task = state.task
        remark = ""
        request = open_extension(task)
        if request is not None and request.to is not None:
            remark = t("notice.extension_pending", lang, to=_date(request.to, lang))
        co = owner_names(workspace, task.co_owners)
        rows.append(
            [
                str(position),
                task.id,
                task.title,
                (state.next_due or task.due).isoformat(),
                when_text(lang, days_overdue=state.days_overdue, missed_periods=len(state.missed_periods)),
                co,
                remark,
            ]
        )
    headers = [
        t(k, lang)
        for k in (
            "notice.col.no",
            "label.id",
            "label.title",
            "label.due",
            "label.days_overdue",
            "label.co_owners",
            "notice.col.remark",
        )
    ]
    return [
        Heading(t(f"notice.title.{draft.level}", lang, region=region)),
        Paragraph(notice_number(draft.level, as_of.year, number, lang)),
        Paragraph(t("notice.to", lang, dept=owner_name(workspace, draft.dept))),
        Paragraph(
            t_plural(
                f"notice.body.{draft.level}",
                len(draft.items),
                lang,
                as_of=_date(as_of, lang),
                longest=t_plural("count.days", draft.longest, lang),
                grace=workspace.settings.workflow.grace_days,
            )
        ),
        Table(headers, rows),
        Paragraph(t("notice.required", lang, by=_date(reply_by, lang), office=office)),
        Paragraph(t("notice.extension_hint", lang)),
        Paragraph(office),
        Paragraph(_date(as_of, lang)),
    ]
