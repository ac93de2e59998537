"""``lawgov show``: one task, everything about it, as plain text (it reads well on any terminal)."""

from __future__ import annotations

from lawgov_cli.i18n import Lang, t, t_plural
from lawgov_cli.model import HistoryEntry, Metric, Task, Workspace
from lawgov_cli.periods import task_periods
from lawgov_cli.progress import TaskState
from lawgov_cli.render.plain import printable
from lawgov_cli.render.text import change_text


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def target_verdict(metric: Metric, lang: Lang) -> str:
    """ "达到目标" / "未达目标95" when a metric has both a target and an actual; else ""."""
    from lawgov_cli.workflow import target_reached

    reached = target_reached(metric)
    if reached is None:
        return ""
    return t("msg.target_met", lang) if reached else t("msg.target_missed", lang, target=_num(metric.target))


def render_task(
    workspace: Workspace, task: Task, state: TaskState, history: list[HistoryEntry], lang: Lang
) -> str:
    def name(dept_id: str) -> str:
        dept = workspace.departments.get(dept_id)
        return dept.name if dept else dept_id

    light = {"red": t("label.overdue", lang), "yellow": t("label.due_soon", lang), "green": ""}[state.light]
    days = t_plural("msg.days_overdue", state.days_overdue, lang, days=state.days_overdue) if state.overdue else ""
    status = t(f"status.{task.status}", lang) + (f" · {light} {days}".rstrip() if light else "")
    lines = [f"{task.id}  {task.title}", ""]
    fields = [
        ("label.status", status),
        ("label.kind", t(f"kind.{task.kind}", lang)),
        ("label.owner", name(task.owner) + (f"  ({t('label.review', lang)})" if task.needs_review else "")),
        ("label.co_owners", "、".join(name(c) for c in task.co_owners) or "—"),
        (
            "label.due",
            f"{task.due.isoformat()}  ({task.due_rule})" if task.due_rule else task.due.isoformat(),
        ),
        ("label.repeat", t(f"repeat.{task.repeat}", lang)),
        ("label.done_on", task.done_on.isoformat() if task.done_on else "—"),
        ("label.section", task.section or "—"),
    ]
    if task.carried_from:
        fields.append(("label.carried_from", task.carried_from))
    for key, marker in (("label.report", task.report), ("label.extension", task.extension)):
        if marker is None:
            continue
        text = f"{marker.since.isoformat()} {marker.by}"
        if marker.to is not None:
            text = f"→ {marker.to.isoformat()}  {marker.reason}  ({text}"
            text += f", {t('msg.late_mark', lang)})" if marker.late else ")"
        fields.append((key, text))
    width = max(len(t(k, lang)) for k, _ in fields) + 1
    for key, value in fields:
        label = t(key, lang)
        lines.append(
            f"{label}{'　' * 0}{' ' * (width - len(label))}  {value}" if lang == "en" else f"{label}：{value}"
        )
    lines += ["", f"{t('label.source', lang)}:", f"  {task.source}"]
    if task.metrics:
        lines += [
            "",
            f"{t('label.metrics', lang)} ({t('label.baseline', lang)} → {t('label.target', lang)} → {t('label.actual', lang)}):",
        ]
        for m in task.metrics:
            approx = "~" if m.approx else ""
            verdict = target_verdict(m, lang)
            lines.append(
                f"  {m.name}: {approx}{_num(m.baseline)} → {_num(m.target)} → {_num(m.actual)} {m.unit}"
                + (f"  [{verdict}]" if verdict else "")
            )
    periods = task_periods(task)
    if periods:
        marks = [
            f"{p.key} {'✓ ' + task.periods[p.key].isoformat() if p.key in task.periods else '·'}"
            for p in periods
        ]
        lines += ["", f"{t('label.periods', lang)}:"] + [f"  {m}" for m in marks]
    for key, values in (("label.notes", task.notes), ("label.evidence", task.evidence)):
        if values:
            lines += ["", f"{t(key, lang)}:"] + [f"  - {v}" for v in values]
    if history:
        lines += ["", f"{t('label.history', lang)}:"]
        for e in history:
            change = change_text(e.old, e.new, lang)
            note = f"  {e.note}" if e.note else ""
            lines.append(
                f"  {e.day.isoformat()}  {e.by}  {t('action.' + e.action, lang)}  {change}{note}"
                + (written if (written := _written(e, lang)) else "")
            )
    return "\n".join(printable(line) for line in lines)


def _written(entry: HistoryEntry, lang: Lang) -> str:
    """`` (录入于 2024-07-02 09:30)`` when an entry was written on another day than it counts from."""
    if entry.at[:10] == entry.day.isoformat():
        return ""
    return f"  ({t('label.written', lang)} {entry.at.replace('T', ' ')[:16]})"
