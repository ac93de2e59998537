"""Reports of other governments, written the many ways real ones are, and files that are not reports.

Each file under tests/data/reports/ varies one or more things the Nankai report does not: the
order of parts, heading wording, numbering, punctuation and digit width, page noise, a
signature, truncation.  The expectations below are what a reader would extract by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lawgov_cli.cli import main
from lawgov_cli.errors import LawgovError
from lawgov_cli.report import Indicator, Report, parse_report
from lawgov_cli.report.text import read_report_file

DATA = Path(__file__).resolve().parent / "data" / "reports"

Metric = tuple[str, int | float, str, bool]


@dataclass
class Expected:
    title: str
    region: str
    measures: list[tuple[str, str]]
    shortcomings: list[str]
    duties: int
    plans: list[str]
    metrics: list[Metric]
    warnings: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    plan_titles: list[str] | None = None
    year: int = 2023
    plan_year: int = 2024


EXPECTED: dict[str, Expected] = {
    # 第一责任人 part first; 工作开展情况 / 存在的差距和不足 / 下一步工作打算; inline 一是 after a
    # lead-in ending in "："; title "…人民政府关于…的报告"; signature and date at the end.
    "hexi_2023_duties_first.txt": Expected(
        title="天津市河西区人民政府关于2023年度法治政府建设情况的报告",
        region="天津市河西区",
        measures=[
            ("（一）", "深化行政审批制度改革"),
            ("（二）", "提高行政规范性文件质量"),
            ("（三）", "加强行政执法监督"),
            ("（四）", "推进行政复议体制改革"),
        ],
        shortcomings=["一是", "二是"],
        duties=2,
        plans=["一是", "二是", "三是"],
        # Report.indicators() and the JSON list parts in a fixed order: measures, shortcomings,
        # duties, plans — whatever order the report wrote them in.
        metrics=[
            ("政务服务事项网上可办率", 98.5, "%", False),
            ("告知承诺制事项(新增)", 36, "项", False),
            ("压减审批时限", 1200, "个工作日", True),
            ("区政府行政规范性文件(审核)", 8, "件", False),
            ("文件(清理废止)", 15, "件", False),
            ("备案审查合格率", 100, "%", False),
            ("行政执法案卷评查", 2, "次", False),
            ("案卷(评查)", 240, "卷", False),
            ("问题", 37, "个", False),
            ("行政复议案件(新收)", 156, "件", False),
            ("行政复议案件(审结)", 148, "件", False),
            ("行政复议纠错率", 8.1, "%", False),
            ("区政府常务会议研究法治政府建设工作", 6, "次", False),
            ("会前学法", 12, "次", False),
            ("批示", 30, "件", True),
            ("执法人员(培训)", 4, "期", False),
            ("行政机关负责人出庭应诉率", 100, "%", False),
        ],
    ),
    # A page copied from a web site: navigation, 发布时间, 来源, 字号, 扫一扫, 分享到, print links;
    # half-width , ; : . and (一); full-width digits and ％ (３１９件, ９９％, ２０２４年).
    "xihu_2023_web_page.txt": Expected(
        title="杭州市西湖区2023年度法治政府建设工作报告",
        region="杭州市西湖区",
        measures=[
            ("（一）", "依法全面履行政府职能"),
            ("（二）", "严格规范公正文明执法"),
            ("（三）", "依法化解社会矛盾纠纷"),
        ],
        shortcomings=["一是", "二是", "三是"],
        duties=1,
        plans=["一是", "二是", "三是"],
        metrics=[
            ("权责事项", 216, "项", False),
            ("政务服务事项“一网通办”率", 99, "%", False),
            ("行政处罚案件", 319, "件", False),
            ("罚没款", 420, "万元", True),
            ("行政执法监督检查", 15, "次", False),
            ("执法单位", 26, "家", False),
            ("各类矛盾纠纷(调解)", 2350, "件", False),
            ("调解成功率", 96.5, "%", False),
            ("行政复议案件(新收)", 88, "件", False),
            ("行政复议案件(办结)", 81, "件", False),
            ("专题研究法治政府建设工作", 5, "次", False),
            ("领导干部集体学法", 4, "次", False),
        ],
    ),
    # 第一部分…第四部分 headings with 一、 subsections under them; 主要工作成效 / 主要安排;
    # one 一是 per line; a plan part whose subsections carry titles.
    "chaoyang_2023_part_style.txt": Expected(
        title="北京市朝阳区2023年法治政府建设年度报告",
        region="北京市朝阳区",
        measures=[
            ("（一）", "坚持党对法治政府建设的领导"),
            ("（二）", "推进政府职能依法全面履行"),
            ("（三）", "严格规范公正文明执法"),
        ],
        shortcomings=["一是", "二是"],
        duties=1,
        plans=["（一）", "（二）"],
        plan_titles=["深入学习贯彻习近平法治思想", "持续提升行政执法质量"],
        metrics=[
            ("区政府常务会议专题研究法治政府建设工作", 9, "次", False),
            ("年度法治政府建设工作要点", 1, "个", False),
            ("行政权力事项", 4216, "项", False),
            ("证明事项告知承诺制事项", 72, "项", False),
            ("行政处罚案件", 12.6, "万件", False),
            ("执法检查量(同比增长)", 15.3, "%", False),
            ("区政府常务会议会前学法", 11, "次", False),
            ("法治政府建设工作汇报", 3, "次", False),
            ("案卷(评查)", 300, "卷", True),
        ],
    ),
    # ㈠㈡㈢ circled numbers for measures; one 一是 per line; plans as （一） subsections whose
    # titles stand on lines of their own.
    "heping_2023_circled.txt": Expected(
        title="天津市和平区2023年度法治政府建设情况报告",
        region="天津市和平区",
        measures=[
            ("（一）", "健全依法决策机制"),
            ("（二）", "深化“放管服”改革"),
            ("（三）", "加强执法队伍建设"),
        ],
        shortcomings=["一是", "二是", "三是"],
        duties=1,
        plans=["（一）", "（二）", "（三）"],
        plan_titles=["持续深化法治政府示范创建", "全面提升行政执法质量", "推进矛盾纠纷多元化解"],
        metrics=[
            ("重大行政决策事项", 12, "项", False),
            ("听证会", 3, "场", False),
            ("专家论证会", 7, "场", False),
            ("“一件事一次办”主题套餐(新增)", 25, "个", False),
            ("企业开办时间", 0.5, "个工作日", False),
            ("行政执法人员(培训)", 6, "期", False),
            ("行政执法人员(培训)", 1800, "人次", True),
            ("执法人员持证率", 100, "%", False),
            ("区政府常务会议专题研究法治政府建设工作", 4, "次", False),
            ("批示", 15, "次", False),
            ("案卷(评查)", 200, "卷", True),
            ("行政复议案件调解和解率", 30, "%", False),
        ],
    ),
    # "1." lists everywhere: measures with titles, shortcomings, plans; 存在的问题 / 下一步工作打算;
    # a lead-in line before the first part.
    "wuqing_2023_arabic_lists.txt": Expected(
        title="天津市武清区2023年法治政府建设情况报告",
        region="天津市武清区",
        measures=[
            ("1.", "完善依法行政制度体系"),
            ("2.", "推进严格规范公正文明执法"),
            ("3.", "强化行政权力制约监督"),
        ],
        shortcomings=["1.", "2."],
        duties=1,
        plans=["1.", "2.", "3."],
        metrics=[
            ("区政府合同(审核)", 46, "份", False),
            ("法律意见书", 113, "份", False),
            ("“首违不罚”事项", 58, "项", False),
            ("不予处罚案件", 327, "件", False),
            ("主动公开政府信息", 3860, "条", False),
            ("依申请公开", 214, "件", False),
            ("按期答复率", 100, "%", False),
            ("区政府常务会议研究法治政府建设重大事项", 7, "次", False),
            ("法治培训班", 3, "期", False),
        ],
    ),
    # Cut off in the middle of the shortcomings: no duty part, no plans, an unfinished sentence.
    "beichen_2023_truncated.txt": Expected(
        title="天津市北辰区2023年度法治政府建设情况报告",
        region="天津市北辰区",
        measures=[
            ("（一）", "加强党对法治政府建设的领导"),
            ("（二）", "推进严格规范公正文明执法"),
            ("（三）", "依法化解矛盾纠纷"),
        ],
        shortcomings=["一是"],
        duties=0,
        plans=[],
        metrics=[
            ("区政府常务会议专题研究法治政府建设工作", 8, "次", False),
            ("年度工作要点", 1, "个", False),
            ("行政处罚案件", 2865, "件", False),
            ("罚款金额", 536, "万元", True),
            ("罚款金额(同比下降)", 12, "%", False),
            ("行政复议案件(新收)", 204, "件", False),
            ("行政复议案件(办结)", 196, "件", False),
            ("行政机关负责人出庭应诉率", 100, "%", False),
        ],
        warnings=[
            ("warn.missing_part", {"part": "part.duties"}),
            ("warn.missing_part", {"part": "part.plans"}),
            ("warn.truncated", {"tail": "建设各领域发展不够均衡，部分单位"}),
        ],
    ),
}

NOISE = [
    "首页",
    "政务公开 >",
    "发布时间",
    "来源：",
    "字号",
    "扫一扫",
    "分享到",
    "打印本页",
    "关闭窗口",
    "2024-03-28",
]


def _tuple(indicator: Indicator) -> Metric:
    return (indicator.name, indicator.value, indicator.unit, indicator.approx)


def _parse(name: str) -> Report:
    path = DATA / name
    return parse_report(read_report_file(path), source=str(path))


def _all_text(report: Report) -> str:
    items = [*report.measures, *report.shortcomings, *report.duties, *report.plans]
    return "\n".join([report.title, *(f"{i.key}{i.title}{i.text}" for i in items)])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_variant(name: str) -> None:
    expected = EXPECTED[name]
    report = _parse(name)
    assert report.title == expected.title
    assert report.region == expected.region
    assert (report.year, report.plan_year) == (expected.year, expected.plan_year)
    assert [(i.key, i.title) for i in report.measures] == expected.measures
    assert [i.key for i in report.shortcomings] == expected.shortcomings
    assert len(report.duties) == expected.duties
    assert [i.key for i in report.plans] == expected.plans
    if expected.plan_titles is not None:
        assert [i.title for i in report.plans] == expected.plan_titles
    assert [_tuple(i) for i in report.indicators()] == expected.metrics
    assert report.warnings == expected.warnings


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_page_noise_or_signature_in_items(name: str) -> None:
    text = _all_text(_parse(name))
    for noise in NOISE:
        assert noise not in text, noise
    # The closing signature is not a plan, and the date is not an item.
    assert not text.endswith("人民政府")
    assert "2024年3月28日" not in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_items_are_not_empty_and_do_not_carry_their_numbers(name: str) -> None:
    report = _parse(name)
    for item in [*report.measures, *report.shortcomings, *report.duties, *report.plans]:
        body = item.title + item.text
        assert body.strip()
        assert not body.startswith(("（", "(", "一是", "二是", "1.", "一、", "㈠"))


def test_duties_first_keeps_the_other_parts_in_place() -> None:
    report = _parse("hexi_2023_duties_first.txt")
    assert report.duties[0].text.startswith("区政府主要负责同志认真履行推进法治建设第一责任人职责")
    assert report.measures[-1].text.endswith("行政复议纠错率8.1%。")
    # The lead-in "重点做好以下工作：" is not a plan, the signature is not part of the last one.
    assert report.plans[0].text == "深化法治政府示范创建，力争各项指标全面达标。"
    assert report.plans[-1].text == "完善行政复议应诉工作机制，推动行政机关负责人出庭应诉率保持100%。"


def test_half_width_punctuation_and_full_width_digits_are_normalised() -> None:
    report = _parse("xihu_2023_web_page.txt")
    first = report.measures[0]
    assert first.text == (
        "全面落实权责清单制度，动态调整权责事项216项；推进“最多跑一次”改革，政务服务事项“一网通办”率达99%。"
    )
    assert [i.text for i in report.shortcomings] == [
        "部分单位对法治政府建设重视程度不够",
        "基层执法力量相对薄弱，执法规范化水平有待提高",
        "法治宣传的针对性和实效性有待增强。",
    ]
    text = _all_text(report)
    for half in (",", ";", ":", "(", ")", "％", "３"):
        assert half not in text, half
    # The measures' last item ends before the 扫一扫 line.
    assert report.measures[-1].text.endswith("办结81件。")


def test_part_style_subsections_have_titles_and_texts() -> None:
    report = _parse("chaoyang_2023_part_style.txt")
    assert (
        report.measures[1].text
        == "完成区级权力清单调整，保留行政权力事项4216项，公布证明事项告知承诺制事项72项。"
    )
    assert report.plans[1].text == "持续提升行政执法质量。开展行政执法案卷评查，全年评查案卷不少于300卷。"
    assert report.shortcomings[1].text == "行政执法规范化水平有待提升，执法案卷质量参差不齐。"


def test_title_lines_of_their_own_are_titles() -> None:
    report = _parse("heping_2023_circled.txt")
    plan = report.plans[1]
    assert plan.title == "全面提升行政执法质量"
    assert (
        plan.text
        == "全面提升行政执法质量\n组织开展行政执法案卷评查，全年评查案卷不少于200卷，推动行政执法质效整体提升。"
    )


def test_truncated_report_keeps_what_is_there() -> None:
    report = _parse("beichen_2023_truncated.txt")
    assert report.shortcomings[0].text == "法治政府建设各领域发展不够均衡，部分单位"


# --- small texts for single rules ---------------------------------------------------------

BODY = """一、主要举措和成效
（一）推进依法行政。全年办理行政复议案件20件。
二、存在的不足
一是法治意识有待增强。
三、主要负责人履行推进法治建设第一责任人职责情况
区长主持召开常务会议研究法治工作3次。
四、下一步工作打算
一是加强法治培训。"""


@pytest.mark.parametrize(
    ("head", "title", "region", "year"),
    [
        (
            "天津市河西区人民政府关于2023年度法治政府建设情况的报告",
            "天津市河西区人民政府关于2023年度法治政府建设情况的报告",
            "天津市河西区",
            2023,
        ),
        # A title set on two lines.
        (
            "天津市河西区人民政府\n关于2023年度法治政府建设情况的报告",
            "天津市河西区人民政府关于2023年度法治政府建设情况的报告",
            "天津市河西区",
            2023,
        ),
        ("南开区2022年度法治政府建设情况报告", "南开区2022年度法治政府建设情况报告", "南开区", 2022),
        ("关于二〇二三年度法治政府建设情况的报告", "关于二〇二三年度法治政府建设情况的报告", "", 2023),
        (
            "红桥区人民政府关于2023年法治政府建设工作的报告\n现将有关情况报告如下：",
            "红桥区人民政府关于2023年法治政府建设工作的报告",
            "红桥区",
            2023,
        ),
    ],
)
def test_titles(head: str, title: str, region: str, year: int) -> None:
    report = parse_report(f"{head}\n{BODY}")
    assert (report.title, report.region, report.year, report.plan_year) == (title, region, year, year + 1)
    assert [w for w, _ in report.warnings] == ([] if region else ["warn.no_region"])


def test_no_title() -> None:
    report = parse_report(BODY)
    assert report.title == ""
    assert [w for w, _ in report.warnings] == ["warn.no_title", "warn.no_year", "warn.no_region"]
    assert (report.year, report.plan_year) == (2000, 2001)


def test_plan_heading_year_sets_the_plan_year() -> None:
    report = parse_report(
        "南开区2023年度法治政府建设情况报告\n" + BODY.replace("下一步工作打算", "2024年工作安排")
    )
    assert report.plan_year == 2024


@pytest.mark.parametrize(
    "lead",
    ["我区在推进法治政府建设上虽然取得了一定成效，但依然存在一些不足。", "对照要求，还存在以下问题："],
)
def test_lead_in_paragraph_is_not_an_item(lead: str) -> None:
    text = f"南开区2023年度法治政府建设情况报告\n一、主要举措和成效\n推进依法行政。\n二、存在的不足和原因\n{lead}\n法治意识有待增强。\n执法队伍有待加强。"
    report = parse_report(text)
    assert [(i.key, i.text) for i in report.shortcomings] == [
        ("1.", "法治意识有待增强。"),
        ("2.", "执法队伍有待加强。"),
    ]


def test_short_paragraphs_are_all_items() -> None:
    text = "南开区2023年度法治政府建设情况报告\n一、主要举措和成效\n推进依法行政。\n四、下一步工作打算\n加强法治培训。\n深化示范创建。"
    report = parse_report(text)
    assert [i.text for i in report.plans] == ["加强法治培训。", "深化示范创建。"]
    assert [(i.key, i.title) for i in report.measures] == [("", "推进依法行政")]


def test_numbered_subsections_containing_yishi_are_not_split() -> None:
    text = (
        "南开区2023年度法治政府建设情况报告\n一、主要举措和成效\n推进依法行政。\n四、2024年主要安排\n"
        "（一）深化示范创建。一是对标指标。二是补齐短板。\n（二）加强执法监督。一是开展评查。"
    )
    report = parse_report(text)
    assert [(i.key, i.title) for i in report.plans] == [
        ("（一）", "深化示范创建"),
        ("（二）", "加强执法监督"),
    ]


def test_unknown_heading_is_a_warning() -> None:
    report = parse_report("南开区2023年度法治政府建设情况报告\n" + BODY + "\n五、其他需要报告的事项\n无。")
    assert report.warnings == [("warn.unknown_heading", {"heading": "五、其他需要报告的事项"})]
    assert len(report.plans) == 1


def test_empty_part_is_a_warning() -> None:
    text = "南开区2023年度法治政府建设情况报告\n" + BODY.replace(
        "二、存在的不足\n一是法治意识有待增强。\n", "二、存在的不足\n"
    )
    report = parse_report(text)
    assert report.shortcomings == []
    assert report.warnings == [("warn.empty_part", {"part": "part.shortcomings"})]


def test_windows_line_ends_and_half_width_stops() -> None:
    text = "南开区2023年度法治政府建设情况报告\r\n一.主要举措和成效\r\n(一)推进依法行政.办理案件20件.\r\n二.存在的不足\r\n一是意识不强.二是队伍不强.\r\n"
    report = parse_report(text)
    assert [(i.key, i.title, i.text) for i in report.measures] == [
        ("（一）", "推进依法行政", "办理案件20件。")
    ]
    assert [i.text for i in report.shortcomings] == ["意识不强。", "队伍不强。"]
    assert report.warnings == [
        ("warn.missing_part", {"part": "part.duties"}),
        ("warn.missing_part", {"part": "part.plans"}),
    ]


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-16"])
def test_encodings_read_the_same(tmp_path: Path, encoding: str) -> None:
    source = DATA / "hexi_2023_duties_first.txt"
    text = source.read_text(encoding="utf-8")
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    if encoding == "utf-16":  # NUL bytes: refused as binary, with a one-line error
        with pytest.raises(LawgovError) as error:
            read_report_file(path)
        assert error.value.key == "err.not_text"
        return
    assert read_report_file(path) == text
    assert parse_report(read_report_file(path), source=str(path)).to_json() == _parse(source.name).to_json()


# --- through the command line ----------------------------------------------------------------


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_json(name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAWGOV_LANG", "en")
    code, out, err = _run(["extract", str(DATA / name), "--format", "json"], capsys)
    assert code == 0, err
    assert err == ""
    document = json.loads(out)
    expected = EXPECTED[name]
    assert document["schema"] == 1
    assert (document["region"], document["year"], document["plan_year"]) == (expected.region, 2023, 2024)
    metrics = [
        m
        for part in ("measures", "shortcomings", "duties", "plans")
        for i in document[part]
        for m in i["metrics"]
    ]
    assert [(m["name"], m["value"], m["unit"], m["approx"]) for m in metrics] == expected.metrics
    assert len(document["warnings"]) == len(expected.warnings)


def test_cli_json_warnings_are_rendered(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAWGOV_LANG", "en")
    code, out, _ = _run(["extract", str(DATA / "beichen_2023_truncated.txt"), "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["warnings"] == [
        "part missing: principal leader's first-responsibility duty",
        "part missing: next year's plans",
        "the text seems cut off at the end: '建设各领域发展不够均衡，部分单位'",
    ]
    monkeypatch.setenv("LAWGOV_LANG", "zh")
    code, out, _ = _run(["extract", str(DATA / "beichen_2023_truncated.txt"), "--format", "json"], capsys)
    assert json.loads(out)["warnings"][:2] == [
        "缺少部分：主要负责人履行第一责任人职责情况",
        "缺少部分：下一年度主要安排",
    ]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_markdown(name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAWGOV_LANG", "en")
    code, out, err = _run(["extract", str(DATA / name), "--format", "md"], capsys)
    assert code == 0
    assert out.startswith(f"# {EXPECTED[name].title}\n")
    # Warnings go to stderr, one line each.
    assert len(err.splitlines()) == len(EXPECTED[name].warnings)
    assert "Traceback" not in err


# --- not a report ---------------------------------------------------------------------------


def _not_a_report(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = _run(["extract", str(path), "--format", "json"], capsys)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert str(path) in lines[0]
    return lines[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_news_article_is_not_a_report(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("LAWGOV_LANG", lang)
    line = _not_a_report(DATA / "news_article.txt", capsys)
    assert ("rule-of-law government report" if lang == "en" else "法治政府建设年度报告") in line


def test_report_without_parts_is_not_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAWGOV_LANG", "en")
    path = tmp_path / "notice.txt"
    path.write_text(
        "关于开展2024年法治宣传教育工作的通知\n各单位：为深入推进法治宣传教育，现将有关事项通知如下。\n",
        encoding="utf-8",
    )
    assert "no part headings" in _not_a_report(path, capsys)


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n   \n", "\ufeff".encode(), "首页 > 政务公开\n发布时间：2024-03-28\n".encode()],
    ids=["empty", "blank", "bom-only", "noise-only"],
)
def test_empty_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    monkeypatch.setenv("LAWGOV_LANG", "en")
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert "empty" in _not_a_report(path, capsys)


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 8,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x01\x02",
        b"PK\x03\x04" + bytes(200),
    ],
    ids=["bytes", "pdf", "zip"],
)
def test_binary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    monkeypatch.setenv("LAWGOV_LANG", "en")
    path = tmp_path / "report.docx"
    path.write_bytes(content)
    assert "not a text file" in _not_a_report(path, capsys)


def test_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAWGOV_LANG", "zh")
    assert "目录" in _not_a_report(tmp_path, capsys)


def test_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAWGOV_LANG", "en")
    assert "no such file" in _not_a_report(tmp_path / "nope.txt", capsys)


@pytest.mark.parametrize(
    "noise",
    [
        "发布时间 2024-03-28",
        "来源：河西区司法局",
        "浏览次数：1024",
        "【字体：大 中 小】",
        "当前位置：首页>政务公开>法治政府建设",
        "扫一扫在手机打开当前页",
        "二〇二四年三月二十八日",
    ],
)
def test_noise_lines_anywhere_are_dropped(noise: str) -> None:
    lines = ("南开区2023年度法治政府建设情况报告\n" + BODY).split("\n")
    noisy = "\n".join(line for pair in zip(lines, [noise] * len(lines), strict=True) for line in pair)
    report = parse_report(f"{noise}\n{noisy}")
    assert report.to_json() == parse_report("南开区2023年度法治政府建设情况报告\n" + BODY).to_json()


@pytest.mark.parametrize(
    "sentence", ["时间紧、任务重，全区上下依法推进各项工作。", "来源于基层的意见建议全部得到办理。"]
)
def test_sentences_that_start_like_noise_are_kept(sentence: str) -> None:
    report = parse_report(
        "南开区2023年度法治政府建设情况报告\n" + BODY.replace("推进依法行政。", f"推进依法行政。\n{sentence}")
    )
    assert sentence in report.measures[0].text
