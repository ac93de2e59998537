"""The fixed value sets of options, as typer choices (``Literal`` types).

typer turns a ``Literal`` parameter into a choice: ``--help`` lists the values (``<text|json>``),
shell completion offers them, and a wrong value is a usage error that :func:`choice_error` turns
into one line in the user's language (``lawgov_cli.cli.main`` prints it, exit 2).  Values are
matched without regard to case.

A set that comes from the core (statuses, kinds, export formats) is built from the core's tuple
at run time; type checkers see ``str``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import KINDS, REPEATS, STATUSES, meant_by

__all__ = [
    "DocumentFormat",
    "FailOn",
    "KindChoice",
    "LangChoice",
    "NoticeFormat",
    "OutlineFormat",
    "RepeatChoice",
    "StatusChoice",
    "TableOrJson",
    "TextOrJson",
    "choice_error",
    "literal",
]

TextOrJson = Literal["text", "json"]
TableOrJson = Literal["table", "json"]
OutlineFormat = Literal["md", "json"]
DocumentFormat = Literal["md", "text", "docx"]
NoticeFormat = Literal["md", "text"]
FailOn = Literal["overdue", "due-soon"]
LangChoice = Literal["zh", "en"]


def literal(values: tuple[str, ...]) -> Any:
    """``Literal[values]`` for a value set known only at run time (typer reads it as a choice)."""
    return Literal[values]


if TYPE_CHECKING:
    KindChoice = str
    StatusChoice = str
    RepeatChoice = str
else:
    KindChoice = literal(KINDS)
    StatusChoice = literal(STATUSES)
    RepeatChoice = literal(REPEATS)


_INVALID = re.compile(r"""^(?P<value>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*") is not one of """)


def choice_error(param: Any, message: str) -> LawgovError | None:
    """The usage error ``message`` of a choice option ``param`` as a :class:`LawgovError`
    (``err.bad_format`` for ``--format``, else ``err.bad_choice``), or None for any other error."""
    choices = getattr(getattr(param, "type", None), "choices", None)
    if not choices:
        return None
    match = _INVALID.match(message)
    if match is None:
        return None
    import ast

    value = str(ast.literal_eval(match.group("value")))
    expected = ", ".join(str(choice) or '""' for choice in choices)
    if param.name == "format":
        return LawgovError("err.bad_format", fmt=value, expected=expected)
    if param.name == "lang":
        return LawgovError("err.bad_lang", lang=value)
    option = max(getattr(param, "opts", None) or [f"--{param.name}"], key=len)
    meant = meant_by(param.name, value) if param.name in ("status", "kind", "repeat") else None
    hint = [meant or '""'] if meant is not None else []  # --status 已完成: did you mean done?
    return LawgovError("err.bad_choice", option=option, value=value, expected=expected, hint=hint)
