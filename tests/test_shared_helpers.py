"""The helpers that replaced near-copies which behaved differently (issue 16 item 5): one Markdown
escaper, one owner-name lookup, one mapping of file-read errors, one MB rounding."""

from __future__ import annotations

import errno
from pathlib import Path
from types import SimpleNamespace

import pytest

from lawgov_cli.documents.blocks import md_text
from lawgov_cli.errors import LawgovError
from lawgov_cli.fileio import MB, megabytes, read_error, read_regular, too_large

# --- Markdown ----------------------------------------------------------------------------------

BACKSLASHED = "\\`*_[]|#~"
"""Escaped with a backslash: emphasis, code, links and images, table cells, headings, strikethrough."""


@pytest.mark.parametrize("ch", list(BACKSLASHED))
def test_markdown_punctuation_is_backslash_escaped(ch: str) -> None:
    assert md_text(f"a{ch}b") == f"a\\{ch}b"


def test_angle_brackets_become_entities() -> None:
    assert md_text("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"


@pytest.mark.parametrize("ch", ["\n", "\r", "\r\n", "\t"])
def test_line_breaks_and_tabs_become_one_space(ch: str) -> None:
    assert md_text(f"a{ch}b") == "a b"


@pytest.mark.parametrize("ch", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u202e", "\u2066"])
def test_control_and_bidi_characters_are_dropped(ch: str) -> None:
    """As everywhere text leaves lawgov (fileio.strip_controls)."""
    assert md_text(f"红{ch}铃") == "红铃"


def test_full_width_spaces_and_runs_of_spaces_are_kept() -> None:
    assert md_text("第一期　通报  正文") == "第一期　通报  正文"


def test_plain_chinese_and_safe_punctuation_are_unchanged() -> None:
    text = "严格落实行政执法“三项制度”，完成率100%（2024-07-15）。a.b!c(d)e-f+g"
    assert md_text(text) == text


def test_the_markdown_export_uses_the_same_escaper() -> None:
    from lawgov_cli.export import md_export

    assert md_export.md_escape is md_text


def test_escaped_text_renders_as_the_same_text_in_commonmark() -> None:
    """A renderer (markdown-it, CommonMark + tables) shows the text itself: no tag, link,
    emphasis, heading or extra table cell."""
    from markdown_it import MarkdownIt

    hostile = "# 甲|乙 <b>*粗*</b> _斜_ [链接](javascript:x) ![i](x) `c` ~~删~~ \\ end"
    renderer = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    html = renderer.render(md_text(hostile))
    assert html.startswith("<p>") and html.count("<") == 2  # <p> and </p> only
    table = renderer.render(f"| h |\n| --- |\n| {md_text(hostile)} |")
    assert table.count("<td>") == 1
    assert "&lt;b&gt;" in html and "javascript" in html and "<a" not in html


# --- owner names -------------------------------------------------------------------------------


def test_owner_name_of_a_known_and_an_unknown_department() -> None:
    from lawgov_cli.fields import owner_name, owner_names
    from lawgov_cli.model import Department

    # The one attribute owner_name reads.
    workspace = SimpleNamespace(departments={"sifaju": Department(id="sifaju", name="区司法局")})
    assert owner_name(workspace, "sifaju") == "区司法局"  # type: ignore[arg-type]
    assert owner_name(workspace, "gone") == "gone"  # type: ignore[arg-type]
    assert owner_names(workspace, ["sifaju", "gone"]) == "区司法局、gone"  # type: ignore[arg-type]


# --- file reads ---------------------------------------------------------------------------------


def test_megabytes_round_up_to_a_tenth() -> None:
    assert megabytes(32 * MB) == 32.0
    assert megabytes(32 * MB + 1) == 32.1
    assert megabytes(1) == 0.1
    error = too_large("err.file_too_large", Path("x.toml"), 32 * MB + 1, 32 * MB)
    assert error.params == {"size": 32.1, "limit": 32}
    assert "x.toml" in str(error) and "32.1 MB" in str(error)


def test_read_errors_map_to_one_line_errors(tmp_path: Path) -> None:
    path = tmp_path / "x"
    assert read_error(path, FileNotFoundError(errno.ENOENT, "No such file")).key == "err.file_missing"
    socket = read_error(path, OSError(errno.ENXIO, "No such device"))
    assert socket.key == "err.not_regular_file"
    assert (socket.render("en"), socket.render("zh")) == (
        f"{path}: not a regular file (socket): refused without reading it",
        f"{path}: 不是普通文件（套接字），拒绝读取",
    )
    loop = OSError(errno.ELOOP, "Too many levels")
    assert "(symbolic link)" in read_error(path, loop, follow_symlinks=False).render("en")
    assert read_error(path, loop).render("en") == f"{path}: cannot read file: Too many levels"
    denied = read_error(path, PermissionError(errno.EACCES, "Permission denied"))
    assert (denied.render("en"), denied.render("zh")) == (
        f"{path}: cannot read file: Permission denied",
        f"{path}: 无法读取文件：权限不足",
    )


def test_read_regular_and_the_form_reader_say_the_same_for_a_missing_file(tmp_path: Path) -> None:
    from lawgov_cli.forms import read as form_read

    missing = tmp_path / "missing.xlsx"
    with pytest.raises(LawgovError) as by_reader:
        read_regular(missing, 100, lambda size: LawgovError("err.generic", message="big"))
    with pytest.raises(LawgovError) as by_form:
        form_read._open(missing)
    assert by_reader.value.key == by_form.value.key == "err.file_missing"
