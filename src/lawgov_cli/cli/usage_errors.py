"""click's usage errors ("No such option", "Missing argument" ...) in the user's language.

click (vendored by typer) words its parse errors in English.  :func:`usage_message` recognises
the ones a person actually meets — a mistyped option or command, a missing argument or option
value, an extra argument, a word where a number goes — by the exception's type and fields and
says them through the catalogue (``usage.*``), so a Chinese workspace answers in Chinese.  The
English catalogue keeps click's wording.  Anything else keeps click's own message: a rarer error
in English beats a wrong translation.

A value outside an option's choices is :func:`lawgov_cli.cli.choices.choice_error`'s.
"""

from __future__ import annotations

import re
from typing import Any

from lawgov_cli.i18n import Lang, t

__all__ = ["usage_message"]

_NO_COMMAND = re.compile(r"^No such command (?P<name>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\.?(?: Did you mean (?P<close>.+)\?)?$")
_EXTRA = re.compile(r"^Got unexpected extra argument\(s\) \((?P<args>.*)\)$")
_NEEDS_VALUE = re.compile(r"^Option (?P<option>'[^']*'|\"[^\"]*\") requires an argument\.$")
_NOT_NUMBER = re.compile(r"^(?P<value>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\") is not a valid (?P<type>integer|int|float)(?: range)?\.$")
_OUT_OF_RANGE = re.compile(r"^(?P<value>\S+) is not in the range (?P<range>.+?)\.$")


def _unquote(text: str) -> str:
    import ast

    try:
        return str(ast.literal_eval(text))
    except (ValueError, SyntaxError):
        return text


def _hint(param: Any, ctx: Any) -> str:
    """How click names ``param`` in an error: ``'--limit' / '-n'``, ``'ID...'``."""
    return str(param.get_error_hint(ctx)) if ctx is not None else repr(param.name)


def usage_message(usage: Any, lang: Lang) -> str | None:
    """The message of click usage error ``usage`` in ``lang`` (without the command and the help
    hint), or None when it is not one this module words."""
    from typer._click import exceptions as click_errors

    message = str(getattr(usage, "message", "") or "")
    if isinstance(usage, click_errors.NoSuchOption):
        text = t("usage.no_such_option", lang, option=usage.option_name)
        if usage.possibilities:
            text += t("usage.possible_options", lang, options=", ".join(sorted(usage.possibilities)))
        return text
    if isinstance(usage, click_errors.MissingParameter):
        param = usage.param
        if param is None or usage.message:
            return None
        hint = _hint(param, usage.ctx)
        kind = usage.param_type or param.param_type_name
        if kind not in ("argument", "option"):
            return None
        return t("usage.missing_argument" if kind == "argument" else "usage.missing_option", lang, name=hint)
    if isinstance(usage, click_errors.BadParameter):
        if usage.param is None:
            return None
        option = _hint(usage.param, usage.ctx)
        match = _NOT_NUMBER.match(message)
        if match is not None:
            key = "usage.not_float" if match.group("type") == "float" else "usage.not_integer"
            return t(key, lang, option=option, value=_unquote(match.group("value")))
        match = _OUT_OF_RANGE.match(message)
        if match is not None:
            return t("usage.out_of_range", lang, option=option, value=match.group("value"), range=match.group("range"))
        return None
    if isinstance(usage, click_errors.BadOptionUsage):
        match = _NEEDS_VALUE.match(message)
        return None if match is None else t("usage.needs_value", lang, option=_unquote(match.group("option")))
    if isinstance(usage, click_errors.UsageError):
        match = _NO_COMMAND.match(message)
        if match is not None:
            text = t("usage.no_such_command", lang, name=_unquote(match.group("name")))
            if match.group("close"):
                text += t("usage.did_you_mean", lang, names=match.group("close"))
            return text
        match = _EXTRA.match(message)
        if match is not None:
            return t("usage.extra_arguments", lang, args=match.group("args"))
    return None
