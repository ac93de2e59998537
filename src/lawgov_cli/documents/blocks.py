"""A tiny document model (headings, paragraphs, lists, tables) and its Markdown and text renderings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lawgov_cli.render.plain import plain_table


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Quote:
    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    items: Sequence[str]


@dataclass(frozen=True, slots=True)
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[str]] = field(default_factory=list)


Block = Heading | Paragraph | Quote | Bullets | Table


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md_text(text: str) -> str:
    """Task text inside Markdown: markup characters escaped (so a title can never become HTML, a
    link or a heading), line breaks and control characters flattened to spaces."""
    # Printable text has no C0/C1 control character: nothing to flatten (the common case).
    flat = (
        text
        if text.isprintable()
        else "".join(" " if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) else ch for ch in text)
    )
    # < and > as entities: a Markdown renderer shows them literally and never sees a tag.
    return _MD_SPECIAL.sub(r"\\\1", flat).replace("<", "&lt;").replace(">", "&gt;")


def _md_cell(text: str) -> str:
    return md_text(text)


def to_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + md_text(block.text))
        elif isinstance(block, Paragraph):
            out.append(md_text(block.text))
        elif isinstance(block, Quote):
            out.append("> " + md_text(block.text))
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {md_text(item)}" for item in block.items))
        else:
            lines = ["| " + " | ".join(_md_cell(h) for h in block.headers) + " |"]
            lines.append("|" + "|".join(" --- " for _ in block.headers) + "|")
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def to_text(blocks: Sequence[Block]) -> str:
    """Plain text for mail bodies and printing: no markup, tables aligned by display width."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(
                block.text if block.level > 1 else f"{block.text}\n{'=' * min(60, len(block.text) * 2)}"
            )
        elif isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Quote):
            out.append(f"【{block.text}】")
        elif isinstance(block, Bullets):
            out.append("\n".join(f"  · {item}" for item in block.items))
        else:
            out.append(plain_table(block.headers, block.rows))
    return "\n\n".join(out) + "\n"
