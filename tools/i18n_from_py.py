"""Move messages written as ``_add({id: (English, Chinese)})`` blocks into the catalogues.

i18n.py used to hold every message as en+zh pairs in ``_add`` blocks; the catalogues are now
``src/lawgov_cli/locales/{en,zh}.toml``.  A branch written against the old layout may still add a
block under ``# === messages of <branch> ===`` at the end of i18n.py; this script moves such
blocks (or, with ``--all``, a whole old-style i18n.py) into the TOML files, then regenerates the
compiled modules.  Usage::

    python tools/i18n_from_py.py [--all OLD_I18N.py]   # default: the _add blocks of i18n.py
    python tools/i18n_from_py.py --changed BASE.py NEW.py   # what NEW changed or added since BASE

(``--changed`` is for a merge: BASE is the old-style i18n.py both sides started from, NEW the
other side's, e.g. ``git show main:src/lawgov_cli/i18n.py``; only the messages it added or
reworded are moved.)

Each id goes into the section its area belongs to (``SECTION_OF`` below: ``ui`` for what the
terminal prints, ``text`` for what is written into files, ``terms`` for words both use).
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "src" / "lawgov_cli" / "locales"
sys.path.insert(0, str(ROOT / "src"))

from lawgov_cli.locales.build import SECTIONS, build, dump_catalogue  # noqa: E402

SECTION_OF = {
    # printed on the terminal: errors, warnings, confirmations, hints
    "err": "ui", "warn": "ui", "msg": "ui", "sync": "ui", "count": "ui",
    # words and labels used on screen and in files alike
    "label": "terms", "kind": "terms", "status": "terms", "repeat": "terms", "part": "terms",
    "light": "terms", "pace": "terms", "action": "terms", "punct": "terms",
    # written into files: task titles and sources, workspace file headers, documents, exports, mail
    "bul": "text", "bulletin": "text", "annual": "text", "notice": "text", "remind": "text",
    "title": "text", "section": "text", "rule": "text", "source": "text", "html": "text",
    "file": "text", "carry": "text", "pending": "text",
}
EXCEPTIONS = {
    "remind.to_mail": "ui",  # the line `remind --dry-run` prints per channel
    "remind.to_webhook": "ui",
    "remind.kind.wecom": "ui",
    "remind.kind.dingtalk": "ui",
    "status.rest_departments": "ui",  # the status table's last row and hint
    "status.all_hint": "ui",
    "sync.field.source": "terms",  # listed on screen and in the note written into the task
    "sync.field.section": "terms",
    "sync.field.title": "terms",
    "sync.field.metrics": "terms",
    "sync.field.needs_review": "terms",
}


def section_of(key: str) -> str:
    return EXCEPTIONS.get(key) or SECTION_OF[key.split(".", 1)[0]]


def pairs_of(source: str) -> dict[str, tuple[str, str]]:
    """Every ``_add({...})`` entry of a Python source, in order."""
    found: dict[str, tuple[str, str]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_add" and node.args:
            for key, value in ast.literal_eval(node.args[0]).items():
                found[key] = value
    return found


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "--changed":
        base, path = pairs_of(Path(argv[1]).read_text("utf-8")), Path(argv[2])
        pairs = {k: v for k, v in pairs_of(path.read_text("utf-8")).items() if base.get(k) != tuple(v)}
    else:
        path = Path(argv[1]) if len(argv) == 2 and argv[0] == "--all" else ROOT / "src/lawgov_cli/i18n.py"
        pairs = pairs_of(path.read_text("utf-8"))
    if not pairs:
        print("no _add blocks: nothing to move")
        return 0
    for index, lang in enumerate(("en", "zh")):
        file = LOCALES / f"{lang}.toml"
        doc: dict[str, dict[str, object]] = (
            tomllib.loads(file.read_text("utf-8")) if file.exists() else {s: {} for s in SECTIONS}
        )
        for key, pair in pairs.items():
            for section in SECTIONS:
                doc.setdefault(section, {}).pop(key, None)
            doc[section_of(key)][key] = pair[index]
        file.write_text(dump_catalogue(doc, lang), "utf-8")
    build()
    print(f"moved {len(pairs)} messages into {LOCALES}; now delete the _add blocks from {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
