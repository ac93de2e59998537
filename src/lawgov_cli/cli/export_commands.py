"""``lawgov export``: the progress of ``status`` as CSV, XLSX, Markdown, JSON, HTML or ICS."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lawgov_cli.cli.application import command, state_of
from lawgov_cli.cli.choices import literal
from lawgov_cli.cli.output import echo
from lawgov_cli.cli.state import State
from lawgov_cli.errors import LawgovError
from lawgov_cli.export import FORMATS, canonical_format
from lawgov_cli.i18n import t
from lawgov_cli.model import Workspace

if TYPE_CHECKING:
    ExportFormatName = str
else:
    ExportFormatName = literal(FORMATS)  # the registry's names: --help lists them


def choose_format(fmt: str | None, output: Path | None) -> str:
    """The format to write: ``--format``, else the ``-o`` suffix; they must agree when both are given."""
    from lawgov_cli.export import format_for

    wanted = canonical_format(fmt) if fmt else None
    if wanted is not None and wanted not in FORMATS:
        raise LawgovError("err.bad_format", fmt=fmt, expected=", ".join(FORMATS))
    by_suffix = format_for(output) if output is not None and str(output) != "-" else None
    if wanted is None:
        if by_suffix is None:
            raise LawgovError("err.export_format_needed", expected=", ".join(FORMATS))
        return by_suffix
    if by_suffix is not None and by_suffix != wanted:
        assert output is not None
        raise LawgovError(
            "err.export_format_mismatch", file=str(output), suffix=output.suffix.lstrip("."), fmt=wanted
        )
    return wanted


def _export_forms(state: State, workspace: Workspace, fmt: str | None, output: Path | None, dept: str | None) -> None:
    from lawgov_cli.usecases.outputs import export_forms

    lang = state.language(workspace)
    if fmt is not None and canonical_format(fmt) != "xlsx":
        raise LawgovError("err.form_needs_xlsx")
    if output is None or str(output) == "-":
        raise LawgovError("err.form_needs_output")
    # The form shows, and its snapshot keeps, the files as they are: what an import compares with.
    written = export_forms(state.session().workspace(), dept, output, state.today(workspace))
    echo(t("msg.forms_written", lang, count=len(written), paths=", ".join(str(p) for p in written)))


# Aliases (markdown, excel…) are matched as the format they stand for.
@command("export", context_settings={"token_normalize_func": canonical_format})
def export(
    ctx: typer.Context,
    format: Annotated[
        ExportFormatName | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="The format (default: from the -o file name).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write (atomically). Without it text formats go to stdout; xlsx needs -o.",
        ),
    ] = None,
    dept: Annotated[
        str | None, typer.Option("--dept", help="Only this department (id, name or alias).")
    ] = None,
    form: Annotated[
        bool,
        typer.Option(
            "--form",
            help="The fill-in form (填报表) for departments, to fill in and bring back with `lawgov import`: "
            "one file with --dept, else one per department into the folder -o.",
        ),
    ] = False,
) -> None:
    """Export the task checklist and progress (same numbers as `status`) for Excel, a wiki, a browser or a calendar.

    csv: one row per task, UTF-8 with BOM for Excel, formulas neutralised.  xlsx: summary by
    department, task sheet with red/yellow rows, metrics sheet.  md: tables for a wiki or git host.
    json: schema 1, every task field.  html: one self-contained page (no network) with progress
    bars, a chart and the red/yellow lists.  ics: one all-day event per deadline (each period of a
    recurring task).

    \b
    Examples:
      lawgov export --format xlsx -o 台账.xlsx
      lawgov export --format xlsx --form -o 填报表/
    """
    from lawgov_cli.export import BINARY_FORMATS, render_chunks
    from lawgov_cli.progress import evaluate

    state = state_of(ctx)
    workspace = state.load()  # first, so that every error below is in the workspace's language
    lang = state.language(workspace)
    if form:
        _export_forms(state, workspace, format, output, dept)
        return
    fmt = choose_format(format, output)
    to_stdout = output is None or str(output) == "-"
    if to_stdout and fmt in BINARY_FORMATS:
        raise LawgovError("err.binary_stdout", fmt=fmt)
    dept_id = workspace.department(dept).id if dept else None
    progress = evaluate(workspace, state.today(workspace), dept=dept_id)
    chunks = render_chunks(fmt, workspace, progress, lang)
    if to_stdout:
        sys.stdout.flush()
        for data in chunks:
            sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    assert output is not None
    from lawgov_cli.usecases.outputs import write_output

    write_output(workspace.root, output, chunks, lang)
    echo(t("msg.export_written", lang, tasks=progress.totals.tasks, path=output, fmt=fmt))
