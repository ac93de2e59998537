"""``--help`` in the user's language.

The English help is what the typer decorators say.  Before click renders help, :func:`translate`
chooses the language the way commands do, but cheaply and without failing: ``--lang`` in argv,
then ``$LAWGOV_LANG``, then ``lang`` in the workspace's ``lawgov.toml`` (``--dir``/``-d`` in argv,
``$LAWGOV_DIR``, else the nearest ``lawgov.toml`` upward: the folder you are in), then the locale.
A ``./checklists`` beside you, which commands fall back to, does not choose the help's language:
next to a workspace is not in it (a clone of lawgov's repository has one).
For Chinese it replaces each command's help and short help and each parameter's help with the
entries of ``locales/help.zh.toml`` (``help.status``, ``help.status.dept``; ``help.*.on`` for an
option every writing command shares; read by :mod:`lawgov_cli.locales.help`, as cli/ reads no
files), and renders click's headings and phrases in Chinese, wrapped by display width.

Nothing here runs unless ``-h``/``--help`` is in argv, so other commands do not pay for it.
``tests/test_help_i18n.py`` walks the command tree: a command or option without a Chinese entry
fails it.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typer import _click as click  # typer's own copy of click (what its commands are built on)

HELP_FLAGS = ("-h", "--help")
_HEADINGS = {"Usage: ": "用法：", "Options": "选项", "Commands": "命令", "Arguments": "参数"}
_PHRASES = (
    ("Show this message and exit.", "显示本帮助并退出。"),
    ("[default: ", "[默认："),
    ("[required]", "[必填]"),
    ("[env var: ", "[环境变量："),
)
_MARKERS = (
    ("[OPTIONS]", "[选项]"),
    ("COMMAND [ARGS]...", "命令 [参数]..."),
    ("<int range>", "<整数>"),
    ("<int>", "<整数>"),
    ("<str>", "<文字>"),
    ("<path>", "<路径>"),
)
"""click's usage and value markers, in Chinese (the values of a choice, ``<text|json>``, stay)."""
_NO_LINE_START = frozenset("，。；：、）》」』！？")


def asks_for_help(args: list[str]) -> bool:
    return any(arg in HELP_FLAGS for arg in _before_dashes(args))


def translate(group: Any, args: list[str]) -> None:
    """Put the Chinese help on ``group``'s command tree when ``args`` ask for help in Chinese."""
    if asks_for_help(args) and help_language(args) == "zh":
        apply(group, entries())


def help_language(args: list[str]) -> str:
    """``zh`` or ``en`` for the help of ``args`` (never raises: help must always show)."""
    from lawgov_cli.cli.state import locale_language
    from lawgov_cli.errors import LawgovError
    from lawgov_cli.session import check_lang

    for value in (_option(args, "--lang"), os.environ.get("LAWGOV_LANG")):
        if value:
            try:
                return check_lang(value)
            except LawgovError:  # a bad --lang value: the command reports it, help stays English
                return "en"
    lang = _workspace_lang(_option(args, "--dir", "-d") or os.environ.get("LAWGOV_DIR"))
    if lang in ("zh", "en"):
        return lang
    return locale_language()


def entries() -> dict[str, str]:
    """``help.zh.toml``: help id -> Chinese text."""
    from lawgov_cli.locales.help import chinese_help

    return chinese_help()


def help_id(path: str, param: str | None = None) -> str:
    """``help.status`` / ``help.status.dept``; the application itself is ``help.lawgov``."""
    return f"help.{path or 'lawgov'}" + (f".{param}" if param else "")


def walk(command: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, command) of ``command`` and every sub-command, depth first."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, f"{path}.{name}" if path else name)


def text_for(table: dict[str, str], path: str, param: str | None = None) -> str | None:
    """The entry of a command or parameter; a parameter shared by many commands (``--on``,
    ``--by``…) falls back to ``help.*.<name>``."""
    found = table.get(help_id(path, param))
    if found is None and param is not None:
        found = table.get(f"help.*.{param}")
    return found


def apply(group: Any, table: dict[str, str]) -> None:
    for path, command in walk(group):
        text = text_for(table, path)
        if text is not None:
            command.help = text
            command.short_help = _short(text)
        for param in command.params:
            text = text_for(table, path, param.name)
            if text is not None and hasattr(param, "help"):
                param.help = text
        command.context_class = _ChineseContext


def _short(text: str) -> str:
    """The command list's line: the first sentence up to its first colon or semicolon."""
    first = text.split("\n", 1)[0]
    for mark in "：；。":
        first = first.split(mark, 1)[0]
    return first.rstrip("。")


def _before_dashes(args: list[str]) -> list[str]:
    return args[: args.index("--")] if "--" in args else args


def _option(args: list[str], *names: str) -> str | None:
    """The value of the last of ``names`` in ``args`` (``--lang zh`` or ``--lang=zh``)."""
    value = None
    words = _before_dashes(args)
    for index, arg in enumerate(words):
        name, eq, rest = arg.partition("=")
        if name in names:
            if eq:
                value = rest
            elif index + 1 < len(words):
                value = words[index + 1]
    return value


def _workspace_lang(explicit: str | None) -> str:
    """``lang`` of the workspace named or around the current folder, or "" (none, unreadable)."""
    from lawgov_cli.usecases.workspace import declared_language

    return declared_language(Path(explicit) if explicit else None, inside_only=True)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, a CJK character counting two; breaks at spaces and
    between CJK characters (never inside an ASCII word such as an option or an example)."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch == " " or _width(ch) == 2:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    lines: list[str] = []
    line = ""
    for token in tokens:
        if line and _width(line) + _width(token) > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = "" if token == " " else token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _ChineseFormatter(click.HelpFormatter):
    """click's formatter with Chinese headings, wrapping by display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _markers(args), _HEADINGS["Usage: "] if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        width = max(self.width - self.current_indent, 20)
        indent = " " * self.current_indent
        for number, paragraph in enumerate(text.split("\n\n")):
            if number:
                self.write("\n")
            raw = paragraph.startswith("\b")
            for source_line in paragraph.removeprefix("\b").strip("\n").split("\n"):
                for line in [source_line] if raw else wrap(source_line, width):
                    self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(_markers(term), _phrases(text)) for term, text in rows]
        first = min(max((_width(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, text in rows:
            if not text:
                self.write(f"{indent}{term}\n")
                continue
            lines = wrap(text, max(self.width - self.current_indent - first, 20))
            if _width(term) <= first - col_spacing:
                self.write(f"{indent}{term}{' ' * (first - _width(term))}{lines[0]}\n")
                lines = lines[1:]
            else:
                self.write(f"{indent}{term}\n")
            for line in lines:
                self.write(f"{indent}{' ' * first}{line}\n")


def _markers(text: str) -> str:
    for english, chinese in _MARKERS:
        text = chinese.join(text.split(english))
    return text


def _phrases(text: str) -> str:
    for english, chinese in _PHRASES:
        text = chinese.join(text.split(english))
    return text


class _ChineseContext(click.Context):
    formatter_class = _ChineseFormatter
