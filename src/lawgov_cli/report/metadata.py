"""A report's metadata read from its text: the year it reports on (2023年 or 二〇二三年) and the
government it is from (in the title, else named in the body)."""

from __future__ import annotations

import re
from collections import Counter

_CN_YEAR_DIGITS = "〇零一二三四五六七八九"
_CN_YEAR_DIGIT_VALUES = {ch: max(index - 1, 0) for index, ch in enumerate(_CN_YEAR_DIGITS)}  # 〇, 零 -> 0
# 2023年 or 二〇二三年 (not "三年行动计划").
_YEAR = re.compile(rf"((?:19|20)\d\d|(?:二[〇零]|一九)[{_CN_YEAR_DIGITS}]{{2}})\s*年")


def _year_value(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    return int("".join(str(_CN_YEAR_DIGIT_VALUES[ch]) for ch in numeral))


def _report_year(title: str, headings: dict[str, str], text: str) -> int | None:
    for source in (
        title,
        headings.get("measures", ""),
        headings.get("duties", ""),
        headings.get("shortcomings", ""),
    ):
        match = _YEAR.search(source)
        if match:
            return _year_value(match.group(1))
    years = Counter(_year_value(m.group(1)) for m in _YEAR.finditer(text))
    if years:
        return years.most_common(1)[0][0]
    return None


_REGION_SUFFIX = re.compile(r"(人民政府|政府|关于|办公室|发布|印发)+$")
_REGION_END = re.compile(r"^(.{2,20}?(?:自治区|自治州|自治县|特别行政区|新区|省|市|区|县|州|盟|旗))")


def _region(title: str) -> str:
    """The government's name from the title: "南开区2023年度…" -> 南开区; "天津市南开区人民政府关于…" -> 天津市南开区."""
    match = _YEAR.search(title)
    head = title[: match.start()] if match else title
    head = _REGION_SUFFIX.sub("", head.strip())
    if not head:
        return ""
    if match:
        if not head:  # "2020年静海区法治政府建设情况报告": the name follows the year
            found = _REGION_END.match(_REGION_SUFFIX.sub("", title[match.end() :].lstrip("度 ")))
            return found.group(1) if found and "法治" not in found.group(1) else ""
        return head
    found = _REGION_END.match(head)
    return found.group(1) if found else ""


_PROVINCES = [
    "北京市",
    "天津市",
    "上海市",
    "重庆市",
    "河北省",
    "山西省",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "海南省",
    "四川省",
    "贵州省",
    "云南省",
    "陕西省",
    "甘肃省",
    "青海省",
    "台湾省",
    "内蒙古自治区",
    "广西壮族自治区",
    "西藏自治区",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
]
# "2023年，静海区坚持…", "山西省委、省政府…", "新市街道办事处坚持…", "市市场监管局在…": a name
# with an administrative suffix, standing where a sentence's subject stands.
_BODY_SUBJECT = re.compile(
    r"(?:^|(?<=[，。；：\n、]))((?:[\u4e00-\u9fff]{2,5}?)(?:自治区|自治县|街道办事处|街道|省|市|区|县|旗|镇|乡|局|厅))"
    r"(?=坚持|全面|深入|认真|紧紧|始终|严格|扎实|聚焦|围绕|以|在|委|人民政府|政府|党工委|党委)"
)
_NOT_A_NAME = re.compile(
    r"[我全本各该和与及的在是了对将把为从向按经]|^[省市区县镇乡]|召开|主持|举办|多次|落实|推动|推进|开展|学习|贯彻"
)


def region_from_body(text: str) -> str:
    """The issuing government or body named in the text when the title does not say it.

    The name that most often stands as a sentence's subject ("2023年，静海区坚持…"), else a
    province named anywhere outside 《》; "" when neither is found.
    """
    plain = re.sub(r"《[^》]*》", "", text)
    names = Counter(
        match.group(1)
        for match in _BODY_SUBJECT.finditer(plain)
        if not _NOT_A_NAME.search(match.group(1)) or match.group(1).startswith("市市")
    )
    if names:
        return names.most_common(1)[0][0]
    for province in _PROVINCES:
        short = province[:2]
        if province in plain or (short in plain and short not in ("北京", "天津", "上海", "重庆")):
            return province
    return ""
