"""The HTML export in a real browser (headless Chromium): readable, and never wider than the screen.

Chromium is driven from the command line, without extra Python packages: ``--screenshot`` for the
pictures (saved under ``test-artifacts/``) and ``--dump-dom`` for the measurements.  The export
itself has no JavaScript; the test writes a small probe page next to it that shows the export in
an iframe of the wanted width and, once it has loaded, writes the export's
``document.documentElement.scrollWidth``, its viewport width and its text into the probe page's
DOM, which ``--dump-dom`` then prints.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
AS_OF = "2024-07-15"
WIDTHS = (1280, 390)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="headless Chromium not installed (/usr/bin/chromium; Debian: apt-get install chromium)",
    ),
]

PROBE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="page" src="{src}" style="border:0;width:{width}px;height:900px"></iframe>
<pre id="probe"></pre>
<script>
document.getElementById("page").addEventListener("load", function () {{
  var doc = this.contentDocument, win = this.contentWindow, root = doc.documentElement;
  var sticking = [];
  doc.querySelectorAll("body *").forEach(function (el) {{
    var box = el.getBoundingClientRect();
    if (box.width && box.right > root.clientWidth + 0.5 && !el.closest(".scroll")) {{
      sticking.push(el.tagName + "." + el.getAttribute("class") + " " + Math.round(box.right));
    }}
  }});
  var cells = doc.querySelectorAll(".tasks td.owner, .tasks td.due, .tasks td.state");
  var shown = 0;
  cells.forEach(function (el) {{
    var box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= root.clientWidth + 0.5) {{ shown++; }}
  }});
  var box = doc.querySelector(".scroll.cards");
  document.getElementById("probe").textContent = JSON.stringify({{
    task_cells: cells.length,
    task_cells_on_screen: shown,
    task_box: [box.scrollWidth, box.clientWidth],
    header_shown: doc.querySelector(".tasks thead").getBoundingClientRect().height > 0,
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    innerWidth: win.innerWidth,
    sticking_out: sticking.slice(0, 10),
    text: doc.body.innerText
  }});
}});
</script>
</body></html>
"""
"""A page that loads the report in an iframe exactly ``width`` CSS pixels wide (a headless window
cannot be narrower than 500 px, an iframe can) and writes what it measured into its own DOM."""


def chromium(*args: str, user_data: Path, width: int, height: int = 900) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={user_data}",
        f"--window-size={width},{height}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


class ProbeReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre" and ("id", "probe") in attrs:
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.data.append(data)


def measure(html: Path, width: int, tmp_path: Path) -> dict[str, object]:
    wrapper = html.with_name(f"probe-{width}.html")
    wrapper.write_text(PROBE.format(src=html.name, width=width), "utf-8")
    done = chromium(
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
        "--dump-dom",
        wrapper.as_uri(),
        user_data=tmp_path / f"profile-dom-{width}",
        width=max(width, 500) + 40,
    )
    reader = ProbeReader()
    reader.feed(done.stdout)
    assert "".join(reader.data).strip(), f"no probe output (exit {done.returncode}): {done.stderr[-2000:]}"
    return json.loads("".join(reader.data))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML export of the committed workspace after a few ticks, as of 2024-07-15."""
    from lawgov_cli.cli import main

    base = tmp_path_factory.mktemp("browser")
    ws = base / "ws"
    shutil.copytree(ROOT / "checklists", ws)

    def lawgov(*args: str) -> None:
        try:
            main(["--dir", str(ws), "--as-of", AS_OF, *args])
        except SystemExit as done:
            assert not done.code, args

    lawgov("done", "M1.1", "M1.3", "M2.2", "--on", "2024-05-10", "--by", "test")
    lawgov("start", "M3.3", "--by", "test")
    lawgov("done", "M4.4", "--period", "2024-01", "--by", "test")
    out = base / "report.html"
    lawgov("export", "-o", str(out))
    return out


@pytest.mark.parametrize("width", WIDTHS)
def test_page_fits_the_screen_and_shows_the_report(report: Path, width: int, tmp_path: Path) -> None:
    probe = measure(report, width, tmp_path)
    assert probe["innerWidth"] == width, probe["innerWidth"]
    assert probe["scrollWidth"] <= probe["clientWidth"], (probe["scrollWidth"], probe["sticking_out"])
    assert probe["sticking_out"] == []
    text = str(probe["text"])
    assert "2024年度法治政府建设任务台账" in text
    assert "2024年7月15日" in text
    assert "区司法局" in text and "逾期任务（红灯）" in text
    assert "lawgov" not in text  # no developer text on the page
    # Every task's owner, deadline and status is on screen, without scrolling the table either.
    assert probe["task_cells"] == 3 * 57
    assert probe["task_cells_on_screen"] == probe["task_cells"]
    box_scroll, box_client = probe["task_box"]
    assert box_scroll <= box_client, probe["task_box"]
    # Below 600 px the table is cards (no header row); wider, it is a table.
    assert probe["header_shown"] is (width > 600)


def test_narrow_page_scroll_width(report: Path, tmp_path: Path) -> None:
    """At 390 px (a phone) the document is exactly as wide as the screen."""
    probe = measure(report, 390, tmp_path)
    assert probe["scrollWidth"] <= 390


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshot(report: Path, width: int, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"export-html-{width}.png"
    target.unlink(missing_ok=True)
    done = chromium(
        f"--screenshot={target}",
        report.as_uri(),
        user_data=tmp_path / f"profile-shot-{width}",
        width=width,
        height=1800,
    )
    assert target.exists(), done.stderr[-2000:]
    header = target.read_bytes()[:24]
    assert header.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(header[16:20], "big") == width
