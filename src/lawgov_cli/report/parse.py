"""Report text -> :class:`Report`: find the four parts, their items and indicators.

The shape every 法治政府建设年度报告 shares (厅字〔2019〕28号): a title line, then parts headed
一、二、三、四、 (in any order) — measures and results, shortcomings, the principal leader's duty,
next year's plans.  Part headings are recognised by what they say, not by their number, so
"工作开展情况" or "存在的差距和不足" work as well as the Nankai wording.  Inside a part, items are
（一）（二）subsections, "1." lists or inline 一是…二是…; whatever is missing or cut off becomes a
warning, not an error.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from lawgov_cli.errors import LawgovError
from lawgov_cli.report.indicators import extract_indicators
from lawgov_cli.report.model import Item, Report
from lawgov_cli.report.text import CN_DIGITS, normalize

PART_KEYS = ("measures", "shortcomings", "duties", "plans")

_CN_NUM = f"[{CN_DIGITS}]{{1,3}}"
_PART_HEADING = re.compile(rf"^(?:第({_CN_NUM})部分[、：:\s]*|({_CN_NUM})[、．.]\s*)(.*)$")
_SUBSECTION = re.compile(rf"^（({_CN_NUM})）\s*(.*)$")
_ARABIC_ITEM = re.compile(r"^(\d{1,2})[.、．]\s*(?!\d)(.+)$")
_INLINE_MARKER = re.compile(rf"(?:^|(?<=[。；！？：，\n]))\s*(({_CN_NUM})是)")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")

# Heading classification: the first rule that matches wins, so the duty part ("…负责人履行…
# 情况") is not taken for measures ("…情况"), nor plans ("下一步…") for shortcomings.
_HEADING_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("duties", ("第一责任人", "负责人履行", "主要负责人", "履行推进法治")),
    ("shortcomings", ("不足", "存在的问题", "存在问题", "差距", "短板")),
    ("plans", ("下一步", "安排", "打算", "工作计划", "工作思路", "工作重点", "努力方向")),
    ("measures", ("举措", "成效", "开展情况", "主要工作", "工作情况", "进展", "做法", "措施")),
)

_NOISE = re.compile(
    r"^(?:首页|当前位置|您当前的位置|您的位置|位置|来源|信息来源|文章来源|发布时间|发布日期|发布机构|时间|作者|"
    r"浏览次数|访问量|点击数|阅读数|字号|【?字体|【?打印|【?关闭|分享到|扫一扫|索引号|发文机关|主题分类|成文日期|"
    r"上一篇|下一篇|返回顶部|相关链接|附件)"
)
_DATE_LINE = re.compile(
    r"^\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_BREADCRUMB = re.compile(r"\s[>»＞]\s|>>")
_TERMINAL = tuple("。！？”）》…；")


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
    """Value of a Chinese numeral up to 九十九: 一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23."""
    if "十" not in numeral:
        return CN_DIGITS.index(numeral) if len(numeral) == 1 and numeral in CN_DIGITS else -1
    tens, _, ones = numeral.partition("十")
    value = (CN_DIGITS.index(tens) if tens else 1) * 10
    return value + (CN_DIGITS.index(ones) if ones else 0)


def _first_sentence(text: str) -> tuple[str, str]:
    """(title, rest): the text before the first 。 and what follows it."""
    index = text.find("。")
    if index == -1:
        return text.strip(), ""
    return text[:index].strip(), text[index + 1 :].strip()


def _join(lines: list[str]) -> str:
    return "\n".join(line for line in lines if line)


def _subsections(
    lines: list[str], pattern: re.Pattern[str], key_format: str
) -> list[tuple[str, list[str]]] | None:
    """Split lines at numbered headings; None when no line matches."""
    items: list[tuple[str, list[str]]] = []
    for line in lines:
        match = pattern.match(line)
        if match:
            items.append((key_format.format(match.group(1)), [match.group(2)]))
        elif items:
            items[-1][1].append(line)
    return items or None


def _inline_items(text: str) -> list[tuple[str, str]] | None:
    """Inline 一是…二是…三是… items as (key, text); None when there are none."""
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
        items.append((marker.group(1), text[marker.end(1) : end].strip()))
    return items


def _items_with_titles(lines: list[str]) -> list[Item]:
    sections = _subsections(lines, _SUBSECTION, "（{}）") or _subsections(lines, _ARABIC_ITEM, "{}.")
    if sections is None:
        text = _join(lines)
        if not text:
            return []
        title, rest = _first_sentence(text)
        return [Item(key="", title=title, text=rest, metrics=extract_indicators(text))]
    items = []
    for key, body in sections:
        text = _join(body)
        title, rest = _first_sentence(text)
        items.append(Item(key=key, title=title, text=rest, metrics=extract_indicators(text)))
    return items


def _enumerated_items(lines: list[str]) -> list[Item]:
    """Shortcomings and plans: inline 一是…, else （一） subsections, else 1. lists, else paragraphs."""
    text = _join(lines)
    inline = _inline_items(text)
    if inline is not None:
        return [Item(key=key, text=body, metrics=extract_indicators(body)) for key, body in inline]
    sections = _subsections(lines, _SUBSECTION, "（{}）") or _subsections(lines, _ARABIC_ITEM, "{}.")
    if sections is not None:
        items = []
        for key, body in sections:
            body_text = _join(body)
            title, _ = _first_sentence(body_text)
            items.append(Item(key=key, title=title, text=body_text, metrics=extract_indicators(body_text)))
        return items
    # Plain paragraphs; a lead-in paragraph ("…存在一些不足。", "…主要安排如下：") is not an item.
    paragraphs = [line for line in lines if line]
    if len(paragraphs) > 1 and (paragraphs[0].endswith(("：", ":")) or len(paragraphs[0]) < 60):
        paragraphs = paragraphs[1:]
    return [Item(key=f"{n}.", text=p, metrics=extract_indicators(p)) for n, p in enumerate(paragraphs, 1)]


def parse_report(raw_text: str, *, source: str = "<report>") -> Report:
    """Parse report text (any of the encodings' decoded text) into a :class:`Report`.

    Raises ``LawgovError`` when the text is empty or has none of the four parts; anything less
    (missing parts, no title, truncated text) is listed in ``Report.warnings``.
    """
    text = normalize(raw_text)
    lines = [line for line in text.split("\n")]
    content = [line for line in lines if line and not _is_noise(line)]
    if not content:
        raise LawgovError("err.empty_report", path=source)

    warnings: list[tuple[str, dict[str, Any]]] = []
    parts: dict[str, list[str]] = {}
    headings: dict[str, str] = {}
    preamble: list[str] = []
    current: list[str] | None = None
    for line in content:
        match = _PART_HEADING.match(line)
        if match and len(line) <= 80 and not line.endswith("。"):
            heading = match.group(3)
            part = classify_heading(heading)
            if part is None:
                warnings.append(("warn.unknown_heading", {"heading": line}))
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
            preamble.append(line)

    if not parts:
        reason = "no part headings such as 一、…主要举措和成效 / 二、…存在的不足 were found"
        raise LawgovError("err.not_a_report", path=source, reason=reason)

    title = next((line for line in preamble if "报告" in line and len(line) <= 80), "")
    if not title and preamble and len(preamble[0]) <= 60 and not preamble[0].endswith("。"):
        title = preamble[0]
    if not title:
        warnings.append(("warn.no_title", {}))

    year = _report_year(title, headings, text)
    if year is None:
        year = 2000
        warnings.append(("warn.no_year", {"year": year}))
    plan_year = year + 1
    plan_heading_year = _YEAR.search(headings.get("plans", ""))
    if plan_heading_year and int(plan_heading_year.group(1)) in (year, year + 1):
        plan_year = int(plan_heading_year.group(1)) if int(plan_heading_year.group(1)) > year else year + 1

    region = _region(title)
    if not region:
        warnings.append(("warn.no_region", {}))

    report = Report(title=title, region=region, year=year, plan_year=plan_year)
    report.measures = _items_with_titles(parts.get("measures", []))
    report.shortcomings = _enumerated_items(parts.get("shortcomings", []))
    report.plans = _enumerated_items(parts.get("plans", []))
    report.duties = [
        Item(key="", text=p, metrics=extract_indicators(p)) for p in parts.get("duties", []) if p
    ]

    for part in PART_KEYS:
        if part not in parts:
            warnings.append(("warn.missing_part", {"part": f"part.{part}"}))
        elif not getattr(report, part):
            warnings.append(("warn.empty_part", {"part": f"part.{part}"}))
    last = content[-1]
    if not last.endswith(_TERMINAL):
        warnings.append(("warn.truncated", {"tail": last[-16:]}))
    report.warnings = warnings
    return report


def _report_year(title: str, headings: dict[str, str], text: str) -> int | None:
    for source in (
        title,
        headings.get("measures", ""),
        headings.get("duties", ""),
        headings.get("shortcomings", ""),
    ):
        match = _YEAR.search(source)
        if match:
            return int(match.group(1))
    years = Counter(int(m.group(1)) for m in _YEAR.finditer(text))
    if years:
        return years.most_common(1)[0][0]
    return None


_REGION_SUFFIX = re.compile(r"(人民政府|政府|关于|办公室)+$")
_REGION_END = re.compile(r"^(.{2,20}?(?:自治区|自治州|自治县|特别行政区|新区|省|市|区|县|州|盟|旗))")


def _region(title: str) -> str:
    """The government's name from the title: "南开区2023年度…" -> 南开区; "天津市南开区人民政府关于…" -> 天津市南开区."""
    match = _YEAR.search(title)
    head = title[: match.start()] if match else title
    head = _REGION_SUFFIX.sub("", head.strip())
    if not head:
        return ""
    if match:
        return head
    found = _REGION_END.match(head)
    return found.group(1) if found else ""
