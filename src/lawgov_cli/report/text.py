"""Decoding and normalising report text copied from web pages, Word and PDF.

Reports arrive as UTF-8, UTF-8 with BOM or GB18030 (what Chinese Windows tools write), with
full-width and half-width punctuation mixed, circled numbers (㈠), non-breaking spaces and
page noise.  ``normalize`` maps all of that onto one canonical form so the parser needs one
pattern per construct: Chinese punctuation full-width (，；：（）), digits, Latin letters and
``%`` half-width.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from lawgov_cli.errors import LawgovError
from lawgov_cli.fileio import strip_controls

MAX_REPORT_BYTES = 20 * 1024 * 1024
"""Annual reports are 10–100 KB; anything over 20 MB is refused before decoding."""

CN_DIGITS = "〇一二三四五六七八九十"

# ㈠..㈩ (U+3220..U+3229) and ⑴..⒇ style enumerators become （一） / （1）.
_PARENTHESISED = {chr(0x3220 + i): f"（{CN_DIGITS[i + 1]}）" for i in range(10)}
_PARENTHESISED.update({chr(0x2474 + i): f"（{i + 1}）" for i in range(20)})
_CIRCLED = {chr(0x2460 + i): f"（{i + 1}）" for i in range(20)}  # ①..⑳

# Half-width punctuation that stands for its full-width Chinese form when next to CJK text.
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}

_KEEP_FULL = frozenset("，；：（）！？")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_HALF_PUNCT_NEAR_CJK = re.compile(rf"(?<=[{_CJK}”’）》\d%])([,;:!?])|([,;:!?])(?=[{_CJK}“‘（《])")
_PAREN_ENUM = re.compile(rf"\(([{CN_DIGITS}]{{1,3}}|\d{{1,2}})\)")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
# A half-width full stop after Chinese text ends a sentence ("建设.现将…"); "一." and "1." at the
# start of a line are enumerators and stay.
_HALF_STOP = re.compile(rf"(?<=[{_CJK}”’）》%])\.(?=[{_CJK}“‘（《]|\s|$)", re.MULTILINE)
_LINE_ENUMERATOR = re.compile(rf"\s*(?:第?[{CN_DIGITS}]{{1,3}}|\d{{1,2}})")
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}，。；：、“”（）《》])\s+(?=[{_CJK}，。；：、“”（）《》\d])")


def decode_report(data: bytes, path: Path | str) -> str:
    """Bytes of a report file to text: UTF-8 (with or without BOM), else GB18030.

    Raises ``LawgovError`` for binary content.
    """
    if b"\x00" in data[:65536]:
        raise LawgovError("err.not_text", path=path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise LawgovError("err.not_text", path=path)


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    return control / len(sample) > 0.01


def read_report_file(path: Path) -> str:
    """Read and decode a report file; every failure is a one-line ``LawgovError`` naming it.

    Only a regular file is read: a directory, device (``/dev/zero``), FIFO or socket is refused
    before a byte is read (see :func:`lawgov_cli.fileio.read_regular`)."""
    from lawgov_cli.fileio import read_regular, too_large

    if path.is_dir():
        raise LawgovError("err.report_is_directory", path=path)

    data = read_regular(
        path, MAX_REPORT_BYTES, lambda size: too_large("err.report_too_large", path, size, MAX_REPORT_BYTES)
    )
    return decode_report(data, path)


def _full_stop(match: re.Match[str]) -> str:
    line_start = match.string.rfind("\n", 0, match.start()) + 1
    if _LINE_ENUMERATOR.fullmatch(match.string[line_start : match.start()]):
        return "."
    return "。"


_T2S: dict[str, str] | None = None
# Traditional forms that are also ordinary simplified characters (显著, 乾坤): never counted
# when deciding whether a text is written in traditional characters.
_AMBIGUOUS_TRADITIONAL = frozenset("著乾瞭麵於隻複")


def _t2s_table() -> dict[str, str]:
    """Traditional -> simplified characters (``data/t2s.txt``), read once."""
    global _T2S
    if _T2S is None:
        from importlib import resources

        table: dict[str, str] = {}
        data = resources.files("lawgov_cli.data").joinpath("t2s.txt").read_text(encoding="utf-8")
        for line in data.splitlines():
            if len(line) == 2 and not line.startswith("#"):
                table[line[0]] = line[1]
        _T2S = table
    return _T2S


def to_simplified(text: str) -> str:
    """Text written in traditional characters (a 繁體 web copy), in simplified characters.

    Simplified text is returned unchanged: only a text in which at least 3% of the Chinese
    characters (and at least 5, or 10% of a short text) are unambiguously traditional is converted, so a simplified
    report's 显著 keeps its 著.

    >>> to_simplified("法治政府建設年度報告")
    '法治政府建设年度报告'
    """
    table = _t2s_table()
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    traditional = sum(1 for ch in text if ch in table and ch not in _AMBIGUOUS_TRADITIONAL)
    enough = traditional * 100 >= cjk * 3 and (traditional >= 5 or traditional * 10 >= cjk)
    if not enough:
        return text
    return "".join(table.get(ch, ch) for ch in text)


def normalize(text: str) -> str:
    """Canonical report text: one form per punctuation mark, clean spaces, ``\\n`` line ends.

    >>> normalize("(一)推进依法行政,办结305件；纠错率3.6％")
    '（一）推进依法行政，办结305件；纠错率3.6%'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    # ESC, BEL, BS, DEL, C1 and bidi overrides never enter the workspace (tab becomes a space below).
    text = to_simplified(strip_controls(_ZERO_WIDTH.sub("", text)))
    text = "".join(_PARENTHESISED.get(ch) or _CIRCLED.get(ch) or ch for ch in text)
    # NFKC folds full-width digits, letters and ％ to ASCII; applied to the whole text it would
    # also fold Chinese punctuation （，；：）and … that we keep, so fold only the full-width block.
    text = "".join(
        unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" and ch not in _KEEP_FULL else ch
        for ch in text
    )
    text = _PAREN_ENUM.sub(r"（\1）", text)
    text = _HALF_PUNCT_NEAR_CJK.sub(lambda m: _HALF_TO_FULL[m.group(1) or m.group(2)], text)
    text = _HALF_STOP.sub(_full_stop, text)
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        line = _SPACE_BETWEEN_CJK.sub("", line)
        lines.append(line)
    return "\n".join(lines)
