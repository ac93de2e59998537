"""From a parsed report to the plan year's tasks: who does what by when.

Pure: takes a :class:`~lawgov_cli.report.Report`, the department registry and the due-date
policy, returns :class:`~lawgov_cli.model.Task` objects in a stable order.  The rules
(DESIGN §5) in short:

- ``measure``: each action of part 一 continues next year.  An action is a sentence, or a
  ；-clause when the clauses belong to different departments (（四）: drugs -> 市场监管, telecom
  fraud -> 公安, ecology -> 生态环境).  A sentence that only states results ("今年，…归集行政执法
  案件45680件…") or an honour (被评为…) is not a task: its indicators become baselines of the
  action before it.
- ``plan``: each actionable clause of part 四; lead-ins ("聚焦…", "立足…") and outcomes
  ("形成…合力", "努力推进…") stay in the source of the clause they frame.
- ``rectify``: one 整改 task per shortcoming.  ``duty``: one per sentence of part 三.
  ``statutory``: each department reports by 1 March, the government publishes by 1 April.
- Owner: the department whose keywords weigh most in the task text; none -> the lead office,
  ``needs_review``.  Due: a cue in the text (每月, 按季度, 年底前, 上半年…) wins over the policy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Department, DuePolicy, Kind, Metric, Repeat, Task
from lawgov_cli.registry import region_level
from lawgov_cli.report.indicators import extract_indicators, split_sentences
from lawgov_cli.report.model import Indicator, Report

_RESULT_OPENERS = re.compile(r"^((19|20)\d\d年|今年|全年|当年|截至|截止)[^，。]{0,12}，")
_POINT_NUMBER = re.compile(r"^(?:\d{1,2}[.、．](?!\d)|（\d{1,2}）)\s*")
_HONOURS = ("被评为", "荣获", "获评", "获得", "入选", "被确定为", "被命名为")
_SUBJECT_PREFIX = re.compile(
    r"^((19|20)\d\d年(度)?，?|今年，?|全年|(区|市|县)政府主要负责(同志|人)|主要负责(同志|人))+"
)
# Plan clauses that frame an action rather than being one.
_LEAD_INS = ("聚焦", "立足", "围绕", "坚持", "紧扣", "以", "按照", "对照", "结合")
_OUTCOMES = ("形成", "着力为", "为", "努力", "确保", "助力", "推动…再上", "切实推动", "以强有力")

_REPEAT_CUES: tuple[tuple[Repeat, tuple[str, ...]], ...] = (
    ("monthly", ("每月", "按月", "月通报", "每个月")),
    ("quarterly", ("每季度", "按季度", "季分析", "每季", "季度通报", "季度分析")),
    ("yearly", ("每年", "年度评估")),
)
_DUE_CUES: tuple[tuple[str, str], ...] = (
    ("年底前", "12-31"),
    ("年内", "12-31"),
    ("上半年", "06-30"),
    ("第一季度", "03-31"),
    ("一季度", "03-31"),
    ("第二季度", "06-30"),
    ("二季度", "06-30"),
    ("第三季度", "09-30"),
    ("三季度", "09-30"),
    ("下半年", "12-31"),
)

# Who a department reports to, by the region's level: 县司法局 reports to the 县政府.
_GOVERNMENTS: dict[str, tuple[str, str]] = {
    "区": ("区政府", "district"),
    "县": ("县政府", "county"),
    "市": ("市政府", "city"),
    "旗": ("旗政府", "banner"),
    "州": ("州政府", "prefecture"),
    "盟": ("盟行政公署", "league"),
    "省": ("省政府", "provincial"),
    "自治区": ("自治区政府", "regional"),
}

DEPT_REPORT_DUE = "03-01"
"""厅字〔2019〕28号 art. 25: departments report to their government by 1 March."""
GOV_REPORT_DUE = "04-01"
"""厅字〔2019〕28号 art. 24-25: the government reports and publishes by 1 April."""


@dataclass(slots=True)
class _Action:
    text: str
    section: str
    metrics: list[Indicator] = field(default_factory=list)
    title: str = ""


def _clauses(text: str) -> list[str]:
    """Split at ，；; (outside “” quotes), dropping the final 。."""
    out, depth, start = [], 0, 0
    for index, ch in enumerate(text):
        if ch in "“‘《":
            depth += 1
        elif ch in "”’》" and depth:
            depth -= 1
        elif ch in "，；" and depth == 0:
            out.append(text[start:index])
            start = index + 1
    out.append(text[start:])
    return [c.strip().rstrip("。") for c in out if c.strip().rstrip("。")]


def _has_figure(clause: str) -> bool:
    return bool(extract_indicators(clause))


def make_title(text: str, limit: int = 40) -> str:
    """A short, typable task title: the first clause that states an action.

    >>> make_title("规范权责清单动态管理，调整区级部门权责清单28件。")
    '规范权责清单动态管理'
    """
    clauses = [_SUBJECT_PREFIX.sub("", c) for c in _clauses(text)]
    clauses = [c for c in clauses if c]
    if not clauses:
        return text[:limit]
    chosen = next((i for i, c in enumerate(clauses) if len(c) >= 6 and not _has_figure(c)), 0)
    title = clauses[chosen]
    following = clauses[chosen + 1] if chosen + 1 < len(clauses) else ""
    if len(title) < 15 and following and not _has_figure(following) and len(title) + len(following) < limit:
        title = f"{title}，{following}"
    return title if len(title) <= limit + 20 else title[: limit + 19] + "…"


def _is_result_only(sentence: str) -> bool:
    if any(word in sentence[:20] for word in _HONOURS):
        return True
    return bool(_RESULT_OPENERS.match(sentence)) and bool(extract_indicators(sentence))


class OwnerRules:
    """Keyword scoring over the registry (DESIGN §5); the registry order breaks ties."""

    def __init__(self, departments: Iterable[Department]) -> None:
        self.departments = list(departments)
        lead = [d for d in self.departments if d.lead]
        self.lead = lead[0] if lead else (self.departments[0] if self.departments else None)

    def scores(self, text: str) -> list[tuple[int, Department]]:
        scored = []
        for dept in self.departments:
            score = sum(len(kw) for kw in set(dept.keywords) if kw and kw in text)
            if score:
                scored.append((score, dept))
        scored.sort(key=lambda pair: -pair[0])  # stable: registry order on ties
        return scored

    def owner_of(self, text: str) -> Department | None:
        scored = self.scores(text)
        return scored[0][1] if scored else None

    def by_kind(self, kind: Kind) -> Department | None:
        return next((d for d in self.departments if kind in d.kinds), None)


def _measure_actions(report: Report, rules: OwnerRules) -> list[tuple[int, list[_Action]]]:
    out = []
    for number, item in enumerate(report.measures, 1):
        # A topical part's items are keyed （一）… like the subsections of part 一; 一是… items
        # of a topical part are named by their title alone.
        section = f"一{item.key}{item.title}" if item.key.startswith("（") or not item.key else item.title
        actions: list[_Action] = []
        for sentence in split_sentences(item.text):
            # "1.深入学习…": a numbered point inside a subsection; the number is not the action.
            sentence = _POINT_NUMBER.sub("", sentence) or sentence
            if actions and _is_result_only(sentence):
                actions[-1].text += sentence
                actions[-1].metrics.extend(extract_indicators(sentence))
                continue
            for piece in _split_by_owner(sentence, rules):
                actions.append(_Action(text=piece, section=section, metrics=extract_indicators(piece)))
        out.append((number, actions))
    return out


def _split_by_owner(sentence: str, rules: OwnerRules) -> list[str]:
    """Split a sentence at ； when its clauses belong to different departments."""
    parts = [p for p in re.split(r"(?<=；)", sentence) if p.strip()]
    if len(parts) < 2:
        return [sentence]
    merged: list[tuple[str, str | None]] = []
    for part in parts:
        owner = rules.owner_of(part)
        owner_id = owner.id if owner else None
        if merged and (owner_id is None or owner_id == merged[-1][1]):
            merged[-1] = (merged[-1][0] + part, merged[-1][1] or owner_id)
        else:
            merged.append((part, owner_id))
    pieces = [text for text, _ in merged]
    # Each piece reads as a sentence of its own: "…；" becomes "…。".
    return [p[:-1] + "。" if p.endswith("；") else p for p in pieces]


def _plan_actions(text: str, section: str) -> list[_Action]:
    """Actionable clauses of one plan item, lead-ins and outcomes kept in their sources."""
    clauses = _clauses(text)
    actions: list[_Action] = []
    pending: list[str] = []
    for clause in clauses:
        if clause.startswith(_OUTCOMES) and actions:
            actions[-1].text += "，" + clause
            continue
        if clause.startswith(_LEAD_INS):
            pending.append(clause)
            continue
        source = "，".join([*pending, clause])
        actions.append(_Action(text=source, section=section, title=clause))
        pending = []
    if pending:
        if actions:
            actions[-1].text += "，" + "，".join(pending)
        else:
            actions.append(_Action(text="，".join(pending), section=section, title=pending[0]))
    for action in actions:
        action.text += "。"
        action.metrics = extract_indicators(action.text)
    return actions


def _due(plan_year: int, mmdd: str) -> date:
    month, day = (int(part) for part in mmdd.split("-"))
    return date(plan_year, month, day)


def schedule(
    text: str, kind: Kind, policy: DuePolicy, plan_year: int, lang: Lang
) -> tuple[date, str, Repeat]:
    """(due, due_rule, repeat) from text cues, else the policy for ``kind``."""
    for repeat, cues in _REPEAT_CUES:
        for cue in cues:
            if cue in text:
                rule = t("rule.repeat", lang, cue=cue, repeat=f"repeat.{repeat}")
                return date(plan_year, 12, 31), rule, repeat
    for cue, mmdd in _DUE_CUES:
        if cue in text:
            return _due(plan_year, mmdd), t("rule.cue", lang, cue=cue), ""
    mmdd = getattr(policy, kind, "12-31")
    return _due(plan_year, mmdd), t("rule.policy", lang, kind=f"kind.{kind}", mmdd=mmdd), ""


def _metrics(indicators: list[Indicator]) -> list[Metric]:
    return [Metric(name=i.name, unit=i.unit, baseline=i.value, approx=i.approx) for i in indicators]


def plan_tasks(
    report: Report,
    departments: Iterable[Department],
    policy: DuePolicy | None = None,
    *,
    plan_year: int | None = None,
    lang: Lang = "zh",
) -> list[Task]:
    """All tasks for ``plan_year`` (default: the report's), ids unique and stable for the same input."""
    rules = OwnerRules(departments)
    if rules.lead is None:
        raise ValueError("the department registry is empty")
    lead = rules.lead
    policy = policy or DuePolicy()
    year = plan_year or report.plan_year
    tasks: list[Task] = []

    def add(task_id: str, kind: Kind, action: _Action, *, owner: Department | None = None) -> None:
        scored = rules.scores(action.text)
        chosen = owner or (scored[0][1] if scored else None)
        best = scored[0][0] if scored else 0
        co = [d.id for s, d in scored if chosen and d.id != chosen.id and s >= max(4, best // 2)][:2]
        if owner is not None and lead.id != owner.id and lead.id not in co:
            co = [lead.id, *co][:2]
        due, rule, repeat = schedule(action.text, kind, policy, year, lang)
        tasks.append(
            Task(
                id=task_id,
                title=action.title or make_title(action.text),
                kind=kind,
                section=action.section,
                source=action.text,
                owner=(chosen or lead).id,
                co_owners=co,
                due=due,
                due_rule=rule,
                repeat=repeat,
                metrics=_metrics(action.metrics),
                needs_review=chosen is None,
            )
        )

    for number, actions in _measure_actions(report, rules):
        for index, action in enumerate(actions, 1):
            add(f"M{number}.{index}", "measure", action)

    section_shortcomings = t("section.shortcomings", lang, year=report.year)
    for number, item in enumerate(report.shortcomings, 1):
        action = _Action(text=item.text, section=section_shortcomings, metrics=list(item.metrics))
        action.title = t("title.rectify", lang, what=make_title(item.text))
        add(f"R{number}", "rectify", action)

    section_duties = t("section.duties", lang, year=report.year)
    duty_owner = rules.by_kind("duty")
    sentences = [s for item in report.duties for s in split_sentences(item.text)]
    for number, sentence in enumerate(sentences, 1):
        add(
            f"D{number}",
            "duty",
            _Action(text=sentence, section=section_duties, metrics=extract_indicators(sentence)),
            owner=duty_owner,
        )

    for number, item in enumerate(report.plans, 1):
        section = t("section.plans", lang, year=year, key=item.key or str(number))
        for index, action in enumerate(_plan_actions(item.text, section), 1):
            add(f"P{number}.{index}", "plan", action)

    section_statutory = t("section.statutory", lang)
    publish = _Action(
        text=t("source.gov_report", lang),
        section=section_statutory,
        title=t("title.gov_report", lang, year=year),
    )
    tasks.append(
        Task(
            id="S1",
            title=publish.title,
            kind="statutory",
            section=section_statutory,
            source=publish.text,
            owner=lead.id,
            due=_due(year + 1, GOV_REPORT_DUE),
            due_rule=t("rule.statutory", lang, mmdd=GOV_REPORT_DUE),
        )
    )
    reporting = [d for d in rules.departments if not d.lead]
    gov_zh, gov_en = _GOVERNMENTS.get(region_level(report.region), ("本级政府", "its own"))
    dept_report_title = (
        t("title.dept_report", lang, year=year)  # 区政府: the wording of the bundled workspace
        if gov_zh == "区政府"
        else t("title.dept_report_to", lang, year=year, gov=gov_zh if lang == "zh" else gov_en)
    )
    for number, dept in enumerate(reporting, 1):
        tasks.append(
            Task(
                id=f"S2.{number}",
                title=dept_report_title,
                kind="statutory",
                section=section_statutory,
                source=t("source.dept_report", lang),
                owner=dept.id,
                due=_due(year + 1, DEPT_REPORT_DUE),
                due_rule=t("rule.statutory", lang, mmdd=DEPT_REPORT_DUE),
            )
        )
    return tasks
