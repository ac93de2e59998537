"""Real reports of other governments (tests/data/reports/README.md names each source).

Provinces, ministries, departments, counties, towns and street offices; topical headings,
missing titles, traditional characters, web copies with page furniture and texts cut off
mid-sentence.  None may crash or be refused; what each must give is what a reader finds by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from lawgov_cli.report import parse_report
from lawgov_cli.report.text import read_report_file, to_simplified

DATA = Path(__file__).resolve().parent / "data" / "reports"


@dataclass
class Real:
    region: str  # "" = the text does not say whose report it is (`--region` needed)
    year: int
    measures: int  # at least this many measure items
    first_measure: str = ""  # the title of the first measure item
    title: bool = True
    cut: bool = True  # the copy stops mid-sentence
    duties: int = 0
    has_title_text: str = ""


REAL: dict[str, Real] = {
    "jinghai_2023_web_duties_first.txt": Real("静海区", 2023, 0, duties=1, has_title_text="静海区2023年度"),
    "jinghai_2020_web_canonical.txt": Real("静海区", 2020, 2, "加强法治政府建设组织领导落实"),
    "hubei_2023_province_run_together.txt": Real(
        "湖北省", 2023, 3, "深学笃行习近平法治思想", has_title_text="湖北省人民政府关于2023年度"
    ),
    "gansu_2023_province_no_title.txt": Real(
        "甘肃省", 2023, 2, "强化思想引领，持续深入学习贯彻习近平法治思想", title=False
    ),
    "hunan_2023_province_no_title.txt": Real("湖南省", 2023, 1, "法治政府建设责任压紧压实", title=False),
    "shanxi_2023_province_topical.txt": Real(
        "山西省", 2023, 1, "坚持党的全面领导，确保法治政府建设始终沿着正确方向推进", title=False
    ),
    "shanxi_2023_province_traditional.txt": Real(
        "山西省", 2023, 1, "坚持党的全面领导，确保法治政府建设始终沿着正确方向推进", title=False
    ),
    "sifabu_2023_ministry_news.txt": Real("司法部", 2023, 1, "坚持把党的领导贯穿到法治政府建设全过程各方面"),
    "yueyang_2022_county_no_title.txt": Real(
        "", 2022, 1, "加强法治政府建设的组织领导，切实履行法治建设第一责任人职责", title=False
    ),
    "nanchangxian_2019_county_numbered.txt": Real("南昌县", 2019, 1, title=False),
    "xinjiang_2017_autonomous_region_web.txt": Real(
        "新疆维吾尔自治区", 2017, 1, "以总目标为统领，全力维护社会大局稳定"
    ),
    "shaoxing_amr_2023_department_dashes.txt": Real(
        "市市场监管局", 2023, 3, "法治政府建设稳步争先", title=False
    ),
    "guangdong_amr_2023_department.txt": Real("广东省市场监督管理局", 2023, 2),
    "changzheng_town_2020_page_numbers.txt": Real("长征镇", 2023, 2, title=False),
    "town_selfcheck_placeholder_years.txt": Real("", 2000, 3, title=False),
    "qingbo_street_2023_canonical.txt": Real("清波街道", 2023, 2, "坚持党对法治建设的统一领导", title=False),
    "xinshi_street_2023_numbered.txt": Real(
        "新市街道办事处", 2023, 2, "党政主要负责人履行推进法治建设第一责任人职责", title=False, cut=True
    ),
    "district_five_year_placeholders.txt": Real("", 2023, 1, "全面加强党的领导", cut=True),
}


def _parse(name: str):  # type: ignore[no-untyped-def]
    path = DATA / name
    return parse_report(read_report_file(path), source=str(path))


def test_at_least_fifteen_real_reports_with_their_sources() -> None:
    readme = (DATA / "README.md").read_text("utf-8")
    assert len(REAL) >= 15
    for name in REAL:
        assert (DATA / name).is_file(), name
        assert name in readme, f"{name}: no source in README.md"


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_report(name: str) -> None:
    expected = REAL[name]
    report = _parse(name)
    assert report.region == expected.region
    assert report.year == expected.year
    assert len(report.measures) >= expected.measures
    if expected.measures:
        assert all(m.title or m.text for m in report.measures)
    if expected.first_measure:
        assert report.measures[0].title == expected.first_measure
    assert bool(report.title) == expected.title, report.title
    if expected.has_title_text:
        assert report.title.startswith(expected.has_title_text)
    assert len(report.duties) >= expected.duties
    keys = [key for key, _ in report.warnings]
    assert "warn.unknown_heading" not in keys  # topical headings are parts, not noise
    assert ("warn.no_region" in keys) == (not expected.region)
    assert ("warn.no_title" in keys) == (not expected.title)
    if expected.cut:
        assert "warn.truncated" in keys


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_report_extract_exits_0_with_warnings(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from lawgov_cli.cli import main

    monkeypatch.setenv("LAWGOV_LANG", "en")
    try:
        main(["extract", str(DATA / name), "--format", "json"])
    except SystemExit as done:
        assert not done.code, capsys.readouterr().err
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == 1
    assert document["warnings"]  # every one of these copies is missing something
    assert "Traceback" not in json.dumps(document)


def test_page_furniture_and_banners_are_not_text() -> None:
    for name in REAL:
        report = _parse(name)
        text = "\n".join([report.title, *(i.title + i.text for i in report.measures)])
        for noise in ("www.", "发布时间", "来源:", "来源：", "浏览次数", "字体", "无障碍", "您所在的位置"):
            assert noise not in text, (name, noise)


def test_run_together_province_report_is_split_into_title_parts_and_items() -> None:
    report = _parse("hubei_2023_province_run_together.txt")
    assert report.title == "湖北省人民政府关于2023年度法治政府建设情况的报告"
    assert [i.key for i in report.measures] == ["一是", "二是", "三是"]
    # The banner repeated inside "第一…责任人职责" is gone and the sentence is whole again.
    assert report.measures[1].title == "扛牢法治建设第一责任人职责"


def test_page_chunks_are_glued_back() -> None:
    report = _parse("changzheng_town_2020_page_numbers.txt")
    text = "".join(i.title + i.text for i in report.measures)
    assert "依法有效化解社会矛盾纠纷" in text
    assert "受理标准更加明确" in text


def test_traditional_copy_reads_as_the_simplified_one() -> None:
    simplified = _parse("shanxi_2023_province_topical.txt")
    traditional = _parse("shanxi_2023_province_traditional.txt")
    assert traditional.region == simplified.region == "山西省"
    assert traditional.measures[0].title == simplified.measures[0].title
    assert len(traditional.measures[0].text) == len(simplified.measures[0].text)


def test_simplified_text_is_never_converted() -> None:
    text = "显著提升，乾坤朗朗，著力推进。"
    assert to_simplified(text) == text
    assert to_simplified("法治政府建設年度報告") == "法治政府建设年度报告"


TOPICAL = """某某县2023年度法治政府建设情况报告
2023年，某某县坚持以习近平法治思想为指导，扎实推进法治政府建设。
一、坚持依法决策，重大行政决策更加规范
严格落实重大行政决策程序，全年审核重大行政决策事项12件。
二、深化“放管服”改革，营商环境持续优化
推行“一网通办”，政务服务事项网上可办率达98%。
三、严格规范执法，执法质效稳步提升
开展行政执法案卷评查2次，评查案卷120卷。
四、县政府主要负责人履行推进法治建设第一责任人职责情况
县长主持召开县政府常务会议研究法治政府建设工作4次。
五、存在的问题
一是法治意识有待增强；二是执法队伍专业化水平不高。
六、2024年工作安排
一是深化法治政府示范创建；二是加强行政执法协调监督。
"""


def test_topical_heading_report_has_measures_and_no_unknown_heading_warnings() -> None:
    report = parse_report(TOPICAL)
    assert report.region == "某某县"
    assert [(i.key, i.title) for i in report.measures] == [
        ("（一）", "坚持依法决策，重大行政决策更加规范"),
        ("（二）", "深化“放管服”改革，营商环境持续优化"),
        ("（三）", "严格规范执法，执法质效稳步提升"),
    ]
    assert [(m.name, m.value) for i in report.measures for m in i.metrics] == [
        ("重大行政决策事项(审核)", 12),
        ("政务服务事项网上可办率", 98),
        ("行政执法案卷评查", 2),
        ("案卷(评查)", 120),
    ]
    assert len(report.duties) == 1
    assert [i.key for i in report.shortcomings] == ["一是", "二是"]
    assert [i.key for i in report.plans] == ["一是", "二是"]
    assert report.warnings == []


def test_plans_said_inside_the_shortcomings_part_become_the_plans() -> None:
    text = TOPICAL.split("五、")[0] + (
        "五、存在的问题和下一步打算\n（一）存在的问题\n一是法治意识有待增强。\n"
        "（二）下一步工作打算\n一是深化法治政府示范创建。二是加强行政执法协调监督。\n"
    )
    report = parse_report(text)
    assert len(report.shortcomings) == 1 and "法治意识" in report.shortcomings[0].text
    assert len(report.plans) == 2 and "示范创建" in report.plans[0].text


def test_paragraphs_only_report_is_read_not_refused() -> None:
    text = (
        "某某镇2023年法治政府建设工作总结\n"
        "2023年，某某镇坚持依法行政，全年开展法治宣传活动12场。\n"
        "下一步，我镇将继续深化法治政府建设。\n"
    )
    report = parse_report(text)
    assert report.region == "某某镇"
    assert len(report.measures) == 1
    assert len(report.plans) == 1
    assert ("warn.no_parts", {}) in report.warnings


def test_region_option_wins() -> None:
    report = parse_report((DATA / "yueyang_2022_county_no_title.txt").read_text("utf-8"), region="岳阳县")
    assert report.region == "岳阳县"
    assert "warn.no_region" not in [key for key, _ in report.warnings]


@pytest.mark.parametrize("name", sorted(REAL))
def test_every_real_report_makes_a_workspace(name: str, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "ws"
    region = [] if REAL[name].region else ["--region", "某某县"]
    result = run("init", str(root), "--from", str(DATA / name), *region)
    assert result.code == 0, result.err
    tasks = json.loads(run("--dir", str(root), "list", "--format", "json").out)["tasks"]
    kinds = {t["kind"] for t in tasks}
    assert "statutory" in kinds and ("measure" in kinds or "duty" in kinds)
    assert all(t["title"] and not re.match(r"^(\d{1,2}[.、]|（\d+）)", t["title"]) for t in tasks), [
        t["title"] for t in tasks
    ]
    level = {"县": "县政府", "区": "区政府"}.get(REAL[name].region[-1:] if REAL[name].region else "县", "")
    if level:
        assert all(level in t["title"] for t in tasks if t["id"].startswith("S2."))
    assert run("--dir", str(root), "check", "--as-of", "2000-01-01").code == 0


def test_extract_region_option(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "extract", str(DATA / "yueyang_2022_county_no_title.txt"), "--format", "json", "--region", "岳阳县"
    )
    assert result.code == 0
    assert json.loads(result.out)["region"] == "岳阳县"
