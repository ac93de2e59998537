"""``export.controls.has_controls`` (the whole-file check the JSON and CSV exports make before
writing a file's lines or rows without stripping them) says exactly what ``strip_controls``
does: on every character of the Basic Multilingual Plane, alone and inside text, and on every
non-BMP one in steps."""

from __future__ import annotations

import re

import pytest

from lawgov_cli.export.controls import has_controls
from lawgov_cli.fileio import strip_controls

REMOVED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


@pytest.mark.parametrize("keep_cr", [False, True])
def test_every_character_alone_and_in_text(keep_cr: bool) -> None:
    removed = 0
    for code in [*range(0x10000), *range(0x10000, 0x110000, 97)]:
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue  # lone surrogates never come out of a TOML file
        expected = strip_controls(char, keep_cr=keep_cr) != char
        removed += expected
        for text in (char, f"标题{char}尾", f"第一行\n{char}\t第二行\r\n", f"\u3000{char}"):
            assert has_controls(text, keep_cr=keep_cr) == (strip_controls(text, keep_cr=keep_cr) != text), (
                hex(code),
                text,
            )
    # Every class strip_controls removes: C0 but tab and line feed (and CR when kept), DEL, C1,
    # the bidi marks, embeddings, overrides, isolates and the Arabic letter mark.
    assert removed == len([c for c in map(chr, range(0x10000)) if REMOVED.match(c)]) - keep_cr
    assert removed == 30 + 1 + 32 + 2 + 5 + 4 + 1 - keep_cr


def test_text_without_controls_is_not_flagged() -> None:
    assert not has_controls("")
    assert not has_controls("百分号 %s 与“引号”\\反斜杠 😀 𠀀 全角\u3000空格 零宽\u200b连接")
    assert has_controls("a\rb") and not has_controls("a\rb", keep_cr=True)
    assert has_controls("x" * 10000 + "\x1b[31m")
