"""Clean-up of page furniture in copied report text: a repeated site banner, a text cut into numbered
page chunks, and a title run on into the first paragraph."""

from __future__ import annotations

import re
from collections import Counter

# Characters that end a sentence or a closed quotation: a line ending otherwise stops mid-sentence.
_TERMINAL = tuple("。！？”）》…；")


def _strip_repeated_furniture(text: str) -> str:
    """Drop a site banner with a web address repeated inside the text ("秘书之家—…www.x.com")."""
    found = Counter(m.group(0) for m in _WEB_BANNER.finditer(text))
    for banner, count in found.items():
        if count >= 2 or text.startswith(banner):
            lead = text.startswith(banner)
            text = text.replace(banner, "")
            if lead:
                text = "\n" + text  # the banner stood before the title: keep the title a line of its own
    return text


_WEB_BANNER = re.compile(r"[^\s。，；：“”《》]{0,30}www\.[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_PAGE_CHUNK = re.compile(r"^\d{1,3}、")


def _join_page_chunks(lines: list[str]) -> list[str]:
    """Document-site copies cut the text into numbered chunks ("2、法有效化解…") mid-sentence:
    a chunk number after a line that stops mid-sentence is glued back."""
    out: list[str] = []
    for line in lines:
        if out and _PAGE_CHUNK.match(line) and len(out[-1]) > 60 and not out[-1].endswith((*_TERMINAL, "：")):
            out[-1] += _PAGE_CHUNK.sub("", line)
        else:
            out.append(line)
    if out and _PAGE_CHUNK.match(out[0]) and len(out[0]) > 80:
        out[0] = _PAGE_CHUNK.sub("", out[0])
    return out


_RUN_ON_TITLE = re.compile(
    r"^([^《》“”，。]{4,60}?(?:情况的报告|工作的报告|建设情况报告|建设报告|年度报告|工作报告))"
    r"(?=(?:19|20)\d\d年|今年|一年来|近年来|[一二]、)"
)


def _split_run_on_title(lines: list[str]) -> list[str]:
    """A title glued to the first paragraph ("…建设情况的报告2023年，省政府坚持…") is split off."""
    out = list(lines)
    for index, line in enumerate(out[:3]):
        match = _RUN_ON_TITLE.match(line) if len(line) > 80 else None
        if match:
            out[index : index + 1] = [match.group(1), line[match.end(1) :]]
            break
    return out
