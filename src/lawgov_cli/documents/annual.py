"""The year's 法治政府建设情况报告, drafted from what was actually done and recorded.

The four parts of the statutory report, written from the ledger as of the year's end:

- 一、主要举措和成效: the done tasks by the report's own sections, each sentence built from the
  task, the notes and evidence recorded during the year and its indicators — the recorded value
  put back into the source sentence, so its verb survives ("破获涉网类诈骗案件1120起，较上年增长
  45.5%"), compared with last year's baseline and the target; rectification tasks under their
  own heading as problems rectified, never as achievements;
- 二、不足和原因: by theme, from the items unfinished at the year's end, finished late or dropped,
  with the causes the ledger holds (notes, reasons) and a 【请补充】 where it holds none;
- 三、第一责任人职责: the duty tasks, from their notes;
- 四、下一年度安排: the unfinished items carried over, the statutory reports falling due, and a
  placeholder for the new year's plans.

The totals are stated once, in the opening, and reconcile: tasks = done + open + dropped (the
statutory reporting tasks included), open = due within the year + due later.  Every count
comes from :func:`lawgov_cli.progress.evaluate`.  No internal task id appears in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lawgov_cli.documents.blocks import Block, Heading, Paragraph, Quote, Signoff
from lawgov_cli.documents.bulletin import finished_late_count
from lawgov_cli.documents.wording import cn_date, cn_month_day, cn_number, periods_text
from lawgov_cli.fields import owner_name
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Metric, Task, Workspace, task_sort_key
from lawgov_cli.progress import Progress, TaskState, evaluate

PLACEHOLDER_ZH = "【请补充】"


def _num(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"


def compare(metric: Metric, lang: Lang) -> str:
    """ "新收行政复议案件… 件，较上年增长…%": the actual against the baseline, in words."""
    if metric.actual is None:
        return ""
    actual = f"{_num(metric.actual)}{metric.unit}"
    if metric.baseline is None:
        return t("annual.metric_plain", lang, name=metric.name, actual=actual)
    return t("annual.metric", lang, name=metric.name, actual=actual, change=change_text(metric, lang))


def change_text(metric: Metric, lang: Lang) -> str:
    """``，较上年增长9.7%`` / ``，较上年提高1.84个百分点`` / ``，与上年持平`` / '' (no baseline,
    or a metric that is itself a change, such as 同比增长)."""
    if metric.actual is None or metric.baseline is None:
        return ""
    if any(word in metric.name for word in ("增长", "上涨", "下降", "较")) or metric.unit == "个百分点":
        return ""
    diff = metric.actual - metric.baseline
    if metric.unit in ("%", "‰"):
        if abs(diff) < 1e-9:
            return t("annual.same", lang)
        return t(
            "annual.points_up" if diff > 0 else "annual.points_down",
            lang,
            n=f"{abs(diff):.2f}".rstrip("0").rstrip("."),
        )
    if metric.baseline == 0:
        return ""
    if abs(diff) < 1e-9:
        return t("annual.same", lang)
    pct = abs(diff) / metric.baseline * 100
    return t("annual.pct_up" if diff > 0 else "annual.pct_down", lang, n=f"{pct:.1f}")


_BOUNDARY = "，。；：、,;:"


def _core(name: str) -> str:
    return re.sub(r"[（(].*?[）)]", "", name).strip('“”"')


def source_clause(source: str, metric: Metric) -> str | None:
    """The clause of the source sentence that states ``metric``'s baseline, with the recorded
    value put in its place: ``破获涉网类诈骗案件770起`` -> ``破获涉网类诈骗案件1120起``.

    None when the baseline cannot be found next to its unit in a clause naming the metric.
    """
    if metric.actual is None or metric.baseline is None or not source:
        return None
    variants = dict.fromkeys([_num(metric.baseline), f"{metric.baseline:.1f}", f"{metric.baseline:.2f}"])
    core = _core(metric.name)
    for variant in variants:
        pattern = re.compile(
            rf"(约)?(?<![\d.]){re.escape(variant)}(?![\d.])(余|多)?{re.escape(metric.unit)}(以上|余)?"
        )
        for match in pattern.finditer(source):
            start = max(source.rfind(ch, 0, match.start()) for ch in _BOUNDARY) + 1
            ends = [i for i in (source.find(ch, match.end()) for ch in _BOUNDARY) if i != -1]
            end = min(ends) if ends else len(source)
            clause = source[start:end]
            if core and core[-2:] not in clause and core[:2] not in clause:
                continue
            value = f"{_num(metric.actual)}{metric.unit}"
            return source[start : match.start()] + value + source[match.end() : end]
    return None


def metric_sentence(task: Task, metric: Metric, lang: Lang) -> str:
    """One indicator in the report's words: the source clause with this year's value (its verb
    kept), the change on last year and the target; or ``name value`` when the source has no
    such clause."""
    if metric.actual is None:
        return ""
    # Structural: the clause is cut out of the Chinese source sentence; English has none to cut.
    clause = source_clause(task.source, metric) if lang == "zh" else None
    text = (clause + change_text(metric, lang)) if clause else compare(metric, lang)
    return text + against_target(metric, lang)


def against_target(metric: Metric, lang: Lang) -> str:
    """``，达到年度目标（95%）`` / ``，未达到年度目标（95%）`` when a target was set (``lawgov
    target``); the direction of "reached" is :func:`lawgov_cli.workflow.target_reached`'s."""
    from lawgov_cli.workflow import target_reached

    reached = target_reached(metric)
    if reached is None or metric.target is None:
        return ""
    target = f"{_num(metric.target)}{metric.unit}"
    return t("annual.target_met" if reached else "annual.target_missed", lang, target=target)


def _clean(text: str) -> str:
    return text.strip().rstrip("。.；;，,")


def fact_sentence(task: Task, lang: Lang) -> str:
    """A done task as the report says it: what was done, what the notes add, the indicators, the
    evidence; a 【请补充】 when nothing was recorded during the year."""
    sep = t("punct.comma", lang)
    parts = [_clean(task.title)]
    parts += [_clean(note) for note in task.notes if note.strip()]
    parts += [s for s in (metric_sentence(task, m, lang) for m in task.metrics) if s]
    text = sep.join(p for p in parts if p)
    if task.evidence:
        text += t("annual.evidence", lang, items=t("punct.list", lang).join(task.evidence))
    if (
        task.status == "done"
        and not task.notes
        and not task.evidence
        and all(m.actual is None for m in task.metrics)
    ):
        text += t("annual.fill_in_results", lang)
    return text + t("punct.stop", lang)


def _item_title(task: Task) -> str:
    """A title as the report quotes it: no 整改： prefix, inner quotes as ‘’ (inside “”)."""
    title = _clean(re.sub(r"^整改[：:]", "", task.title))
    return title.replace("“", "‘").replace("”", "’")


def _theme(task: Task, lang: Lang) -> str:
    """The theme an item belongs to: its section of the source report, numbering removed."""
    if task.kind == "measure" and task.section:
        return (
            re.sub(r"^[一二三四五六七八九十]+[、（(]?[一二三四五六七八九十]*[）)]?", "", task.section).strip()
            or task.section
        )
    return t(f"annual.theme_{task.kind}", lang)


@dataclass(frozen=True, slots=True)
class YearFacts:
    """The year's items, partitioned once so every part of the report agrees."""

    progress: Progress
    done: list[TaskState]
    carried: list[TaskState]
    """Open at the year's end and due within the year: the shortfalls, carried over."""
    upcoming: list[TaskState]
    """Open and due after the year (the statutory reports due next spring)."""
    dropped: list[TaskState]
    late: list[TaskState]
    """Done, but after the due date."""


def year_facts(workspace: Workspace, as_of: date, year: int) -> YearFacts:
    # The year as the ledger has it at the end of ``as_of``: work done later is not in it.
    progress = evaluate(workspace, as_of, end_of_day=True)
    states = sorted(progress.tasks, key=lambda s: task_sort_key(s.task.id))
    year_end = date(year, 12, 31)
    done = [s for s in states if s.task.status == "done"]
    dropped = [s for s in states if s.task.status == "dropped"]
    open_ = [s for s in states if s.task.status not in ("done", "dropped")]
    return YearFacts(
        progress=progress,
        done=done,
        carried=[s for s in open_ if s.task.due <= year_end],
        upcoming=[s for s in open_ if s.task.due > year_end],
        dropped=dropped,
        late=[s for s in done if s.finished_late],
    )


def _quoted(state: TaskState, year_end: date, lang: Lang) -> str:
    """``“title”`` — with ``（应于6月30日前完成）`` when its deadline was not the year's end."""
    text = t("punct.quoted", lang, text=_item_title(state.task))
    if (
        state.task.status in ("todo", "doing", "reported")
        and not state.task.repeat
        and state.task.due != year_end
    ):
        text += t("annual.due_by", lang, due=cn_month_day(state.task.due, lang))
    return text


def shortfall_text(members: list[TaskState], year_end: date, lang: Lang) -> str:
    """A theme's shortfalls in a few clauses: items not started together, in progress together,
    then each missed period, late finish and drop on its own."""
    joiner = t("punct.list", lang)
    clauses = []
    for status in ("todo", "doing", "reported"):
        group = [s for s in members if s.task.status == status and not (s.task.repeat and s.missed_periods)]
        if group:
            titles = joiner.join(_quoted(s, year_end, lang) for s in group)
            clauses.append(t(f"annual.group_{status}", lang, titles=titles, n=len(group)))
    for state in members:
        task = state.task
        title = _quoted(state, year_end, lang)
        if task.status not in ("done", "dropped") and task.repeat and state.missed_periods:
            clauses.append(
                t("annual.why_missed", lang, title=title, periods=periods_text(state.missed_periods, lang))
            )
        elif task.status == "done" and task.done_on is not None:
            clauses.append(
                t(
                    "annual.why_late",
                    lang,
                    title=title,
                    due=cn_month_day(task.due, lang),
                    done=cn_month_day(task.done_on, lang),
                )
            )
        elif task.status == "dropped":
            reason = _clean(task.notes[-1]) if task.notes else "—"
            clauses.append(t("annual.why_dropped", lang, title=title, reason=reason))
    return t("punct.clauses", lang).join(clauses)


def build_report(workspace: Workspace, as_of: date, lang: Lang, year: int | None = None) -> list[Block]:
    settings = workspace.settings
    year = year or settings.plan_year
    facts = year_facts(workspace, as_of, year)
    totals = facts.progress.totals
    open_count = totals.tasks - totals.done - totals.dropped
    assert open_count == len(facts.carried) + len(facts.upcoming), "the partition must reconcile"
    statutory = sum(1 for s in facts.progress.tasks if s.task.kind == "statutory")
    sep = t("punct.comma", lang)

    def sub(n: int, text: str) -> Heading:
        # Structural: Chinese documents number sub-headings （一）（二）, English (1) (2).
        return Heading(f"（{cn_number(n)}）{text}" if lang == "zh" else f"({n}) {text}", 3)

    blocks: list[Block] = [
        Heading(t("annual.title", lang, region=settings.region, year=year)),
        Quote(
            t(
                "annual.draft_notice",
                lang,
                as_of=cn_date(as_of, lang),
                source=settings.title or settings.region,
            )
        ),
        Paragraph(
            t("annual.opening", lang, region=settings.region, year=year)
            + t(
                "annual.totals",
                lang,
                tasks=totals.tasks,
                statutory=statutory,
                date=cn_date(as_of, lang),
                done=totals.done,
                open=open_count,
                dropped=totals.dropped,
                carried=len(facts.carried),
                upcoming=len(facts.upcoming),
                next=year + 1,
                pct=f"{totals.percent_done:.1f}%",
            )
        ),
    ]

    # 一、主要举措和成效: done measures by section, then plans, then rectifications.
    blocks.append(Heading(t("annual.part1", lang, year=year), 2))
    groups: dict[str, list[Task]] = {}
    for state in facts.done:
        task = state.task
        if task.kind in ("duty", "statutory"):
            continue
        key = _theme(task, lang) if task.kind == "measure" else t(f"annual.group_{task.kind}", lang)
        groups.setdefault(key, []).append(task)
    # Sections in the report's order, then the year's plans, then the rectifications.
    ordered = sorted(
        groups.items(),
        key=lambda kv: (
            {"measure": 0, "plan": 1, "rectify": 2}.get(kv[1][0].kind, 3),
            task_sort_key(kv[1][0].id),
        ),
    )
    if ordered:
        for number, (heading, members) in enumerate(ordered, 1):
            blocks.append(sub(number, heading))
            for task in members:
                if task.kind == "rectify":
                    problem = _clean(re.sub(r"^整改[：:]", "", task.title))
                    notes = sep.join(_clean(n) for n in task.notes if n.strip())
                    blocks.append(
                        Paragraph(
                            t(
                                "annual.rectified",
                                lang,
                                problem=problem,
                                measures=(notes + sep) if notes else t("annual.fill_in_measures", lang),
                                date=cn_month_day(task.done_on, lang) if task.done_on else "",
                            )
                        )
                    )
                else:
                    blocks.append(Paragraph(fact_sentence(task, lang)))
    else:
        blocks.append(Paragraph(t("annual.nothing_done", lang)))

    # 二、不足和原因: by theme, from what is unfinished, late or dropped, with the recorded causes.
    blocks.append(Heading(t("annual.part2", lang, year=year), 2))
    shortfalls = facts.carried + facts.late + facts.dropped
    lead = [
        t(key, lang, n=n)
        for key, n in (
            ("annual.p2_carried", len(facts.carried)),
            ("annual.p2_late", finished_late_count(facts.progress)),
            ("annual.p2_dropped", len(facts.dropped)),
        )
        if n
    ]
    if lead:
        blocks.append(Paragraph(t("annual.p2_lead", lang, items=t("punct.list", lang).join(lead))))
        themes: dict[str, list[TaskState]] = {}
        for state in sorted(shortfalls, key=lambda s: task_sort_key(s.task.id)):
            themes.setdefault(_theme(state.task, lang), []).append(state)
        for number, (theme, in_theme) in enumerate(themes.items(), 1):
            items = shortfall_text(in_theme, date(year, 12, 31), lang)
            causes = [
                _clean(s.task.notes[-1])
                for s in in_theme
                if s.task.notes and s.task.status not in ("done", "dropped")
            ]
            text = t(
                "annual.p2_theme",
                lang,
                n=cn_number(number) if lang == "zh" else number,  # structural: 一、二 in Chinese
                theme=theme,
                items=items,
            )
            text += (
                t("annual.p2_causes", lang, causes=t("punct.clauses", lang).join(causes))
                if causes
                else t("annual.p2_fill_in", lang)
            )
            blocks.append(Paragraph(text))
    else:
        blocks.append(Paragraph(t("annual.all_done", lang)))
    blocks.append(Paragraph(t("annual.part2_causes", lang)))

    # 三、第一责任人职责: the duty tasks, from their notes.
    blocks.append(Heading(t("annual.part3", lang, year=year), 2))
    duties = sorted(
        (s for s in facts.progress.tasks if s.task.kind == "duty"), key=lambda s: task_sort_key(s.task.id)
    )
    if duties:
        for state in duties:
            text = fact_sentence(state.task, lang)
            if state.task.status != "done":
                text = text.rstrip("。.") + t("annual.not_yet", lang)
            blocks.append(Paragraph(text))
    else:
        blocks.append(Paragraph(t("annual.no_duties", lang)))

    # 四、下一年度安排: carry-over by theme, the statutory reports due, the new plans.
    blocks.append(Heading(t("annual.part4", lang, year=year + 1), 2))
    part4 = 0
    carry = list(facts.carried)
    if carry:
        part4 += 1
        blocks.append(sub(part4, t("annual.p4_carry_heading", lang)))
        by_theme: dict[str, list[str]] = {}
        for state in carry:
            by_theme.setdefault(_theme(state.task, lang), []).append(
                _clean(re.sub(r"^整改[：:]", "", state.task.title))
            )
        blocks.append(Paragraph(t("annual.p4_carry_lead", lang, n=len(carry), year=year + 1)))
        for theme, titles in by_theme.items():
            blocks.append(
                Paragraph(
                    t(
                        "annual.p4_carry_theme",
                        lang,
                        theme=theme,
                        items=t("punct.clauses", lang).join(titles),
                    )
                )
            )
    if facts.upcoming:
        part4 += 1
        blocks.append(sub(part4, t("annual.p4_due_heading", lang)))
        by_title: dict[tuple[date, str], list[str]] = {}
        for state in facts.upcoming:
            by_title.setdefault((state.task.due, _clean(state.task.title)), []).append(
                owner_name(workspace, state.task.owner)
            )
        for (due, title), owners in sorted(by_title.items()):
            who = (
                t("annual.p4_due_many", lang, n=len(owners))
                if len(owners) > 2
                else t("punct.list", lang).join(owners)
            )
            blocks.append(
                Paragraph(t("annual.p4_due_item", lang, date=cn_date(due, lang), who=who, title=title))
            )
    part4 += 1
    blocks.append(sub(part4, t("annual.p4_new_heading", lang)))
    blocks.append(Paragraph(t("annual.part4_placeholder", lang)))
    blocks.append(Signoff([t("annual.issuer", lang, region=settings.region), t("annual.fill_in_date", lang)]))
    return blocks
