"""The 月通报: the monthly bulletin on task progress that the lead office circulates to leaders.

Modelled on real 督查通报 / 法治政府建设工作通报: a 简报-style head (issuing office, series,
第N期 counted from the plan year's first month, issuer and 成文日期), the title, 主送, a
lead-in, then 一、总体情况 (counts, completion rate and the overall 序时进度), 二、各单位序时进度
(超进度 / 达进度 / 欠进度 / 已完成 with the shares due and done), the overdue items (红灯) by
department saying exactly what is missing (for recurring tasks: which periods), the items falling
due within ``due_soon_days`` (黄灯), departments and items that did well, 工作要求 with dates
(书面说明 by a date, 挂号督办, 回头看, 销号), the 落款 and an 附件 listing every open item.

Every count comes from :func:`lawgov_cli.progress.evaluate` at the month's end, so the bulletin
says what ``lawgov status --as-of <month end> --format json`` says; sections with nothing to say
are left out rather than printed as "0项".
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from lawgov_cli.documents.blocks import (
    Addressee,
    Attachment,
    Block,
    DocHead,
    Heading,
    Paragraph,
    Signoff,
    Table,
)
from lawgov_cli.documents.bulletin_walk import _metrics_elsewhere, _walk
from lawgov_cli.documents.schedule import PACES, ScheduleRow, ranked, schedule_of
from lawgov_cli.documents.wording import (
    cn_date,
    cn_month_day,
    cn_number,
    first_working_day_after,
    period_label,
    share,
    working_days_after,
)
from lawgov_cli.errors import LawgovError
from lawgov_cli.fields import owner_name
from lawgov_cli.i18n import Lang, renderer, t, t_plural
from lawgov_cli.model import HistoryEntry, Metric, WorkCalendar, Workspace, office_name, task_sort_key
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


def issue_number(month: Month, plan_year: int) -> int:
    """第N期: months counted from January of the plan year (January = 1, next January = 13)."""
    number = (month.year - plan_year) * 12 + month.month
    if number < 1:
        raise LawgovError("err.month_before_plan", month=month.key, year=plan_year)
    return number


def issue_date(month: Month, calendar: WorkCalendar) -> date:
    """The default 成文日期: the first working day after the month (``[calendar]`` of
    ``lawgov.toml``: after the National Day week, not on 1 October), so a bulletin regenerated
    later carries the same date."""
    return first_working_day_after(month.last, calendar)


def uncounted_years(calendar: WorkCalendar, month: Month) -> list[int]:
    """The years whose working days the bulletin for ``month`` counts (its date, its deadlines, the
    next issue's date) but ``[calendar]`` lists no day of: the November bulletin of a workspace
    whose next year's arrangement was not added yet.

    >>> calendar = WorkCalendar(holidays=frozenset({date(2024, 10, 1)}), kept=True)
    >>> uncounted_years(calendar, Month(2024, 10)), uncounted_years(calendar, Month(2024, 11))
    ([], [2025])
    >>> uncounted_years(WorkCalendar(), Month(2024, 12))
    []
    """
    if not calendar.kept:
        return []  # no [calendar] at all (an older workspace): Monday to Friday, as it was written
    listed = {day.year for day in calendar.holidays | calendar.workdays}
    counted = {month.next().first.year, month.next().next().first.year}
    return sorted(counted - listed)


def bulletin_progress(workspace: Workspace, month: Month) -> Progress:
    """THE evaluation a bulletin reports: the ledger replayed to the month's last day, taken at the
    end of that day (what fell due on it and is not done is red)."""
    return evaluate(workspace, month.last, end_of_day=True)


def finished_late_count(progress: Progress) -> int:
    """Tasks finished after their deadline (逾期完成): ``Counts.finished_late`` of evaluate."""
    return progress.totals.finished_late


def reported_count(progress: Progress) -> int:
    """Tasks reported done and awaiting the office's review (待审核, status ``reported``)."""
    return progress.totals.reported


def _sep(lang: Lang) -> str:
    return t("punct.list", lang)


def _join(parts: list[str], lang: Lang) -> str:
    return t("punct.clauses", lang).join(parts)


def _sentence(text: str, lang: Lang) -> str:
    return text + t("punct.stop", lang)


# Structural: Chinese documents number headings 一、（一）and items 1., English 1. (1) and 1.
def _heading(number: int, key: str, lang: Lang) -> Heading:
    label = t(key, lang)
    return Heading(f"{cn_number(number)}、{label}" if lang == "zh" else f"{number}. {label}", 2)


def _sub(number: int, text: str, lang: Lang) -> Heading:
    return Heading(f"（{cn_number(number)}）{text}" if lang == "zh" else f"({number}) {text}", 3)


def _pace_sentence(rows: list[ScheduleRow], as_of: date, lang: Lang) -> str:
    parts = []
    for pace in PACES:
        members = [r.name for r in rows if r.pace == pace]
        if members:
            parts.append(
                t(
                    "bul.pace_class",
                    lang,
                    pace=t(f"pace.{pace}", lang),
                    n=len(members),
                    depts=_sep(lang).join(members),
                )
            )
    return t("bul.pace_lead", lang, date=cn_month_day(as_of, lang), classes=_join(parts, lang))


def month_records(workspace: Workspace, walked: dict[str, list[HistoryEntry]], month: Month) -> list[HistoryEntry]:
    """The history entries a bulletin reads: indicator values recorded within ``month`` (by their
    effective dates), in file order.  ``walked``: those of the files the bulletin's walk read
    (by path); any other file's history is read here, from the cache, and let go — a city's
    history is never held whole."""
    from lawgov_cli.store.cache import transient_history

    first, last = month.first, month.last
    out: list[HistoryEntry] = []
    for shard in workspace.base.shards:
        found = walked.get(str(shard.path))
        if found is None:
            found = [
                entry
                for entry in transient_history(shard)
                if entry.action == "record" and first <= entry.day <= last
            ]
        out.extend(found)
    return out


def build_bulletin(
    workspace: Workspace,
    month: Month,
    lang: Lang,
    issued: date | None = None,
) -> list[Block]:
    """The bulletin for ``month`` as document blocks (``issued``: the 成文日期, default
    :func:`issue_date`).

    The cyclic garbage collector is paused meanwhile (as while a workspace is read): a city's
    bulletin makes a few hundred thousand objects and no cycles, and each collection would walk
    the young ones again."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_bulletin(workspace, month, lang, issued)
    finally:
        if was_enabled:
            gc.enable()


def _build_bulletin(workspace: Workspace, month: Month, lang: Lang, issued: date | None) -> list[Block]:
    settings = workspace.settings
    number = issue_number(month, settings.plan_year)
    issued = issued or issue_date(month, settings.calendar)
    progress = bulletin_progress(workspace, month)
    as_of = progress.as_of
    office = office_name(settings)
    totals = progress.totals
    window = progress.due_soon_days

    def dept(owner: str) -> str:
        return owner_name(workspace, owner)

    pending = progress.pending()
    # One walk over the tasks, reading each file once: its tasks and its month's recorded values.
    walk = _walk(progress, month.first, month.last, lang, dept, {p.id for p in pending})
    records = month_records(workspace, walk.records, month)
    _metrics_elsewhere(progress, {e.task for e in records}, walk.metrics)
    rows, overall = schedule_of(progress, walk.expected, walk.achieved)

    month_name = period_label(f"{month.year}-{month.month:02d}", lang)  # 6月 / June
    blocks: list[Block] = [
        DocHead(
            issuer=office,
            series=t("bul.series", lang),
            number=t("bul.number", lang, year=month.year, n=number),
            issued_by=office,
            date=cn_date(issued, lang),
        ),
        Heading(t("bul.title", lang, year=month.year, month_name=month_name)),
        Addressee(t("bul.addressee", lang)),
        Paragraph(
            t("bul.intro", lang, plan_year=settings.plan_year, office=office, date=cn_date(as_of, lang))
        ),
    ]

    # 一、总体情况 — every figure from evaluate(); zero clauses are left out.
    section = 1
    blocks.append(_heading(section, "bul.h_overall", lang))
    live = totals.tasks - totals.dropped
    sentences = [
        t(
            "bul.ov_tasks",
            lang,
            date=cn_date(as_of, lang),
            plan_year=settings.plan_year,
            live=live,
            dropped=t("bul.ov_dropped", lang, n=totals.dropped) if totals.dropped else "",
        )
    ]
    if live and totals.done == live:
        sentences.append(t("bul.ov_all_done", lang))
    else:
        sentences.append(
            t(
                "bul.ov_done" if totals.done else "bul.ov_none_done",
                lang,
                done=totals.done,
                pct=share(totals.percent_done),
                expected=share(overall.expected_share),
                achieved=share(overall.achieved_share),
                pace=t(f"pace.{overall.pace}", lang),
            )
        )
    open_parts = [
        t(f"bul.ov_{k}", lang, n=getattr(totals, k)) for k in ("doing", "todo") if getattr(totals, k)
    ]
    if open_parts:
        sentences.append(_sentence(_join(open_parts, lang), lang))
    alert_parts = []
    if totals.overdue:
        alert_parts.append(t("bul.ov_red", lang, n=totals.overdue))
    if totals.due_soon:
        alert_parts.append(t_plural("bul.ov_yellow", window, lang, n=totals.due_soon, days=window))
    sentences.append(
        _sentence(_join(alert_parts, lang), lang) if alert_parts else t("bul.ov_no_alerts", lang)
    )
    finished = walk.finished
    late = finished_late_count(progress)
    reported = reported_count(progress)
    month_parts = []
    if finished:
        month_parts.append(t("bul.ov_finished", lang, n=len(finished)))
    if late:
        month_parts.append(t("bul.ov_late", lang, n=late))
    if reported:
        month_parts.append(t("bul.ov_reported", lang, n=reported))
    if month_parts:
        sentences.append(_sentence(_join(month_parts, lang), lang))
    blocks.append(Paragraph(t("punct.sentences", lang).join(sentences)))

    # 二、各单位序时进度
    section += 1
    blocks.append(_heading(section, "bul.h_pace", lang))
    blocks.append(Paragraph(_pace_sentence(rows, as_of, lang)))
    blocks.append(
        Table(
            [
                t(k, lang)
                for k in (
                    "bul.col_no",
                    "bul.col_dept",
                    "bul.col_tasks",
                    "bul.col_done",
                    "bul.col_expected",
                    "bul.col_achieved",
                    "bul.col_overdue",
                    "bul.col_pace",
                )
            ],
            [
                [
                    t("bul.rank_tied", lang, n=n) if tied else str(n),
                    r.name,
                    str(r.live),
                    str(r.counts.done),
                    share(r.expected_share),
                    share(r.achieved_share),
                    str(r.counts.overdue),
                    t(f"pace.{r.pace}", lang),
                ]
                for n, tied, r in ranked(rows)  # tied departments share a rank (并列)
            ],
            widths=(5, 22, 9, 9, 11, 11, 7, 10),
        )
    )

    # 三、逾期未完成事项（红灯）: by department, most behind first, saying what is missing.
    overdue = sorted(walk.overdue, key=lambda item: (-item[0], item[1]))  # longest overdue first
    if overdue:
        section += 1
        blocks.append(_heading(section, "bul.h_red", lang))
        groups: dict[str, list[tuple[int, int, str, str]]] = {}
        for red in overdue:
            groups.setdefault(red[2], []).append(red)
        order = [d.id for d in progress.departments if d.id in groups]
        blocks.append(
            Paragraph(t("bul.red_lead", lang, date=cn_date(as_of, lang), n=len(overdue), d=len(order)))
        )
        for k, owner in enumerate(order, 1):
            members = sorted(groups[owner], key=lambda red: red[1])
            blocks.append(_sub(k, t("bul.red_dept", lang, dept=dept(owner), n=len(members)), lang))
            blocks += _items([red[3] for red in members], lang)

    # 四、临近到期事项（黄灯）: the same rule as status — due within due_soon_days.
    due_soon = sorted(walk.due_soon, key=lambda soon: (soon[0], soon[1]))  # soonest first
    if due_soon:
        section += 1
        blocks.append(_heading(section, "bul.h_yellow", lang))
        blocks.append(
            Paragraph(
                t_plural("bul.yellow_lead", len(due_soon), lang, days=window, date=cn_month_day(as_of, lang))
            )
        )
        blocks += _items([soon[3] for soon in due_soon], lang)

    # 待审核事项: completion reports and extension requests filed by the month's end.
    if pending:
        section += 1
        blocks.append(_heading(section, "bul.h_pending", lang))
        blocks.append(Paragraph(t("bul.pending_lead", lang, n=len(pending), office=office)))
        for i, filed in enumerate(pending, 1):
            title = walk.titles[filed.id]
            if filed.kind == "extension" and filed.to is not None:
                text = t(
                    "bul.pending_extension",
                    lang,
                    dept=dept(filed.owner),
                    title=title,
                    since=cn_month_day(filed.since, lang),
                    due=cn_date(filed.due, lang),
                    to=cn_date(filed.to, lang),
                    reason=filed.reason.rstrip("。.") or "—",
                )
            else:
                text = t(
                    "bul.pending_report",
                    lang,
                    dept=dept(filed.owner),
                    title=title,
                    since=cn_month_day(filed.since, lang),
                )
            blocks.append(Paragraph(_sentence(_item(i, lang) + text, lang)))

    # 五、进展较好的单位和事项: praise by name, this month's results and indicators.
    good = [r.name for r in rows if r.pace in ("ahead", "done") and r.counts.done]
    recorded = _recorded(records, month, walk.metrics)
    if good or finished or recorded:
        section += 1
        blocks.append(_heading(section, "bul.h_good", lang))
        if good:
            blocks.append(Paragraph(t("bul.good_depts", lang, depts=_sep(lang).join(good))))
        if finished:
            blocks.append(Paragraph(t("bul.finished_lead", lang, n=len(finished))))
            blocks += _items([item for _, _, item in sorted(finished, key=lambda f: (f[0], f[1]))], lang)
        if recorded:
            blocks.append(Paragraph(t("bul.metrics_lead", lang, n=len(recorded))))
            # A city records thousands of values a month: each message looked up once.
            metric_item, metric_baseline = renderer("bul.metric_item", lang), renderer("bul.metric_baseline", lang)
            stop = t("punct.stop", lang)  # _sentence
            for i, (owner, metrics, entry) in enumerate(recorded, 1):
                metric_name = entry.note.split("：", 1)[0]
                metric = next((m for m in metrics if m.name == metric_name), None)
                unit = metric.unit if metric else ""
                baseline = (
                    metric_baseline(value=f"{metric.baseline:g}", unit=unit)
                    if metric is not None and metric.baseline is not None
                    else ""
                )
                item = metric_item(dept=dept(owner), metric=metric_name, value=entry.new, unit=unit, baseline=baseline)
                blocks.append(Paragraph(_item(i, lang) + item + stop))

    # 工作要求: dates, 挂号督办, 回头看, 销号.
    section += 1
    blocks.append(_heading(section, "bul.h_req", lang))
    req = 0
    next_issue = issue_date(month.next(), settings.calendar)
    if overdue:
        req += 1
        late_depts = _sep(lang).join(dept(o) for o in dict.fromkeys(red[2] for red in overdue))
        blocks.append(
            Paragraph(
                _numbered(req, lang)
                + t(
                    "bul.req_red",
                    lang,
                    depts=late_depts,
                    office=office,
                    date=cn_date(working_days_after(issued, 5, settings.calendar), lang),
                )
            )
        )
    if due_soon:
        req += 1
        soon_depts = _sep(lang).join(dept(o) for o in dict.fromkeys(soon[2] for soon in due_soon))
        blocks.append(Paragraph(_numbered(req, lang) + t("bul.req_yellow", lang, depts=soon_depts)))
    req += 1
    blocks.append(
        Paragraph(
            (_numbered(req, lang) if req > 1 else "")
            + t("bul.req_general", lang, date=cn_date(next_issue, lang))
        )
    )

    blocks.append(Signoff([office, cn_date(issued, lang)]))

    # 附件: every open item, department by department.
    blocks.append(
        Attachment(t("bul.annex_label", lang), t("bul.annex_title", lang, date=cn_date(as_of, lang)))
    )
    annex = walk.annex_rows()
    if annex:
        blocks.append(
            Table(
                [
                    t(k, lang)
                    for k in ("bul.col_no", "bul.col_dept", "bul.col_task", "bul.col_due", "bul.col_state")
                ],
                [[str(n), *row] for n, row in enumerate(annex, 1)],
                widths=(6, 15, 35, 25, 19),
            )
        )
    else:
        blocks.append(Paragraph(t("bul.annex_none", lang)))
    return blocks


def _numbered(n: int, lang: Lang) -> str:
    return f"（{cn_number(n)}）" if lang == "zh" else f"({n}) "


def _recorded(
    history: list[HistoryEntry], month: Month, metrics: dict[str, tuple[str, list[Metric]]]
) -> list[tuple[str, list[Metric], HistoryEntry]]:
    """Indicator values recorded within the month (by the entries' effective dates), with the
    owner and metrics of their tasks."""
    out = []
    first, last = month.first, month.last
    for entry in history:
        day = entry.day
        if entry.action == "record" and first <= day <= last and entry.task in metrics:
            out.append((day, entry))
    out.sort(key=lambda pair: (pair[0], task_sort_key(pair[1].task)))
    return [(*metrics[e.task], e) for _, e in out]


def _items(texts: list[str], lang: Lang) -> list[Block]:
    """Numbered items, one paragraph each: ``1.text。`` (``1. text.`` in English)."""
    number = "{}." if lang == "zh" else "{}. "  # _item
    stop = t("punct.stop", lang)
    return [Paragraph(number.format(n) + text + stop) for n, text in enumerate(texts, 1)]


def _item(n: int, lang: Lang) -> str:
    """The number of a listed item: ``1.`` in Chinese documents, ``1. `` in English."""
    return f"{n}." if lang == "zh" else f"{n}. "
