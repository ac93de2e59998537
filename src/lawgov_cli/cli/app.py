"""The typer application, its global options, and the wrapper that maps errors to exit codes."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from lawgov_cli.cli.state import State, locale_language
from lawgov_cli.errors import EXIT_USAGE, LawgovError
from lawgov_cli.i18n import Lang

HELP = """Turn a 法治政府建设年度报告 into department task checklists (任务清单/台账) and track them.

Exit codes: 0 ok; 1 `check` found overdue (or due-soon) tasks, or `remind` could not reach a
department; 2 usage error or invalid input
(one line on stderr naming the file, line and problem).

Example: lawgov --dir checklists status
"""

class _InOrder(TyperGroup):
    """Lists commands in the order of ``COMMANDS`` (a workflow), not in the order modules loaded."""

    def list_commands(self, ctx: Any) -> list[str]:
        from lawgov_cli.cli import COMMANDS

        order = {name: number for number, name in enumerate(COMMANDS)}
        return sorted(super().list_commands(ctx), key=lambda name: order.get(name, len(order)))


app = typer.Typer(
    cls=_InOrder,
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def global_options(
    ctx: typer.Context,
    dir: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            "-d",
            envvar="LAWGOV_DIR",
            help="Workspace folder (default: nearest lawgov.toml upward, then ./checklists).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            envvar="LAWGOV_TODAY",
            metavar="YYYY-MM-DD",
            help="The day to show, and that changes count from (default: today).",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            envvar="LAWGOV_LANG",
            help="Output language: zh or en (default: workspace, then locale).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=lambda value: _version(value), help="Print the version."),
    ] = False,
) -> None:
    ctx.obj = State(dir=dir, as_of=as_of, lang=lang)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("lawgov-cli")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            number = "unknown"
        sys.stdout.write(f"lawgov {number}\n")
        raise typer.Exit(0)


F = TypeVar("F", bound=Callable[..., Any])


def state_of(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):  # a command invoked without the callback (tests)
        obj = State()
        ctx.find_root().obj = obj
    return obj


def handles_errors(func: F, *, on_workspace: bool = True) -> F:
    """Catch ``LawgovError`` once: print it as one line in the user's language, exit 2.

    ``on_workspace``: the command works on a workspace, so an error raised before it was read
    (a bad option value) is still said in that workspace's language."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LawgovError as error:
            ctx = kwargs.get("ctx")
            lang = _error_language(ctx, on_workspace)
            from lawgov_cli.fileio import strip_controls

            sys.stderr.write(f"lawgov: {strip_controls(error.render(lang))}\n")
            raise typer.Exit(EXIT_USAGE) from None

    return wrapper  # type: ignore[return-value]


def _error_language(ctx: Any, on_workspace: bool = True) -> Lang:
    if ctx is not None:
        state = state_of(ctx)
        if on_workspace and not state.lang:
            with contextlib.suppress(LawgovError):
                state.session()  # the workspace's language, when there is a workspace to read
        try:
            return state.language()
        except LawgovError:  # the --lang value itself was the problem
            pass
    return locale_language()


def command(*names: str, **kwargs: Any) -> Callable[[F], F]:
    """``@command("name")``: register on ``app`` with error handling."""

    def register(func: F) -> F:
        wrapped = handles_errors(func, on_workspace=not set(names) & {"init", "extract"})
        app.command(*names, **kwargs)(wrapped)
        return wrapped

    return register
