"""``lawgov extract`` and ``lawgov init``: from a report to its structure and to a workspace."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from lawgov_cli.cli.app import command, state_of
from lawgov_cli.cli.output import echo, echo_err, print_json
from lawgov_cli.cli.state import check_lang
from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import Lang, t

BUNDLED_REPORT = "nankai_2023_rule_of_law_report.txt"


def _read(report: Path):  # type: ignore[no-untyped-def]
    from lawgov_cli.report import parse_report
    from lawgov_cli.report.text import read_report_file

    text = read_report_file(report)
    return parse_report(text, source=str(report)), text


@command("extract")
def extract(
    ctx: typer.Context,
    report: Annotated[Path, typer.Argument(help="Report file: UTF-8 (with or without BOM) or GB18030 text.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="md (outline for people) or json (schema 1).")
    ] = "md",
) -> None:
    """Read a report and print its parts, items and numeric indicators.

    Example: lawgov extract seeds/nankai_2023_rule_of_law_report.txt --format json
    """
    if format not in ("md", "json"):
        raise LawgovError("err.bad_format", fmt=format, expected="md, json")
    parsed, _ = _read(report)
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
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing workspace in DIRECTORY.")
    ] = False,
) -> None:
    """Turn a report into a workspace of TOML checklists, one file per department.

    Writes lawgov.toml, departments.toml and tasks/<dept-id>.toml.  Refuses to touch an existing
    workspace without --force.

    Example: lawgov init checklists --from seeds/nankai_2023_rule_of_law_report.txt
    """
    from importlib import resources

    from lawgov_cli.model import Settings
    from lawgov_cli.plan import plan_tasks
    from lawgov_cli.report import parse_report
    from lawgov_cli.store.create import render_workspace, sha256_text, write_workspace
    from lawgov_cli.store.load import departments_from_toml, parse_toml

    state = state_of(ctx)
    lang = state.language()
    # Task titles, sections and due rules are domain text: Chinese for a Chinese report unless
    # --lang/$LAWGOV_LANG asks otherwise; messages on the terminal follow the reader's language.
    content_lang: Lang = check_lang(state.lang or os.environ.get("LAWGOV_LANG") or "zh")
    if plan_year is not None and not 2000 <= plan_year <= 2100:
        raise LawgovError("err.bad_year", option="--plan-year", value=plan_year)
    if from_report is None:
        text = resources.files("lawgov_cli.data").joinpath(BUNDLED_REPORT).read_text(encoding="utf-8")
        parsed = parse_report(text, source=BUNDLED_REPORT)
        source_path = f"lawgov:{BUNDLED_REPORT}"
    else:
        parsed, text = _read(from_report)
        source_path = str(from_report)
    registry_text = (
        resources.files("lawgov_cli.data").joinpath("departments.toml").read_text(encoding="utf-8")
    )
    registry_path = Path("departments.toml")
    departments = departments_from_toml(parse_toml(registry_text, registry_path), registry_path)
    year = plan_year or parsed.plan_year
    tasks = plan_tasks(parsed, departments.values(), plan_year=year, lang=content_lang)
    settings = Settings(
        region=parsed.region,
        plan_year=year,
        title=parsed.title,
        source_path=source_path,
        source_sha256=sha256_text(text),
        lang=content_lang,
    )
    files = render_workspace(
        settings, list(departments.values()), tasks, t("file.registry_header", content_lang), content_lang
    )
    write_workspace(directory, files, force=force)
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
    for key, params in parsed.warnings:
        echo_err(f"lawgov: {t('label.warnings', lang)}: {t(key, lang, **params)}")
