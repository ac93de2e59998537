"""The 月通报: the monthly bulletin on task progress that the lead office circulates to leaders.

As of the month's end: totals and completion rate, departments ranked by completion, overdue
tasks by department (红灯), tasks due next month (黄灯), tasks finished this month and metric
values recorded this month.  Every sentence is built from the data; nothing is hand-written.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from lawgov_cli.documents.blocks import Block, Bullets, Heading, Paragraph, Quote, Table
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import HistoryEntry, Workspace, task_sort_key
from lawgov_cli.periods import task_periods
from lawgov_cli.progress import Progress, evaluate


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @classmethod
    def default_for(cls, today: date) -> Month:
        """The month a bulletin written ``today`` reports on: the last complete month (today's month
        when today is its last day)."""
        if (today + timedelta(days=1)).month != today.month:
            return cls(today.year, today.month)
        previous = today.replace(day=1) - timedelta(days=1)
        return cls(previous.year, previous.month)


def _fmt_date(day: date, lang: Lang) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def build_bulletin(
    workspace: Workspace, history: list[HistoryEntry], month: Month, lang: Lang
) -> list[Block]:
    """The bulletin for ``month`` as document blocks."""
    as_of = month.last
    # The bulletin is taken at the end of the month's last day, from the ledger: regenerated
    # later it says the same thing, and what fell due that day and is not done is red.
    workspace = workspace.at(as_of)
    progress = evaluate(workspace, as_of, end_of_day=True)
    settings = workspace.settings
    names = {d.id: d.name for d in workspace.departments.values()}
    lead = next((d.name for d in workspace.departments.values() if d.lead), "")
    nxt = month.next()
    window = workspace.settings.due_soon_days

    due_next = []
    for state in progress.tasks:
        if state.overdue or state.task.status in ("done", "dropped"):
            continue
        pending = [p.due for p in task_periods(state.task) if p.key not in state.task.periods] or [
            state.task.due
        ]
        upcoming = [d for d in pending if nxt.first <= d <= nxt.last]
        if upcoming:
            due_next.append((state, upcoming[0]))

    finished = []
    for task in sorted(workspace.tasks, key=lambda t_: task_sort_key(t_.id)):
        if task.done_on and month.first <= task.done_on <= month.last:
            finished.append((task, task.done_on, ""))
        for key, ticked in task.periods.items():
            if month.first <= ticked <= month.last and not (task.done_on == ticked and task.status == "done"):
                finished.append((task, ticked, key))

    by_id = {task.id: task for task in workspace.tasks}
    recorded = [
        h for h in history if h.action == "record" and month.first <= h.day <= month.last and h.task in by_id
    ]
    recorded.sort(key=lambda h: (h.day, task_sort_key(h.task)))

    totals = progress.totals
    blocks: list[Block] = [
        Heading(t("bulletin.title", lang, region=settings.region, year=settings.plan_year)),
        Paragraph(
            t(
                "bulletin.issue",
                lang,
                year=month.year,
                n=month.month,
                date=_fmt_date(as_of, lang),
                office=lead,
            )
        ),
        Heading(t("bulletin.h_overall", lang), 2),
        Paragraph(
            t(
                "bulletin.overall",
                lang,
                date=_fmt_date(as_of, lang),
                year=settings.plan_year,
                tasks=totals.tasks - totals.dropped,
                dropped=totals.dropped,
                done=totals.done,
                pct=_pct(totals.percent_done),
                doing=totals.doing,
                todo=totals.todo,
                overdue=totals.overdue,
                next=len(due_next),
                finished=len(finished),
            )
        ),
        Heading(t("bulletin.h_ranking", lang), 2),
    ]
    ranked = sorted(progress.departments, key=lambda d: (-d.counts.percent_done, d.counts.overdue, d.id))
    blocks.append(
        Table(
            [
                t(k, lang)
                for k in (
                    "label.rank",
                    "label.department",
                    "label.tasks",
                    "label.done",
                    "label.percent",
                    "label.overdue",
                )
            ],
            [
                [
                    str(n),
                    d.name,
                    str(d.counts.tasks - d.counts.dropped),
                    str(d.counts.done),
                    _pct(d.counts.percent_done),
                    str(d.counts.overdue),
                ]
                for n, d in enumerate(ranked, 1)
            ],
        )
    )

    blocks.append(Heading(t("bulletin.h_red", lang), 2))
    overdue = progress.overdue
    if overdue:
        groups: dict[str, list[str]] = {}
        for state in overdue:
            due = state.next_due or state.task.due
            groups.setdefault(state.task.owner, []).append(
                t(
                    "bulletin.red_item",
                    lang,
                    id=state.task.id,
                    title=state.task.title,
                    due=due.isoformat(),
                    days=state.days_overdue,
                )
            )
        order = [d.id for d in progress.departments if d.id in groups]
        blocks.append(
            Bullets(
                [
                    t(
                        "bulletin.dept_items",
                        lang,
                        dept=names.get(o, o),
                        n=len(groups[o]),
                        items=("；" if lang == "zh" else "; ").join(groups[o]),
                    )
                    for o in order
                ]
            )
        )
    else:
        blocks.append(Paragraph(t("bulletin.none_red", lang)))

    blocks.extend(_pending_blocks(progress, names, lang))

    blocks.append(Heading(t("bulletin.h_yellow", lang, month=nxt.month, year=nxt.year), 2))
    if due_next:
        blocks.append(
            Bullets(
                [
                    t(
                        "bulletin.yellow_item",
                        lang,
                        id=s.task.id,
                        dept=names.get(s.task.owner, s.task.owner),
                        title=s.task.title,
                        due=d.isoformat(),
                    )
                    for s, d in sorted(due_next, key=lambda pair: (pair[1], task_sort_key(pair[0].task.id)))
                ]
            )
        )
    else:
        blocks.append(Paragraph(t("bulletin.none_yellow", lang)))

    blocks.append(Heading(t("bulletin.h_finished", lang), 2))
    if finished:
        items = []
        for task, day, period in finished:
            what = t("bulletin.period", lang, period=period) if period else ""
            items.append(
                t(
                    "bulletin.finished_item",
                    lang,
                    id=task.id,
                    dept=names.get(task.owner, task.owner),
                    title=task.title,
                    period=what,
                    date=_fmt_date(day, lang),
                )
            )
        blocks.append(Bullets(items))
    else:
        blocks.append(Paragraph(t("bulletin.none_finished", lang)))

    blocks.append(Heading(t("bulletin.h_metrics", lang), 2))
    if recorded:
        items = []
        for entry in recorded:
            task = by_id[entry.task]
            metric_name = entry.note.split("：", 1)[0]
            metric = next((m for m in task.metrics if m.name == metric_name), None)
            baseline = "—" if metric is None or metric.baseline is None else f"{metric.baseline:g}"
            unit = metric.unit if metric else ""
            items.append(
                t(
                    "bulletin.metric_item",
                    lang,
                    id=task.id,
                    metric=metric_name,
                    baseline=baseline,
                    old=entry.old or "—",
                    new=entry.new,
                    unit=unit,
                    by=entry.by,
                    date=entry.day.isoformat(),
                )
            )
        blocks.append(Bullets(items))
    else:
        blocks.append(Paragraph(t("bulletin.none_metrics", lang)))

    blocks.append(Heading(t("bulletin.h_requirements", lang), 2))
    if overdue:
        late = "、".join(dict.fromkeys(names.get(s.task.owner, s.task.owner) for s in overdue))
        deadline = date(nxt.year, nxt.month, min(10, calendar.monthrange(nxt.year, nxt.month)[1]))
        blocks.append(
            Paragraph(
                t(
                    "bulletin.req_overdue",
                    lang,
                    depts=late,
                    date=_fmt_date(deadline, lang),
                    office=lead or "—",
                )
            )
        )
    if due_next:
        blocks.append(Paragraph(t("bulletin.req_yellow", lang)))
    blocks.append(Paragraph(t("bulletin.req_general", lang)))
    # Keep the evaluation window visible: "due soon" in status uses due_soon_days, the bulletin next month.
    blocks.append(Quote(t("bulletin.footer", lang, as_of=as_of.isoformat(), window=window)))
    return blocks


def _pending_blocks(progress: Progress, names: dict[str, str], lang: Lang) -> list[Block]:
    """待审核事项: completion reports and extension requests filed by the bulletin's date that
    await the office — a section only when there are any."""
    items = [p for p in progress.pending() if p.since <= progress.as_of]
    if not items:
        return []
    lines = []
    for item in items:
        if item.kind == "extension" and item.to is not None:
            line = t(
                "bulletin.pending_extension",
                lang,
                id=item.id,
                dept=names.get(item.owner, item.owner),
                title=item.title,
                due=item.due.isoformat(),
                to=item.to.isoformat(),
                since=_fmt_date(item.since, lang),
                reason=item.reason,
            )
        else:
            line = t(
                "bulletin.pending_report",
                lang,
                id=item.id,
                dept=names.get(item.owner, item.owner),
                title=item.title,
                since=_fmt_date(item.since, lang),
            )
        lines.append(line)
    return [Heading(t("bulletin.h_pending", lang, n=len(items)), 3), Bullets(lines)]
