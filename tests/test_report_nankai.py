"""The bundled 南开区 2023 report, pinned completely: parts, items and all 52 indicators."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lawgov_cli.cli import main
from lawgov_cli.report import Indicator, Report, extract_indicators, parse_report
from lawgov_cli.report.text import normalize, read_report_file

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nankai_2023_rule_of_law_report.txt"
BUNDLED = ROOT / "src" / "lawgov_cli" / "data" / "nankai_2023_rule_of_law_report.txt"

MEASURE_TITLES = [
    ("（一）", "持续推进学习宣传贯彻习近平法治思想"),
    ("（二）", "全力打造公正透明的法治化营商环境"),
    ("（三）", "坚持健全完善依法行政制度体系"),
    ("（四）", "深入推进严格规范公正文明执法"),
    ("（五）", "推进基层应急管理能力建设"),
    ("（六）", "积极推动依法化解矛盾纠纷"),
    ("（七）", "持续激发法治政府建设活力"),
]

# Every numeric indicator of the report, in reading order: (name, value, unit, approx).
INDICATORS: list[tuple[str, int | float, str, bool]] = [
    # （一）持续推进学习宣传贯彻习近平法治思想
    ("会前学法", 5, "次", False),
    ("交流研讨", 1, "次", False),
    ("习近平法治思想专题讲座", 2, "次", False),
    # （二）全力打造公正透明的法治化营商环境
    ("南开区“互联网+监管”事项目录清单(认领)", 743, "项", False),
    ("“双随机、一公开”数据", 12777, "条", False),
    ("公共开放数据", 186, "条", False),
    ("区级部门权责清单", 28, "件", False),
    ("“四免”改革事项", 148, "项", False),
    ("“免申即享”政策", 50, "项", False),
    ("政务服务事项", 53, "项", False),
    ("区级政务服务中心事项纳入综合窗口", 90, "%", True),
    ("事项实现“一窗”分类受理", 90, "%", True),
    ("“网上办”事项", 561, "项", False),
    ("“一次办”事项", 623, "项", False),
    ("“就近办”事项", 269, "项", False),
    ("“马上办”事项", 374, "项", False),
    # （三）坚持健全完善依法行政制度体系
    ("年度重大行政决策事项", 4, "项", False),
    ("行政规范性文件合法性审核意见", 10, "件", False),
    ("行政规范性文件", 1, "件", False),
    ("专项清理工作", 3, "次", False),
    ("法律法规规章草案和规范性文件送审稿的起草、论证", 69, "件", False),
    ("法律意见", 208, "件", False),
    ("合作项目洽谈、政府采购等事务及起草、修改、审核重要的法律文书", 668, "件", False),
    ("行政处罚审核、行政复议等工作", 404, "件", False),
    # （四）深入推进严格规范公正文明执法
    ("“两品一械”违法案件", 43, "件", False),
    ("涉网类诈骗案件", 770, "起", False),
    ("电诈案件破案率", 63.7, "%", False),
    ("执法检查", 1945, "户次", False),
    ("立案", 56, "件", False),
    ("罚款金额", 158, "万元", True),
    ("行政执法案件", 45680, "件", False),
    ("行政执法案件(同比增长)", 21, "%", False),
    ("各行政执法部门履职率、办案率", 100, "%", False),
    ("行政处罚案件信息动态公示", 100, "%", False),
    # （五）推进基层应急管理能力建设
    ("区级专业应急救援队伍", 20, "支", False),
    ("常备力量", 4400, "人", False),
    ("覆盖街道、社区两级的基层应急救援队伍", 1000, "人", True),
    ("基层应急预案", 72, "个", False),
    ("社区", 171, "个", False),
    ("基本物理空间", 4, "个", False),
    # （六）积极推动依法化解矛盾纠纷
    ("行政复议案件(新收)", 319, "件", False),
    ("行政复议案件(办结)", 305, "件", False),
    ("纠错率", 3.6, "%", False),
    ("案前、案中综合调解率", 35.21, "%", False),
    ("行政机关负责人出庭应诉率", 100, "%", False),
    ("实质化解率", 88.26, "%", False),
    ("行政机关负责人出庭应诉率(较2022年底上涨)", 1.62, "个百分点", False),
    ("实质化解率(较2022年底上涨)", 5.29, "个百分点", False),
    # （七）持续激发法治政府建设活力
    ("法治建设台账等档案资料", 150, "卷", True),
    ("干部", 62, "名", False),
    # 三、区政府主要负责人履行推进法治政府建设第一责任人职责情况
    ("批示", 20, "次", True),
    ("研究部署法治建设工作区政府常务会", 12, "次", False),
]
# How many of INDICATORS each measure and the duty paragraph hold.
PER_ITEM = {"（一）": 3, "（二）": 13, "（三）": 8, "（四）": 10, "（五）": 6, "（六）": 8, "（七）": 2}
PER_DUTY = 2

# A figure as it is written: Arabic number, optional 万/余/多, a counting unit.  Years (2023年)
# and dates are not followed by a unit, so this finds exactly the figures a reader would count.
FIGURE = re.compile(
    r"(?<![\d.])\d+(?:\.\d+)?(?=[万余多]*(?:个百分点|个|户次|%|项|条|件|次|起|人|支|名|卷|元))"
)


def _tuple(indicator: Indicator) -> tuple[str, int | float, str, bool]:
    return (indicator.name, indicator.value, indicator.unit, indicator.approx)


@pytest.fixture(scope="module")
def report() -> Report:
    return parse_report(read_report_file(SEED), source=str(SEED))


@pytest.fixture(scope="module")
def document() -> str:
    return normalize(SEED.read_text(encoding="utf-8"))


def test_the_seed_is_the_bundled_report() -> None:
    assert SEED.read_bytes() == BUNDLED.read_bytes()


def test_title_region_and_years(report: Report) -> None:
    assert report.title == "南开区2023年度法治政府建设情况报告"
    assert report.region == "南开区"
    assert report.year == 2023
    assert report.plan_year == 2024
    assert report.warnings == []


def test_measures(report: Report) -> None:
    assert [(item.key, item.title) for item in report.measures] == MEASURE_TITLES
    first = report.measures[0]
    assert first.text.startswith("将习近平法治思想作为全区行政机关集体学习的重中之重")
    assert first.text.endswith("多措并举推动习近平法治思想入脑入心。")
    last = report.measures[-1]
    assert last.text.endswith("我区被评为天津市第三批法治政府建设示范创建示范地区。")
    # No measure swallowed the next part's heading.
    assert all("存在的不足" not in item.text for item in report.measures)


def test_shortcomings(report: Report) -> None:
    assert [item.key for item in report.shortcomings] == ["一是", "二是", "三是"]
    texts = [item.text for item in report.shortcomings]
    assert texts[0].startswith("法治政府建设整体工作推进不均衡")
    assert texts[1].startswith("推进法治政府建设责任链条拧得还不紧不实")
    assert texts[2].startswith("法治队伍专业化建设存在短板")
    assert texts[2].endswith("行政执法质效有待进一步提升。")
    # The lead-in "…依然存在一些不足。" is not an item.
    assert all("依然存在一些不足" not in text for text in texts)
    assert all(item.metrics == [] for item in report.shortcomings)


def test_duties(report: Report) -> None:
    assert len(report.duties) == 1
    duty = report.duties[0]
    assert duty.key == ""
    assert duty.text.startswith("2023年，区政府主要负责同志坚持以学习抓贯彻")
    assert duty.text.endswith("切实推动“一规划两纲要”在南开区落实落地。")


def test_plans(report: Report) -> None:
    assert [item.key for item in report.plans] == ["一是", "二是", "三是"]
    texts = [item.text for item in report.plans]
    assert texts[0].startswith("全力推进法治政府建设示范创建工作")
    assert texts[1].startswith("聚焦法治政府建设领域短板")
    assert texts[2].startswith("深入贯彻实施提升行政执法质量三年行动计划")
    assert texts[2].endswith("大力提升各领域行政执法质量和效能。")
    # The lead-in "2024年，南开区将…率先突破。" is not a plan.
    assert all("率先突破" not in text for text in texts)
    assert all(item.metrics == [] for item in report.plans)


def test_all_52_indicators(report: Report) -> None:
    assert len(INDICATORS) == 52
    assert [_tuple(i) for i in report.indicators()] == INDICATORS


def test_indicators_per_item(report: Report) -> None:
    assert {item.key: len(item.metrics) for item in report.measures} == PER_ITEM
    assert len(report.duties[0].metrics) == PER_DUTY
    assert sum(PER_ITEM.values()) + PER_DUTY == len(INDICATORS)


def test_each_figure_of_the_document_is_one_indicator(report: Report, document: str) -> None:
    """The indicators' source texts lie in the document in order, and each covers exactly one figure."""
    indicators = report.indicators()
    assert len({_tuple(i) for i in indicators}) == len(indicators), "an indicator is listed twice"
    spans = []
    cursor = 0
    for indicator in indicators:
        start = document.find(indicator.text, cursor)
        assert start != -1, f"{indicator.text!r} is not in the document after position {cursor}"
        end = start + len(indicator.text)
        spans.append((start, end))
        cursor = start + 1
    figures = [m.start() for m in FIGURE.finditer(document)]
    assert len(figures) == 52
    for position in figures:
        covering = [i for i, (start, end) in enumerate(spans) if start <= position < end]
        assert len(covering) == 1, (document[position : position + 12], covering)
    # …and every indicator covers one of those figures.
    assert sorted({next(p for p in figures if s <= p < e) for s, e in spans}) == figures


def test_indicator_texts_state_their_figure(report: Report) -> None:
    for indicator in report.indicators():
        number = f"{indicator.value:g}" if isinstance(indicator.value, float) else str(indicator.value)
        assert number in indicator.text.replace("3.60", "3.6"), indicator
        written = indicator.text.replace("余", "").replace("多", "")
        assert indicator.unit.replace("个百分点", "个") in written, indicator


@pytest.mark.parametrize("word", ["第三批", "二十大", "一规划两纲要", "三年行动计划", "《"])
def test_names_with_numerals_are_not_indicators(report: Report, document: str, word: str) -> None:
    assert word in document
    for indicator in report.indicators():
        assert word not in indicator.name
        assert word not in indicator.text or word == "《"


def test_years_are_not_indicators(report: Report) -> None:
    values = [i.value for i in report.indicators()]
    assert not {2022, 2023, 2024} & set(values)
    assert all(i.unit != "年" for i in report.indicators())
    # "2022年底" only qualifies the change it is the base of.
    assert [i.name for i in report.indicators() if "2022" in i.name] == [
        "行政机关负责人出庭应诉率(较2022年底上涨)",
        "实质化解率(较2022年底上涨)",
    ]


def test_numbers_inside_titles_are_not_indicators(report: Report) -> None:
    quoted = [i for i in report.indicators() if "《" in i.text]
    assert quoted == []


# --- extract_indicators on small strings -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("公布148项“四免”改革事项", [("“四免”改革事项", 148, "项", False)]),
        (
            "新收行政复议案件319件，办结305件。",
            [("行政复议案件(新收)", 319, "件", False), ("行政复议案件(办结)", 305, "件", False)],
        ),
        ("纠错率3.60%", [("纠错率", 3.6, "%", False)]),
        ("罚款金额约158万余元", [("罚款金额", 158, "万元", True)]),
        ("查阅档案资料150余卷", [("档案资料", 150, "卷", True)]),
        (
            "推动区级政务服务中心90%以上事项纳入综合窗口",
            [("区级政务服务中心事项纳入综合窗口", 90, "%", True)],
        ),
        (
            "实质化解率88.26%，较2022年底上涨5.29个百分点。",
            [("实质化解率", 88.26, "%", False), ("实质化解率(较2022年底上涨)", 5.29, "个百分点", False)],
        ),
        ("压缩至0.5个工作日", [("个工作日", 0.5, "个工作日", False)]),
        ("全年举办法治培训班3期", [("法治培训班", 3, "期", False)]),
        ("执法检查量同比增长15.3%", [("执法检查量(同比增长)", 15.3, "%", False)]),
        ("审核区政府合同46份", [("区政府合同(审核)", 46, "份", False)]),
        ("行政复议案件调解和解率力争达到30%", [("行政复议案件调解和解率", 30, "%", False)]),
        ("全年评查案卷不少于300卷", [("案卷(评查)", 300, "卷", True)]),
    ],
)
def test_extract_indicators(text: str, expected: list[tuple[str, int | float, str, bool]]) -> None:
    assert [_tuple(i) for i in extract_indicators(text)] == expected


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("约158万余元", True),
        ("90%以上", True),
        ("150余卷", True),
        ("近300人", True),
        ("逾20次", True),
        ("158万元", False),
    ],
)
def test_approximate_values(text: str, approx: bool) -> None:
    (indicator,) = extract_indicators(text)
    assert indicator.approx is approx


@pytest.mark.parametrize(
    "text",
    [
        "《条例》第12条",
        "依据《法治政府建设实施纲要（2021-2025年）》第12条",
        "印发《关于做好2024年12项重点工作的通知》",
        "2024年3月28日",
        "2023年",
        "截至2022年底",
        "我区被评为天津市第三批法治政府建设示范创建示范地区",
        "全面贯彻落实党的二十大精神",
        "严格落实法治建设“一规划两纲要”",
        "深入贯彻实施提升行政执法质量三年行动计划",
        "津政办发〔2023〕12号",
        "历时12个月",
        "",
    ],
)
def test_not_indicators(text: str) -> None:
    assert extract_indicators(text) == []


def test_shared_unit_text_stops_at_the_figure() -> None:
    first, second = extract_indicators("分别较2022年底上涨1.62个和5.29个百分点")
    assert (first.unit, second.unit) == ("个百分点", "个百分点")
    assert first.text.endswith("1.62个")
    assert second.text == "5.29个百分点"


# --- through the command line ----------------------------------------------------------------


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_extract_json(capsys: pytest.CaptureFixture[str], report: Report) -> None:
    code, out, err = _run(["extract", str(SEED), "--format", "json"], capsys)
    assert code == 0
    assert err == ""
    document = json.loads(out)
    assert document == json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    assert list(document) == [
        "schema",
        "title",
        "region",
        "year",
        "plan_year",
        "measures",
        "shortcomings",
        "duties",
        "plans",
        "warnings",
    ]
    assert document["schema"] == 1
    assert [(m["key"], m["title"]) for m in document["measures"]] == MEASURE_TITLES
    assert [m["key"] for m in document["shortcomings"]] == ["一是", "二是", "三是"]
    assert [m["key"] for m in document["plans"]] == ["一是", "二是", "三是"]
    assert all(set(d) == {"text", "metrics"} for d in document["duties"])
    assert all(set(s) == {"key", "text", "metrics"} for s in document["shortcomings"])
    metrics = [
        m
        for part in ("measures", "shortcomings", "duties", "plans")
        for item in document[part]
        for m in item["metrics"]
    ]
    assert [(m["name"], m["value"], m["unit"], m["approx"]) for m in metrics] == INDICATORS
    assert all(set(m) == {"name", "value", "unit", "approx", "text"} for m in metrics)
    assert document["warnings"] == []


def test_extract_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["extract", str(SEED), "--format", "md"], capsys)
    assert code == 0
    assert err == ""
    assert out.startswith("# 南开区2023年度法治政府建设情况报告\n")
    for key, title in MEASURE_TITLES:
        assert f"{key} {title}" in out
    assert "**319** 件" in out
    assert "**158** 万元" in out
