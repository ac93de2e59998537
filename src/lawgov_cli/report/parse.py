"""Report text -> :class:`Report`: find the four parts, their items and indicators.

The shape every 法治政府建设年度报告 shares (厅字〔2019〕28号): a title line, then parts headed
一、二、三、四、 or 第一部分…第四部分 (in any order) — measures and results, shortcomings, the
principal leader's duty, next year's plans.  Part headings are recognised by what they say, not
by their number, so "工作开展情况" or "存在的差距和不足" work as well as the Nankai wording.  Inside a
part, items are （一）（二）subsections (一、 under 第N部分 headings), "1." lists or 一是…二是…
(inline or one per line), whichever comes first; a subsection's title is its first sentence or,
when it stands on a line of its own, that line.  Page noise (navigation, 发布时间, 字号, print
links) and the closing signature are dropped; whatever is missing or cut off becomes a warning,
not an error.

Reports of other governments often have no canonical part heading: their parts are topics
(一、坚持依法决策，…更加规范 / 二、深化“放管服”改革… / … / 七、2024年工作安排).  When no measures
part is found but the text says it is a 法治政府建设 report, the top-level parts counted 一、二、三…
(also when run into the text after a 。) are read by topic: the duty, shortcomings and plans parts
by what they say, every other part a section of measures.  Shortcomings and plans said inside
another part ("（二）下一步工作打算", "下一步，…") become parts of their own.  A text with no numbered
part at all is read paragraph by paragraph.  The region comes from the title, else from the body
(the name standing as a sentence's subject, else a province named), else the caller's ``region``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lawgov_cli.errors import LawgovError
from lawgov_cli.report.cleanup import (
    _TERMINAL,
    _join_page_chunks,
    _split_run_on_title,
    _strip_repeated_furniture,
)
from lawgov_cli.report.indicators import extract_indicators
from lawgov_cli.report.metadata import (
    _CN_YEAR_DIGITS,
    _YEAR,
    _region,
    _report_year,
    _year_value,
    region_from_body,
)
from lawgov_cli.report.model import Item, Report
from lawgov_cli.report.text import CN_DIGITS, normalize

PART_KEYS = ("measures", "shortcomings", "duties", "plans")

_CN_NUM = f"[{CN_DIGITS}]{{1,3}}"
_PART_HEADING = re.compile(rf"^(?:第({_CN_NUM})部分[、：:\s]*|({_CN_NUM})[、．.]\s*)(.*)$")
_PART_STYLE = re.compile(rf"^第{_CN_NUM}部分")
_TOP_ENUMERATOR = re.compile(rf"^({_CN_NUM})[、．.]\s*(.*)$")
_SUBSECTION = re.compile(rf"^（({_CN_NUM})）\s*(.*)$")
_ARABIC_ITEM = re.compile(r"^(\d{1,2})[.、．]\s*(?!\d)(.+)$")
_INLINE_MARKER = re.compile(rf"(?:^|(?<=[。；！？：，\n]))\s*(({_CN_NUM})是)")

# Heading classification: the first rule that matches wins, so the duty part ("…负责人履行…
# 情况") is not taken for measures ("…情况"), nor plans ("下一步…") for shortcomings.
_HEADING_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("duties", ("第一责任人", "负责人履行", "主要负责人", "履行推进法治")),
    ("shortcomings", ("不足", "存在的问题", "存在问题", "差距", "短板")),
    ("plans", ("下一步", "安排", "打算", "工作计划", "工作思路", "工作重点", "努力方向")),
    (
        "measures",
        ("举措", "成效", "开展情况", "主要工作", "工作情况", "进展", "做法", "措施", "建设情况", "总体情况"),
    ),
)

# Page furniture of government web sites.  Words that could also open a sentence ("时间紧…",
# "来源于…") count only when a colon or a figure follows them ("发布时间 2024-03-28").
_NOISE = re.compile(
    r"^(?:首页|网站首页|当前位置|您当前的位置|您现在的位置|您的位置|【?打印|【?关闭|分享到|扫一扫|上一篇|下一篇|"
    r"返回顶部|【?字体|(?:来源|信息来源|文章来源|发布时间|发布日期|发布机构|时间|日期|作者|责任编辑|编辑|"
    r"浏览次数|访问量|点击数|阅读数|字号|索引号|发文机关|主题分类|成文日期|位置|附件)(?:\s*[：:]|\s*\d))"
)
_DATE_LINE = re.compile(
    r"^\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
    rf"|^[{_CN_YEAR_DIGITS}]{{4}}年[{CN_DIGITS}]{{1,2}}月[{CN_DIGITS}]{{1,3}}日$"
)
_BREADCRUMB = re.compile(r"\s[>»＞]\s|>>")
# The closing signature: the issuing government or office on a line of its own.
_SIGNATURE = re.compile(
    r"^(?:中共)?[\u4e00-\u9fff]{2,30}(?:人民政府|政府|委员会|办公室|办公厅|司法局|委|局|办)$"
)
# A paragraph that only announces the items ("…存在一些不足。", "…主要安排如下：").
_LEAD_IN = re.compile(
    r"(?:[：:]|如下。?|以下(?:几个方面|工作)。?|(?:一些|一定|以下|如下|不少)(?:不足|问题|差距|短板)(?:和原因)?。)$"
)


def _is_noise(line: str) -> bool:
    if len(line) > 80 or line.endswith("。"):
        return False
    return bool(_NOISE.match(line) or _DATE_LINE.match(line) or _BREADCRUMB.search(line))


def classify_heading(heading: str) -> str | None:
    """Which part a heading introduces (``measures``/``shortcomings``/``duties``/``plans``), or None."""
    for part, words in _HEADING_RULES:
        if any(word in heading for word in words):
            return part
    return None


def cn_number(numeral: str) -> int:
    """Value of a Chinese numeral up to 九十九, -1 if it is not one: 一 -> 1, 十二 -> 12, 二十三 -> 23."""
    digits = CN_DIGITS[:10]  # 〇..九
    if numeral and all(ch in digits for ch in numeral) and len(numeral) == 1:
        return digits.index(numeral)
    match = re.fullmatch(r"([一二三四五六七八九]?)十([一二三四五六七八九]?)", numeral)
    if not match:
        return -1
    tens, ones = match.groups()
    return (digits.index(tens) if tens else 1) * 10 + (digits.index(ones) if ones else 0)


def _first_sentence(text: str) -> tuple[str, str]:
    """(title, rest): the text before the first 。 and what follows it."""
    index = text.find("。")
    if index == -1:
        return text.strip(), ""
    return text[:index].strip(), text[index + 1 :].strip()


def _join(lines: list[str]) -> str:
    return "\n".join(line for line in lines if line)


def _split_title(body: list[str]) -> tuple[str, str, str]:
    """(title, rest, whole text) of an item whose first line follows its number.

    "（一）持续深化示范创建" on a line of its own is a title; otherwise the first sentence is.
    """
    lines = [line for line in body if line]
    if not lines:
        return "", "", ""
    if len(lines) > 1 and "。" not in lines[0]:
        return lines[0].rstrip("：:；，"), _join(lines[1:]), _join(lines)
    whole = _join(lines)
    title, rest = _first_sentence(whole)
    return title, rest, whole


def _subsections(
    lines: list[str], pattern: re.Pattern[str], key_format: str
) -> tuple[int, list[tuple[str, list[str]]]] | None:
    """(index of the first numbered line, items) split at numbered headings; None when no line matches."""
    first = -1
    items: list[tuple[str, list[str]]] = []
    for index, line in enumerate(lines):
        match = pattern.match(line)
        if match:
            if first == -1:
                first = index
            items.append((key_format.format(match.group(1)), [match.group(2)]))
        elif items:
            items[-1][1].append(line)
    return (first, items) if items else None


def _inline_items(lines: list[str]) -> tuple[int, list[tuple[str, list[str]]]] | None:
    """(line of the first marker, items) of 一是…二是…三是…, inline or one per line; None when none."""
    text = _join(lines)
    markers = list(_INLINE_MARKER.finditer(text))
    # Keep markers that count up from 一 so a stray "一是" inside a sentence does not split it.
    expected = 1
    kept = []
    for marker in markers:
        if cn_number(marker.group(2)) == expected:
            kept.append(marker)
            expected += 1
    if not kept:
        return None
    items = []
    for index, marker in enumerate(kept):
        end = kept[index + 1].start(1) if index + 1 < len(kept) else len(text)
        # "一是…；二是…；": the separator is not part of the item.
        items.append((marker.group(1), [text[marker.end(1) : end].strip().rstrip("；，,;")]))
    return text.count("\n", 0, kept[0].start(1)), items


def _numbered(lines: list[str]) -> list[tuple[str, list[str]]] | None:
    """Items of a part by its outermost numbering: the one whose first occurrence comes first.

    On a tie (（一）一是… on one line) the numbering at the start of the line wins.
    """
    lines = [line for line in lines if line]
    found = [
        found
        for found in (
            _subsections(lines, _SUBSECTION, "（{}）"),
            _subsections(lines, _ARABIC_ITEM, "{}."),
            _inline_items(lines),
        )
        if found is not None
    ]
    if not found:
        return None
    return min(found, key=lambda f: f[0])[1]


def _paragraphs(lines: list[str]) -> list[str]:
    """Unnumbered paragraphs, without a lead-in that only announces them."""
    paragraphs = [line for line in lines if line]
    if len(paragraphs) > 1 and _LEAD_IN.search(paragraphs[0]):
        paragraphs = paragraphs[1:]
    return paragraphs


def _measure_items(lines: list[str]) -> list[Item]:
    """Measures: numbered subsections with titles; unnumbered paragraphs are one item each."""
    numbered = _numbered(lines)
    if numbered is None:
        numbered = [("", [p]) for p in _paragraphs(lines)]
    items = []
    for key, body in numbered:
        title, rest, whole = _split_title(body)
        if whole:
            items.append(Item(key=key, title=title, text=rest, metrics=extract_indicators(whole)))
    return items


def _enumerated_items(lines: list[str]) -> list[Item]:
    """Shortcomings and plans: numbered items (keys （一）, 1., 一是), else paragraphs (keys 1., 2.)."""
    numbered = _numbered(lines)
    if numbered is None:
        numbered = [(f"{n}.", [p]) for n, p in enumerate(_paragraphs(lines), 1)]
    items = []
    for key, body in numbered:
        # 一是… items carry no title; a （一）/1. subsection's title is kept next to its whole text.
        title, _, whole = _split_title(body) if not key.endswith("是") else ("", "", _join(body))
        if whole:
            items.append(Item(key=key, title=title, text=whole, metrics=extract_indicators(whole)))
    return items


def _strip_signature(content: list[str]) -> list[str]:
    """Drop the closing "天津市河西区人民政府 / 2024年3月28日" lines."""
    end = len(content)
    while end > 1 and len(content[end - 1]) <= 40 and _SIGNATURE.match(content[end - 1]):
        end -= 1
    return content[:end]


def _title(preamble: list[str]) -> str:
    """The title among the lines before the first part: a short line that is not a sentence."""
    candidates = [
        (index, line)
        for index, line in enumerate(preamble)
        if len(line) <= 80 and not line.endswith(("。", "：", ":", "；"))
    ]
    found = next(((i, line) for i, line in candidates if "报告" in line and "法治" in line), None)
    found = found or next(((i, line) for i, line in candidates if "报告" in line), None)
    found = found or next(((i, line) for i, line in candidates if "法治" in line), None)
    if found is None:
        if candidates and candidates[0][0] == 0 and len(candidates[0][1]) <= 60:
            return candidates[0][1]
        return ""
    index, title = found
    # A title set on two lines: "天津市河西区人民政府" / "关于2023年度法治政府建设情况的报告".
    if title.startswith("关于") and index > 0 and _SIGNATURE.match(preamble[index - 1]):
        title = preamble[index - 1] + title
    return title


def parse_report(raw_text: str, *, source: str = "<report>", region: str = "") -> Report:
    """Parse report text (any of the encodings' decoded text) into a :class:`Report`.

    Raises ``LawgovError`` when the text is empty, never mentions 法治, or has no part headings
    and does not say it is a 法治政府建设 report; anything less (missing parts, no title,
    truncated text, topical headings) is read as well as it can be and listed in
    ``Report.warnings``.  ``region`` (``--region``) overrides the region found in the text.
    """
    text = normalize(raw_text)
    text = _strip_repeated_furniture(text)
    lines = [line for line in text.split("\n") if line and not _is_noise(line)]
    content = _strip_signature(_split_run_on_title(_join_page_chunks(lines)))
    if not content:
        raise LawgovError("err.empty_report", path=source)
    if "法治" not in text and "依法" not in text:
        raise LawgovError("err.report_off_topic", path=source)

    layout = _canonical_layout(content)
    if "measures" not in layout.parts and _says_rule_of_law_report(text):
        topical = _topical_layout(content)
        if topical.sections or len(topical.parts) > len(layout.parts):
            layout = topical
    if not layout.parts and not layout.sections:
        if not _says_rule_of_law_report(text):
            raise LawgovError("err.report_no_parts", path=source)
        # No numbered parts at all: every paragraph after the title is a measure.
        layout = _Layout(preamble=content[:1], warnings=[("warn.no_parts", {})])
        layout.parts["measures"] = content[1:]
        layout.headings["measures"] = ""
    _move_misplaced_parts(layout)
    parts, headings, warnings = layout.parts, layout.headings, layout.warnings

    title = _title(layout.preamble)
    if not title:
        warnings.append(("warn.no_title", {}))

    year = _report_year(title, headings, text)
    if year is None:
        year = 2000
        warnings.append(("warn.no_year", {"year": year}))
    plan_year = year + 1
    plan_heading_year = _YEAR.search(headings.get("plans", ""))
    if plan_heading_year and _year_value(plan_heading_year.group(1)) in (year, year + 1):
        plan_year = max(_year_value(plan_heading_year.group(1)), year + 1)

    found_region = region.strip() or _region(title) or region_from_body(text)
    if not found_region:
        warnings.append(("warn.no_region", {}))

    report = Report(title=title, region=found_region, year=year, plan_year=plan_year)
    report.measures = _measure_items(parts.get("measures", []))
    for key, section_title, body in layout.sections:
        report.measures.extend(_section_items(key, section_title, body))
    report.shortcomings = _enumerated_items(parts.get("shortcomings", []))
    report.plans = _enumerated_items(parts.get("plans", []))
    report.duties = [
        Item(key="", text=p, metrics=extract_indicators(p)) for p in parts.get("duties", []) if p
    ]

    for part in PART_KEYS:
        present = part in parts or (part == "measures" and layout.sections)
        if not present:
            warnings.append(("warn.missing_part", {"part": f"part.{part}"}))
        elif not getattr(report, part):
            warnings.append(("warn.empty_part", {"part": f"part.{part}"}))
    last = content[-1]
    if not last.endswith(_TERMINAL) or _ENUM_PREFIX.fullmatch(last):  # "…（二）" and nothing after
        warnings.append(("warn.truncated", {"tail": last[-16:]}))
    report.warnings = warnings
    return report


@dataclass
class _Layout:
    """Where each part of a report is: lines per canonical part, and topical measure sections."""

    preamble: list[str] = field(default_factory=list)
    parts: dict[str, list[str]] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)
    sections: list[tuple[str, str, list[str]]] = field(default_factory=list)
    """Topical parts read as measures: (key （一）, heading, body lines)."""
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _canonical_layout(content: list[str]) -> _Layout:
    """Parts under headings that say what they are (主要举措和成效, 存在的不足 …)."""
    # Under 第一部分…第四部分 headings, "一、" numbers the subsections: read it as （一）.
    part_style = any(
        _PART_STYLE.match(line) and classify_heading(line) is not None and len(line) <= 80 for line in content
    )
    layout = _Layout()
    parts, headings = layout.parts, layout.headings
    current: list[str] | None = None
    for line in content:
        match = _PART_HEADING.match(line)
        if part_style and not _PART_STYLE.match(line):
            match = None
            sub = _TOP_ENUMERATOR.match(line)
            if sub and current is not None:
                line = f"（{sub.group(1)}）{sub.group(2)}"
        if match and len(line) <= 80 and not line.endswith("。"):
            heading = match.group(3)
            part = classify_heading(heading)
            if part is None:
                layout.warnings.append(("warn.unknown_heading", {"heading": line}))
                current = None
                continue
            if part in parts:
                current = parts[part]  # a repeated heading continues its part
                continue
            parts[part] = []
            headings[part] = heading
            current = parts[part]
            continue
        if current is not None:
            current.append(line)
        elif not parts:
            layout.preamble.append(line)
    return layout


_RULE_OF_LAW_REPORT = re.compile(r"法治政府建设|依法行政工作|法治建设(?:工作)?(?:情况|年度)")


def _says_rule_of_law_report(text: str) -> bool:
    """The title, opening or any part says this is a 法治政府建设 report."""
    return bool(_RULE_OF_LAW_REPORT.search(text)) and any(
        word in text for word in ("报告", "总结", "情况", "工作")
    )


_INLINE_TOP = re.compile(rf"(?<=[。：:；！？])\s*({_CN_NUM})、")


def _split_inline_headings(content: list[str]) -> list[str]:
    """Break "…保障。一、坚持党的领导…" before each top-level number that continues the count."""
    out: list[str] = []
    expected = 1
    for line in content:
        start = _TOP_ENUMERATOR.match(line)
        if start and cn_number(start.group(1)) == expected:
            expected += 1
        cut = 0
        for match in _INLINE_TOP.finditer(line):
            if cn_number(match.group(1)) == expected:
                out.append(line[cut : match.start(1)].strip())
                cut = match.start(1)
                expected += 1
        out.append(line[cut:].strip())
    return [line for line in out if line]


def _topical_class(heading: str) -> str:
    """Like :func:`classify_heading`, but "补短板" or "缩小差距" alone does not make a shortcomings part."""
    part = classify_heading(heading)
    if part is None or (part == "shortcomings" and not any(w in heading for w in ("存在", "不足", "问题"))):
        return "measures"
    return part


def _heading_and_rest(text: str) -> tuple[str, str]:
    """A topical heading and the body text that may follow it on the same line."""
    index = text.find("。")
    heading, rest = (text, "") if index == -1 else (text[:index], text[index + 1 :])
    if len(heading) > 40 and "，" in heading[4:]:
        comma = heading.index("，", 4)
        heading, rest = heading[:comma], heading[comma + 1 :] + ("。" if index != -1 else "") + rest
    return heading.strip(), rest.strip()


def _topical_layout(content: list[str]) -> _Layout:
    """Parts headed by topics (一、坚持依法决策，…; 二、深化"放管服"改革…): each top-level part
    that is not the duty, shortcomings or plans part is a section of measures."""
    layout = _Layout()
    expected = 1
    current: list[str] | None = None
    for line in _split_inline_headings(content):
        match = _TOP_ENUMERATOR.match(line)
        if match and cn_number(match.group(1)) == expected and match.group(2):
            expected += 1
            heading, rest = _heading_and_rest(match.group(2))
            part = _topical_class(heading)
            body = [rest] if rest else []
            if part == "measures":
                layout.sections.append((f"（{match.group(1)}）", heading, body))
                layout.headings.setdefault("measures", heading)
            elif part in layout.parts:
                layout.parts[part].extend(body)
            else:
                layout.parts[part] = body
                layout.headings[part] = heading
            current = body if part == "measures" else layout.parts[part]
            continue
        if current is not None:
            current.append(line)
        else:
            layout.preamble.append(line)
    return layout


_ENUM_PREFIX = re.compile(rf"^(?:（{_CN_NUM}）|\d{{1,2}}[.、]|{_CN_NUM}是)\s*")
_PLANS_OPENER = re.compile(r"^(?:下一步|下一年度|今后|新的一年)")
_SHORTCOMINGS_OPENER = re.compile(
    r"^(?:存在的?(?:问题|不足)|(?:但|同时|当然|但是)?[^。，]{0,10}(?:还存在|仍存在|也存在|存在一些|存在着))"
)


def _opens(line: str, part: str) -> bool:
    """Whether a line inside another part starts the shortcomings or the plans."""
    bare = _ENUM_PREFIX.sub("", line)
    opener = _PLANS_OPENER if part == "plans" else _SHORTCOMINGS_OPENER
    if opener.match(bare):
        return True
    if len(bare) <= 40 and not bare.endswith(_TERMINAL):
        return _topical_class(bare) == part
    return False


def _move_misplaced_parts(layout: _Layout) -> None:
    """Shortcomings and plans said inside another part ("（二）下一步工作计划" under "存在的问题和
    下一步打算", a last measures section ending "下一步，我们将…") become parts of their own."""
    for part, hosts in (("shortcomings", ("measures",)), ("plans", ("shortcomings", "measures"))):
        if part in layout.parts:
            continue
        for host in hosts:
            lines = (
                layout.sections[-1][2] if host == "measures" and layout.sections else layout.parts.get(host)
            )
            if not lines:
                continue
            index = next((i for i, line in enumerate(lines) if i > 0 and _opens(line, part)), None)
            if index is not None:
                opener = _ENUM_PREFIX.sub("", lines[index])
                # A sub-heading ("（二）下一步工作打算") names the part; a paragraph is part of it.
                is_heading = len(opener) <= 40 and not opener.endswith(_TERMINAL)
                layout.parts[part] = lines[index + 1 :] if is_heading else lines[index:]
                layout.headings[part] = opener[:40]
                del lines[index:]
                break


def _section_items(key: str, heading: str, body: list[str]) -> list[Item]:
    """The measures of one topical part: its numbered subsections, else the part as one item."""
    numbered = _numbered([line for line in body if line])
    if numbered is not None:
        return _measure_items(body)
    whole = _join(body)
    if not whole and not heading:
        return []
    return [Item(key=key, title=heading, text=whole, metrics=extract_indicators(_join([heading, whole])))]
