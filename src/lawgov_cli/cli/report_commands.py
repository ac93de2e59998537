"""``lawgov extract`` and ``lawgov init``: from a report to its structure and to a workspace."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from lawgov_cli.cli.application import command, state_of
from lawgov_cli.cli.choices import OutlineFormat
from lawgov_cli.cli.output import echo, echo_err, print_json
from lawgov_cli.cli.state import check_lang
from lawgov_cli.i18n import Lang, t


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
    from lawgov_cli.usecases.init import read_report

    parsed, _ = read_report(report, region or "")
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
    from lawgov_cli.usecases.init import init_workspace

    state = state_of(ctx)
    lang = state.language()
    # Task titles, sections and due rules are domain text: Chinese for a Chinese report unless
    # --lang/$LAWGOV_LANG asks otherwise; messages on the terminal follow the reader's language.
    content_lang: Lang = check_lang(state.lang or os.environ.get("LAWGOV_LANG") or "zh")
    created = init_workspace(
        directory,
        report=from_report,
        plan_year=plan_year,
        region=region or "",
        departments_file=departments_file,
        carry_over=carry_over,
        force=force,
        content_lang=content_lang,
    )
    echo(
        t(
            "msg.init_done",
            lang,
            tasks=created.tasks,
            departments=created.departments,
            path=directory,
            review=created.review,
        )
    )
    if created.carried is not None:
        key = "msg.carried" if created.carried else "msg.carried_none"
        echo(t(key, lang, count=created.carried, path=carry_over, year=created.carried_year))
    for key, params in created.warnings:
        echo_err(f"lawgov: {t('label.warnings', lang)}: {t(key, lang, **params)}")
