"""Properties of the report reader on arbitrary input: it fails only with ``LawgovError``.

Two sources of text: anything at all (``st.text()``), and text assembled from the pieces real
reports are made of — part headings, （一）/㈠/(一)/1. numbering, 一是, figures with units,
《titles》, “quotes”, page noise, mixed punctuation and line breaks — which reaches far deeper
into the parser than random characters do.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lawgov_cli.errors import LawgovError
from lawgov_cli.report import Report, extract_indicators, parse_report
from lawgov_cli.report.text import normalize

HEADINGS = [
    "一、2023年推进法治政府建设的主要举措和成效",
    "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "四、2024年工作安排",
    "二、存在的问题",
    "一、工作开展情况",
    "四、下一步工作打算",
    "第一部分 主要工作成效",
    "第二部分 存在的差距和不足",
    "第三部分",
    "五、其他情况",
    "十、",
    "一〇十、",
    "二十三.",
]
NUMBERING = [
    "（一）",
    "(二)",
    "㈢",
    "⑷",
    "①",
    "1.",
    "2、",
    "12．",
    "一是",
    "二是",
    "十是",
    "一〇十是",
    "三是",
    "一、",
    "第二",
]
WORDS = [
    "推进法治政府建设",
    "新收行政复议案件",
    "办结",
    "纠错率",
    "约",
    "近",
    "分别较2022年底上涨",
    "同比增长",
    "公布",
    "“四免”改革事项",
    "《条例》第",
    "《法治政府建设实施纲要（2021-2025年）》",
    "〔2019〕",
    "【打印本页】",
    "首页 > 政务公开",
    "发布时间：",
    "天津市河西区人民政府",
    "关于",
    "二〇二三年",
    "2023年度",
    "报告",
    "第三批",
    "二十大",
    "余",
    "以上",
    "和",
    "、",
    "的",
    "力争达到",
    "举办法治培训班",
    "审核",
    "是",
]
FIGURES = st.builds(
    lambda number, unit: f"{number}{unit}",
    st.one_of(
        st.integers(min_value=0, max_value=10**7).map(str),
        st.floats(min_value=0, max_value=10**4, allow_nan=False).map(lambda f: f"{f:.2f}"),
        st.sampled_from(["１２", "３.６", "0", "00", "1.", ".5", "٣"]),
    ),
    st.sampled_from(
        ["件", "%", "％", "个百分点", "个", "个和", "万元", "余卷", "项", "人次", "年", "月", "", "多人"]
    ),
)
PUNCTUATION = st.sampled_from(
    [*'，。；：、,.;:!?！？“”"‘’（）()《》〔〕【】 \u3000\xa0\t\r\n', "\n\n", "\r\n", "……"]
)
FRAGMENT = st.one_of(
    st.sampled_from(HEADINGS).map(lambda h: f"\n{h}\n"),
    st.sampled_from(NUMBERING),
    st.sampled_from(WORDS),
    FIGURES,
    PUNCTUATION,
    st.text(max_size=5),
)
REPORT_LIKE = st.lists(FRAGMENT, max_size=60).map("".join)
ANY_TEXT = st.one_of(st.text(), REPORT_LIKE)


def _parse(text: str) -> Report | None:
    try:
        return parse_report(text, source="fuzz.txt")
    except LawgovError as error:
        # The error is one line whatever the input, and names the source.
        rendered = error.render("zh")
        assert "\n" not in rendered
        assert rendered.startswith("fuzz.txt: ")
        return None


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_parse_report_raises_only_lawgov_error(text: str) -> None:
    report = _parse(text)
    if report is None:
        return
    document = report.to_json()
    assert document["schema"] == 1
    assert document["plan_year"] >= document["year"]
    for key, _ in report.warnings:
        assert key.startswith("warn.")


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_extract_indicators_never_raises(text: str) -> None:
    for source in (text, normalize(text)):
        for indicator in extract_indicators(source):
            assert indicator.unit
            assert indicator.value >= 0
            assert indicator.text


@settings(max_examples=100, deadline=None)
@given(REPORT_LIKE)
def test_a_heading_keeps_a_report_readable(body: str) -> None:
    """Whatever follows a title and a measures heading, the result is a report, not an error."""
    report = _parse(f"南开区2023年度法治政府建设情况报告\n一、主要举措和成效\n{body}")
    assert report is not None
    assert report.region == "南开区"
    assert report.year == 2023
