"""A tiny document model (headings, paragraphs, lists, tables) and its Markdown and text renderings."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lawgov_cli.fileio import strip_controls
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
    widths: Sequence[int] = ()
    """Relative column widths for Word (empty: equal)."""


@dataclass(frozen=True, slots=True)
class DocHead:
    """The head of a 简报-style document: issuer, series and issue number, issuer and date line."""

    issuer: str
    series: str
    number: str
    issued_by: str
    date: str


@dataclass(frozen=True, slots=True)
class Addressee:
    """主送机关: flush left, ends with a full-width colon."""

    text: str


@dataclass(frozen=True, slots=True)
class Signoff:
    """Issuer and date at the end, right-aligned (落款)."""

    lines: Sequence[str]


@dataclass(frozen=True, slots=True)
class Attachment:
    """Starts an attachment on a new page: ``附件`` label flush left, then its title centred."""

    label: str
    title: str


Block = Heading | Paragraph | Quote | Bullets | Table | DocHead | Addressee | Signoff | Attachment


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
"""Markdown punctuation escaped with a backslash (``<`` and ``>`` become entities instead)."""

_MD_ANY = re.compile(r"[\\`*_\[\]|#~<>]")
"""Any character :func:`md_text` changes besides control characters (most text has none)."""

_BREAKS = re.compile(r"\r\n?|[\n\t]")
"""A line break (CRLF, CR or LF) or a tab: one space in Markdown text."""


def md_text(text: str) -> str:
    r"""Text inside Markdown (the Markdown export and every document): markup characters escaped
    (so a title can never become HTML, a link, a heading or split a table row), line breaks and
    tabs turned into spaces, other control and bidi characters dropped (as everywhere text leaves
    lawgov, :func:`lawgov_cli.fileio.strip_controls`).  The one Markdown escaper of lawgov.

    ``<`` and ``>`` become ``&lt;``/``&gt;`` rather than ``\<``: CommonMark reads both as text, but
    Python-Markdown (MkDocs) does not treat ``\<`` as an escape and would pass a tag through.

    >>> md_text("a|b <i>*c*</i> #1\r\n[x](y)\x1b\u202e")
    'a\\|b &lt;i&gt;\\*c\\*&lt;/i&gt; \\#1 \\[x\\](y)'
    """
    if not text.isprintable():  # printable text has no control character (the common case)
        text = _BREAKS.sub(" ", strip_controls(text, keep_cr=True))
    if _MD_ANY.search(text) is None:  # nothing to escape (the common case): one scan
        return text
    # < and > as entities: a Markdown renderer shows them literally and never sees a tag.
    return _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace(">", "&gt;")


_CHUNK = 256
"""Paragraphs in a row, or table rows, looked at together for anything to escape (a city's
bulletin has ~50,000 of each; most have nothing)."""


def _clean(texts: Iterable[str]) -> bool:
    """Nothing in ``texts`` that :func:`md_text` would change: the one scan of all of them (a single
    character class, so what matches in the texts joined matches in one of them)."""
    joined = "".join(texts)
    return joined.isprintable() and _MD_ANY.search(joined) is None


def to_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    # Table cells repeat (department names, dates, states): each distinct one escaped once.
    escaped: dict[str, str] = {}

    def cell(text: str) -> str:
        found = escaped.get(text)
        if found is None:
            found = escaped[text] = md_text(text)
        return found

    paragraphs: list[str] = []  # the texts of the paragraphs in a row, not yet written

    def flush() -> None:
        for at in range(0, len(paragraphs), _CHUNK):
            chunk = paragraphs[at : at + _CHUNK]
            out.extend(chunk if _clean(chunk) else [md_text(text) for text in chunk])
        paragraphs.clear()

    for block in blocks:
        if isinstance(block, Paragraph):
            paragraphs.append(block.text)
            continue
        if paragraphs:
            flush()
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + md_text(block.text))
        elif isinstance(block, Quote):
            out.append("> " + md_text(block.text))
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {md_text(item)}" for item in block.items))
        elif isinstance(block, DocHead):
            out.append(
                f"**{md_text(block.issuer)}**\n\n{md_text(block.series)}　{md_text(block.number)}\n\n"
                f"{md_text(block.issued_by)}　{md_text(block.date)}\n\n---"
            )
        elif isinstance(block, Addressee):
            out.append(md_text(block.text))
        elif isinstance(block, Signoff):
            out.append("\n\n".join(f'<div align="right">{md_text(line)}</div>' for line in block.lines))
        elif isinstance(block, Attachment):
            out.append(f"---\n\n{md_text(block.label)}\n\n### {md_text(block.title)}")
        else:
            lines = ["| " + " | ".join(md_text(h) for h in block.headers) + " |"]
            lines.append("|" + "|".join(" --- " for _ in block.headers) + "|")
            rows = block.rows
            for at in range(0, len(rows), _CHUNK):
                chunk = rows[at : at + _CHUNK]
                if _clean(itertools.chain.from_iterable(chunk)):  # written as they are (most)
                    lines.extend(["| " + " | ".join(row) + " |" for row in chunk])
                    continue
                for row in chunk:
                    clean = _clean(row)
                    lines.append("| " + " | ".join(row if clean else [cell(c) for c in row]) + " |")
            out.append("\n".join(lines))
    if paragraphs:
        flush()
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
        elif isinstance(block, DocHead):
            out.append(
                f"{block.issuer}\n{block.series}　{block.number}\n{block.issued_by}　{block.date}\n{'─' * 30}"
            )
        elif isinstance(block, Addressee):
            out.append(block.text)
        elif isinstance(block, Signoff):
            out.append("\n".join(f"{' ' * 30}{line}" for line in block.lines))
        elif isinstance(block, Attachment):
            out.append(f"{'─' * 30}\n{block.label}\n{block.title}")
        else:
            out.append(plain_table(block.headers, block.rows))
    return "\n\n".join(out) + "\n"
