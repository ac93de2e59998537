"""Creating a workspace from a report: the use case behind ``lawgov init``.

Reads the report (or the bundled 南开区 one), picks the department registry (``--departments``,
last year's, the bundled 南开区 one, or the generic catalogue for the report's region), plans the
tasks, carries last year's unfinished ones over, and writes every file at once
(:func:`lawgov_cli.store.create.write_workspace`: all files or none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import WorkCalendar
from lawgov_cli.report.model import Report

__all__ = ["BUNDLED_REPORT", "Created", "init_workspace", "read_report"]

BUNDLED_REPORT = "nankai_2023_rule_of_law_report.txt"


@dataclass(slots=True)
class Created:
    """What ``init`` wrote, for the command to say."""

    tasks: int
    departments: int
    review: int
    """Tasks flagged for review (待确认)."""
    carried: int | None = None
    """Tasks carried over from last year's workspace (None: no ``--carry-over``)."""
    carried_year: int = 0
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Message ids and parameters of what the user should check."""


def read_report(report: Path, region: str = "") -> tuple[Report, str]:
    """The report at ``report`` (UTF-8, UTF-8 with BOM or GB18030) parsed, and its text."""
    from lawgov_cli.report import parse_report
    from lawgov_cli.report.text import read_report_file

    text = read_report_file(report)
    return parse_report(text, source=str(report), region=region), text


def init_workspace(
    directory: Path,
    *,
    report: Path | None,
    plan_year: int | None,
    region: str,
    departments_file: Path | None,
    carry_over: Path | None,
    force: bool,
    content_lang: Lang,
) -> Created:
    """Write a new workspace into ``directory`` (see the module docstring); ``content_lang`` is the
    language of task titles, sections and due rules written into the files."""
    from datetime import datetime
    from importlib import resources

    from lawgov_cli.model import DuePolicy, HistoryEntry, Settings, Task
    from lawgov_cli.plan import plan_tasks
    from lawgov_cli.registry import NANKAI_REGISTRY, check_registry_text, generic_departments, is_nankai
    from lawgov_cli.report import parse_report
    from lawgov_cli.store.create import render_workspace, sha256_text, write_workspace
    from lawgov_cli.store.load import REGISTRY_FILE, read_toml_text

    if plan_year is not None and not 2000 <= plan_year <= 2100:
        raise LawgovError("err.bad_year", option="--plan-year", value=plan_year)
    region = region.strip()
    if report is None:
        text = resources.files("lawgov_cli.data").joinpath(BUNDLED_REPORT).read_text(encoding="utf-8")
        parsed = parse_report(text, source=BUNDLED_REPORT, region=region)
        source_path = f"lawgov:{BUNDLED_REPORT}"
    else:
        parsed, text = read_report(report, region)
        source_path = str(report)
    if not parsed.region:
        raise LawgovError("err.no_region", path=report or BUNDLED_REPORT)

    old = None
    if carry_over is not None:
        from lawgov_cli.store.load import load_workspace

        if carry_over.resolve() == directory.resolve():
            raise LawgovError("err.carry_over_into_itself", folder=str(carry_over))
        old = load_workspace(carry_over, save_cache=False)

    warnings: list[tuple[str, dict[str, Any]]] = []
    registry_bytes: bytes | None = None
    if departments_file is not None:
        registry_text = read_toml_text(departments_file)
        departments = check_registry_text(registry_text, departments_file)
        registry_bytes = registry_text.encode("utf-8")
    elif old is not None:
        assert carry_over is not None
        registry_path = carry_over / REGISTRY_FILE
        registry_text = read_toml_text(registry_path)
        departments = check_registry_text(registry_text, registry_path)
        registry_bytes = registry_text.encode("utf-8")
    elif is_nankai(parsed.region):
        departments = check_registry_text(
            resources.files("lawgov_cli.data").joinpath(NANKAI_REGISTRY).read_text(encoding="utf-8"),
            Path(NANKAI_REGISTRY),
        )
    else:
        generic, known_level = generic_departments(parsed.region)
        departments = {dept.id: dept for dept in generic}
        if not known_level:
            warnings.append(("warn.generic_level", {"region": parsed.region}))

    year = plan_year or parsed.plan_year
    if old is not None and year <= old.settings.plan_year:
        raise LawgovError(
            "err.carry_over_year", year=year, old=old.settings.plan_year, folder=str(carry_over)
        )
    policy = old.settings.due_policy if old is not None else DuePolicy()
    tasks: list[Task] = plan_tasks(parsed, departments.values(), policy, plan_year=year, lang=content_lang)
    history: list[HistoryEntry] = []
    if old is not None:
        from lawgov_cli.carry import carried_tasks
        from lawgov_cli.session import who, zone_of
        from lawgov_cli.store.edit import read_history

        zone = zone_of(old.settings.timezone, old.root / "lawgov.toml")
        old_history = [entry for path in old.files.values() for entry in read_history(path)]
        carried, history = carried_tasks(
            old,
            old_history,
            departments,
            policy,
            year,
            at=datetime.now(zone).isoformat(timespec="seconds"),
            by=who(None),
            lang=content_lang,
        )
        tasks += carried
    settings = Settings(
        region=parsed.region,
        plan_year=year,
        title=parsed.title,
        source_path=source_path,
        source_sha256=sha256_text(text),
        lang=content_lang,
    )
    if old is not None:
        settings.timezone = old.settings.timezone
        settings.due_soon_days = old.settings.due_soon_days
        settings.due_policy = old.settings.due_policy
    settings.calendar, day_names = _calendar(year, content_lang, old.settings.calendar if old is not None else None)
    if year not in {day.year for day in settings.calendar.holidays | settings.calendar.workdays}:
        warnings.append(("warn.calendar_unknown", {"year": year}))
    files = render_workspace(
        settings,
        list(departments.values()),
        tasks,
        t("file.registry_header", content_lang),
        content_lang,
        registry=registry_bytes,
        history=history,
        day_names=day_names,
    )
    write_workspace(directory, files, force=force, keep_registry=registry_bytes is not None)
    warnings += parsed.warnings
    return Created(
        tasks=len(tasks),
        departments=len(files.files) - 3,
        review=sum(1 for task in tasks if task.needs_review),
        carried=sum(1 for task in tasks if task.carried_from) if old is not None else None,
        carried_year=old.settings.plan_year if old is not None else 0,
        warnings=warnings,
    )


def _calendar(year: int, lang: Lang, old: WorkCalendar | None) -> tuple[WorkCalendar, dict[date, str]]:
    """``[calendar]`` of a new workspace: the official arrangement of the plan year and the next
    (see :mod:`lawgov_cli.holidays`), and for a year the package does not know, the days last
    year's workspace lists for it (the office wrote them in by hand)."""
    from lawgov_cli.holidays import official_arrangement

    official = official_arrangement((year, year + 1), lang)
    holidays, workdays = set(official.calendar.holidays), set(official.calendar.workdays)
    if old is not None:
        for unknown in official.unknown:
            holidays |= {day for day in old.holidays if day.year == unknown}
            workdays |= {day for day in old.workdays if day.year == unknown}
    return WorkCalendar(holidays=frozenset(holidays), workdays=frozenset(workdays), kept=True), official.names
