"""Next year's 法治政府建设情况报告, drafted from what was actually done.

Closes the loop of the tool: the four parts of the statutory report for the plan year —
一、measures and results (done tasks by section, with recorded metric actuals compared with last
year's baseline), 二、shortcomings (overdue, dropped and unfinished tasks by department), 三、the
principal leader's duty tasks, 四、a skeleton for the following year carrying over what is
unfinished.  Clearly marked as a draft: people edit it, lawgov only assembles the facts.
"""

from __future__ import annotations

from datetime import date

from lawgov_cli.documents.blocks import Block, Bullets, Heading, Paragraph, Quote
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Metric, Task, Workspace, task_sort_key
from lawgov_cli.progress import evaluate

_CN_ORDINALS = "一二三四五六七八九十"


def _ordinal(n: int) -> str:
    if n <= 10:
        return _CN_ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return (_CN_ORDINALS[tens - 1] if tens > 1 else "") + "十" + (_CN_ORDINALS[ones - 1] if ones else "")


def compare(metric: Metric, lang: Lang) -> str:
    """ "新收行政复议案件… 件，较上年增长…%": the actual against the baseline, in words."""
    if metric.actual is None:
        return ""
    actual = f"{metric.actual:g}{metric.unit}"
    if metric.baseline is None:
        return t("annual.metric_plain", lang, name=metric.name, actual=actual) + _against_target(metric, lang)
    diff = metric.actual - metric.baseline
    if metric.unit in ("%", "个百分点", "‰"):
        if abs(diff) < 1e-9:
            change = t("annual.same", lang)
        else:
            change = t(
                "annual.points_up" if diff > 0 else "annual.points_down",
                lang,
                n=f"{abs(diff):.2f}".rstrip("0").rstrip("."),
            )
    elif metric.baseline == 0:
        change = ""
    elif abs(diff) < 1e-9:
        change = t("annual.same", lang)
    else:
        pct = abs(diff) / metric.baseline * 100
        change = t("annual.pct_up" if diff > 0 else "annual.pct_down", lang, n=f"{pct:.1f}")
    return t("annual.metric", lang, name=metric.name, actual=actual, change=change) + _against_target(
        metric, lang
    )


def _against_target(metric: Metric, lang: Lang) -> str:
    """ "，达到年度目标（95%）" / "，未达到年度目标（95%）" when a target was set (``lawgov target``)."""
    from lawgov_cli.workflow import target_reached

    reached = target_reached(metric)
    if reached is None or metric.target is None:
        return ""
    target = f"{metric.target:g}{metric.unit}"
    return t("annual.target_met" if reached else "annual.target_missed", lang, target=target)


def _task_sentence(task: Task, lang: Lang) -> str:
    figures = [c for c in (compare(m, lang) for m in task.metrics) if c]
    text = task.title.rstrip("。")
    if figures:
        text += "，" + "，".join(figures) if lang == "zh" else "; " + "; ".join(figures)
    return text + ("。" if lang == "zh" else ".")


def build_report(workspace: Workspace, as_of: date, lang: Lang, year: int | None = None) -> list[Block]:
    settings = workspace.settings
    year = year or settings.plan_year
    # The facts as the ledger has them at the end of ``as_of``: work done later (next year) is
    # not in this year's report.
    workspace = workspace.at(as_of)
    progress = evaluate(workspace, as_of, end_of_day=True)
    states = {s.task.id: s for s in progress.tasks}
    tasks = sorted(workspace.tasks, key=lambda task: task_sort_key(task.id))
    names = {d.id: d.name for d in workspace.departments.values()}
    blocks: list[Block] = [
        Heading(t("annual.title", lang, region=settings.region, year=year)),
        Quote(t("annual.draft_notice", lang, as_of=as_of.isoformat(), source=settings.title)),
        Paragraph(
            t(
                "annual.opening",
                lang,
                region=settings.region,
                year=year,
                done=progress.totals.done,
                tasks=progress.totals.tasks - progress.totals.dropped,
                pct=f"{progress.totals.percent_done:.1f}%",
            )
        ),
        Heading(t("annual.part1", lang, year=year), 2),
    ]
    done = [task for task in tasks if task.status == "done" and task.kind != "duty"]
    sections: dict[str, list[Task]] = {}
    for task in done:
        key = task.section if task.kind == "measure" else t(f"annual.group_{task.kind}", lang)
        sections.setdefault(key, []).append(task)
    if sections:
        for number, (section, members) in enumerate(sections.items(), 1):
            heading = section.lstrip("一").split("）", 1)[-1] if section.startswith("一（") else section
            label = f"（{_ordinal(number)}）{heading}" if lang == "zh" else f"({number}) {heading}"
            blocks.append(Heading(label, 3))
            blocks.append(
                Paragraph(
                    "".join(_task_sentence(task, lang) for task in members)
                    if lang == "zh"
                    else " ".join(_task_sentence(task, lang) for task in members)
                )
            )
    else:
        blocks.append(Paragraph(t("annual.nothing_done", lang)))

    blocks.append(Heading(t("annual.part2", lang, year=year), 2))
    # Tasks due after the year (the statutory reports due next spring) are not shortcomings of it.
    year_end = date(year, 12, 31)
    unfinished = [task for task in tasks if task.status != "done" and task.due <= year_end]
    if unfinished:
        by_dept: dict[str, list[str]] = {}
        for task in unfinished:
            state = states[task.id]
            if task.status == "dropped":
                why = t("annual.why_dropped", lang, reason=(task.notes[-1] if task.notes else "—"))
            elif state.overdue:
                why = t("annual.why_overdue", lang, days=state.days_overdue)
            else:
                why = t(f"annual.why_{task.status}", lang)
            by_dept.setdefault(task.owner, []).append(
                f"{task.id} {task.title}（{why}）" if lang == "zh" else f"{task.id} {task.title} ({why})"
            )
        items = [
            f"{_ordinal(n)}是{names.get(o, o)}：{'；'.join(v)}。"
            if lang == "zh"
            else f"{names.get(o, o)}: {'; '.join(v)}."
            for n, (o, v) in enumerate(by_dept.items(), 1)
        ]
        blocks.append(Paragraph(t("annual.part2_lead", lang, n=len(unfinished))))
        blocks.append(Bullets(items))
    else:
        blocks.append(Paragraph(t("annual.all_done", lang)))
    blocks.append(Paragraph(t("annual.part2_causes", lang)))

    blocks.append(Heading(t("annual.part3", lang, year=year), 2))
    duties = [task for task in tasks if task.kind == "duty"]
    if duties:
        blocks.append(
            Bullets(
                [
                    _task_sentence(task, lang) + ("" if task.status == "done" else t("annual.not_yet", lang))
                    for task in duties
                ]
            )
        )
    else:
        blocks.append(Paragraph(t("annual.no_duties", lang)))

    blocks.append(Heading(t("annual.part4", lang, year=year + 1), 2))
    carry = [task for task in unfinished if task.status != "dropped"]
    if carry:
        blocks.append(Paragraph(t("annual.part4_lead", lang, n=len(carry))))
        blocks.append(
            Bullets(
                [
                    f"{task.title}（{names.get(task.owner, task.owner)}，{task.id}）"
                    if lang == "zh"
                    else f"{task.title} ({names.get(task.owner, task.owner)}, {task.id})"
                    for task in carry
                ]
            )
        )
    blocks.append(Paragraph(t("annual.part4_placeholder", lang)))
    return blocks
