"""Compile the TOML catalogues into Python modules: ``python -m lawgov_cli.locales.build [--check]``.

Each catalogue (``en.toml``, ``zh.toml``) has three sections, and an id lives in exactly one:

- ``[ui]``: printed on the terminal (errors ``err.``, warnings ``warn.``, confirmations and hints
  ``msg.``, ``sync.`` summaries, ``count.`` phrases);
- ``[terms]``: words used both on the terminal and in files (``label.``, enumerations ``kind.``,
  ``status.``, ``repeat.``, ``light.``, ``pace.``, ``action.``, punctuation ``punct.``);
- ``[text]``: domain text written into files (task titles and sources ``title.``/``source.``/
  ``rule.``/``section.``, workspace file headers ``file.``, documents ``bul.``/``annual.``/
  ``notice.``, exports ``html.``/``pending.``, reminder mail ``remind.``).

A value is a string with ``{name}`` placeholders, or a plural: ``{ one = "{n} day", other =
"{n} days" }`` (English; Chinese has one form), rendered by :func:`lawgov_cli.i18n.t_plural`.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LANGS = ("en", "zh")
SECTIONS = ("ui", "terms", "text")
_SECTION_NOTES = {
    "ui": "Printed on the terminal: errors, warnings, confirmations, hints.",
    "terms": "Words used on the terminal and in files alike: labels, enumerations, punctuation.",
    "text": "Domain text written into files: task titles, file headers, documents, exports, mail.",
}
_NAMES = {"en": "English", "zh": "Chinese"}

Value = str | tuple[str, str]


def load(lang: str) -> dict[str, dict[str, Value]]:
    """Section -> id -> value of ``<lang>.toml`` (a plural as ``(one, other)``)."""
    doc = tomllib.loads((HERE / f"{lang}.toml").read_text("utf-8"))
    out: dict[str, dict[str, Value]] = {}
    for section, table in doc.items():
        out[section] = {}
        for key, value in table.items():
            if isinstance(value, dict):
                out[section][key] = (value["one"], value["other"])
            else:
                out[section][key] = value
    return out


def flat(lang: str) -> dict[str, Value]:
    messages: dict[str, Value] = {}
    for table in load(lang).values():
        messages.update(table)
    return messages


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def dump_catalogue(doc: dict[str, dict[str, Any]], lang: str) -> str:
    """A catalogue as TOML: sections in order, ids grouped by area (the part before the first dot)."""
    lines = [
        f"# lawgov's {_NAMES[lang]} messages.  Ids are stable: code calls t(\"area.name\", lang, **params).",
        "# Edit here, then run `python -m lawgov_cli.locales.build` (tests/test_i18n.py checks that every",
        "# language has the same ids and placeholders).  See docs/ARCHITECTURE.md, \"Where to add a message\".",
    ]
    for section in SECTIONS:
        table = doc.get(section, {})
        lines += ["", f"# {'=' * 96}", f"# {_SECTION_NOTES[section]}", f"[{section}]"]
        areas: dict[str, list[str]] = {}
        for key in table:
            areas.setdefault(key.split(".", 1)[0], []).append(key)
        for area in sorted(areas):
            lines += ["", f"# --- {area}."]
            for key in areas[area]:
                value = table[key]
                if isinstance(value, (tuple, list)):
                    value = {"one": value[0], "other": value[1]}
                if isinstance(value, dict):
                    text = f"{{ one = {_string(value['one'])}, other = {_string(value['other'])} }}"
                else:
                    text = _string(value)
                lines.append(f"{_string(key)} = {text}")
    return "\n".join(lines) + "\n"


def compiled(lang: str) -> str:
    """The Python module holding ``lang``'s messages."""
    lines = [
        f'"""{_NAMES[lang]} messages, generated from {lang}.toml by `python -m lawgov_cli.locales.build`:',
        'do not edit (edit the TOML file and run the build)."""',
        "",
        "MESSAGES: dict[str, str | tuple[str, str]] = {",
    ]
    for key, value in flat(lang).items():
        if isinstance(value, tuple):
            lines.append(f"    {_string(key)}: ({_string(value[0])}, {_string(value[1])}),")
        else:
            lines.append(f"    {_string(key)}: {_string(value)},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def stale() -> list[str]:
    """The compiled modules that differ from their TOML file."""
    out = []
    for lang in LANGS:
        target = HERE / f"_{lang}.py"
        if not target.exists() or target.read_text("utf-8") != compiled(lang):
            out.append(target.name)
    return out


def build() -> None:
    for lang in LANGS:
        (HERE / f"_{lang}.py").write_text(compiled(lang), "utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"]:
        names = stale()
        if names:
            sys.stderr.write(f"stale: {', '.join(names)}; run python -m lawgov_cli.locales.build\n")
            return 1
        return 0
    build()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
