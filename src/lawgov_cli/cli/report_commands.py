"""``lawgov extract`` and ``lawgov init``: from a report to its structure and to a workspace."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from lawgov_cli.cli.app import command, state_of
from lawgov_cli.cli.choices import OutlineFormat
from lawgov_cli.cli.output import echo, echo_err, print_json
from lawgov_cli.cli.state import check_lang
from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import Lang, t

BUNDLED_REPORT = "nankai_2023_rule_of_law_report.txt"


def _read(report: Path, region: str = ""):  # type: ignore[no-untyped-def]
    from lawgov_cli.report import parse_report
    from lawgov_cli.report.text import read_report_file

    text = read_report_file(report)
    return parse_report(text, source=str(report), region=region), text


@command("extract")
def extract(
    ctx: typer.Context,
    report: Annotated[Path, typer.Argument(help="Report file: UTF-8 (with or without BOM) or GB18030 text.")],
    format: Annotated[
        OutlineFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="md (outline for people) or json (schema 1)."),
    ] = "md",
    region: Annotated[
        str | None, typer.Option("--region", help="Whose report this is, when the text does not say.")
    ] = None,
) -> None:
    """Read a report and print its parts, items and numeric indicators.

    Example: lawgov extract seeds/nankai_2023_rule_of_law_report.txt --format json
    """
    parsed, _ = _read(report, region or "")
    lang = state_of(ctx).language()
    if format == "json":
        print_json(parsed.to_json(lambda key, params: t(key, lang, **params)))
        return
    from lawgov_cli.render.outline import report_outline

    echo(report_outline(parsed, lang))
    for key, params in parsed.warnings:
        echo_err(f"lawgov: {t('label.warnings', lang)}: {t(key, lang, **params)}")


@command("init")
def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder for the new workspace.")] = Path("checklists"),
    from_report: Annotated[
        Path | None, typer.Option("--from", help="Report to read (default: the bundled 南开区 2023 report).")
    ] = None,
    plan_year: Annotated[
        int | None, typer.Option("--plan-year", help="Year the tasks are for (default: report year + 1).")
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", help="Whose report this is (e.g. 某某县), when its title and text do not say."
        ),
    ] = None,
    departments_file: Annotated[
        Path | None,
        typer.Option("--departments", help="Your own department registry (departments.toml) to use."),
    ] = None,
    carry_over: Annotated[
        Path | None,
        typer.Option(
            "--carry-over",
            help="Last year's workspace: carry its unfinished tasks (and its registry) into the new one.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Overwrite an existing workspace in DIRECTORY (refused when it holds recorded progress).",
        ),
    ] = False,
) -> None:
    """Turn a report into a workspace of TOML checklists, one file per department.

    Writes lawgov.toml, departments.toml and tasks/<dept-id>.toml.  The departments are the
    bundled report's (南开区) for a 南开区 report, else the generic catalogue named for the
    report's region (区/县/市/旗), or your own registry with --departments.  Refuses to touch an
    existing workspace without --force.

    Example: lawgov init ws2025 --from 2024年度报告.txt --carry-over checklists
    """
    from datetime import datetime
    from importlib import resources

    from lawgov_cli.model import DuePolicy, HistoryEntry, Settings, Task
    from lawgov_cli.plan import plan_tasks
    from lawgov_cli.registry import NANKAI_REGISTRY, check_registry_text, generic_departments, is_nankai
    from lawgov_cli.report import parse_report
    from lawgov_cli.store.create import render_workspace, sha256_text, write_workspace
    from lawgov_cli.store.load import REGISTRY_FILE, read_toml_text

    state = state_of(ctx)
    lang = state.language()
    # Task titles, sections and due rules are domain text: Chinese for a Chinese report unless
    # --lang/$LAWGOV_LANG asks otherwise; messages on the terminal follow the reader's language.
    content_lang: Lang = check_lang(state.lang or os.environ.get("LAWGOV_LANG") or "zh")
    if plan_year is not None and not 2000 <= plan_year <= 2100:
        raise LawgovError("err.bad_year", option="--plan-year", value=plan_year)
    region = (region or "").strip()
    if from_report is None:
        text = resources.files("lawgov_cli.data").joinpath(BUNDLED_REPORT).read_text(encoding="utf-8")
        parsed = parse_report(text, source=BUNDLED_REPORT, region=region)
        source_path = f"lawgov:{BUNDLED_REPORT}"
    else:
        parsed, text = _read(from_report, region)
        source_path = str(from_report)
    if not parsed.region:
        raise LawgovError("err.no_region", path=from_report or BUNDLED_REPORT)

    old = None
    if carry_over is not None:
        from lawgov_cli.store.load import load_workspace

        if carry_over.resolve() == directory.resolve():
            raise LawgovError("err.carry_over_into_itself", folder=str(carry_over))
        old = load_workspace(carry_over, save_cache=False)

    notes: list[str] = []
    registry_bytes: bytes | None = None
    if departments_file is not None:
        registry_text = read_toml_text(departments_file)
        departments = check_registry_text(registry_text, departments_file)
        registry_bytes = registry_text.encode("utf-8")
    elif old is not None:
        registry_path = carry_over / REGISTRY_FILE  # type: ignore[operator]
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
            notes.append(t("warn.generic_level", lang, region=parsed.region))

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
    files = render_workspace(
        settings,
        list(departments.values()),
        tasks,
        t("file.registry_header", content_lang),
        content_lang,
        registry=registry_bytes,
        history=history,
    )
    write_workspace(directory, files, force=force, keep_registry=registry_bytes is not None)
    review = sum(1 for task in tasks if task.needs_review)
    echo(
        t(
            "msg.init_done",
            lang,
            tasks=len(tasks),
            departments=len(files.files) - 3,
            path=directory,
            review=review,
        )
    )
    if old is not None:
        carried_count = sum(1 for task in tasks if task.carried_from)
        key = "msg.carried" if carried_count else "msg.carried_none"
        echo(t(key, lang, count=carried_count, path=carry_over, year=old.settings.plan_year))
    for note in notes:
        echo_err(f"lawgov: {t('label.warnings', lang)}: {note}")
    for key, params in parsed.warnings:
        echo_err(f"lawgov: {t('label.warnings', lang)}: {t(key, lang, **params)}")
