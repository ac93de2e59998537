"""The derived read cache never changes an answer: same JSON with and without it, after hand edits too.

Runs on a synthetic workspace (benchmarks/synth.py) with recurring tasks, all statuses and several
files, because that is where an index that drifts from the TOML would show.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from procs import synth_city

from conftest import status_json


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    return synth_city(tmp_path / "city", 1500, 9, 7)


def _status(
    run, ws: Path, monkeypatch: pytest.MonkeyPatch, *, cache: bool, as_of: str = "2024-07-01"
) -> dict:
    return status_json(run, ws, monkeypatch, as_of=as_of, cache=cache)


def test_status_json_is_the_same_with_and_without_the_cache(run, synthetic: Path, monkeypatch) -> None:
    truth = _status(run, synthetic, monkeypatch, cache=False)
    assert truth["totals"]["tasks"] == 1500 and truth["totals"]["overdue"] > 0
    first = _status(run, synthetic, monkeypatch, cache=True)  # builds the cache
    assert (synthetic / ".lawgov-cache").is_dir()
    second = _status(run, synthetic, monkeypatch, cache=True)  # reads it
    assert first == truth and second == truth
    for as_of in ("2024-01-15", "2024-12-31", "2025-03-02"):  # the index answers any day
        assert _status(run, synthetic, monkeypatch, cache=True, as_of=as_of) == _status(
            run, synthetic, monkeypatch, cache=False, as_of=as_of
        )


def test_a_hand_edit_is_seen_through_the_cache(run, synthetic: Path, monkeypatch) -> None:
    _status(run, synthetic, monkeypatch, cache=True)  # fill the cache
    truth_before = _status(run, synthetic, monkeypatch, cache=False)
    overdue_id = truth_before["overdue"][0]["id"]
    # A person marks the most overdue task done in their editor (no lawgov involved).
    for path in sorted((synthetic / "tasks").glob("*.toml")):
        text = path.read_text("utf-8")
        marker = f'id = "{overdue_id}"'
        if marker not in text:
            continue
        start = text.index(marker)
        status_at = text.index("status = ", start)
        line_end = text.index("\n", status_at)
        text = text[:status_at] + 'status = "done"\ndone_on = 2024-06-30' + text[line_end:]
        path.write_text(text, "utf-8")
        break
    else:
        pytest.fail(f"{overdue_id} not found")
    after_truth = _status(run, synthetic, monkeypatch, cache=False)
    assert after_truth["totals"]["done"] == truth_before["totals"]["done"] + 1
    assert overdue_id not in {item["id"] for item in after_truth["overdue"]}
    assert _status(run, synthetic, monkeypatch, cache=True) == after_truth
    assert _status(run, synthetic, monkeypatch, cache=True) == after_truth  # and once cached again


def test_deleting_the_cache_is_always_safe(run, synthetic: Path, monkeypatch) -> None:
    import shutil

    truth = _status(run, synthetic, monkeypatch, cache=False)
    _status(run, synthetic, monkeypatch, cache=True)
    shutil.rmtree(synthetic / ".lawgov-cache")
    assert _status(run, synthetic, monkeypatch, cache=True) == truth


def _timelines_kept(ws: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """Per cached file: whether the cache keeps the timelines past views count from."""
    from lawgov_cli.store.cache import ROWS_DIR, TaskCache

    monkeypatch.delenv("LAWGOV_NO_CACHE", raising=False)
    folder = ws / ".lawgov-cache" / ROWS_DIR
    return {name: (folder / f"{name}.timelines").is_file() for name in TaskCache.open(ws).entries}


def test_timelines_are_built_on_the_first_past_view_and_kept(run, synthetic: Path, monkeypatch) -> None:
    """Today's view never needs the per-task timelines: a cold read leaves them out of the cache;
    the first view of a past day builds them, the cache keeps them, and every answer is the one
    computed without any cache."""
    today = _status(run, synthetic, monkeypatch, cache=True)
    assert today == _status(run, synthetic, monkeypatch, cache=False)
    kept = _timelines_kept(synthetic, monkeypatch)
    assert len(kept) == 9 and not any(kept.values())
    past = _status(run, synthetic, monkeypatch, cache=True, as_of="2024-03-15")
    assert all(_timelines_kept(synthetic, monkeypatch).values())
    again = _status(run, synthetic, monkeypatch, cache=True, as_of="2024-03-15")
    assert past == again == _status(run, synthetic, monkeypatch, cache=False, as_of="2024-03-15")
    assert past != today


def test_a_cache_row_keeps_every_field_of_a_task() -> None:
    """Every field of Task, each set to something other than its default, survives the cache's
    rows (through marshal, as written); a field added to Task but not to the rows fails here."""
    import dataclasses
    import marshal
    from datetime import date

    from lawgov_cli.model import Metric, Pending, Task
    from lawgov_cli.store.rows import task_of_rows, task_to_rows

    task = Task(
        id="M1.2",
        title="标题",
        kind="rectify",
        owner="sifaju",
        due=date(2024, 9, 30),
        section="一、",
        source="原文",
        co_owners=["gonganju"],
        due_rule="9月底前",
        repeat="quarterly",
        status="reported",
        done_on=date(2024, 5, 1),
        notes=["备注"],
        evidence=["材料"],
        metrics=[Metric("案件数", "件", 1.0, 2.0, 3.5, True)],
        periods={"2024-Q1": date(2024, 3, 30)},
        needs_review=True,
        manual=True,
        carried_from="2023:M9",
        report=Pending(date(2024, 6, 1), "张三"),
        extension=Pending(date(2024, 6, 2), "李四", date(2024, 12, 31), "理由", True),
    )
    defaults = Task("X", "", "measure", "", date(2024, 1, 1))
    for spec in dataclasses.fields(Task):
        if spec.name not in ("id", "due"):
            assert getattr(task, spec.name) != getattr(defaults, spec.name), spec.name
    summary, detail = task_to_rows(task)
    assert task_of_rows(marshal.loads(marshal.dumps(summary)), marshal.loads(marshal.dumps(detail))) == task


def test_ids_are_checked_again_when_a_file_changes_its_ids(run, synthetic: Path, monkeypatch) -> None:
    """A file edited without touching its ids keeps the earlier uniqueness check; an edit that
    brings another file's id in is found at once, cache or not."""
    _status(run, synthetic, monkeypatch, cache=True)  # builds the cache and checks the ids
    files = sorted((synthetic / "tasks").glob("*.toml"))
    first, second = files[0], files[1]
    text = first.read_text("utf-8")
    first.write_text(text.replace('status = "todo"', 'status = "doing"', 1), "utf-8")  # same ids
    assert _status(run, synthetic, monkeypatch, cache=True) == _status(
        run, synthetic, monkeypatch, cache=False
    )
    other_id = re.search(r'^id = "([^"]+)"', second.read_text("utf-8"), re.MULTILINE)
    assert other_id is not None
    block = text[text.index("[[tasks]]") :].split("\n\n", 1)[0]
    own_id = re.search(r'^id = "([^"]+)"', block, re.MULTILINE)
    assert own_id is not None
    duplicate = block.replace(f'id = "{own_id.group(1)}"', f'id = "{other_id.group(1)}"')
    head, tail = first.read_text("utf-8").split("[[history]]", 1)
    first.write_text(head + duplicate + "\n\n[[history]]" + tail, "utf-8")
    monkeypatch.delenv("LAWGOV_NO_CACHE", raising=False)
    result = run("--dir", str(synthetic), "status")
    assert result.code == 2 and other_id.group(1) in result.err, result.err


def test_titles_are_kept_encoded_and_decoded_only_for_the_files_read(run, synthetic: Path, monkeypatch) -> None:
    """The index keeps each file's titles as UTF-8 bytes (a city's ~4 MB of Chinese would be a
    third of the index's decoding): a file's titles are decoded when something reads them, and
    are then the file's own."""
    from lawgov_cli.store.cache import TaskCache, file_key
    from lawgov_cli.store.department import load_owned

    _status(run, synthetic, monkeypatch, cache=True)  # builds the cache
    cache = TaskCache.open(synthetic)
    paths = sorted((synthetic / "tasks").glob("*.toml"))
    shards = [cache.get(p.name, file_key(p.stat()), p) for p in paths]
    assert all(s is not None and isinstance(s._titles_joined, bytes) for s in shards)
    first = shards[0]
    assert first is not None
    tasks, _ = load_owned(paths[0], paths[0].stem)
    assert first.titles == tuple(t.title for t in tasks)
    assert isinstance(first._titles_joined, str)
    assert all(s is not None and isinstance(s._titles_joined, bytes) for s in shards[1:])
