"""``lawgov extract --format md``: a report's structure as a Markdown outline people can read."""

from __future__ import annotations

from lawgov_cli.i18n import Lang, t
from lawgov_cli.report.model import Indicator, Item, Report


def _number(value: int | float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _metric_lines(metrics: list[Indicator], lang: Lang) -> list[str]:
    lines = []
    for m in metrics:
        approx = f" ({t('label.approx', lang)})" if m.approx else ""
        lines.append(f"  - {m.name}: **{_number(m.value)}** {m.unit}{approx} — 「{m.text}」")
    return lines


def _items(items: list[Item], lang: Lang, *, titled: bool) -> list[str]:
    lines = []
    for item in items:
        head = f"{item.key} {item.title}".strip() if titled and item.title else item.key
        body = item.text if not titled or not item.title else ""
        if head and body:
            lines.append(f"- **{head}** {body}")
        elif head:
            lines.append(f"- **{head}**")
        else:
            lines.append(f"- {body}")
        lines.extend(_metric_lines(item.metrics, lang))
    return lines


def report_outline(report: Report, lang: Lang) -> str:
    """The outline: title, region and years, then the four parts with their indicators."""
    lines = [f"# {report.title or '—'}", ""]
    lines.append(f"- region / 地区: {report.region or '—'}")
    lines.append(f"- year / 年度: {report.year} → plan year / 计划年度: {report.plan_year}")
    lines.append(
        "- "
        + t(
            "msg.extract_summary",
            lang,
            measures=len(report.measures),
            shortcomings=len(report.shortcomings),
            duties=len(report.duties),
            plans=len(report.plans),
            metrics=len(report.indicators()),
        )
    )
    for part, items, titled in (
        ("part.measures", report.measures, True),
        ("part.shortcomings", report.shortcomings, False),
        ("part.duties", report.duties, False),
        ("part.plans", report.plans, True),
    ):
        lines += ["", f"## {t(part, lang)}", ""]
        lines += _items(items, lang, titled=titled) or ["- —"]
    if report.warnings:
        lines += ["", f"## {t('label.warnings', lang)}", ""]
        lines += [f"- {t(key, lang, **params)}" for key, params in report.warnings]
    return "\n".join(lines)
