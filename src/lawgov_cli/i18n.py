"""Every user-visible string of lawgov, in English and Chinese.

Messages are looked up by a stable id, so core modules can raise errors and warnings without
knowing the reader's language; the CLI picks the language once (``--lang``, ``$LAWGOV_LANG``,
``lang`` in ``lawgov.toml``, then the locale) and renders.

>>> t("label.overdue", "zh")
'逾期'
"""

from __future__ import annotations

from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

# id -> (English, Chinese).  Keep ids grouped by prefix: err. (errors), warn. (warnings),
# label. (table headings and words), kind./status./repeat. (enumerations), msg. (sentences).
CATALOG: dict[str, tuple[str, str]] = {}


def _add(entries: dict[str, tuple[str, str]]) -> None:
    CATALOG.update(entries)


_add(
    {
        # --- errors -------------------------------------------------------------------------
        "err.generic": ("{message}", "{message}"),
        "err.file_unreadable": ("cannot read file: {reason}", "无法读取文件：{reason}"),
        "err.file_missing": ("no such file", "文件不存在"),
        "err.not_text": (
            "not a text file (binary content, or an encoding other than UTF-8/GB18030)",
            "不是文本文件（含二进制内容，或编码不是 UTF-8/GB18030）",
        ),
        "err.empty_report": ("the report is empty", "报告内容为空"),
        "err.not_a_report": (
            "this does not look like a rule-of-law government report: {reason}",
            "看起来不是法治政府建设年度报告：{reason}",
        ),
        "err.report_too_large": (
            "the report is {size} MB; the limit is {limit} MB",
            "报告大小为 {size} MB，超过上限 {limit} MB",
        ),
        "err.bad_toml": ("invalid TOML: {reason}", "TOML 格式错误：{reason}"),
        "err.bad_schema": (
            "unsupported schema {found!r} (this lawgov reads schema {expected})",
            "不支持的 schema {found!r}（本版本读取 schema {expected}）",
        ),
        "err.bad_field": ("{field}: {problem}", "{field}：{problem}"),
        "err.missing_field": ("task {id}: missing field {field!r}", "任务 {id}：缺少字段 {field!r}"),
        "err.unknown_status": (
            "unknown status {status!r} (expected todo, doing, done or dropped)",
            "未知状态 {status!r}（应为 todo、doing、done 或 dropped）",
        ),
        "err.unknown_kind": (
            "unknown kind {kind!r} (expected measure, plan, rectify, duty or statutory)",
            "未知任务类型 {kind!r}（应为 measure、plan、rectify、duty 或 statutory）",
        ),
        "err.unknown_repeat": (
            'unknown repeat {repeat!r} (expected "", monthly, quarterly or yearly)',
            '未知重复周期 {repeat!r}（应为 ""、monthly、quarterly 或 yearly）',
        ),
        "err.not_a_date": (
            "{field} must be a date like 2024-12-31, got {value!r}",
            "{field} 应为日期（如 2024-12-31），实际为 {value!r}",
        ),
        "err.bad_date_option": (
            "{option}: {value!r} is not a date like 2024-12-31",
            "{option}：{value!r} 不是有效日期（格式如 2024-12-31）",
        ),
        "err.unknown_owner": (
            "task {id}: owner {owner!r} is not in departments.toml",
            "任务 {id}：责任单位 {owner!r} 不在 departments.toml 中",
        ),
        "err.wrong_file": (
            "task {id} belongs to {owner!r} but is in the file of {department!r}",
            "任务 {id} 的责任单位是 {owner!r}，却位于 {department!r} 的文件中",
        ),
        "err.duplicate_id": (
            "duplicate task id {id!r} (also in {other})",
            "任务编号 {id!r} 重复（另见 {other}）",
        ),
        "err.duplicate_department": (
            "duplicate department id {id!r}",
            "单位编号 {id!r} 重复",
        ),
        "err.bad_department_id": (
            "department id {id!r} must be a lowercase ASCII slug (a-z, 0-9, - and _)",
            "单位编号 {id!r} 只能由小写英文字母、数字、- 和 _ 组成",
        ),
        "err.unknown_department": (
            "unknown department {dept!r}{hint}",
            "未知单位 {dept!r}{hint}",
        ),
        "err.unknown_task": ("unknown task id {id!r}{hint}", "未知任务编号 {id!r}{hint}"),
        "err.hint_did_you_mean": ("; did you mean {candidates}?", "；是否要找 {candidates}？"),
        "err.no_workspace": (
            "no workspace found (looked for lawgov.toml in {where}); run `lawgov init` or pass --dir",
            "未找到工作区（在 {where} 中查找 lawgov.toml）；请先运行 `lawgov init` 或使用 --dir 指定",
        ),
        "err.workspace_exists": (
            "already holds a workspace; use --force to overwrite it",
            "此处已有工作区；如需覆盖请加 --force",
        ),
        "err.dir_not_empty": (
            "the folder is not empty; use --force to write a workspace into it",
            "该目录不是空目录；如需在其中创建工作区请加 --force",
        ),
        "err.bad_option": ("{option}: {problem}", "{option}：{problem}"),
        "err.bad_lang": (
            "unknown language {lang!r} (expected zh or en)",
            "未知语言 {lang!r}（应为 zh 或 en）",
        ),
        "err.bad_format": (
            "unknown format {fmt!r} (expected {expected})",
            "未知输出格式 {fmt!r}（应为 {expected}）",
        ),
        "err.bad_year": (
            "{option} must be a year between 2000 and 2100, got {value!r}",
            "{option} 应为 2000 到 2100 之间的年份，实际为 {value!r}",
        ),
        "err.bad_timezone": ("unknown timezone {tz!r}", "未知时区 {tz!r}"),
        "err.unsafe_path": (
            "{what} {value!r} would leave the workspace",
            "{what} {value!r} 指向工作区之外",
        ),
        # --- warnings from reading a report -------------------------------------------------
        "warn.no_title": ("no title line found", "未找到报告标题"),
        "warn.no_region": ("could not tell the region from the title", "无法从标题识别地区"),
        "warn.no_year": (
            "could not tell the report year; assumed {year}",
            "无法识别报告年度，按 {year} 年处理",
        ),
        "warn.missing_part": ("part missing: {part}", "缺少部分：{part}"),
        "warn.empty_part": ("part has no items: {part}", "该部分未识别到条目：{part}"),
        "warn.truncated": (
            "the text seems cut off at the end: {tail!r}",
            "报告末尾似乎不完整：{tail!r}",
        ),
        "warn.unknown_heading": ("unrecognised part heading: {heading!r}", "无法识别的部分标题：{heading!r}"),
        # --- parts of a report ----------------------------------------------------------------
        "part.measures": ("measures and results", "主要举措和成效"),
        "part.shortcomings": ("shortcomings", "存在的不足和原因"),
        "part.duties": (
            "principal leader's first-responsibility duty",
            "主要负责人履行第一责任人职责情况",
        ),
        "part.plans": ("next year's plans", "下一年度主要安排"),
        # --- enumerations -------------------------------------------------------------------
        "kind.measure": ("measure", "举措"),
        "kind.plan": ("plan", "计划"),
        "kind.rectify": ("rectify", "整改"),
        "kind.duty": ("duty", "第一责任人职责"),
        "kind.statutory": ("statutory", "法定报告"),
        "status.todo": ("todo", "未开始"),
        "status.doing": ("doing", "推进中"),
        "status.done": ("done", "已完成"),
        "status.dropped": ("dropped", "已撤销"),
        "repeat.": ("once", "一次性"),
        "repeat.monthly": ("monthly", "每月"),
        "repeat.quarterly": ("quarterly", "每季度"),
        "repeat.yearly": ("yearly", "每年"),
        # --- labels -------------------------------------------------------------------------
        "label.id": ("ID", "编号"),
        "label.owner": ("Owner", "责任单位"),
        "label.co_owners": ("Co-owners", "配合单位"),
        "label.due": ("Due", "完成时限"),
        "label.due_rule": ("Due rule", "时限依据"),
        "label.status": ("Status", "状态"),
        "label.title": ("Title", "任务"),
        "label.kind": ("Kind", "类型"),
        "label.section": ("Section", "所属部分"),
        "label.source": ("Source", "原文"),
        "label.repeat": ("Repeat", "周期"),
        "label.metrics": ("Metrics", "指标"),
        "label.review": ("needs review", "待确认"),
        "label.tasks": ("Tasks", "任务数"),
        "label.overdue": ("Overdue", "逾期"),
        "label.due_soon": ("Due soon", "即将到期"),
        "label.done": ("Done", "已完成"),
        "label.doing": ("Doing", "推进中"),
        "label.department": ("Department", "单位"),
        "label.name": ("Name", "名称"),
        "label.value": ("Value", "数值"),
        "label.unit": ("Unit", "单位"),
        "label.approx": ("approx.", "约数"),
        "label.text": ("Text", "原文"),
        "label.warnings": ("Warnings", "提示"),
        "label.baseline": ("Baseline", "基数"),
        "label.target": ("Target", "目标"),
        "label.actual": ("Actual", "实际"),
        "msg.list_count": ("{shown} of {total} tasks", "共 {total} 项任务，显示 {shown} 项"),
        "msg.no_tasks": ("no tasks match", "没有符合条件的任务"),
        "msg.init_done": (
            "wrote {tasks} tasks for {departments} departments to {path} ({review} need review)",
            "已在 {path} 生成 {departments} 个单位的 {tasks} 项任务（其中 {review} 项待确认责任单位）",
        ),
        "msg.extract_summary": (
            "{measures} measures, {shortcomings} shortcomings, {duties} duty paragraphs, "
            "{plans} plans, {metrics} indicators",
            "举措 {measures} 项、不足 {shortcomings} 条、第一责任人职责 {duties} 段、"
            "计划 {plans} 条、数字指标 {metrics} 个",
        ),
    }
)


def t(key: str, lang: Lang = "en", /, **params: Any) -> str:
    """Render message ``key`` in ``lang`` with ``params``; an unknown key renders as itself."""
    pair = CATALOG.get(key)
    if pair is None:
        return key
    template = pair[1] if lang == "zh" else pair[0]
    if not params:
        return template
    # A parameter that is itself a message id of an enumeration ("part.plans") is translated too.
    rendered = {
        name: t(value, lang)
        if isinstance(value, str) and value.startswith(_NESTED) and value in CATALOG
        else value
        for name, value in params.items()
    }
    return template.format(**rendered)


_NESTED = ("part.", "kind.", "status.", "repeat.", "label.")


# --- errors of the store's write path (atomic replace, lock, in-place edits) ---------------------
_add(
    {
        "err.write_failed": ("cannot write file: {reason}", "无法写入文件：{reason}"),
        "err.workspace_busy": (
            "another lawgov command is changing this workspace; gave up after {seconds:g} s, try again",
            "另一个 lawgov 命令正在修改此工作区；已等待 {seconds:g} 秒，请稍后重试",
        ),
        "err.no_such_field": ("task {id}: there is no {field}", "任务 {id}：不存在 {field}"),
        "err.edit_unsafe": (
            "refusing to write: the edited file would not read back as intended ({reason}); "
            "the file was left unchanged",
            "拒绝写入：修改后的文件无法按预期读回（{reason}），文件未作改动",
        ),
    }
)

_add(
    {
        # --- planning: why a due date, section names, generated titles ------------------------
        "rule.repeat": ("text says “{cue}”: {repeat}, each period ticked", "原文“{cue}”：{repeat}，逐期销号"),
        "rule.cue": ("text says “{cue}”", "原文“{cue}”"),
        "rule.policy": (
            "default for {kind} tasks: {mmdd} of the plan year",
            "默认时限：{kind}类任务于计划年度{mmdd}前完成",
        ),
        "rule.statutory": (
            "statutory: by {mmdd} of the following year (厅字〔2019〕28号)",
            "法定时限：次年{mmdd}前（《法治政府建设与责任落实督察工作规定》）",
        ),
        "section.shortcomings": (
            "II. shortcomings of {year} (rectification)",
            "二、{year}年存在的不足和原因（整改）",
        ),
        "section.duties": ("III. principal leader's duty", "三、主要负责人履行第一责任人职责"),
        "section.plans": ("IV. {year} plans, item {key}", "四、{year}年主要安排·{key}"),
        "section.statutory": ("statutory annual reporting", "法治政府建设年度报告（法定）"),
        "title.rectify": ("rectify: {what}", "整改：{what}"),
        "title.gov_report": (
            "Submit and publish the {year} rule-of-law government report",
            "报送并向社会公开{year}年度法治政府建设情况报告",
        ),
        "source.gov_report": (
            "The government reports its {year} rule-of-law work to the higher level and publishes it by 1 April.",
            "每年4月1日前报送上一年度法治政府建设情况报告，并通过报刊、网站等新闻媒体向社会公开。",
        ),
        "title.dept_report": (
            "Report {year} rule-of-law work to the district government",
            "向区政府报送{year}年度法治政府建设情况报告",
        ),
        "source.dept_report": (
            "Every department reports its {year} rule-of-law work to the government by 1 March.",
            "政府部门每年3月1日前向本级政府报告上一年度法治政府建设情况。",
        ),
    }
)

_add(
    {
        "err.file_too_large": (
            "file is {size} MB; the limit is {limit} MB",
            "文件大小 {size} MB，超过上限 {limit} MB",
        ),
        "err.not_utf8": (
            "not valid UTF-8 text (save the file as UTF-8)",
            "不是有效的 UTF-8 文本（请以 UTF-8 编码保存）",
        ),
        "err.file_department_mismatch": (
            "file says department = {department!r} but is named for {expected!r}",
            "文件中 department = {department!r}，与文件名 {expected!r} 不符",
        ),
    }
)

_add(
    {
        "file.settings_header": (
            "# lawgov workspace settings. Edit by hand; `lawgov check` validates.\n"
            "# due_policy: default due dates (MM-DD of plan_year) per task kind when the text gives none.\n\n",
            "# lawgov 工作区设置，可直接编辑；`lawgov check` 会校验。\n"
            "# due_policy：原文未写明时限时，各类任务在计划年度内的默认完成日期（月-日）。\n\n",
        ),
        "file.registry_header": (
            "# Department registry. Tasks go to the department whose keywords occur most in the task text;\n"
            '# no match -> the lead office (lead = true), flagged needs_review. kinds = ["duty"] makes a\n'
            "# department the default owner of that kind of task. This file is data: edit it freely.\n\n",
            "# 单位名册。生成任务时，按任务原文中各单位关键词（keywords）的命中情况确定责任单位，\n"
            "# 未命中的任务交牵头单位（lead = true）并标记 needs_review（待确认）。\n"
            '# kinds = ["duty"] 表示该单位默认承担此类任务。本文件是数据，可按实际情况修改。\n\n',
        ),
        "file.tasks_header": (
            "# Task checklist of {name}, from {title}.\n"
            '# Tick with `lawgov done ID`, or edit by hand: status = "done", done_on = 2024-05-01.\n'
            "# Comments and extra keys you add are kept by every lawgov command.\n\n",
            "# {name} 任务清单（依据：{title}）。\n"
            '# 可用 `lawgov done 编号` 销号，也可直接编辑：status = "done"，done_on = 2024-05-01。\n'
            "# 手工添加的注释和字段，lawgov 的任何命令都会保留。\n\n",
        ),
    }
)

_add(
    {
        "err.not_recurring": (
            "task {id} does not repeat; --period applies to recurring tasks",
            "任务 {id} 不是周期性任务，不能使用 --period",
        ),
        "err.bad_period": (
            "task {id}: no period {period!r} (expected {expected})",
            "任务 {id}：没有周期 {period!r}（应为 {expected}）",
        ),
    }
)

_add(
    {
        "err.task_dropped": (
            "task {id} is dropped; `lawgov reopen {id}` first",
            "任务 {id} 已撤销，请先执行 `lawgov reopen {id}`",
        ),
        "err.already_done": ("task {id} is already done (on {on})", "任务 {id} 已于 {on} 完成"),
        "err.period_done": (
            "task {id}: period {period} was already ticked on {on}",
            "任务 {id}：{period} 已于 {on} 销号",
        ),
        "err.period_open": ("task {id}: period {period} is not ticked", "任务 {id}：{period} 尚未销号"),
        "err.nothing_due": (
            "task {id}: no open period has begun yet (next: {next}); name one with --period",
            "任务 {id}：当前没有已开始且未销号的周期（下一期：{next}），可用 --period 指定",
        ),
        "err.cannot_start": (
            "task {id} is {status}; only todo tasks can be started",
            "任务 {id} 当前为“{status}”，只有“未开始”的任务可以开始",
        ),
        "err.not_closed": (
            "task {id} is {status}, not done or dropped; nothing to reopen",
            "任务 {id} 当前为“{status}”，无需重新打开",
        ),
        "err.reason_required": (
            "task {id}: --reason is required to drop a task",
            "任务 {id}：撤销任务须用 --reason 说明原因",
        ),
        "err.empty_note": ("task {id}: the note is empty", "任务 {id}：备注内容为空"),
        "err.metric_ambiguous": (
            "task {id}: metric {metric!r} matches several: {candidates}",
            "任务 {id}：指标 {metric!r} 匹配到多个：{candidates}",
        ),
        "err.unknown_metric": (
            "task {id} has no metric {metric!r} (its metrics: {candidates})",
            "任务 {id} 没有指标 {metric!r}（现有指标：{candidates}）",
        ),
        "err.no_metrics": ("task {id} has no metrics to record", "任务 {id} 没有可记录的指标"),
        "err.not_a_number": ("{value!r} is not a number", "{value!r} 不是数字"),
    }
)

_add(
    {
        "msg.changed": ("{id} → {status} {period}  {title}", "{id} → {status} {period}  {title}"),
        "msg.noted": ("{id}: note added  {title}", "{id}：已添加备注  {title}"),
        "msg.recorded": ("{id}: {metric} {old} → {new}", "{id}：{metric} {old} → {new}"),
    }
)

_add(
    {
        "label.percent": ("% done", "完成率"),
        "label.bar": ("Progress", "进度"),
        "label.progress": ("Progress", "总体进度"),
        "label.days_overdue": ("Overdue by", "逾期"),
        "label.days_left": ("Due in", "剩余"),
        "label.overdue_tasks": ("Overdue (red)", "逾期任务（红灯）"),
        "label.due_soon_tasks": ("Due within {days} days (yellow)", "{days}天内到期（黄灯）"),
        "msg.status_heading": (
            "{title} — {year} tasks, as of {as_of}",
            "{title} — {year}年度任务清单（截至{as_of}）",
        ),
        "msg.status_summary": (
            "{tasks} tasks: {done} done{late}, {doing} doing, {todo} todo, {dropped} dropped; {overdue} overdue, {due_soon} due within {days} days",
            "共{tasks}项：已完成{done}{late}、推进中{doing}、未开始{todo}、已撤销{dropped}；逾期{overdue}项，{days}天内到期{due_soon}项",
        ),
        "msg.days_overdue": ("{days} days", "{days}天"),
        "msg.missed_periods": ("({n} periods missed)", "（{n}期未销号）"),
        "msg.days_left": ("{days} days", "{days}天"),
        "msg.due_today": ("today", "今天"),
        "msg.more": ("… and {n} more (see lawgov list or export)", "……另有{n}项（见 lawgov list 或 export）"),
        "msg.all_clear": ("Nothing overdue or due soon.", "暂无逾期或即将到期任务。"),
        "msg.check_overdue": (
            "OVERDUE  {id}  {owner}  due {due}  {days} days  {title}",
            "逾期  {id}  {owner}  时限{due}  已逾期{days}天  {title}",
        ),
        "msg.check_due_soon": (
            "DUE SOON  {id}  {owner}  due {due}  in {days} days  {title}",
            "即将到期  {id}  {owner}  时限{due}  剩余{days}天  {title}",
        ),
        "msg.check_ok": (
            "ok: {tasks} tasks in {files} files valid; nothing overdue as of {as_of}",
            "正常：{files}个文件共{tasks}项任务校验通过；截至{as_of}无逾期任务",
        ),
        "msg.check_summary": (
            "{overdue} overdue, {due_soon} due soon (as of {as_of})",
            "逾期{overdue}项，即将到期{due_soon}项（截至{as_of}）",
        ),
    }
)

_add(
    {
        "label.done_on": ("Done on", "完成日期"),
        "label.periods": ("Periods", "分期销号"),
        "label.notes": ("Notes", "备注"),
        "label.evidence": ("Evidence", "佐证材料"),
        "label.history": ("History", "变更记录"),
        "label.when": ("Written", "录入时间"),
        "label.by": ("By", "操作人"),
        "label.action": ("Action", "操作"),
        "label.change": ("Change", "变更"),
        "label.note": ("Note", "说明"),
        "msg.no_history": ("no changes recorded yet", "暂无变更记录"),
        "action.start": ("start", "开始"),
        "action.done": ("done", "销号"),
        "action.tick": ("tick period", "分期销号"),
        "action.untick": ("untick period", "撤回分期销号"),
        "action.status": ("status", "状态"),
        "action.reopen": ("reopen", "重新打开"),
        "action.drop": ("drop", "撤销"),
        "action.note": ("note", "备注"),
        "action.evidence": ("evidence", "佐证材料"),
        "action.record": ("record", "记录指标"),
        "action.sync": ("sync", "同步"),
    }
)

_add(
    {
        # --- reading a report: why a file is not one -----------------------------------------
        "err.report_is_directory": (
            "is a directory, not a report file",
            "这是一个目录，不是报告文件",
        ),
        "err.report_no_parts": (
            "this does not look like a rule-of-law government report: no part headings such as "
            "一、…主要举措和成效 or 二、…存在的不足 were found",
            "看起来不是法治政府建设年度报告：未找到“一、…主要举措和成效”“二、…存在的不足”等部分标题",
        ),
        "err.report_off_topic": (
            "this does not look like a rule-of-law government report: the text never mentions 法治 or 依法",
            "看起来不是法治政府建设年度报告：全文未出现“法治”或“依法”",
        ),
    }
)

_add({"msg.wrote": ("wrote {path}", "已写入 {path}")})

_add(
    {
        # --- lawgov export ------------------------------------------------------------------
        "label.next_due": ("Next due", "下一时限"),
        "label.light": ("Light", "红黄灯"),
        "label.overdue_days": ("Days overdue", "逾期天数"),
        "label.todo": ("Todo", "未开始"),
        "label.dropped": ("Dropped", "已撤销"),
        "label.totals": ("Total", "合计"),
        "label.timing": ("Overdue / due in", "逾期/剩余"),
        "label.period": ("Period", "期次"),
        "label.as_of": ("As of", "数据截至"),
        "label.by_department": ("Progress by department", "各单位进度"),
        "label.chart": ("Task status by department", "各单位任务状态"),
        "label.task_list": ("All tasks", "全部任务"),
        "label.sheet_summary": ("Summary", "汇总"),
        "label.sheet_tasks": ("Tasks", "任务清单"),
        "label.sheet_metrics": ("Metrics", "指标"),
        "light.red": ("red", "红灯"),
        "light.yellow": ("yellow", "黄灯"),
        "light.green": ("green", "绿灯"),
        "msg.periods_ticked": ("{done} of {total} periods ticked", "已销号{done}期/共{total}期"),
        "msg.none": ("None.", "无。"),
        "msg.no_overdue": ("Nothing overdue.", "暂无逾期任务。"),
        "msg.no_due_soon": ("Nothing due within {days} days.", "{days}天内没有到期任务。"),
        "msg.ics_name": ("{title}: {year} deadlines", "{title}：{year}年度任务时限"),
        "msg.export_written": (
            "wrote {tasks} tasks to {path} ({fmt})",
            "已导出{tasks}项任务到 {path}（{fmt}）",
        ),
        "err.binary_stdout": (
            "{fmt} is a binary format and is not written to the terminal or stdout; use -o FILE",
            "{fmt} 是二进制格式，不能输出到终端或标准输出；请用 -o 文件名 指定输出文件",
        ),
        "err.export_format_needed": (
            "give --format ({expected}) or an -o file name ending in one of them",
            "请用 --format 指定格式（{expected}），或让 -o 文件名以其中之一作扩展名",
        ),
        "err.is_directory": ("is a directory", "这是一个目录"),
        "err.export_format_mismatch": (
            "-o {file} looks like .{suffix} but --format is {fmt}",
            "-o {file} 的扩展名是 .{suffix}，与 --format {fmt} 不符",
        ),
    }
)

_add(
    {
        "sync.summary": (
            "sync plan: {added} added, {changed} changed, {dropped} dropped, {noted} done tasks noted, {unchanged} unchanged",
            "同步计划：新增{added}项，更新{changed}项，撤销{dropped}项，已完成任务加注{noted}项，不变{unchanged}项",
        ),
        "sync.field.source": ("source", "原文"),
        "sync.field.section": ("section", "所属部分"),
        "sync.field.title": ("title", "标题"),
        "sync.field.metrics": ("metric baselines", "指标基数"),
        "sync.dropped": ("no longer in the report: dropped", "修订稿已删除：撤销"),
        "sync.noted": ("no longer in the report; done, kept", "修订稿已删除；已完成，保留"),
        "sync.reason": ("no longer in the revised report {report}", "修订后的报告（{report}）已不再包含此项"),
        "sync.dry_run": ("dry run: nothing written", "试运行：未写入任何文件"),
        "sync.done": (
            "workspace updated; see `lawgov log` for the recorded changes",
            "工作区已更新；变更记录见 `lawgov log`",
        ),
    }
)

_add(
    {
        "sync.updated": ("updated from the revised report {report}", "依据修订后的报告（{report}）更新"),
        "sync.added": ("new in the revised report {report}", "修订后的报告（{report}）新增"),
    }
)

# Data safety: merge conflicts left in a file by git, department ids Windows cannot use as file names.
_add(
    {
        "err.merge_conflict": (
            "unresolved git merge conflict ({marker} at line {marker_line}): keep the lines you want, delete the "
            "<<<<<<< ======= >>>>>>> marker lines, then run lawgov check",
            "存在未解决的 git 合并冲突（第{marker_line}行为冲突标记 {marker}）：保留需要的内容，删除 <<<<<<<、=======、"
            ">>>>>>> 标记行，然后运行 lawgov check",
        ),
        "err.reserved_department_id": (
            "department id {id!r} is a device name Windows reserves (con, prn, aux, nul, com1-com9, "
            "lpt1-lpt9) and cannot name a file; choose another id",
            "单位编号 {id!r} 是 Windows 保留的设备名（con、prn、aux、nul、com1-com9、lpt1-lpt9），"
            "不能用作文件名；请换一个编号",
        ),
    }
)

_add(
    {
        "err.bad_month": (
            "--month: {value!r} is not a month like 2024-07",
            "--month：{value!r} 不是有效月份（格式如 2024-07）",
        )
    }
)


# === messages of the ledger and the service layer (issue 9) ===
_add(
    {
        "sync.field.needs_review": ("flagged for review", "标记待确认"),
        "msg.plan_year_over": (
            "The {year} plan year is over: add --as-of {end} to see how it ended, or start {next} with "
            "`lawgov init DIR --from NEW_REPORT --carry-over .`",
            "{year}年度计划已结束：加 --as-of {end} 查看年末情况，或用 "
            "`lawgov init 新目录 --from 新报告 --carry-over .` 开始{next}年度",
        ),
        "err.ambiguous_comma": (
            "{value!r}: write the decimal point as '.', e.g. 90.1 (a comma only groups thousands: 1,234)",
            "{value!r}：小数点请用“.”，如 90.1（逗号只用于千位分隔，如 1,234）",
        ),
        "err.percent_range": (
            "{metric}: {value}% is not a percentage between 0 and 100; add --force if it is right",
            "{metric}：{value}% 不在 0 到 100 之间；确认无误请加 --force",
        ),
        "label.effective": ("Effective", "生效日期"),
        "label.written": ("written", "录入于"),
        "msg.finished_late_part": (" ({n} finished late)", "（其中逾期完成{n}）"),
        "label.late_days": ("Days late at finish", "逾期完成天数"),
        "err.future_date": (
            "--on {on}: a change cannot count from a day after {today} (the --as-of date, else today)",
            "--on {on}：变更的生效日期不能晚于 {today}（--as-of 日期，否则为今天）",
        ),
        "err.outside_plan_year": (
            "--on {on} is outside the plan year {year} ± 1; check the date, or add --force if it is right",
            "--on {on} 不在计划年度 {year} 年前后一年内；请核对日期，确认无误请加 --force",
        ),
        "err.before_last_change": (
            "task {id}: its status last changed on {last}; a status change dated {on} would come before it "
            "(reopen it first, or give a later --on)",
            "任务 {id}：状态最近一次变更于 {last}，生效日期为 {on} 的状态变更会排在其前面"
            "（请先重新打开，或使用更晚的 --on 日期）",
        ),
        "err.period_not_begun": (
            "task {id}: period {period} had not begun on {on}",
            "任务 {id}：{on} 时 {period} 期尚未开始",
        ),
        "action.hand": ("hand edit", "手工修改"),
        "label.finished_late": ("Finished late", "逾期完成"),
        "msg.hand_recorded": (
            "{id}: a change made by hand in the file ({action} {change}) is now recorded, effective {on}",
            "{id}：文件中的手工修改（{action} {change}）已记入台账，生效日期 {on}",
        ),
    }
)


# === messages of data safety, round two (issue 10) ===

_add(
    {
        "err.not_regular_file": (
            "not a regular file ({kind}): refused without reading it",
            "不是普通文件（{kind}），拒绝读取",
        ),
        "err.workspace_busy_by": (
            "another lawgov command is changing this workspace ({holder}); gave up after {seconds:g} s, "
            "try again (LAWGOV_LOCK_TIMEOUT sets the wait)",
            "另一个 lawgov 命令正在修改此工作区（{holder}）；已等待 {seconds:g} 秒，请稍后重试"
            "（等待时间可用 LAWGOV_LOCK_TIMEOUT 设置）",
        ),
        "err.bad_lock_timeout": (
            "LAWGOV_LOCK_TIMEOUT={value!r} is not a number of seconds",
            "LAWGOV_LOCK_TIMEOUT={value!r} 不是有效的秒数",
        ),
        "err.symlinked_tasks": (
            "{what} is a symbolic link or leads outside the workspace; lawgov edits only files inside it",
            "{what} 是符号链接或指向工作区之外；lawgov 只修改工作区内的文件",
        ),
        "err.output_is_workspace_file": (
            "-o {file}: this is the workspace's own file {own}; choose another output file",
            "-o {file}：这是工作区自身的文件 {own}，请另选输出文件",
        ),
        "sync.kept": (
            "kept (added by hand, not from the report)",
            "保留（手工添加，非报告生成）",
        ),
        "sync.kept_summary": (
            "{count} task(s) added by hand kept as they are (set manual = true to say so explicitly)",
            "{count}项手工添加的任务原样保留（可写 manual = true 明确标注）",
        ),
    }
)


# === messages of the supervision loop (issue 11) ===
_add(
    {
        # enumerations and labels
        "status.reported": ("reported, awaiting review", "已报送待审核"),
        "kind.assigned": ("assigned", "交办"),
        "label.reported": ("Reported", "待审核"),
        "label.pending": ("Awaiting the office", "待审核事项"),
        "label.since": ("Filed", "提交日期"),
        "label.pending_kind": ("Item", "事项"),
        "label.request": ("Request", "申请"),
        "label.report": ("Completion report", "完成报送"),
        "label.extension": ("Extension request", "延期申请"),
        "label.vs_target": ("vs target", "对照目标"),
        "pending.report": ("completion report", "完成报送"),
        "pending.extension": ("extension request", "延期申请"),
        "action.report": ("report done", "报送完成"),
        "action.approve": ("approve", "审核销号"),
        "action.reject": ("send back", "退回重办"),
        "action.extend-request": ("extension requested", "申请延期"),
        "action.due": ("extension approved (due moved)", "批准延期"),
        "action.extend-reject": ("extension refused", "不予延期"),
        "action.extend-moot": ("extension closed (task done)", "延期申请终止（任务已销号）"),
        "action.add": ("add", "交办"),
        "action.assign": ("reassign", "调整责任单位"),
        "action.co-owners": ("co-departments", "调整配合单位"),
        "action.target": ("target", "设定目标"),
        # errors (the first two replace the lists of the main block, which lack the new values)
        "err.unknown_status": (
            "unknown status {status!r} (expected todo, doing, reported, done or dropped)",
            "未知状态 {status!r}（应为 todo、doing、reported、done 或 dropped）",
        ),
        "err.unknown_kind": (
            "unknown kind {kind!r} (expected measure, plan, rectify, duty, statutory or assigned)",
            "未知任务类型 {kind!r}（应为 measure、plan、rectify、duty、statutory 或 assigned）",
        ),
        "err.reason_missing": ("task {id}: --reason is required", "任务 {id}：须用 --reason 说明理由"),
        "err.option_required": ("{option} is required", "缺少必填选项 {option}"),
        "err.already_reported": (
            "task {id} was reported done on {since} and awaits the office (lawgov approve / reject)",
            "任务 {id} 已于 {since} 报送完成，等待审核（lawgov approve / reject）",
        ),
        "err.nothing_pending": (
            "task {id} ({status}) has no completion report or extension request awaiting the office",
            "任务 {id}（{status}）没有待审核的完成报送或延期申请",
        ),
        "err.decided_before_filed": (
            "task {id}: --on {on} is before the request it decides was filed ({since})",
            "任务 {id}：--on {on} 早于所审核事项的提交日期（{since}）",
        ),
        "err.no_extension_pending": (
            "task {id} has no pending extension request",
            "任务 {id} 没有待审核的延期申请",
        ),
        "err.task_closed": (
            "task {id} is {status}; an extension makes no sense",
            "任务 {id} 当前为“{status}”，无需延期",
        ),
        "err.extend_recurring": (
            "task {id} recurs (each period has its own deadline); extensions are for one-off tasks",
            "任务 {id} 为周期性任务（每期各有时限），延期仅适用于一次性任务",
        ),
        "err.extension_pending": (
            "task {id} already has an extension request (to {to}, filed {since}) awaiting the office",
            "任务 {id} 已有待审核的延期申请（延至 {to}，{since} 提出）",
        ),
        "err.extend_not_later": (
            "task {id}: --to {to} must be after the current due date {due}",
            "任务 {id}：--to {to} 应晚于现有完成时限 {due}",
        ),
        "err.empty_title": ("--title is empty", "--title 不能为空"),
        "err.same_owner": (
            "task {id} is already owned by {owner!r} with these co-departments",
            "任务 {id} 的责任单位已是 {owner!r}，配合单位也无变化",
        ),
        "err.empty_metric": ("the metric name is empty", "指标名称为空"),
        "err.metric_exists": (
            "task {id} already has a metric {metric!r}; drop --add to set its target",
            "任务 {id} 已有指标 {metric!r}；设定其目标请去掉 --add",
        ),
        "err.bad_journal": (
            "the journal of an interrupted change is damaged; restore the department files from git, "
            "then delete it",
            "中断操作的日志文件已损坏：请从 git 恢复各单位文件后删除该日志",
        ),
        "err.journal_conflict": (
            "an interrupted change (journal {journal}) cannot be completed: this file was changed since; "
            "resolve by hand, then delete the journal",
            "无法完成被中断的操作（日志 {journal}）：此文件此后已被修改；请手工处理后删除该日志",
        ),
        # messages
        "msg.approve": ("{id} → {status}  {title}", "{id} → {status}（审核销号）  {title}"),
        "msg.reject": ("{id} → {status}, sent back  {title}", "{id} → {status}（退回重办）  {title}"),
        "msg.due": (
            "{id}: due {old} → {new} (extension approved)",
            "{id}：完成时限 {old} → {new}（批准延期）",
        ),
        "msg.extend-reject": (
            "{id}: extension to {old} refused; due stays {new}",
            "{id}：不予延期至 {old}，完成时限仍为 {new}",
        ),
        "msg.extend_requested": (
            "{id}: extension from {old} to {new} requested, awaiting the office{late}",
            "{id}：已申请将完成时限由 {old} 延至 {new}，待审核{late}",
        ),
        "msg.late_request": (" (filed after the due date)", "（逾期后申请）"),
        "msg.target_set": ("{id}: target of {metric} {old} → {new}", "{id}：{metric} 目标 {old} → {new}"),
        "msg.added": (
            "{id} added for {owner}, due {due}  {title}",
            "{id} 已交办{owner}，时限 {due}  {title}",
        ),
        "msg.assigned": (
            "{id}: {old} → {new} (co-departments: {co})",
            "{id}：责任单位 {old} → {new}（配合单位：{co}）",
        ),
        "msg.no_notices": (
            "nothing overdue on {as_of}: no notice to send",
            "截至 {as_of} 无逾期任务，无需发催办/督办通知",
        ),
        "msg.status_reported": ("; {n} awaiting review", "；待审核{n}项"),
        "msg.pending_more": ("… and {n} more", "……另有{n}项"),
        "msg.late_mark": ("late", "逾期后申请"),
        "msg.target_met": ("target met", "达到目标"),
        "msg.target_missed": ("target {target} not met", "未达目标{target}"),
        # notices (催办单 / 督办通知单)
        "notice.default_office": ("{region} rule-of-law office", "{region}依法治区办"),
        "notice.title.cuiban": (
            "{region} rule-of-law tasks: reminder notice",
            "{region}法治政府建设任务催办单",
        ),
        "notice.title.duban": (
            "{region} rule-of-law tasks: supervision notice",
            "{region}法治政府建设任务督办通知单",
        ),
        "notice.number.cuiban": ("Reminder {year} No. {n}", "催办〔{year}〕第{n}号"),
        "notice.number.duban": ("Supervision {year} No. {n}", "督办〔{year}〕第{n}号"),
        "notice.to": ("To: {dept}", "{dept}："),
        "notice.body.cuiban": (
            "As of {as_of}, the {n} task(s) below have passed their deadline (up to {longest} days). "
            "Please complete them promptly.",
            "截至{as_of}，你单位牵头的下列{n}项任务已超过完成时限（最长逾期{longest}天），现予催办，请抓紧落实。",
        ),
        "notice.body.duban": (
            "As of {as_of}, the {n} task(s) below are overdue, up to {longest} days — more than the "
            "{grace}-day grace period. They are placed under supervision.",
            "截至{as_of}，你单位牵头的下列{n}项任务已逾期，最长逾期{longest}天，超过{grace}天催办期限，现予督办。",
        ),
        "notice.required": (
            "Complete the tasks and report them done by {by}, or send {office} a written account of "
            "progress, the reasons for the delay, the remedial measures and a completion date.",
            "请于{by}前完成上述任务并报送销号；确实无法完成的，书面报送{office}，说明推进情况、逾期原因、整改措施及完成时限。",
        ),
        "notice.extension_hint": (
            "Where more time is truly needed, file an extension request with reasons for approval.",
            "确需延期的，应说明理由提出延期申请，经批准后方可调整时限。",
        ),
        "notice.extension_pending": (
            "extension to {to} requested, awaiting review",
            "已申请延期至{to}，待审核",
        ),
        "notice.col.no": ("No.", "序号"),
        "notice.col.remark": ("Remarks", "备注"),
        # the report draft: actuals against targets
        "annual.target_met": (", meeting the target of {target}", "，达到年度目标（{target}）"),
        "annual.target_missed": (", short of the target of {target}", "，未达到年度目标（{target}）"),
        # the bulletin's section on what awaits the office
        "bulletin.h_pending": ("Awaiting the office's review ({n})", "待审核事项（{n}项）"),
        "bulletin.pending_report": (
            "{id} {dept}: “{title}” reported done on {since}, awaiting verification",
            "{id} {dept}：“{title}”，{since}报送完成，待审核销号",
        ),
        "bulletin.pending_extension": (
            "{id} {dept}: “{title}” asks to move the deadline {due} → {to} (filed {since}: {reason})",
            "{id} {dept}：“{title}”，{since}申请将时限由{due}延至{to}（理由：{reason}），待审批",
        ),
    }
)


# === messages of the fill-in form and reminders (issue 12) ===
_add(
    {
        # --- the fill-in form (填报表): export --form and import ---------------------------------
        "err.form_unreadable": (
            "not a readable XLSX workbook ({reason})",
            "不是可读取的 XLSX 工作簿（{reason}）",
        ),
        "err.form_not_lawgov": (
            "not a lawgov fill-in form (no form sheet; export one with lawgov export --form)",
            "不是 lawgov 填报表（缺少表单信息；请用 lawgov export --form 导出）",
        ),
        "err.form_sheet_missing": ("the sheet {sheet!r} is missing", "缺少工作表 {sheet!r}"),
        "err.form_too_many_rows": (
            "the sheet {sheet!r} has {rows} rows (a form has at most {limit})",
            "工作表 {sheet!r} 有 {rows} 行（填报表最多 {limit} 行）",
        ),
        "err.form_other_workspace": (
            "this form belongs to another workspace ({found}; this one is {expected})",
            "此填报表属于另一个工作区（{found}；本工作区为 {expected}）",
        ),
        "err.form_other_year": (
            "this form is for plan year {found}, this workspace for {expected}",
            "此填报表的计划年度为 {found}，本工作区为 {expected}",
        ),
        "err.form_unknown_department": (
            "this form is for department {dept!r}, which is not in departments.toml",
            "此填报表的单位 {dept!r} 不在 departments.toml 中",
        ),
        "err.form_other_department": (
            "{cell}: task {id} belongs to {owner!r}, not to this form's department {dept!r}",
            "{cell}：任务 {id} 属于 {owner!r}，不属于本填报表的单位 {dept!r}",
        ),
        "err.form_unknown_id": (
            "{cell}: unknown task or metric {id!r}",
            "{cell}：未知的任务或指标 {id!r}",
        ),
        "err.form_duplicate_row": (
            "{cell}: the same task appears again (first at {other})",
            "{cell}：同一任务重复出现（首次在 {other}）",
        ),
        "err.form_locked_changed": (
            "{cell}: this cell is locked and was changed (expected {expected!r}); only 完成状态, 完成日期, "
            "进展情况, 佐证材料 and 实际值 may be filled in",
            "{cell}：此单元格已锁定却被修改（应为 {expected!r}）；只能填写完成状态、完成日期、进展情况、佐证材料和实际值",
        ),
        "err.form_bad_status": (
            "{cell}: {value!r} is not a status (expected {expected})",
            "{cell}：{value!r} 不是有效的完成状态（应为 {expected}）",
        ),
        "err.form_bad_date": (
            "{cell}: {value!r} is not a date like 2024-05-31",
            "{cell}：{value!r} 不是有效日期（格式如 2024-05-31）",
        ),
        "err.form_future_date": (
            "{cell}: {value} is after today ({today})",
            "{cell}：{value} 晚于今天（{today}）",
        ),
        "err.form_bad_number": (
            "{cell}: {value!r} is not a number",
            "{cell}：{value!r} 不是数字",
        ),
        "err.form_formula": (
            "{cell}: a formula where a value is expected; type the value itself",
            "{cell}：此处应填写数值或文字，不能是公式",
        ),
        "err.form_outside_plan_year": (
            "{cell}: {value} is outside the plan year {year} ± 1",
            "{cell}：{value} 不在计划年度 {year} 年前后一年内",
        ),
        "err.form_before_last_change": (
            "{cell}: task {id} last changed status on {last}; a change dated {on} would come before it",
            "{cell}：任务 {id} 的状态最近一次变更于 {last}，日期为 {on} 的变更会排在其前面",
        ),
        "err.form_cannot_drop": (
            "{cell}: task {id} cannot be dropped from a form; ask the office (lawgov drop)",
            "{cell}：任务 {id} 不能在填报表中撤销；请联系牵头单位办理（lawgov drop）",
        ),
        "err.form_task_dropped": (
            "{cell}: task {id} was dropped; ask the office to reopen it first",
            "{cell}：任务 {id} 已撤销；如需恢复请联系牵头单位",
        ),
        "err.form_status_back": (
            "{cell}: task {id} is {status}; a form cannot set it back to todo",
            "{cell}：任务 {id} 当前为{status}，填报表不能改回未开始",
        ),
        "err.form_output_xlsx": (
            "-o must be an .xlsx file (or a folder) for one department's form",
            "单个单位的填报表 -o 应为 .xlsx 文件（或文件夹）",
        ),
        "err.form_output_dir": (
            "-o must be a folder for the forms of every department (or use --dept)",
            "导出全部单位的填报表时 -o 应为文件夹（或使用 --dept）",
        ),
        "err.form_needs_xlsx": ("--form writes XLSX only (--format xlsx)", "--form 只能导出 XLSX（--format xlsx）"),
        "err.form_needs_output": ("--form needs -o FILE.xlsx or -o FOLDER", "--form 需要 -o 文件.xlsx 或 -o 文件夹"),
        "msg.forms_written": ("{count} form(s) written: {paths}", "已导出{count}份填报表：{paths}"),
        "msg.import_task": ("{id}  {title}  ({form})", "{id}  {title}（{form}）"),
        "msg.import_status": ("status {old} → {new} ({on})", "状态 {old} → {new}（{on}）"),
        "msg.import_tick": ("period {period} ticked ({on})", "{period} 期已销号（{on}）"),
        "msg.import_note": ("progress: {text}", "进展情况：{text}"),
        "msg.import_evidence": ("evidence: {text}", "佐证材料：{text}"),
        "msg.import_metric": ("{metric}: {old} → {new}", "{metric}：{old} → {new}"),
        "msg.import_nothing": ("nothing to import: the forms hold no new changes", "填报表中没有新的变更，未作改动"),
        "msg.import_dry_run": (
            "dry run: {tasks} task(s) would change from {files} form(s); nothing written",
            "试运行：{files}份填报表将变更{tasks}项任务；未写入任何文件",
        ),
        "msg.import_done": (
            "{tasks} task(s) changed from {files} form(s); see lawgov log",
            "已从{files}份填报表导入{tasks}项任务的变更；变更记录见 lawgov log",
        ),
    }
)



_add(
    {
        # --- reminders (lawgov remind): configuration, progress lines, the message itself ---------
        "err.bad_contact": (
            "{field}: {value!r} is not a mail address or an http(s) URL",
            "{field}：{value!r} 不是有效的邮件地址或 http(s) 网址",
        ),
        "err.mail_password_in_file": (
            "[mail] must not hold the password: remove it and set the environment variable LAWGOV_SMTP_PASSWORD",
            "[mail] 中不能写密码：请删除 password，改用环境变量 LAWGOV_SMTP_PASSWORD",
        ),
        "err.mail_not_configured": (
            "{dept} has an email address but lawgov.toml has no [mail] section (host, port, sender, starttls, username)",
            "{dept} 配置了邮件地址，但 lawgov.toml 中没有 [mail] 设置（host、port、sender、starttls、username）",
        ),
        "err.mail_password_missing": (
            "[mail] username is set but the environment variable {env} is empty",
            "[mail] 设置了 username，但环境变量 {env} 为空",
        ),
        "err.remind_failed": ("lawgov: {dept}: not reminded: {reason}", "lawgov: {dept}：提醒发送失败：{reason}"),
        "warn.remind_no_contact": (
            "lawgov: {dept}: no email or webhook in departments.toml; not reminded",
            "lawgov: {dept}：departments.toml 中没有 email 或 webhook，未提醒",
        ),
        "remind.to_mail": ("mail to {to}", "邮件 {to}"),
        "remind.to_webhook": ("{kind} robot at {host}", "{kind}群机器人 {host}"),
        "remind.kind.wecom": ("WeCom", "企业微信"),
        "remind.kind.dingtalk": ("DingTalk", "钉钉"),
        "msg.remind_none": (
            "nobody to remind on {as_of}: no overdue or due-soon tasks",
            "截至{as_of}没有逾期或即将到期的任务，无需提醒",
        ),
        "msg.remind_skipped": (
            "{dept}: already reminded today ({on}); --force to remind again",
            "{dept}：今天（{on}）已提醒过；如需再次提醒请加 --force",
        ),
        "msg.remind_would_send": ("would remind {dept}: {channels}", "将提醒{dept}：{channels}"),
        "msg.remind_subject": ("subject: {subject}", "主题：{subject}"),
        "msg.remind_attachment": ("attached: {name}", "附件：{name}"),
        "msg.remind_sent": ("{dept}: reminded ({channels})", "{dept}：已提醒（{channels}）"),
        "msg.remind_dry_run": ("dry run: nothing sent", "试运行：未发送任何消息"),
        "msg.remind_summary": (
            "{sent} reminded, {skipped} skipped, {failed} failed",
            "已提醒{sent}个单位，跳过{skipped}个，失败{failed}个",
        ),
        "remind.subject_both": (
            "[Reminder] {dept}: {overdue} task(s) overdue, {due_soon} due soon (as of {as_of})",
            "【督办提醒】{dept}：{overdue}项任务逾期、{due_soon}项即将到期（截至{as_of}）",
        ),
        "remind.subject_overdue": (
            "[Reminder] {dept}: {overdue} task(s) overdue (as of {as_of})",
            "【督办提醒】{dept}：{overdue}项任务逾期（截至{as_of}）",
        ),
        "remind.subject_soon": (
            "[Reminder] {dept}: {due_soon} task(s) due soon (as of {as_of})",
            "【督办提醒】{dept}：{due_soon}项任务即将到期（截至{as_of}）",
        ),
        "remind.greeting": ("To {dept}:", "{dept}："),
        "remind.intro": (
            "As of {as_of}, in the {year} task list of {title}, your department has {overdue} overdue task(s) "
            "and {due_soon} task(s) due soon. Please see to them.",
            "截至{as_of}，《{title}》{year}年度任务清单中，贵单位有{overdue}项任务逾期、{due_soon}项任务即将到期，请抓紧办理。",
        ),
        "remind.section_overdue": ("Overdue (red)", "一、逾期任务（红灯）"),
        "remind.section_soon": ("Due within {days} days (yellow)", "二、即将到期任务（黄灯，{days}天内）"),
        "remind.item": ("{n}. [{id}] {title}", "{n}. 【{id}】{title}"),
        "remind.when_late": ("due {due}, {days} day(s) late", "完成时限：{due}，已逾期{days}天"),
        "remind.when_left": ("due {due}, {days} day(s) left", "完成时限：{due}，还剩{days}天"),
        "remind.when_today": ("due today ({due})", "完成时限：{due}，今天到期"),
        "remind.missed": ("; periods not ticked: {periods}", "；未销号：{periods}"),
        "remind.todo": ("How to report:", "办理和反馈方式："),
        "remind.reply_form": (
            "1. Fill in your department's form (attached to the mail: 完成状态, 完成日期, 进展情况, 佐证材料) "
            "and reply with it attached, to {lead};",
            "1. 在本单位填报表（见邮件附件）中填写“完成状态”“完成日期”“进展情况”“佐证材料”，作为附件回复本邮件发回{lead}；",
        ),
        "remind.reply_cli": (
            '2. or, where lawgov is used: lawgov done <ID> --note "what was done" --evidence "document number".',
            '2. 使用 lawgov 的单位也可直接运行：lawgov done 任务编号 --note "完成情况" --evidence "文号"。',
        ),
        "remind.late": (
            "If a task cannot be finished in time, reply with the reason and the date it will be.",
            "确有困难无法按期完成的，请在回复中说明原因和计划完成时间。",
        ),
        "remind.office": ("the office", "牵头单位"),
        "remind.footer": (
            "(Sent by lawgov on {as_of}; please keep the task IDs unchanged in replies.)",
            "（本提醒由 lawgov 于{as_of}自动发送，回复时请保留任务编号。）",
        ),
        "remind.md_title": ("### Reminder: {dept}", "### 督办提醒：{dept}"),
        "remind.md_summary": (
            "As of {as_of}: **{overdue} overdue**, {due_soon} due soon",
            "截至{as_of}：**逾期{overdue}项**，即将到期{due_soon}项",
        ),
        "remind.md_more": ("… and {more} more: see the mail or the ledger", "……另有{more}项，详见邮件或台账"),
        "remind.md_todo": (
            "When done, report through your fill-in form or `lawgov done`; questions to {lead}.",
            "完成后请通过填报表或 `lawgov done` 销号；如有疑问请联系{lead}。",
        ),
    }
)


# === messages of other districts' reports, registries and carry-over (issue 13) ===
_add(
    {
        "warn.no_region": (
            "could not tell whose report this is from the title or the text; init needs --region",
            "无法从标题或正文识别报告单位（地区），init 时请用 --region 指定",
        ),
        "warn.no_parts": (
            "no numbered parts found: every paragraph is read as a measure",
            "未找到编号的部分标题：每一段均按举措读取",
        ),
        "warn.generic_level": (
            "the region {region!r} is not a district, county, city, banner or province: departments.toml "
            "names district departments (区…); check it, or pass your own with --departments",
            "{region!r} 不是区、县、市、旗或省：departments.toml 按区级单位命名，请核对，或用 --departments 指定本单位名册",
        ),
        "err.no_region": (
            "cannot tell whose report this is (no region in the title or text); name it with "
            "--region, e.g. --region 某某县",
            "无法识别报告单位（标题和正文中都没有地区名）；请用 --region 指定，例如 --region 某某县",
        ),
        "err.dept_removed": (
            "departments.toml no longer lists {dept!r} but it still owns {count} task(s): {ids}; give them "
            "to another department (lawgov assign ID --owner D), then delete its emptied file, or put "
            "{dept!r} back",
            "departments.toml 中已删除 {dept!r}，但该单位仍有 {count} 项任务：{ids}；请用 lawgov assign 编号 "
            "--owner 单位 移交其他单位后删除其空文件，或恢复 {dept!r}",
        ),
        "err.registry_edited": (
            "{file} was edited by hand and init --force would overwrite it: keep it with "
            "--departments {file} (or move it away first)",
            "{file} 已手工修改，init --force 会覆盖它：如需保留请加 --departments {file}（或先移走该文件）",
        ),
        "err.init_would_lose_progress": (
            "{folder} holds recorded progress that init --force would wipe: {history} history entries, "
            "{started} tasks started or done, {ticks} ticked periods; move the folder away first "
            "(mv {folder} {folder}.old), or start the next year with --carry-over",
            "{folder} 中已有工作记录，init --force 会全部清除：{history} 条历史记录、{started} 项已开始或已完成的任务、"
            "{ticks} 个已销号周期；请先移走该文件夹（mv {folder} {folder}.old），或用 --carry-over 开始下一年度",
        ),
        "err.carry_over_into_itself": (
            "--carry-over {folder}: the old workspace cannot be the folder being created",
            "--carry-over {folder}：旧工作区不能是正在创建的文件夹",
        ),
        "err.carry_over_year": (
            "--carry-over {folder}: its plan year is {old}, the new workspace's is {year}; the next year "
            "must come after it (use a newer report or --plan-year)",
            "--carry-over {folder}：旧工作区为{old}年度，新工作区为{year}年度；新年度须晚于旧年度（请换用新报告或指定 --plan-year）",
        ),
        "msg.carried": (
            "carried over {count} unfinished task(s) from {path} ({year}): ids C1…C{count}",
            "已从 {path}（{year}年度）结转 {count} 项未完成任务：编号 C1…C{count}",
        ),
        "msg.carried_none": (
            "nothing to carry over from {path} ({year}): every task is done or dropped",
            "{path}（{year}年度）无需结转：所有任务均已完成或撤销",
        ),
        "carry.summary": (
            "carried from {year} as {old} ({status}); {count} earlier change(s){last}",
            "结转自{year}年度任务 {old}（{status}）；此前共 {count} 条记录{last}",
        ),
        "carry.last": ("; last: {action} on {on} by {by}", "；最近一次：{on} {by} {action}"),
        "action.carry": ("carry over", "结转"),
        "title.dept_report_to": (
            "Report {year} rule-of-law work to the {gov} government",
            "向{gov}报送{year}年度法治政府建设情况报告",
        ),
        "label.carried_from": ("Carried from", "结转自"),
        "section.carried": ("Carried over from {year}", "{year}年度结转任务"),
    }
)


# === messages of the leaders' documents (issue 14) ===
_add(
    {
        # --- the 月通报 (documents/bulletin.py) ---------------------------------------------
        "bul.series": ("Rule-of-law government work bulletin", "法治政府建设工作通报"),
        "bul.number": ("{year}, no. {n}", "{year}年第{n}期"),
        "bul.title": (
            "Progress of the rule-of-law government tasks in {month_name} {year}",
            "关于{year}年{month}月法治政府建设任务落实情况的通报",
        ),
        "bul.addressee": ("To all responsible departments:", "各责任单位："),
        "bul.intro": (
            "To drive the {plan_year} rule-of-law government tasks forward, {office} has reviewed every department's progress against the task ledger as of {date}. The findings follow.",
            "为推动{plan_year}年度法治政府建设各项任务落实，{office}对照任务台账，对截至{date}各单位任务进展情况进行了梳理。现将有关情况通报如下。",
        ),
        "bul.h_overall": ("Overall", "总体情况"),
        "bul.ov_tasks": (
            "As of {date}, the {plan_year} ledger holds {live} tasks in force{dropped}.",
            "截至{date}，{plan_year}年度任务台账在列任务{live}项{dropped}。",
        ),
        "bul.ov_dropped": (" ({n} more dropped with approval)", "（另有{n}项经批准撤销）"),
        "bul.ov_done": (
            "{done} are done ({pct}); by the time-proportional schedule {expected} should be done and {achieved} is, so overall the work is {pace}.",
            "已完成{done}项，完成率{pct}；按序时进度应完成{expected}，实际完成{achieved}，总体{pace}。",
        ),
        "bul.ov_none_done": (
            "No task is finished yet; by the time-proportional schedule {expected} should be done and {achieved} is, so overall the work is {pace}.",
            "尚无全部完成的任务；按序时进度应完成{expected}，实际完成{achieved}，总体{pace}。",
        ),
        "bul.ov_all_done": ("Every task in force is done.", "在列任务已全部完成。"),
        "bul.ov_doing": ("{n} in progress", "推进中{n}项"),
        "bul.ov_todo": ("{n} not started", "未启动{n}项"),
        "bul.ov_red": ("{n} overdue (red)", "逾期未完成（红灯）{n}项"),
        "bul.ov_yellow": ("{n} due within {days} days (yellow)", "{days}日内到期（黄灯）{n}项"),
        "bul.ov_no_alerts": ("Nothing is overdue or about to fall due.", "无逾期未完成和临近到期事项。"),
        "bul.ov_finished": ("{n} finished this month", "本月新完成{n}项（期次）"),
        "bul.ov_late": ("{n} finished after their deadline so far", "累计逾期完成{n}项"),
        "bul.ov_reported": ("{n} reported done and awaiting review", "已报完成待审核{n}项"),
        "pace.ahead": ("ahead of schedule", "超进度"),
        "pace.on": ("on schedule", "达进度"),
        "pace.behind": ("behind schedule", "欠进度"),
        "pace.done": ("all done", "已完成"),
        "bul.h_pace": ("Departments against the schedule", "各单位序时进度"),
        "bul.pace_class": ("{pace} ({n}): {depts}", "{pace}单位{n}个：{depts}"),
        "bul.pace_lead": (
            "Judged against the time-proportional schedule (tasks due by {date}, monthly and quarterly tasks by the periods ended): {classes}.",
            "按序时进度（截至{date}应完成的任务，按月、按季度落实的任务按已到期期次计），{classes}。",
        ),
        "bul.col_no": ("No.", "序号"),
        "bul.col_dept": ("Department", "单位"),
        "bul.col_tasks": ("Tasks", "在列任务"),
        "bul.col_done": ("Done", "已完成"),
        "bul.col_expected": ("Due share", "应完成进度"),
        "bul.col_achieved": ("Done share", "实际完成进度"),
        "bul.col_overdue": ("Overdue", "逾期"),
        "bul.col_pace": ("Schedule", "序时进度"),
        "bul.h_red": ("Overdue (red)", "逾期未完成事项（红灯）"),
        "bul.red_lead": (
            "As of {date}, {n} tasks of {d} departments are overdue:",
            "截至{date}，共有{n}项任务逾期未完成，涉及{d}个单位：",
        ),
        "bul.red_dept": ("{dept} ({n})", "{dept}（{n}项）"),
        "bul.red_periods": ("{freq}; not reported for {periods}", "{freq}落实，{periods}未报送"),
        "bul.red_due": (
            "due by {due}, {days} days overdue, {status}",
            "应于{due}前完成，已逾期{days}天，{status}",
        ),
        "bul.red_status_todo": ("not started", "尚未启动"),
        "bul.red_status_doing": ("in progress", "正在推进"),
        "bul.red_status_reported": ("reported, awaiting review", "已报完成待审核"),
        "bul.latest": ("latest: {note}", "最新进展：{note}"),
        "bul.freq_monthly": ("monthly", "按月"),
        "bul.freq_quarterly": ("quarterly", "按季度"),
        "bul.freq_yearly": ("yearly", "按年度"),
        "bul.h_yellow": ("Falling due soon (yellow)", "临近到期事项（黄灯）"),
        "bul.yellow_lead": (
            "{n} tasks fall due within {days} days of {date}:",
            "以下{n}项任务将在{date}后{days}日内到期：",
        ),
        "bul.yellow_item": ("{title} ({dept}, due {due})", "{title}（{dept}，{due}到期）"),
        "bul.yellow_period": (
            "{title} ({dept}, {period} due {due})",
            "{title}（{dept}，{period}应于{due}前报送）",
        ),
        "bul.h_pending": ("Awaiting the office", "待审核事项"),
        "bul.pending_lead": (
            "{n} items filed by departments await {office}:",
            "以下{n}项事项已由责任单位报送，待{office}审核：",
        ),
        "bul.pending_report": (
            "{dept}: {title}, reported done on {since}, to be verified and closed",
            "{dept}：{title}，{since}报送完成，待审核销号",
        ),
        "bul.pending_extension": (
            "{dept}: {title}, asked on {since} to move the deadline from {due} to {to} ({reason}), to be decided",
            "{dept}：{title}，{since}申请将完成时限由{due}延至{to}（理由：{reason}），待审批",
        ),
        "bul.h_good": ("Good progress", "进展较好的单位和事项"),
        "bul.good_depts": (
            "{depts} are ahead of the schedule or have finished all their tasks, and are commended.",
            "{depts}任务推进快于序时进度或已全部完成，予以表扬。",
        ),
        "bul.finished_lead": (
            "{n} tasks (or periods) were finished this month:",
            "本月共完成任务（期次）{n}项：",
        ),
        "bul.finished_item": (
            "{dept}: {title}{period}, finished {date}{late}{note}",
            "{dept}：{title}{period}，{date}完成{late}{note}",
        ),
        "bul.finished_late": (" ({days} days late)", "（逾期{days}天）"),
        "bul.metrics_lead": ("{n} indicators were updated this month:", "本月更新指标{n}项："),
        "bul.metric_item": (
            "{dept}: {metric} {value}{unit}{baseline}",
            "{dept}：{metric}{value}{unit}{baseline}",
        ),
        "bul.metric_baseline": (" (last year {value}{unit})", "（上年{value}{unit}）"),
        "bul.h_req": ("Requirements", "工作要求"),
        "bul.req_red": (
            "On the overdue tasks: {depts}, explain in writing to {office} by {date} why they are late, what is being done and when they will be finished. {office} registers them for supervision, reviews each one again in the next bulletin and closes it only when it is done.",
            "对逾期未完成事项，请{depts}于{date}前向{office}书面说明逾期原因、整改措施和完成时限。{office}将对上述事项实行挂号督办，在下期通报中逐项“回头看”，直至办结销号。",
        ),
        "bul.req_yellow": (
            "On the tasks falling due: {depts}, plan back from the deadline and finish on time.",
            "对临近到期事项，请{depts}倒排工期、压茬推进，确保按期完成。",
        ),
        "bul.req_general": (
            "All departments: keep working through the ledger and close each task as it is done; monthly and quarterly items are reported within 5 working days after the period, with evidence attached. The next bulletin is issued by {date}.",
            "各责任单位要对照任务台账持续抓好落实，完成一项、销号一项；按月、按季度落实的事项于期次结束后5个工作日内报送，并及时上传佐证材料。下期通报将于{date}前印发。",
        ),
        "bul.annex_label": ("Annex", "附件"),
        "bul.annex_title": (
            "Open tasks as of {date}",
            "截至{date}未完成任务清单",
        ),
        "bul.annex_none": ("Every task in force is done.", "在列任务均已完成。"),
        "bul.col_task": ("Task", "任务"),
        "bul.col_due": ("Deadline", "完成时限"),
        "bul.col_state": ("State", "进展情况"),
        "bul.state_overdue": ("{days} days overdue", "逾期{days}天"),
        "bul.state_missed": ("{periods} not reported", "{periods}未报送"),
        "bul.state_soon": ("due {due} (yellow)", "{due}到期（黄灯）"),
        "bul.state_todo": ("not started", "未启动"),
        "bul.state_doing": ("in progress", "推进中"),
        "bul.state_reported": ("awaiting review", "待审核"),
        "err.month_before_plan": (
            "--month {month}: the plan year {year} starts later; bulletins are numbered from its first month",
            "--month {month}：计划年度{year}年尚未开始，通报期号从计划年度1月起算",
        ),
        "err.docx_needs_output": (
            "--format docx writes a Word file: give its name with -o FILE.docx",
            "--format docx 生成 Word 文件，请用 -o 文件名.docx 指定输出文件",
        ),
        "err.bad_date_option": (
            "{option}: {value!r} is not a date like 2024-08-01",
            "{option}：{value!r} 不是有效日期（格式如 2024-08-01）",
        ),
    }
)

_add(
    {
        # --- the annual report draft (documents/annual.py) ---------------------------------
        "annual.docx_title": ("Rule-of-law government report (draft)", "法治政府建设情况报告（草稿）"),
        "annual.title": (
            "{region} {year} rule-of-law government report (draft)",
            "{region}{year}年度法治政府建设情况报告（草稿）",
        ),
        "annual.draft_notice": (
            "DRAFT assembled by lawgov from the task ledger as of {as_of} (plan source: {source}). Every [please complete] is for the drafter; the text is to be revised and approved before use.",
            "草稿：由 lawgov 根据任务台账汇编（数据截至{as_of}，任务依据{source}）。标注【请补充】处须由起草人补写，全文经修改审定后方可使用。",
        ),
        "annual.opening": (
            "In {year}, {region} [please complete: the year's overall approach]. ",
            "{year}年，{region}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，【请补充：年度总体思路和主要成效】。",
        ),
        "annual.totals": (
            "The ledger listed {tasks} tasks (including {statutory} statutory reporting tasks); as of {date}, {done} were done ({pct} of those in force), {open} were open ({carried} due within the year and carried over, {upcoming} due in {next}) and {dropped} were dropped with approval. The details follow.",
            "对照年度任务台账，全年共列任务{tasks}项（含法定报告任务{statutory}项）。截至{date}，已完成{done}项（占在列任务的{pct}），未完成{open}项（其中年内到期未完成{carried}项、时限在{next}年的{upcoming}项），经批准撤销{dropped}项。现将有关情况报告如下。",
        ),
        "annual.part1": ("I. Measures and results of {year}", "一、{year}年推进法治政府建设的主要举措和成效"),
        "annual.group_plan": ("Carrying out the year's main arrangements", "落实年度重点工作安排"),
        "annual.group_rectify": ("Rectifying last year's shortcomings", "抓好上年度问题整改"),
        "annual.theme_plan": ("the year's main arrangements", "年度重点工作安排"),
        "annual.theme_rectify": ("rectifying last year's shortcomings", "上年度问题整改"),
        "annual.theme_duty": ("the principal leader's duties", "第一责任人职责落实"),
        "annual.theme_statutory": ("statutory reporting", "法定报告"),
        "annual.theme_measure": ("other work", "其他工作"),
        "annual.nothing_done": (
            "[No task is marked done yet: please complete.]",
            "【台账中暂无已完成任务，请补充】",
        ),
        "annual.metric": ("{name} {actual}{change}", "{name}{actual}{change}"),
        "annual.metric_plain": ("{name} {actual}", "{name}{actual}"),
        "annual.pct_up": (", up {n}% on last year", "，较上年增长{n}%"),
        "annual.pct_down": (", down {n}% on last year", "，较上年下降{n}%"),
        "annual.points_up": (", up {n} percentage points", "，较上年提高{n}个百分点"),
        "annual.points_down": (", down {n} percentage points", "，较上年下降{n}个百分点"),
        "annual.same": (", the same as last year", "，与上年持平"),
        "annual.evidence": (" (evidence: {items})", "（佐证材料：{items}）"),
        "annual.fill_in_results": (
            " [please complete: what was done and achieved]",
            "【请补充具体做法和成效】",
        ),
        "annual.rectified": (
            "On last year's finding that {problem}: {measures}rectified by {date}.",
            "针对上年度指出的“{problem}”问题，{measures}已于{date}完成整改。",
        ),
        "annual.fill_in_measures": ("[please complete: the measures taken] ", "【请补充整改措施】，"),
        "annual.part2": (
            "II. Shortcomings of {year} and their causes",
            "二、{year}年推进法治政府建设存在的不足和原因",
        ),
        "annual.p2_lead": (
            "Against the ledger, {items}. By theme:",
            "对照年度任务台账，{items}，主要表现在：",
        ),
        "annual.p2_carried": (
            "{n} tasks due within the year were not finished",
            "年内到期的任务中有{n}项未完成",
        ),
        "annual.p2_late": ("{n} were finished late", "{n}项逾期完成"),
        "annual.p2_dropped": ("{n} were dropped", "{n}项经批准撤销"),
        "annual.p2_theme": ("{n}. {theme}: {items}.", "{n}是{theme}方面，{items}。"),
        "annual.p2_causes": (" From the ledger: {causes}.", "从台账记录看，{causes}。"),
        "annual.p2_fill_in": (" [please complete: the causes]", "【请补充原因分析】"),
        "annual.due_by": (" (due {due})", "（应于{due}前完成）"),
        "annual.group_todo": ("{titles} not started", "{titles}尚未启动"),
        "annual.group_doing": ("{titles} still in progress", "{titles}仍在推进中"),
        "annual.group_reported": ("{titles} reported done, awaiting review", "{titles}已报完成、尚待审核"),
        "annual.why_missed": ("{title} not reported for {periods}", "{title}{periods}未按期报送"),
        "annual.why_late": ("{title} due {due}, finished {done}", "{title}计划{due}完成、延至{done}完成"),
        "annual.why_dropped": ("{title} dropped ({reason})", "{title}经批准撤销（{reason}）"),
        "annual.all_done": (
            "Every task due within the year was finished on time.",
            "年内到期任务均已按期完成。",
        ),
        "annual.part2_causes": (
            "[Please complete: the deeper causes, and how they will be addressed.]",
            "【请补充：深层次原因分析及改进方向】",
        ),
        "annual.part3": (
            "III. How the principal leader fulfilled the first-responsibility duty in {year}",
            "三、{year}年区政府主要负责人履行推进法治政府建设第一责任人职责情况",
        ),
        "annual.not_yet": (" [not done yet: please complete]", "【尚未完成，请补充】。"),
        "annual.no_duties": (
            "[No duty tasks in the ledger: please complete.]",
            "【台账中无第一责任人职责任务，请补充】",
        ),
        "annual.part4": ("IV. Main arrangements for {year}", "四、{year}年推进法治政府建设的主要安排"),
        "annual.p4_carry_heading": ("Finishing what is unfinished", "持续推进未完成任务"),
        "annual.p4_carry_lead": (
            "The {n} tasks unfinished at the year's end are carried over to {year}:",
            "对年内未完成的{n}项任务，结转至{year}年继续推进，逐项明确完成时限：",
        ),
        "annual.p4_carry_theme": ("{theme}: {items}.", "{theme}方面：{items}。"),
        "annual.p4_due_heading": ("Reporting as the law requires", "依法报告年度法治政府建设情况"),
        "annual.p4_due_item": ("By {date}: {who} — {title}.", "{date}前，{who}{title}。"),
        "annual.p4_due_many": ("{n} departments", "{n}个部门分别"),
        "annual.p4_new_heading": ("New arrangements", "新一年度重点工作"),
        "annual.issuer": ("{region} People's Government", "{region}人民政府"),
        "annual.fill_in_date": ("[date: please complete]", "【请补充成文日期】"),
        "annual.part4_placeholder": (
            "[Please complete: the new year's arrangements.]",
            "【请补充：新一年度法治政府建设重点工作安排】",
        ),
    }
)

_add(
    {
        # --- the HTML 台账 page (export/html_export.py) ------------------------------------
        "html.title": (
            "{region}: {year} rule-of-law government task ledger",
            "{year}年度法治政府建设任务台账",
        ),
        "html.page_title": (
            "{region} {year} rule-of-law government task ledger (as of {date})",
            "{region}{year}年度法治政府建设任务台账（截至{date}）",
        ),
        "html.source": ("Tasks from: {title}", "任务依据：《{title}》"),
        "html.footer": (
            "Figures as of {date}. Red: past the deadline and not done; yellow: due within {days} days.",
            "数据截至{date}。红灯：已过完成时限仍未完成；黄灯：{days}日内到期。",
        ),
    }
)


# === messages of city scale (issue 15) ===
_add(
    {
        "status.rest_departments": ("{n} more departments", "其余{n}个单位"),
        "status.all_hint": (
            "The {shown} departments most behind of {total}; lawgov status --all lists every one.",
            "列出最落后的{shown}个单位（共{total}个）；lawgov status --all 列出全部。",
        ),
    }
)


# === messages of issue-16-cli ===
_add(
    {
        "err.bad_choice": (
            "{option}: unknown value {value!r} (expected {expected})",
            "{option}：无效的取值 {value!r}（应为 {expected}）",
        ),
        "bul.rank_tied": ("={n}", "并列{n}"),
    }
)
