"""Word (.docx) rendering of document blocks, laid out after GB/T 9704-2012 (党政机关公文格式).

Used by ``bulletin --format docx`` and ``report --format docx``, and meant for any later
document (a 督办通知 ``notice``): give it :mod:`~lawgov_cli.documents.blocks`, get bytes.
python-docx is imported here only, so no other command pays for it.

The layout, from the standard:

- A4 (210 × 297 mm); 天头 (top margin) 37 mm, 订口 (left) 28 mm; the 版心 is 156 × 225 mm, which
  leaves 26 mm on the right and 35 mm at the bottom;
- body text 三号 (16 pt) 仿宋_GB2312, 22 lines a page and 28 characters a line, first line
  indented two characters.  The 22 lines are a line grid (``w:docGrid w:type="lines"``, pitch
  225 mm / 22) plus exact line spacing; the 28 characters come from condensing 三号 text by
  0.25 pt (156 mm / 28 = 15.79 pt a character), because a character grid
  (``linesAndChars``) is drawn square by LibreOffice and WPS, i.e. 16 characters a line;
- title 二号 (22 pt) 小标宋, centred; first-level headings (一、) 三号 黑体, second-level (（一）)
  三号 楷体_GB2312; the 版头 series name in red 小标宋 over a red rule as wide as the 版心;
- page numbers 四号 (14 pt) 宋体 in the form ``— 1 —``, 7 mm below the 版心: odd pages on the
  right, even pages on the left, each one character in from the edge;
- tables with a ruled grid whose header row repeats on every page (``w:tblHeader``).

Windows machines with the government font pack have the GB2312 faces; elsewhere a reader
substitutes.  The substitutes are named in the file's font table (``w:altName``) and listed
below, so WPS, Word and LibreOffice can all pick a close face.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lawgov_cli.documents.blocks import (
    Addressee,
    Attachment,
    Block,
    Bullets,
    DocHead,
    Heading,
    Paragraph,
    Quote,
    Signoff,
    Table,
)

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

# --- the standard's measures -----------------------------------------------------------------

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
"""GB/T 9704-2012 5.2.1/5.2.2: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm."""
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
"""GB/T 9704-2012 7.1: "一般每面排22行，每行排28个字，并撑满版心"."""
BODY_PT = 16.0  # 三号
TITLE_PT = 22.0  # 二号
PAGE_NUMBER_PT = 14.0  # 四号
TABLE_PT = 12.0  # 小四: tables of eight columns do not fit 三号 in 156 mm
HEAD_PT = 30.0  # 版头 series name (小一 … 初号 in practice)
RED = "E60012"  # 公文 red, as in templates issued with the standard

# --- fonts and their substitutes ---------------------------------------------------------------

FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_HEADING1 = "黑体"
FONT_HEADING2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
FONT_LATIN = "Times New Roman"
FALLBACKS: dict[str, tuple[str, ...]] = {
    FONT_BODY: ("仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC"),
    FONT_TITLE: ("方正小标宋_GBK", "华文中宋", "STZhongsong", "宋体", "Noto Serif CJK SC"),
    FONT_HEADING1: ("SimHei", "STHeiti", "Noto Sans CJK SC"),
    FONT_HEADING2: ("楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC"),
    FONT_PAGE_NUMBER: ("SimSun", "STSong", "Noto Serif CJK SC"),
}
"""Each face lawgov asks for, then what a reader without it should use, in order."""

_MM_TO_PT = 72 / 25.4


def _text_area_pt() -> tuple[float, float]:
    width = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * _MM_TO_PT
    height = (PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * _MM_TO_PT
    return width, height


def line_pitch_pt() -> float:
    """225 mm / 22 lines ≈ 28.95 pt."""
    return _text_area_pt()[1] / LINES_PER_PAGE


def char_pitch_pt() -> float:
    """156 mm / 28 characters ≈ 15.79 pt."""
    return _text_area_pt()[0] / CHARS_PER_LINE


# --- low-level helpers (python-docx objects) ---------------------------------------------------


CONDENSE_TWIPS = -5
"""Character spacing of 三号 text in twentieths of a point: 16 pt - 0.25 pt fits 28 a line."""


def _set_fonts(
    run: Any, east_asia: str, size: float, *, bold: bool = False, color: str | None = None
) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = FONT_LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), FONT_LATIN)
    fonts.set(qn("w:hAnsi"), FONT_LATIN)
    if size == BODY_PT:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CONDENSE_TWIPS))
        r_pr.append(spacing)


def _paragraph(
    doc: DocumentObject,
    text: str,
    *,
    font: str = FONT_BODY,
    size: float = BODY_PT,
    bold: bool = False,
    align: str = "justify",
    indent_chars: float = 2.0,
    right_chars: float = 0.0,
    color: str | None = None,
    exact_pitch: bool = True,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if exact_pitch:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(round(line_pitch_pt(), 2))
    else:
        _no_grid(paragraph)
    if indent_chars:
        fmt.first_line_indent = Pt(size * indent_chars)
    if right_chars:
        fmt.right_indent = Pt(BODY_PT * right_chars)
    if text:
        _set_fonts(paragraph.add_run(text), font, size, bold=bold, color=color)
    return paragraph


def _no_grid(paragraph: Any) -> None:
    """Titles and table cells keep their own line height instead of snapping to the body grid."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().append(snap)


def _title(doc: DocumentObject, text: str) -> None:
    """The title: 二号小标宋, centred, long titles broken into balanced lines."""
    from lawgov_cli.documents.wording import title_lines

    capacity = int(_text_area_pt()[0] // TITLE_PT)
    paragraph = _paragraph(
        doc, "", font=FONT_TITLE, size=TITLE_PT, align="center", indent_chars=0, exact_pitch=False
    )
    for number, line in enumerate(title_lines(text, capacity)):
        run = paragraph.add_run(line)
        _set_fonts(run, FONT_TITLE, TITLE_PT)
        if number:
            run._element.addprevious(_line_break())


def _line_break() -> Any:
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _page_setup(doc: DocumentObject) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_MM[0])
    section.page_height = Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    # The page number's top edge sits 7 mm below the 版心; a 四号 line is about 5 mm high.
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 7 - 5)
    section.header_distance = Mm(15)
    # The line grid: 22 lines a page (w:linePitch in twips).
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(line_pitch_pt() * 20)))
    sect_pr.append(grid)

    normal = doc.styles["Normal"]
    normal.font.name = FONT_LATIN
    normal.font.size = Pt(BODY_PT)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT_BODY)
    fonts.set(qn("w:ascii"), FONT_LATIN)
    fonts.set(qn("w:hAnsi"), FONT_LATIN)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")

    # Page numbers: "— N —", odd pages right, even pages left, one character in from the edge.
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], "right")
    _page_number(section.even_page_footer.paragraphs[0], "left")


def _page_number(paragraph: Any, side: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
    if side == "right":
        paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        paragraph.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)

    def text(value: str) -> None:
        _set_fonts(paragraph.add_run(value), FONT_PAGE_NUMBER, PAGE_NUMBER_PT)

    def field_char(kind: str) -> None:
        run = paragraph.add_run()
        _set_fonts(run, FONT_PAGE_NUMBER, PAGE_NUMBER_PT)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._element.append(element)

    text("— ")
    field_char("begin")
    run = paragraph.add_run()
    _set_fonts(run, FONT_PAGE_NUMBER, PAGE_NUMBER_PT)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._element.append(instr)
    field_char("separate")
    text("1")
    field_char("end")
    text(" —")


def _font_table(doc: DocumentObject) -> None:
    """Name every face with its substitutes (``w:altName``) in word/fontTable.xml."""
    from lxml import etree  # type: ignore[import-untyped]

    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    w = f"{{{namespace}}}"
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for name, alternates in FALLBACKS.items():
        font = etree.SubElement(root, f"{w}font")
        font.set(f"{w}name", name)
        alt = etree.SubElement(font, f"{w}altName")
        alt.set(f"{w}val", ",".join(alternates))
        charset = etree.SubElement(font, f"{w}charset")
        charset.set(f"{w}val", "86")  # GB2312
        family = etree.SubElement(font, f"{w}family")
        family.set(f"{w}val", "modern" if name == FONT_BODY else "auto")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _red_rule(paragraph: Any) -> None:
    """A red bottom border on ``paragraph``: the 版头's 分隔线, as wide as the 版心."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "12")  # eighths of a point: 1.5 pt
    bottom.set(qn("w:space"), "6")
    bottom.set(qn("w:color"), RED)
    borders.append(bottom)
    p_pr.append(borders)


def _tab_right(paragraph: Any) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt

    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Pt(_text_area_pt()[0] - BODY_PT), WD_TAB_ALIGNMENT.RIGHT
    )


def _table(doc: DocumentObject, block: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    columns = len(block.headers)
    table = doc.add_table(rows=1 + len(block.rows), cols=columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = list(block.widths) if len(block.widths) == columns else [1] * columns
    total_width = _text_area_pt()[0]
    sizes = [Pt(total_width * widths[index] / sum(widths)) for index in range(columns)]
    for column, width in zip(table.columns, sizes, strict=True):
        column.width = width
    # Rows listed once: python-docx's ``table.rows[r]`` and ``column.cells`` list every row (or
    # cell) again (a city's annex of 50,000 rows took minutes that way).
    rows = list(table.rows)
    for row in rows:
        for cell, width in zip(row.cells, sizes, strict=False):
            cell.width = width
    # The header row repeats on every page the table runs over, and no row splits across pages.
    header_tr = rows[0]._tr
    tr_pr = header_tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for row in rows:
        no_split = OxmlElement("w:cantSplit")
        no_split.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(no_split)

    def fill(cell: Any, text: str, *, header: bool) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_before = Pt(2)
        paragraph.paragraph_format.space_after = Pt(2)
        _no_grid(paragraph)
        numeric = text.replace(".", "").replace("%", "").isdigit()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if header or numeric else WD_ALIGN_PARAGRAPH.LEFT
        _set_fonts(paragraph.add_run(text), FONT_HEADING1 if header else FONT_BODY, TABLE_PT)

    for cell, label in zip(rows[0].cells, block.headers, strict=False):
        fill(cell, label, header=True)
    for row, values in zip(rows[1:], block.rows, strict=True):
        for cell, value in zip(row.cells, values, strict=False):
            fill(cell, value, header=False)


# --- blocks -> document ----------------------------------------------------------------------


def _render(doc: DocumentObject, blocks: Sequence[Block]) -> None:
    from docx.enum.text import WD_BREAK

    for block in blocks:
        if isinstance(block, DocHead):
            _paragraph(
                doc,
                block.series,
                font=FONT_TITLE,
                size=HEAD_PT,
                align="center",
                indent_chars=0,
                color=RED,
                exact_pitch=False,
            )
            _paragraph(doc, block.number, align="center", indent_chars=0)
            line = _paragraph(doc, "", indent_chars=0, align="left")
            _tab_right(line)
            _set_fonts(line.add_run(f"{block.issued_by}\t{block.date}"), FONT_BODY, BODY_PT)
            line.paragraph_format.left_indent = None
            _red_rule(line)
            _paragraph(doc, "", indent_chars=0)
        elif isinstance(block, Heading):
            if block.level == 1:
                _title(doc, block.text)
                _paragraph(doc, "", indent_chars=0)
            else:
                # A heading never ends a page: it stays with the paragraph it introduces.
                font = FONT_HEADING1 if block.level == 2 else FONT_HEADING2
                heading = _paragraph(doc, block.text, font=font, align="left")
                heading.paragraph_format.keep_with_next = True
        elif isinstance(block, Addressee):
            _paragraph(doc, block.text, indent_chars=0, align="left")
        elif isinstance(block, Paragraph):
            _paragraph(doc, block.text)
        elif isinstance(block, Quote):
            _paragraph(doc, f"【{block.text}】", font=FONT_HEADING2, bold=True)
        elif isinstance(block, Bullets):
            for item in block.items:
                _paragraph(doc, item)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Signoff):
            _paragraph(doc, "", indent_chars=0)
            _paragraph(doc, "", indent_chars=0)
            for line in block.lines:
                _paragraph(doc, line, align="right", indent_chars=0, right_chars=4)
        elif isinstance(block, Attachment):
            breaker = _paragraph(doc, "", indent_chars=0)
            breaker.add_run().add_break(WD_BREAK.PAGE)
            _paragraph(doc, block.label, font=FONT_HEADING1, align="left", indent_chars=0)
            _title(doc, block.title)
            _paragraph(doc, "", indent_chars=0)


def to_docx(blocks: Sequence[Block], *, title: str = "", author: str = "lawgov") -> bytes:
    """The blocks as a GB/T 9704 ``.docx`` file (bytes)."""
    from docx import Document

    doc = Document()
    _page_setup(doc)
    _font_table(doc)
    # The default template's body holds nothing but the section properties.
    _render(doc, blocks)
    properties = doc.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.comments = ""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


__all__ = [
    "CHARS_PER_LINE",
    "FALLBACKS",
    "FONT_BODY",
    "FONT_TITLE",
    "LINES_PER_PAGE",
    "MARGINS_MM",
    "to_docx",
]
