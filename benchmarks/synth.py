"""Write a synthetic lawgov workspace of N tasks over M department files, for benchmarks.

    .venv/bin/python benchmarks/synth.py --tasks 10000 --departments 50 [--seed 1] OUT_DIR

The workspace looks like a real one a few months into the plan year: Chinese titles, sections and
source sentences composed from fragments of real 法治政府建设 reports; metrics on about a third
of the tasks; a mix of todo/doing/done/dropped; due dates spread over 2024; monthly, quarterly and
yearly tasks with some periods ticked; notes, evidence, co-owners and a ``[[history]]`` entry for
every change, as ``lawgov`` itself would have recorded it.  Task ids (``T000001``…) are unique
across the workspace; department ids are ``d001``….

The output is a pure function of (tasks, departments, seed): the same arguments give a
byte-identical tree.  Files are written with tomli-w, like ``lawgov init`` does.  Only the
standard library and tomli-w are used, so this does not depend on the code it measures.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import tomli_w

PLAN_YEAR = 2024
REPORT_YEAR = PLAN_YEAR - 1

# --- fragments of real 法治政府建设 reports ------------------------------------------------------

DISTRICTS = (
    "和平区",
    "河东区",
    "河西区",
    "南开区",
    "河北区",
    "红桥区",
    "东丽区",
    "西青区",
    "津南区",
    "北辰区",
    "武清区",
    "宝坻区",
    "滨海新区",
    "宁河区",
    "静海区",
    "蓟州区",
)

# (bureau name, short alias, keywords the planner would match for it)
BUREAUS = (
    ("委依法治区办", "依法治区办", ("依法治区", "法治督察", "示范创建", "法治建设")),
    ("政府办公室", "政府办", ("政务公开", "第一责任人", "常务会议", "述法")),
    ("司法局", "司法局", ("行政复议", "合法性审核", "行政执法监督", "普法", "调解")),
    ("发展改革委", "发改委", ("营商环境", "市场准入", "信用体系", "重大项目")),
    ("公安分局", "公安分局", ("治安管理", "电信网络诈骗", "扫黑除恶", "交通安全")),
    ("市场监管局", "市场监管局", ("食品药品", "双随机、一公开", "知识产权", "特种设备")),
    ("生态环境局", "生态环境局", ("生态环境", "大气污染", "环境执法", "排污许可")),
    ("应急管理局", "应急局", ("安全生产", "应急预案", "防灾减灾", "危险化学品")),
    ("政务服务办", "政务服务办", ("一网通办", "证明事项", "告知承诺", "政务服务")),
    ("委编办", "编办", ("权责清单", "机构编制", "综合执法改革")),
    ("委宣传部", "宣传部", ("法治文化", "宣传阵地", "社会主义核心价值观")),
    ("人力社保局", "人社局", ("劳动保障", "欠薪", "劳动争议", "社会保险")),
    ("住房建设委", "住建委", ("建筑市场", "物业管理", "老旧小区", "工程质量")),
    ("城市管理委", "城管委", ("市容环境", "违法建设", "垃圾分类", "占路经营")),
    ("教育局", "教育局", ("青少年法治教育", "校园安全", "依法治校")),
    ("卫生健康委", "卫健委", ("医疗机构", "卫生监督", "传染病防治")),
    ("民政局", "民政局", ("社会组织", "养老服务", "社会救助", "婚姻登记")),
    ("财政局", "财政局", ("预算管理", "政府采购", "财会监督")),
    ("审计局", "审计局", ("审计监督", "经济责任审计", "审计整改")),
    ("退役军人事务局", "退役军人局", ("优抚安置", "退役军人权益")),
    ("商务局", "商务局", ("外商投资", "商务执法", "单用途预付卡")),
    ("文化和旅游局", "文旅局", ("文化市场", "旅游市场", "文物保护")),
    ("体育局", "体育局", ("全民健身", "体育市场")),
    ("统计局", "统计局", ("统计执法", "统计造假")),
    ("医疗保障局", "医保局", ("医保基金", "欺诈骗保")),
    ("信访办", "信访办", ("信访", "初信初访", "矛盾纠纷排查")),
    ("科技局", "科技局", ("科技创新", "科技成果转化")),
    ("工业和信息化局", "工信局", ("中小企业", "工业企业", "数字经济")),
    ("规划资源分局", "规划资源分局", ("土地管理", "自然资源", "规划许可")),
    ("交通运输局", "交通局", ("道路运输", "交通执法", "网约车")),
    ("水务局", "水务局", ("河湖长制", "水资源", "防汛")),
    ("农业农村委", "农业农村委", ("农产品质量", "乡村振兴", "农村宅基地")),
    ("档案馆", "档案馆", ("档案管理", "档案执法")),
    ("税务局", "税务局", ("税费服务", "税务执法", "减税降费")),
    ("消防救援支队", "消防支队", ("消防安全", "火灾隐患")),
)

VERBS = (
    "深入推进",
    "持续加强",
    "严格落实",
    "全面推行",
    "健全完善",
    "扎实开展",
    "不断深化",
    "积极推动",
    "加快建设",
    "规范开展",
    "全面加强",
    "稳步推进",
    "认真贯彻",
    "统筹推进",
)

OBJECTS = (
    "行政规范性文件合法性审核",
    "重大行政决策程序",
    "行政复议体制改革",
    "公共法律服务体系",
    "政务公开",
    "行政执法监督",
    "矛盾纠纷多元化解",
    "法治宣传教育",
    "证明事项告知承诺制",
    "法治化营商环境",
    "“互联网+监管”",
    "行政机关负责人出庭应诉",
    "法律顾问和公职律师",
    "安全生产执法",
    "生态环境保护执法",
    "行政执法“三项制度”",
    "包容审慎监管",
    "“双随机、一公开”监管",
    "综合行政执法改革",
    "权责清单动态管理",
    "领导干部学法用法",
    "诉源治理",
    "基层法治建设",
    "民主法治示范村（社区）创建",
    "“八五”普法规划",
    "习近平法治思想学习宣传",
    "法治政府建设督察",
    "涉企行政检查",
    "行政裁量权基准",
    "政务诚信建设",
)

TAILS = ("工作", "制度", "机制", "专项行动", "工作机制", "", "", "常态化")

CLAUSES = (
    "压实各部门主体责任",
    "建立“月通报+季分析”制度",
    "实行清单化管理、项目化推进",
    "推动工作向基层延伸",
    "定期开展督导检查",
    "将落实情况纳入绩效考评",
    "健全问题发现和整改闭环机制",
    "强化部门协同联动",
    "组织开展专题培训",
    "落实“谁执法谁普法”普法责任制",
    "推行“首违不罚”清单",
    "深化“放管服”改革",
    "依托一体化政务服务平台",
    "做到应公开尽公开",
)

RESULTS = (
    ("全年办理{n}件", "办理事项", "件"),
    ("累计开展培训{n}场", "法治培训", "场"),
    ("出具法律意见{n}件", "法律意见", "件"),
    ("化解矛盾纠纷{n}件", "矛盾纠纷化解", "件"),
    ("检查企业{n}家", "“双随机”抽查企业", "家"),
    ("覆盖群众{n}人次", "普法覆盖群众", "人次"),
    ("办结率达{p}%", "办结率", "%"),
    ("群众满意率达{p}%", "群众满意率", "%"),
    ("行政机关负责人出庭应诉率达{p}%", "行政机关负责人出庭应诉率", "%"),
    ("新收行政复议案件{n}件", "行政复议案件(新收)", "件"),
)

SHORTCOMINGS = (
    "法治政府建设整体工作推进不均衡",
    "行政执法规范化水平有待提升",
    "基层法治力量相对薄弱",
    "法治宣传教育针对性不强",
    "领导干部运用法治思维能力有待提高",
    "行政复议纠错后的整改跟踪不到位",
    "重大行政决策公众参与度不高",
    "政务公开标准化规范化程度不够",
)

MEASURE_SECTIONS = (
    "一（一）持续推进学习宣传贯彻习近平法治思想",
    "一（二）健全政府机构职能体系",
    "一（三）坚持健全完善依法行政制度体系",
    "一（四）深入推进严格规范公正文明执法",
    "一（五）强化行政权力制约和监督",
    "一（六）积极推动依法化解矛盾纠纷",
    "一（七）加强法治宣传教育",
)
PLAN_SECTIONS = (
    "四（一）深入学习贯彻习近平法治思想",
    "四（二）推进严格规范公正文明执法",
    "四（三）持续优化法治化营商环境",
    "四（四）加强法治政府建设督察",
    "四（五）推动基层法治建设",
)
RECTIFY_SECTION = "二、存在的不足和原因"
DUTY_SECTION = "三、党政主要负责人履行推进法治建设第一责任人职责情况"
STATUTORY_SECTION = "法定报告事项"

NOTES = (
    "已召开专题部署会",
    "已印发工作方案",
    "1月执法情况通报已印发",
    "已完成队伍摸底，待区政府审定",
    "正在征求相关部门意见",
    "已报送阶段性进展情况",
    "需协调区财政局保障经费",
    "已纳入年度绩效考评",
)

PEOPLE = ("张三", "李四", "王五", "赵敏", "刘洋", "陈静", "杨帆", "周婷")

DUE_RULES = {
    "default": "默认时限：{kind}类任务于计划年度{md}前完成",
    "cue": "原文“{cue}”：{when}",
    "monthly": "原文“每月”：每月，逐期销号",
    "quarterly": "原文“按季度”：每季度，逐期销号",
    "yearly": "原文“每年”：每年，逐期销号",
    "statutory": "《法治政府建设与责任落实督察工作规定》",
}
KIND_LABELS = {"measure": "举措", "plan": "计划", "rectify": "整改", "duty": "职责", "statutory": "法定"}
CUES = (("年底前", None), ("上半年", (6, 30)), ("一季度", (3, 31)), ("三季度", (9, 30)), ("年中", (7, 31)))

# --- generation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dept:
    id: str
    name: str
    alias: str
    keywords: tuple[str, ...]


def month_end(month: int) -> date:
    return date(PLAN_YEAR, month, calendar.monthrange(PLAN_YEAR, month)[1])


def departments(count: int, rng: random.Random) -> list[Dept]:
    """``count`` departments: real 区X局 names (district x bureau), then ``第NNN单位``."""
    width = max(3, len(str(count)))
    names: list[tuple[str, str, tuple[str, ...]]] = []
    for district in DISTRICTS:
        for bureau, alias, keywords in BUREAUS:
            names.append((district + bureau, district[:-1] + alias, keywords))
    out = []
    for index in range(count):
        dept_id = f"d{index + 1:0{width}d}"
        if index < len(names):
            name, alias, keywords = names[index]
        else:
            name, alias, keywords = f"第{index + 1:0{width}d}单位", f"单位{index + 1:0{width}d}", ()
        extra = tuple(rng.sample(OBJECTS, 2))
        out.append(Dept(dept_id, name, alias, keywords + extra))
    return out


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split over ``parts`` uneven shares (0.3x to 2x the mean), each at least 1 when possible."""
    weights = [rng.uniform(0.3, 2.0) for _ in range(parts)]
    floor = 1 if total >= parts else 0
    rest = total - floor * parts
    scale = rest / sum(weights)
    shares = [int(w * scale) for w in weights]
    order = sorted(range(parts), key=lambda i: (-(weights[i] * scale - shares[i]), i))
    for i in order[: rest - sum(shares)]:
        shares[i] += 1
    return [floor + s for s in shares]


def number_text(rng: random.Random, template: str) -> tuple[str, int | float]:
    """A result clause and its figure: counts are whole numbers, rates have up to two decimals."""
    if "{p}" in template:
        rate = round(rng.uniform(60, 100), rng.choice((0, 1, 2)))
        value: int | float = int(rate) if rate == int(rate) else rate
        return template.format(p=value), value
    count = rng.choice((rng.randint(3, 99), rng.randint(100, 999), rng.randint(1000, 60000)))
    return template.format(n=count), count


def make_task(task_id: str, dept: Dept, all_depts: list[Dept], rng: random.Random) -> dict[str, Any]:
    kind = rng.choices(("measure", "plan", "rectify", "duty", "statutory"), (45, 30, 10, 10, 5))[0]
    verb, obj, tail = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)
    if kind == "rectify":
        title = "整改：" + rng.choice(SHORTCOMINGS)
        section = RECTIFY_SECTION
    elif kind == "statutory":
        title = f"向区政府报告{REPORT_YEAR + 1}年度法治政府建设情况"
        section = STATUTORY_SECTION
    else:
        title = verb + obj + tail
        section = rng.choice(
            MEASURE_SECTIONS if kind == "measure" else PLAN_SECTIONS if kind == "plan" else (DUTY_SECTION,)
        )
    clauses = rng.sample(CLAUSES, rng.randint(1, 3))
    results = []
    metrics = []
    for template, name, unit in rng.sample(RESULTS, rng.randint(0, 3)):
        text, value = number_text(rng, template)
        results.append(text)
        metrics.append((name, unit, value))
    source = "，".join([title.removeprefix("整改："), *clauses]) + "。"
    if results:
        source += f"{REPORT_YEAR}年，" + "，".join(results) + "。"

    # Schedule: recurring tasks are due at year end and ticked period by period.
    repeat = rng.choices(("", "monthly", "quarterly", "yearly"), (81, 10, 7, 2))[0]
    if kind == "statutory":
        repeat = ""
    if repeat:
        due = date(PLAN_YEAR, 12, 31)
        due_rule = DUE_RULES[repeat]
    elif kind == "statutory":
        due = date(PLAN_YEAR, 3, 1)
        due_rule = DUE_RULES["statutory"]
    elif kind == "rectify" and rng.random() < 0.7:
        due = date(PLAN_YEAR, 6, 30)
        due_rule = DUE_RULES["default"].format(kind=KIND_LABELS[kind], md="06-30")
    elif rng.random() < 0.4:
        cue, when = rng.choice(CUES)
        due = date(PLAN_YEAR, *when) if when else date(PLAN_YEAR, 12, 31)
        due_rule = DUE_RULES["cue"].format(cue=cue, when=due.isoformat())
    elif rng.random() < 0.5:
        due = month_end(rng.randint(1, 12))
        due_rule = f"牵头单位确定：{due.isoformat()}前完成"
    else:
        due = date(PLAN_YEAR, 1, 1) + timedelta(days=rng.randint(0, 365))
        due_rule = f"区政府督办：{due.isoformat()}前完成"

    # A few months into the year: most of what fell due in the first half is done.
    early = due < date(PLAN_YEAR, 7, 1)
    weights = (8, 12, 75, 5) if early and not repeat else (40, 30, 25, 5)
    status = rng.choices(("todo", "doing", "done", "dropped"), weights)[0]
    if repeat and status == "done":
        status = "doing"
    task: dict[str, Any] = {
        "id": task_id,
        "title": title,
        "kind": kind,
        "section": section,
        "source": source,
        "owner": dept.id,
        "co_owners": [],
        "due": due,
        "due_rule": due_rule,
        "repeat": repeat,
        "status": status,
    }
    if rng.random() < 0.1:
        task["co_owners"] = sorted({rng.choice(all_depts).id} - {dept.id})
    if rng.random() < 0.03:
        task["needs_review"] = True
    history: list[dict[str, str]] = []
    by = rng.choice(PEOPLE)
    notes: list[str] = []
    evidence: list[str] = []
    done_on = date(PLAN_YEAR, 12, 31)
    if status == "done":
        done_on = min(due, date(PLAN_YEAR, 6, 30)) - timedelta(days=rng.randint(0, 60))
        done_on = max(done_on, date(PLAN_YEAR, 1, 2))
    if status in ("doing", "done"):
        started = min(date(PLAN_YEAR, 1, 2) + timedelta(days=rng.randint(0, 150)), done_on)
        history.append(entry(started, by, task_id, "start", "todo", "doing"))
    if status == "done":
        task["done_on"] = done_on
        if rng.random() < 0.6:
            evidence.append(f"{dept.alias}〔{PLAN_YEAR}〕{rng.randint(1, 80)}号")
        history.append(entry(done_on, by, task_id, "done", "doing", "done", ""))
    if status == "dropped":
        reason = "并入" + rng.choice(OBJECTS) + "统一推进"
        notes.append(reason)
        history.append(entry(date(PLAN_YEAR, 3, 15), by, task_id, "drop", "todo", "dropped", reason))
    if rng.random() < 0.2:
        for note in rng.sample(NOTES, rng.randint(1, 2)):
            notes.append(note)
            history.append(
                entry(
                    date(PLAN_YEAR, 1, 5) + timedelta(days=rng.randint(0, 170)), by, task_id, "note", "", note
                )
            )
    task["notes"] = notes
    task["evidence"] = evidence

    if repeat:
        # Periods ticked so far: usually the first few, sometimes one skipped (missed).
        keys = periods(repeat)
        begun = {"monthly": 6, "quarterly": 2, "yearly": 0}[repeat]
        ticked = begun if rng.random() < 0.7 else rng.randint(0, begun)
        ticked_periods = {}
        for key, end in keys[:ticked]:
            if rng.random() < 0.03:
                continue
            on = end - timedelta(days=rng.randint(0, 5))
            ticked_periods[key] = on
            history.append(entry(on, by, task_id, "tick", "", key))
        if ticked_periods:
            task["periods"] = ticked_periods
            if status == "todo":  # ticking a period starts the task, and lawgov records that
                task["status"] = "doing"
                first = min(ticked_periods.values())
                history.append(entry(first, by, task_id, "status", "todo", "doing"))

    if (metrics and rng.random() < 0.42) or rng.random() < 0.03:
        out = []
        for name, unit, value in metrics or [("工作台账", "项", rng.randint(1, 500))]:
            metric: dict[str, Any] = {"name": name, "unit": unit, "baseline": value}
            if rng.random() < 0.3:
                metric["target"] = 100 if unit == "%" else int(value * 1.1) + 1
            if status == "done" and rng.random() < 0.5:
                metric["actual"] = round(value * rng.uniform(0.9, 1.2), 2)
                history.append(entry(done_on, by, task_id, "record", "", f"{metric['actual']:g}", name))
            out.append(metric)
        task["metrics"] = out
    task["_history"] = history
    return task


def periods(repeat: str) -> list[tuple[str, date]]:
    if repeat == "monthly":
        return [(f"{PLAN_YEAR}-{m:02d}", month_end(m)) for m in range(1, 13)]
    if repeat == "quarterly":
        return [(f"{PLAN_YEAR}-Q{q}", month_end(3 * q)) for q in range(1, 5)]
    return [(str(PLAN_YEAR), date(PLAN_YEAR, 12, 31))]


def entry(on: date, by: str, task_id: str, action: str, old: str, new: str, note: str = "") -> dict[str, str]:
    # Within a day, in the order a person works: start, tick, record, done, note (as lawgov writes them).
    hour = {"start": 8, "status": 9, "tick": 10, "record": 11, "done": 14, "drop": 14}.get(action, 16)
    at = f"{on.isoformat()}T{hour:02d}:{hash_int(task_id + action) % 60:02d}:00+08:00"
    return {"at": at, "by": by, "task": task_id, "action": action, "old": old, "new": new, "note": note}


def hash_int(text: str) -> int:
    """A stable small hash (``hash()`` of a str is salted per process)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")


def render_department(dept: Dept, tasks: list[dict[str, Any]], title: str) -> str:
    header = (
        f"# {dept.name} 任务清单（依据：{title}）。\n"
        '# 可用 `lawgov done 编号` 销号，也可直接编辑：status = "done"，done_on = 2024-05-01。\n'
        "# 手工添加的注释和字段，lawgov 的任何命令都会保留。\n\n"
    )
    body_tasks = [{k: v for k, v in t.items() if k != "_history"} for t in tasks]
    body = tomli_w.dumps({"schema": 1, "department": dept.id, "tasks": body_tasks}, multiline_strings=False)
    history = sorted((h for t in tasks for h in t["_history"]), key=lambda h: (h["at"], h["task"]))
    parts = [header, body]
    for item in history:
        parts.append("\n[[history]]\n" + tomli_w.dumps(item))
    return "".join(parts)


def build(n_tasks: int, n_departments: int, seed: int) -> dict[str, str]:
    """Relative path -> text of every file of the workspace."""
    if n_departments < 1 or n_tasks < 0:
        raise ValueError("need at least one department and a non-negative number of tasks")
    rng = random.Random(f"lawgov-synth/{seed}/{n_tasks}/{n_departments}")
    depts = departments(n_departments, rng)
    title = f"合成数据{REPORT_YEAR}年度法治政府建设情况报告（{n_tasks}项/{n_departments}单位/种子{seed}）"
    files: dict[str, str] = {}
    settings = {
        "schema": 1,
        "title": title,
        "region": "合成市",
        "plan_year": PLAN_YEAR,
        "lang": "zh",
        "timezone": "Asia/Shanghai",
        "due_soon_days": 14,
        "source": {
            "path": "synthetic:benchmarks/synth.py",
            "sha256": hashlib.sha256(title.encode()).hexdigest(),
        },
        "due_policy": {"measure": "12-31", "plan": "12-31", "rectify": "06-30", "duty": "12-31"},
    }
    files["lawgov.toml"] = "# lawgov 工作区设置（benchmarks/synth.py 生成的合成数据）。\n\n" + tomli_w.dumps(
        settings
    )
    registry = []
    for index, dept in enumerate(depts):
        item: dict[str, Any] = {
            "id": dept.id,
            "name": dept.name,
            "aliases": [dept.alias],
            "keywords": list(dept.keywords),
        }
        if index == 0:
            item["lead"] = True
        if index == 1:
            item["kinds"] = ["duty"]
        registry.append(item)
    files["departments.toml"] = "# 单位名册（合成数据）。\n\n" + tomli_w.dumps(
        {"schema": 1, "departments": registry}
    )
    files[".gitignore"] = ".lawgov.lock\n.lawgov-cache/\n.*.tmp\n"
    width = max(6, len(str(n_tasks)))
    next_id = 1
    for dept, count in zip(depts, split(n_tasks, n_departments, rng), strict=True):
        if not count:
            continue
        tasks = []
        for _ in range(count):
            tasks.append(make_task(f"T{next_id:0{width}d}", dept, depts, rng))
            next_id += 1
        files[f"tasks/{dept.id}.toml"] = render_department(dept, tasks, title)
    return files


def write(out: Path, files: dict[str, str]) -> None:
    (out / "tasks").mkdir(parents=True, exist_ok=True)
    for relative, text in sorted(files.items()):
        (out / relative).write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, required=True, help="number of tasks (N)")
    parser.add_argument("--departments", type=int, required=True, help="number of department files (M)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("out", type=Path, help="output folder (must not hold a workspace yet)")
    args = parser.parse_args(argv)
    if (args.out / "lawgov.toml").exists() or (args.out / "tasks").exists():
        parser.error(f"{args.out} already holds a workspace")
    write(args.out, build(args.tasks, args.departments, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
