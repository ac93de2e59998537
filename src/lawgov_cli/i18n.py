"""Every user-visible string of lawgov, looked up by a stable id in the reader's language.

The messages live in one catalogue per language, ``locales/en.toml`` and ``locales/zh.toml``
(sections ``[ui]`` for the terminal, ``[terms]`` for words used everywhere, ``[text]`` for what is
written into files), compiled into ``locales/_en.py``/``_zh.py`` by ``python -m
lawgov_cli.locales.build`` so that start-up imports a dict instead of parsing TOML.  Core modules
raise errors and warnings by id without knowing the reader's language; the CLI picks the language
once (``--lang``, ``$LAWGOV_LANG``, ``lang`` in ``lawgov.toml``, then the locale) and renders.

>>> t("label.overdue", "zh")
'逾期'
>>> t_plural("count.days", 1, "en"), t_plural("count.days", 2, "en"), t_plural("count.days", 2, "zh")
('1 day', '2 days', '2天')
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

Message = str | tuple[str, str]  # a template, or a plural's (one, other) forms

_LOADED: dict[str, Mapping[str, Message]] = {}
_EXTRA: dict[str, tuple[str, str]] = {}


def messages(lang: Lang) -> Mapping[str, Message]:
    """``lang``'s catalogue (imported once, on first use; a language never used is never loaded)."""
    found = _LOADED.get(lang)
    if found is None:
        if lang == "zh":
            from lawgov_cli.locales._zh import MESSAGES
        else:
            from lawgov_cli.locales._en import MESSAGES
        found = _LOADED[lang] = MESSAGES
    return found


def _template(key: str, lang: Lang, count: int | None) -> str | None:
    message = messages(lang).get(key)
    if message is None:
        extra = _EXTRA.get(key)
        if extra is None:
            return None
        message = extra[1] if lang == "zh" else extra[0]
    if isinstance(message, tuple):  # English plural forms; Chinese has one
        return message[0] if count == 1 else message[1]
    return message


def t(key: str, lang: Lang = "en", /, **params: Any) -> str:
    """Render message ``key`` in ``lang`` with ``params``; an unknown key renders as itself.

    A parameter that is itself the id of a word (``"part.plans"``, ``"status.done"``) is
    translated too.  A plural message takes its form from the parameter ``n`` or ``count``
    (so ``LawgovError("err.x", count=1)`` reads right); for a count by another name use
    :func:`t_plural`.

    >>> t("msg.carried", "en", count=1, path="old", year=2024)
    'carried over 1 unfinished task from old (2024): ids C1…C1'
    """
    count = params.get("n", params.get("count"))
    template = _template(key, lang, count if isinstance(count, int) else None)
    if template is None:
        return key
    return _render(template, lang, params)


def t_plural(key: str, count: int, lang: Lang = "en", /, **params: Any) -> str:
    """Render plural message ``key`` for ``count`` (passed to the template as ``{n}``).

    >>> t_plural("msg.days_left", 1, "en", days=1), t_plural("msg.days_left", 3, "en", days=3)
    ('1 day', '3 days')
    """
    template = _template(key, lang, count)
    if template is None:
        return key
    return _render(template, lang, {"n": count, **params})


def renderer(key: str, lang: Lang, /) -> Callable[..., str]:
    """``t(key, lang, **params)`` as a function, the message looked up once: for a document that
    renders one message for thousands of items.  Renders exactly what :func:`t` renders.

    >>> renderer("msg.days_left", "en")(n=2, days=2) == t("msg.days_left", "en", n=2, days=2)
    True
    """
    message = messages(lang).get(key)
    if not isinstance(message, str):  # a plural, a branch's message or an unknown key
        return functools.partial(t, key, lang)
    template = message
    catalogue = messages(lang)
    words = _words(lang)

    def render(**params: Any) -> str:
        if not params:
            return template
        if _plain(words, params):  # no value is a word's id (the common case)
            return template.format(**params)
        for value in params.values():
            if isinstance(value, str) and value.startswith(_NESTED) and value in catalogue:
                return _render(template, lang, params)  # a parameter that is a word's id
        return template.format(**params)

    return render


def _render(template: str, lang: Lang, params: dict[str, Any]) -> str:
    if not params:
        return template
    if _plain(_words(lang), params):  # no value is a word's id: nothing to translate
        return template.format(**params)
    catalogue = messages(lang)
    rendered = {
        name: t(value, lang)
        if isinstance(value, str) and value.startswith(_NESTED) and value in catalogue
        else value
        for name, value in params.items()
    }
    return template.format(**rendered)


_NESTED = ("part.", "kind.", "status.", "repeat.", "label.", "filekind.", "oserror.", "tomlerror.", "problem.")

_WORDS: dict[str, frozenset[str]] = {}


def _words(lang: Lang) -> frozenset[str]:
    """The ids a parameter may name to be translated (those of the catalogue starting with one of
    :data:`_NESTED`): a value is a word's id exactly when it is in this set."""
    found = _WORDS.get(lang)
    if found is None:
        found = _WORDS[lang] = frozenset(key for key in messages(lang) if key.startswith(_NESTED))
    return found


def _plain(words: frozenset[str], params: dict[str, Any]) -> bool:
    """No value of ``params`` is one of ``words`` (one loop in C); False when a value cannot be
    hashed (then each is looked at)."""
    try:
        return words.isdisjoint(params.values())
    except TypeError:
        return False


def _add(entries: dict[str, tuple[str, str]]) -> None:
    """Messages of a branch written before the catalogues (``{id: (English, Chinese)}``): they
    work, but ``tests/test_i18n.py`` fails until ``python tools/i18n_from_py.py`` moves them into
    the catalogues."""
    _EXTRA.update(entries)
