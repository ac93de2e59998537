"""``lawgov bulletin`` (月通报) and ``lawgov report`` (next year's report draft)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from lawgov_cli.cli.app import command, state_of
from lawgov_cli.cli.output import echo
from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import t


def _emit(text: str, output: Path | None, lang: str, root: Path | None = None) -> None:
    """Write a document to ``output`` (never one of the workspace ``root``'s own files) or stdout."""
    from lawgov_cli.fileio import strip_controls

    text = strip_controls(text)  # report text leaves the workspace without terminal controls
    if output is None:
        sys.stdout.write(text)
        return
    from lawgov_cli.store.atomic import write_atomic
    from lawgov_cli.store.outputs import refuse_workspace_output

    if root is not None:
        refuse_workspace_output(root, output)
    write_atomic(output, text.encode("utf-8"))
    echo(t("msg.wrote", lang, path=output))  # type: ignore[arg-type]


@command("bulletin")
def bulletin(
    ctx: typer.Context,
    month: Annotated[
        str | None, typer.Option("--month", help="YYYY-MM (default: the last complete month).")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="md or text.")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """The monthly bulletin (月通报): totals, departments ranked, overdue (红灯), due next month (黄灯),
    finished and metrics recorded this month — as of the month's end.

    Example: lawgov bulletin --month 2024-07 -o 2024年7月通报.md
    """
    from lawgov_cli.documents.blocks import to_markdown, to_text
    from lawgov_cli.documents.bulletin import Month, build_bulletin

    if format not in ("md", "text"):
        raise LawgovError("err.bad_format", fmt=format, expected="md, text")
    state = state_of(ctx)
    workspace = state.load()
    lang = state.language(workspace)
    if month:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise LawgovError("err.bad_month", value=month)
        chosen = Month(int(match.group(1)), int(match.group(2)))
    else:
        chosen = Month.default_for(state.today(workspace))
        year = workspace.settings.plan_year
        if (chosen.year, chosen.month) > (year, 12):
            chosen = Month(year, 12)  # the plan year is over: its last bulletin, not 2026年第11期
    # Each file's history as the cache keeps it (the TOML is parsed only for files that changed).
    history = [entry for shard in workspace.base.shards for entry in shard.history]
    blocks = build_bulletin(workspace, history, chosen, lang)
    _emit(to_markdown(blocks) if format == "md" else to_text(blocks), output, lang, workspace.root)


@command("report")
def report(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help="The year reported on (default: the plan year).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Draft next year's 法治政府建设情况报告 (Markdown) from what was actually done.

    Facts are counted as of the year's last day when it has passed, unless --as-of says otherwise.

    Example: lawgov report --as-of 2024-12-31 -o 2024年度法治政府建设情况报告（草稿）.md
    """
    from lawgov_cli.documents.annual import build_report
    from lawgov_cli.documents.blocks import to_markdown

    state = state_of(ctx)
    workspace = state.load()
    lang = state.language(workspace)
    if year is not None and not 2000 <= year <= 2100:
        raise LawgovError("err.bad_year", option="--year", value=year)
    import os
    from datetime import date

    today = state.today(workspace)
    if not (state.as_of or os.environ.get("LAWGOV_TODAY")):
        # Drafted after the year ended (the usual case, in Q1): the report is about the year,
        # so count overdue days up to its last day, not up to today.
        today = min(today, date(year or workspace.settings.plan_year, 12, 31))
    blocks = build_report(workspace, today, lang, year)
    _emit(to_markdown(blocks), output, lang, workspace.root)
