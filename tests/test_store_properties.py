"""Properties of the TOML store's edit path (``store.edit.apply_changes``), on random edits.

For any set of changes lawgov makes — a status, notes and evidence lists of arbitrary Unicode
(quotes, newlines, backslashes, control characters, TOML syntax), metric actuals, period ticks,
``done_on`` set or removed, a new unknown key — and any history entries:

* the file read back with ``tomllib`` is exactly the old document plus the changes plus the
  history (an oracle written here, independent of the store's own check);
* every task not changed keeps its exact bytes, and so does the preamble;
* every hand comment survives;
* a UTF-8 BOM and CRLF line ends are kept;
* ``read_history`` returns the appended entries unchanged.

The report parser has its own properties in ``test_report_properties.py``.
"""

from __future__ import annotations

import codecs
import copy
import re
import tempfile
import tomllib
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawgov_cli.model import STATUSES, HistoryEntry
from lawgov_cli.store.edit import FieldChange, apply_changes, read_history

from conftest import COMMITTED_WORKSPACE

SAMPLES = {
    # hand-written: comments (whole-line and trailing), unknown keys, [[tasks.metrics]] tables
    "hand": (Path(__file__).parent / "data" / "store_write" / "sifaju.toml").read_bytes(),
    # what `lawgov init` writes: a header comment, inline metric tables, 14 tasks
    "init": (COMMITTED_WORKSPACE / "tasks" / "sifaju.toml").read_bytes(),
}
PERIODS = [f"2024-{m:02d}" for m in range(1, 13)] + [f"2024-Q{q}" for q in range(1, 5)] + ["2024"]
TRICKY = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\n",
    "\\u0000",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\u2028",
    "\ufeff",
    "# not a comment",
    "[[tasks]]",
    '\n[[tasks]]\nid = "X"\n',
    "]]\n[[history]]",
    "key = value",
    "=1+2",
    "✓ 完成",
    "𠀀𝄞",
]
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=30),
    st.lists(st.sampled_from(TRICKY), max_size=4).map("".join),
)


def tasks_of(data: bytes) -> list[dict[str, Any]]:
    return tomllib.loads(data.decode("utf-8-sig"))["tasks"]


def change_strategy(task: dict[str, Any]) -> st.SearchStrategy[FieldChange]:
    task_id = task["id"]
    options = [
        st.sampled_from(STATUSES).map(lambda s: FieldChange(task_id, ("status",), s)),
        st.lists(TEXT, max_size=4).map(lambda v: FieldChange(task_id, ("notes",), v)),
        st.lists(TEXT, max_size=3).map(lambda v: FieldChange(task_id, ("evidence",), v)),
        st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2100, 12, 31))).map(
            lambda d: FieldChange(task_id, ("done_on",), d)
        ),
        st.tuples(st.sampled_from(PERIODS), st.dates(date(2024, 1, 1), date(2025, 12, 31))).map(
            lambda p: FieldChange(task_id, ("periods", p[0]), p[1])
        ),
        TEXT.map(lambda v: FieldChange(task_id, ("x_hand_key",), v)),
    ]
    metrics = task.get("metrics", [])
    if metrics:
        options.append(
            st.tuples(
                st.integers(0, len(metrics) - 1),
                st.floats(allow_nan=False, allow_infinity=False, width=64),
            ).map(lambda m: FieldChange(task_id, ("metrics", m[0], "actual"), m[1]))
        )
    return st.one_of(options)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[str, str, list[FieldChange], list[HistoryEntry]]:
    sample = draw(st.sampled_from(sorted(SAMPLES)))
    style = draw(st.sampled_from(["lf", "crlf", "bom", "crlf+bom"]))
    tasks = tasks_of(SAMPLES[sample])
    chosen = draw(st.lists(st.sampled_from(tasks), min_size=1, max_size=3, unique_by=lambda t: t["id"]))
    changes = [c for task in chosen for c in draw(st.lists(change_strategy(task), min_size=1, max_size=4))]
    history = draw(
        st.lists(
            st.builds(
                HistoryEntry,
                at=st.just("2024-07-15T09:30:00+08:00"),
                by=TEXT,
                task=st.sampled_from([t["id"] for t in chosen]),
                action=st.sampled_from(["done", "note", "record", "tick"]),
                old=TEXT,
                new=TEXT,
                note=TEXT,
            ),
            max_size=3,
        )
    )
    return sample, style, changes, history


def encode(data: bytes, style: str) -> bytes:
    if "crlf" in style:
        data = data.replace(b"\n", b"\r\n")
    if "bom" in style:
        data = codecs.BOM_UTF8 + data
    return data


def oracle(before: dict[str, Any], changes: list[FieldChange], history: list[HistoryEntry]) -> dict[str, Any]:
    """What the document must read as: the changes applied to plain data, history appended."""
    doc = copy.deepcopy(before)
    position = {}
    for index, task in enumerate(doc["tasks"]):
        position.setdefault(task["id"], index)
    for change in changes:
        node: Any = doc["tasks"][position[change.task_id]]
        for segment in change.path[:-1]:
            if isinstance(segment, str) and segment not in node:
                if change.value is None:
                    break
                node[segment] = {}
            node = node[segment]
        else:
            last = change.path[-1]
            if change.value is None:
                if isinstance(node, dict):
                    node.pop(last, None)
            else:
                node[last] = copy.deepcopy(change.value)
    if history:
        doc.setdefault("history", []).extend(
            # Every entry names its effective date; one without takes the date of its `at`.
            {**asdict(entry), "on": entry.on or (entry.day.isoformat() if entry.day != date.min else "")}
            for entry in history
        )
    return doc


def blocks(text: str) -> dict[str, str]:
    """The text before the first task, and each task's block (header to next header), by id."""
    parts = re.split(r"(?m)^(?=\[\[(?:tasks|history)\]\])", text)
    out = {"preamble": parts[0]}
    for part in parts[1:]:
        match = re.search(r'(?m)^id = "([^"]+)"', part)
        if part.startswith("[[tasks]]") and match:
            out[match.group(1)] = part
    return out


def comments(text: str) -> list[str]:
    """Hand comments: whole-line ``# …`` and trailing ``value   # …`` (two spaces before ``#``)."""
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            found.append(stripped)
        elif "  #" in line:
            found.append(line[line.index("  #") :].strip())
    return found


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_an_edit_changes_exactly_what_it_says_and_keeps_everything_else(
    scenario: tuple[str, str, list[FieldChange], list[HistoryEntry]],
) -> None:
    sample, style, changes, history = scenario
    original = encode(SAMPLES[sample], style)
    text_before = original.decode("utf-8-sig")
    before = tomllib.loads(text_before)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sifaju.toml"
        path.write_bytes(original)
        apply_changes(path, changes, history)
        written = path.read_bytes()
        history_read = read_history(path)

    # Encoding and line ends as the file had them.
    assert written.startswith(codecs.BOM_UTF8) == ("bom" in style)
    assert not written.removeprefix(codecs.BOM_UTF8).startswith(codecs.BOM_UTF8)
    if "crlf" in style:
        assert re.search(rb"(?<!\r)\n", written) is None, "a line lawgov wrote ends in LF only"
    text_after = written.decode("utf-8-sig")

    # Exactly the intended document.
    after = tomllib.loads(text_after)
    assert after == oracle(before, changes, history)

    # Untouched tasks and the preamble keep their bytes; every hand comment is still there.
    old_blocks, new_blocks = blocks(text_before), blocks(text_after)
    touched = {c.task_id for c in changes}
    assert new_blocks["preamble"] == old_blocks["preamble"]
    for task_id, block in old_blocks.items():
        if task_id not in touched and task_id != "preamble":
            if task_id == list(old_blocks)[-1] and history and "history" not in before:
                # the last task's block now runs up to the new [[history]] header
                assert new_blocks[task_id].rstrip() == block.rstrip()
            else:
                assert new_blocks[task_id] == block, task_id
    new_comments = comments(text_after)
    for comment in set(comments(text_before)):
        assert new_comments.count(comment) >= comments(text_before).count(comment), comment

    # The history reads back as written (entries kept in full).
    assert history_read[len(history_read) - len(history) :] == [
        replace(e, on=e.on or (e.day.isoformat() if e.day != date.min else "")) for e in history
    ]
