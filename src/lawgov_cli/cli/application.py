"""The typer application, its global options, and the wrapper that maps errors to exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from lawgov_cli.cli.choices import LangChoice
from lawgov_cli.cli.commands import COMMANDS
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
    """Lists commands in the order of ``COMMANDS`` (a workflow), not in the order modules loaded;
    takes the global options given after the command's name too."""

    def list_commands(self, ctx: Any) -> list[str]:
        order = {name: number for number, name in enumerate(COMMANDS)}
        return sorted(super().list_commands(ctx), key=lambda name: order.get(name, len(order)))

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        if parent is None and ("--help" in args or "-h" in args):  # help in the user's language
            from lawgov_cli.cli.help_i18n import translate

            translate(self, args)
        return super().make_context(info_name, args, parent, **extra)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[Any, Any, list[str]]:
        name, cmd, rest = super().resolve_command(ctx, args)
        if cmd is not None:
            rest = take_global_options(ctx, self.params, cmd.params, rest)
        return name, cmd, rest


class _Command(TyperCommand):
    """A command whose parse errors know it: click's parser raises "Option '--dept' requires an
    argument" with no context, which ``main`` would say as the group's, in the locale's language
    and pointing to ``lawgov --help``; given the command's context it is said like every other
    usage error of the command (its workspace's language, ``lawgov status --help``)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from typer._click.exceptions import UsageError

        try:
            return list(super().parse_args(ctx, args))
        except UsageError as error:
            if error.ctx is None:
                error.ctx, error.cmd = ctx, self
            raise


def take_global_options(ctx: Any, global_params: list[Any], own_params: list[Any], args: list[str]) -> list[str]:
    """``lawgov status --as-of 2024-07-01`` works like ``lawgov --as-of 2024-07-01 status``, which
    is how people type them: a global option with a value (``--dir``, ``--as-of``, ``--lang``)
    among the command's ``args`` is taken out and set on the group's context ``ctx`` before its
    callback runs (a value given there wins over one given before the command, as a later option
    does).  Never an option the command defines itself under the same name, never the value of one
    of the command's own options, never anything after ``--``."""

    def names(param: Any) -> list[str]:
        return [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]

    def takes_value(param: Any) -> bool:
        return getattr(param, "param_type_name", "") == "option" and not (
            getattr(param, "is_flag", False) or getattr(param, "count", False)
        )

    own = {name for param in own_params for name in names(param)}
    own_with_value = {name for param in own_params if takes_value(param) for name in names(param)}
    hoisted = {
        name: param
        for param in global_params
        if takes_value(param)
        for name in names(param)
        if name not in own
    }
    kept: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            kept.extend(args[index:])
            break
        option, equals, value = arg.partition("=")
        if option in hoisted and not equals and index + 1 == len(args):
            from typer._click.exceptions import BadOptionUsage

            # The last word, with no value: as click says it before the command's name.
            raise BadOptionUsage(option, f"Option {option!r} requires an argument.", ctx=ctx)
        if option in hoisted and (equals or index + 1 < len(args)):
            if not equals:
                index += 1
                value = args[index]
            param = hoisted[option]
            ctx.params[param.name] = param.process_value(ctx, value)
            index += 1
            continue
        kept.append(arg)
        if arg in own_with_value and index + 1 < len(args):
            kept.append(args[index + 1])  # the option's own value, even if it looks like --dir
            index += 1
        index += 1
    return kept


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
        LangChoice | None,
        typer.Option(
            "--lang",
            case_sensitive=False,
            # $LAWGOV_LANG is read by State.language, which also takes zh_CN, en_GB…
            help="Output language (default: $LAWGOV_LANG, the workspace's, then the locale's).",
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
            lang = error_language(ctx, on_workspace)
            from lawgov_cli.fileio import strip_controls

            sys.stderr.write(f"lawgov: {strip_controls(error.render(lang))}\n")
            raise typer.Exit(EXIT_USAGE) from None

    return wrapper  # type: ignore[return-value]


def error_language(ctx: Any, on_workspace: bool = True) -> Lang:
    """The language of an error about ``ctx``'s command: --lang, $LAWGOV_LANG, then (for a
    command that works on a workspace) the workspace's, then the locale's; an error about a
    global option (``ctx`` the group's) is said in the locale's."""
    if ctx is not None and ctx.parent is None and not isinstance(ctx.obj, State):
        return locale_language()
    if ctx is not None:
        return state_of(ctx).error_language(on_workspace)
    return locale_language()


def command(*names: str, **kwargs: Any) -> Callable[[F], F]:
    """``@command("name")``: register on ``app`` with error handling."""

    cls = kwargs.pop("cls", _Command)

    def register(func: F) -> F:
        wrapped = handles_errors(func, on_workspace=not set(names) & {"init", "extract"})
        app.command(*names, cls=cls, **kwargs)(wrapped)
        return wrapped

    return register
