"""``--format docx``: Word files laid out after GB/T 9704-2012, opened again with python-docx.

The rendering test converts a bulletin to PDF with LibreOffice (Debian: libreoffice-writer-nogui)
and is skipped only where ``soffice`` is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, ok, simulate_year, usage_error

docx = pytest.importorskip("docx")


def write(run, ws: Path, out: Path, *command: str) -> Path:  # type: ignore[no-untyped-def]
    result = ok(run("--dir", str(ws), *command, "--format", "docx", "-o", str(out)))
    assert str(out) in result.out
    return out


@pytest.fixture
def bulletin_docx(run, workspace: Path, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    simulate_year(run, workspace, until="2024-07-31")
    return write(run, workspace, tmp_path / "2024年7月通报.docx", "bulletin", "--month", "2024-07")


def east_asia(run_element) -> str | None:  # type: ignore[no-untyped-def]
    from docx.oxml.ns import qn

    fonts = run_element._element.rPr.rFonts
    return fonts.get(qn("w:eastAsia"))


def test_page_is_a4_with_gbt9704_margins(bulletin_docx: Path) -> None:
    section = docx.Document(str(bulletin_docx)).sections[0]

    def mm(length) -> float:  # type: ignore[no-untyped-def]
        from docx.shared import Length

        return round(Length(length).mm, 1)  # Word stores twips: 210 mm is 11906 twips = 210.005 mm

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    # the 版心 is 156 × 225 mm
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225
    grid = section._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid")
    pitch_pt = int(grid.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}linePitch")) / 20
    assert round(225 / 25.4 * 72 / pitch_pt) == 22  # 22 lines a page


def test_fonts_title_body_headings(bulletin_docx: Path) -> None:
    from docx.shared import Pt

    document = docx.Document(str(bulletin_docx))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    title = next(p for p in paragraphs if p.text.startswith("关于2024年7月"))
    assert east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    body = next(p for p in paragraphs if p.text.startswith("为推动2024年度"))
    assert east_asia(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters
    heading = next(p for p in paragraphs if p.text == "一、总体情况")
    assert east_asia(heading.runs[0]) == "黑体"
    sub = next(p for p in paragraphs if p.text.startswith("（一）区司法局"))
    assert east_asia(sub.runs[0]) == "楷体_GB2312"
    assert heading.paragraph_format.keep_with_next and sub.paragraph_format.keep_with_next
    # every run names its East Asian face; the substitutes are named in the font table
    assert all(east_asia(r) for p in paragraphs for r in p.runs if r.text.strip())
    with zipfile.ZipFile(bulletin_docx) as archive:
        fonts = archive.read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="仿宋_GB2312"' in fonts and "仿宋,FangSong" in fonts and "Noto Serif CJK SC" in fonts


def test_structure_head_sections_signoff_annex(bulletin_docx: Path) -> None:
    document = docx.Document(str(bulletin_docx))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "法治政府建设工作通报" and texts[1] == "2024年第7期"
    assert texts[2] == "南开区委依法治区办\t2024年8月1日"
    assert "各责任单位：" in texts
    headings = [t for t in texts if t[:2] in {f"{n}、" for n in "一二三四五六七"}]
    assert headings[:3] == ["一、总体情况", "二、各单位序时进度", "三、逾期未完成事项（红灯）"]
    assert headings[-1].endswith("工作要求")
    annex = texts.index("附件")
    assert texts[annex - 2 : annex] == ["南开区委依法治区办", "2024年8月1日"]  # 落款 before the 附件
    assert texts[annex + 1] == "截至2024年7月31日未完成任务清单"
    # page numbers "— N —" in the footers, odd and even pages
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml
    assert document.settings.odd_and_even_pages_header_footer


def test_tables_repeat_their_header_row(bulletin_docx: Path) -> None:
    from docx.oxml.ns import qn

    document = docx.Document(str(bulletin_docx))
    assert len(document.tables) == 2  # 序时进度 and the 附件
    for table in document.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in table.rows[1:])
    pace, annex = document.tables
    assert [c.text for c in pace.rows[0].cells][-1] == "序时进度"
    assert [c.text for c in annex.rows[0].cells] == ["序号", "单位", "任务", "完成时限", "进展情况"]
    assert len(annex.rows) > 40


def test_report_docx(run, workspace: Path, tmp_path: Path) -> None:
    simulate_year(run, workspace, until="2024-12-31")
    out = write(run, workspace, tmp_path / "报告.docx", "--as-of", "2024-12-31", "report")
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "南开区2024年度法治政府\n建设情况报告（草稿）"  # balanced lines, not "（草\\n稿）"
    assert any(t.startswith("【草稿") for t in texts)
    for part in ("一、2024年推进", "二、2024年推进", "三、2024年区政府", "四、2025年推进"):
        assert any(t.startswith(part) for t in texts), part
    assert any("破获涉网类诈骗案件1120起" in t for t in texts)
    assert document.core_properties.title == "法治政府建设情况报告（草稿）"


def test_docx_is_not_imported_without_docx(run, workspace: Path) -> None:
    import subprocess as sp
    import sys

    code = (
        "import sys; from lawgov_cli.cli import main\n"
        "try:\n    main(['--dir', sys.argv[1], 'bulletin', '--month', '2024-07'])\n"
        "except SystemExit:\n    pass\n"
        "print('docx' in sys.modules, file=sys.stderr)"
    )
    done = sp.run([sys.executable, "-c", code, str(workspace)], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "False"
    usage_error(run("--dir", str(workspace), "report", "--format", "docx"), "-o")
    usage_error(run("--dir", str(workspace), "report", "--format", "pdf"), "docx")


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed (Debian: libreoffice-writer-nogui)")
def test_libreoffice_renders_the_bulletin(bulletin_docx: Path, tmp_path: Path) -> None:
    """The file opens in a real word processor and prints: LibreOffice converts it to PDF."""
    import os

    env = dict(os.environ, HOME=str(tmp_path), FONTCONFIG_FILE=str(ROOT / "docs" / "fonts.conf"))
    done = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(bulletin_docx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    pdf = tmp_path / (bulletin_docx.stem + ".pdf")
    assert pdf.exists(), (done.returncode, done.stdout, done.stderr[-2000:])
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert 3 <= pages <= 12, pages  # head and body, then the 附件 on pages of its own
        assert "595.3" in info or "595.276" in info or "595.28" in info  # A4: 595 × 842 pt
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "法治政府建设工作通报" in text and "附件" in text
        assert re.search(r"—\s*1\s*—", text)  # the page number


def test_the_output_suffix_chooses_the_documents_format(run, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # `-o 通报.docx` is a Word file even without --format (it used to be Markdown in a .docx).
    word = tmp_path / "通报.docx"
    ok(run("--dir", str(workspace), "--as-of", "2024-07-05", "bulletin", "--month", "2024-06", "-o", str(word)))
    assert zipfile.is_zipfile(word)
    assert "通报" in "".join(p.text for p in docx.Document(str(word)).paragraphs)
    text = tmp_path / "通报.txt"
    ok(run("--dir", str(workspace), "--as-of", "2024-07-05", "bulletin", "--month", "2024-06", "-o", str(text)))
    assert not text.read_text("utf-8").startswith("**")  # plain text, not Markdown
    markdown = ok(run("--dir", str(workspace), "--as-of", "2024-07-05", "bulletin", "--month", "2024-06")).out
    assert markdown.startswith("**")  # stdout: Markdown, as before
    # A suffix that contradicts --format is an error, and nothing is written.
    clash = tmp_path / "报告.docx"
    usage_error(run("--dir", str(workspace), "report", "-f", "md", "-o", str(clash)), ".docx", "md")
    assert not clash.exists()
    notices = workspace / "notices.toml"
    before = notices.read_bytes() if notices.exists() else None
    usage_error(run("--dir", str(workspace), "--as-of", "2024-07-15", "notice", "-o", str(tmp_path / "n.docx")), "md, text")
    assert (notices.read_bytes() if notices.exists() else None) == before
