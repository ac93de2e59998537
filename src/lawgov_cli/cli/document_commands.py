"""``lawgov bulletin`` (月通报) and ``lawgov report`` (next year's report draft)."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lawgov_cli.cli.application import command, state_of
from lawgov_cli.cli.choices import DocumentFormat
from lawgov_cli.cli.output import echo, echo_err
from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import Lang, t
from lawgov_cli.session import parse_date

if TYPE_CHECKING:
    from lawgov_cli.documents.blocks import Block


_DOCUMENT_SUFFIXES = {".docx": "docx", ".md": "md", ".markdown": "md", ".txt": "text"}


def document_format(format: str | None, output: Path | None, allowed: tuple[str, ...] = ("md", "text", "docx")) -> str:
    """The format of a document: ``--format``, else the ``-o`` suffix (``通报.docx`` -> Word), else
    Markdown; a suffix that contradicts ``--format`` (Markdown into ``.docx``) is an error."""
    wanted = format.lower() if format else None
    by_suffix = _DOCUMENT_SUFFIXES.get(output.suffix.lower()) if output is not None and str(output) != "-" else None
    if by_suffix is not None and by_suffix not in allowed:
        raise LawgovError("err.bad_format", fmt=by_suffix, expected=", ".join(allowed))
    if wanted is not None and by_suffix is not None and wanted != by_suffix:
        assert output is not None
        raise LawgovError("err.export_format_mismatch", file=str(output), suffix=output.suffix.lstrip("."), fmt=wanted)
    chosen = wanted or by_suffix or "md"
    if chosen == "docx" and output is None:
        raise LawgovError("err.docx_needs_output")
    return chosen


def _emit(text: str, output: Path | None, lang: Lang, root: Path | None = None) -> None:
    """Write ``text`` to ``output`` (atomically; never one of the workspace ``root``'s own files) or
    stdout (also used by ``notice``)."""
    from lawgov_cli.fileio import strip_controls

    text = strip_controls(text)  # report text leaves the workspace without terminal controls
    if output is None:
        sys.stdout.write(text)
        return
    _write(text.encode("utf-8"), output, lang, root)


def _write(data: bytes, output: Path, lang: Lang, root: Path | None = None) -> None:
    from lawgov_cli.usecases.outputs import write_output

    write_output(root, output, data, lang)
    echo(t("msg.wrote", lang, path=output))


def _emit_blocks(
    blocks: list[Block], format: str, output: Path | None, lang: Lang, *, title: str, root: Path | None = None
) -> None:
    """Render ``blocks`` as Markdown, text or Word and write them to ``output`` (or stdout)."""
    from lawgov_cli.documents.blocks import to_markdown, to_text

    if format == "docx":
        from lawgov_cli.documents.docx_writer import to_docx

        assert output is not None
        _write(to_docx(blocks, title=title), output, lang, root)
        return
    _emit(to_markdown(blocks) if format == "md" else to_text(blocks), output, lang, root)


@command("bulletin")
def bulletin(
    ctx: typer.Context,
    month: Annotated[
        str | None, typer.Option("--month", metavar="YYYY-MM", help="YYYY-MM (default: the last complete month).")
    ] = None,
    format: Annotated[
        DocumentFormat | None,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="md, text or docx (Word, needs -o); default: by the -o suffix, else md."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    issued: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="成文日期 YYYY-MM-DD (default: the first working day after the month)."),
    ] = None,
) -> None:
    """The monthly bulletin (月通报) as of the month's end: document head with 第N期, 总体情况,
    each department's 序时进度, overdue items (红灯) saying what is missing, items due within
    due_soon_days (黄灯), departments doing well, 工作要求 with dates, and an 附件 of open items.

    Example: lawgov bulletin --month 2024-07 --format docx -o 2024年7月通报.docx
    """
    from lawgov_cli.documents.bulletin import Month, build_bulletin, uncounted_years

    chosen_format = document_format(format, output)
    issued_on = parse_date(issued, "--date") if issued else None
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
    blocks = build_bulletin(workspace, chosen, lang, issued_on)
    _emit_blocks(blocks, chosen_format, output, lang, title=t("bul.series", lang), root=workspace.root)
    for year in uncounted_years(workspace.settings.calendar, chosen):
        echo_err(f"lawgov: {t('label.warnings', lang)}: {t('warn.calendar_missing', lang, year=year)}")


@command("report")
def report(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help="The year reported on (default: the plan year).")
    ] = None,
    format: Annotated[
        DocumentFormat | None,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="md, text or docx (Word, needs -o); default: by the -o suffix, else md."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Draft the year's 法治政府建设情况报告 from what was actually done: part 一 by section from
    the notes, evidence and indicators recorded, 二 by theme, 三 from the duty tasks, 四 carried over.

    Facts are counted as of the year's last day when it has passed, unless --as-of says otherwise.

    Example: lawgov report --as-of 2024-12-31 --format docx -o 2024年度法治政府建设情况报告（草稿）.docx
    """
    from lawgov_cli.documents.annual import build_report

    chosen_format = document_format(format, output)

    state = state_of(ctx)
    workspace = state.load()
    lang = state.language(workspace)
    if year is not None and not 2000 <= year <= 2100:
        raise LawgovError("err.bad_year", option="--year", value=year)
    import os

    today = state.today(workspace)
    if not (state.as_of or os.environ.get("LAWGOV_TODAY")):
        # Drafted after the year ended (the usual case, in Q1): the report is about the year,
        # so count overdue days up to its last day, not up to today.
        today = min(today, date(year or workspace.settings.plan_year, 12, 31))
    blocks = build_report(workspace, today, lang, year)
    _emit_blocks(blocks, chosen_format, output, lang, title=t("annual.docx_title", lang), root=workspace.root)
