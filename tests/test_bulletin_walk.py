"""The bulletin's fast walk (issue 15) against the straightforward one it replaced.

The walk reads each file's cached rows once, works from the rows rather than ``Task`` objects and
works out a task's state once per (status, repeat, due, ticked periods).  The reference below
is the walk as it was before: every task built, its state taken by ``Progress.state_of``, every
text made from the task.  Both run on a workspace with the cases a shortcut could get wrong:
overdue recurring tasks (missed periods), tasks finished late, reported and extension requests
pending, a dropped task, notes full of Markdown punctuation and backslashes, a value recorded in
another file's history, hand edits, tied departments and past months (files replayed to the
month's end); and on files no command writes (periods ticked after the day of the view, ids
whose order keys tie).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lawgov_cli.i18n import Lang

from conftest import ok, simulate_year

NOTE = r"表格|竖线 *星号* _下划线_ <b>标签</b> #井号 \反斜杠\\ [链接](x) ~波浪~ `代码`"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed workspace through July 2024 and then some: see the module's doc."""
    from lawgov_cli.cli import main

    from conftest import COMMITTED_WORKSPACE

    ws = tmp_path_factory.mktemp("edge") / "ws"
    shutil.copytree(COMMITTED_WORKSPACE, ws, ignore=shutil.ignore_patterns(".lawgov-cache", ".lawgov.lock"))

    class Runner:
        def __call__(self, *args: str) -> Any:
            from conftest import Result

            try:
                main(list(args))
                code = 0
            except SystemExit as done:
                code = int(done.code or 0)
            return Result(code, "", "")

    run = Runner()
    simulate_year(run, ws, until="2024-07-31")
    d = ("--dir", str(ws))
    ok(run(*d, "--as-of", "2024-06-10", "note", "R3", NOTE, "--by", "区司法局"))
    ok(run(*d, "--as-of", "2024-06-12", "note", "P3.2", "末尾句号。", "--by", "区司法局"))
    ok(run(*d, "--as-of", "2024-06-15", "drop", "P3.5", "--reason", "并入P3.4", "--by", "区司法局"))
    ok(run(*d, "--as-of", "2024-06-20", "start", "P3.3", "M6.1", "--by", "区司法局"))
    ok(run(*d, "--as-of", "2024-06-20", "record", "M6.3", "实质化解率", "90", "--by", "区司法局"))
    _append(ws / "lawgov.toml", "\n[workflow]\nreview = true\n")
    ok(run(*d, "--as-of", "2024-06-21", "done", "P3.1", "--on", "2024-06-21", "--by", "区司法局"))
    ok(run(*d, "--as-of", "2024-06-22", "extend", "P3.2", "--to", "2025-01-31", "--reason", "待审议。", "--on", "2024-06-22"))
    # Hand edits: a quarter of M2.5 ticked (counted from its own date: absent from June's view),
    # and a value of a 区司法局 task recorded in 区发展改革委's file.
    # P3.3 due within the due-soon window of June's end (a hand edit, counted from the clock).
    sifaju = ws / "tasks" / "sifaju.toml"
    text = sifaju.read_text("utf-8")
    start = text.index('id = "P3.3"')
    at = text.index("due = 2024-12-31", start)
    sifaju.write_text(text[:at] + "due = 2024-07-10" + text[at + len("due = 2024-12-31") :], "utf-8")
    fgw = ws / "tasks" / "fgw.toml"
    text = fgw.read_text("utf-8")
    assert '"2024-Q2" = 2024-06-27\n' in text
    fgw.write_text(text.replace('"2024-Q2" = 2024-06-27\n', '"2024-Q2" = 2024-06-27\n"2024-Q3" = 2024-07-05\n'), "utf-8")
    _append(
        fgw,
        '\n[[history]]\nat = "2024-06-18T10:00:00+08:00"\nby = "区司法局"\ntask = "M6.3"\n'
        'action = "record"\nold = ""\nnew = "96"\nnote = "行政机关负责人出庭应诉率：96%"\n',
    )
    return ws


def _reference(
    progress: Any, first: date, last: date, lang: Lang, dept: Callable[[str], str], titles: set[str], metrics: set[str]
) -> dict[str, Any]:
    """The walk before issue 15's fast path: every task's state from ``Progress.tasks``."""
    from lawgov_cli.documents.bulletin_walk import _yellow_item, missing_text, state_text
    from lawgov_cli.documents.schedule import achieved_units, expected_units
    from lawgov_cli.documents.wording import cn_date, cn_month_day, period_label, task_title
    from lawgov_cli.i18n import t, t_plural
    from lawgov_cli.model import task_sort_key
    from lawgov_cli.periods import task_periods

    def finished_item(task: Any, day: date, period: str) -> str:
        due = next((p.due for p in task_periods(task) if p.key == period), task.due) if period else task.due
        days = max(0, (day - due).days)
        note = task.notes[-1].rstrip("。.") if task.notes and not period else ""
        return t(
            "bul.finished_item",
            lang,
            dept=dept(task.owner),
            title=task_title(task, lang),
            period=t("punct.bracketed", lang, text=period_label(period, lang)) if period else "",
            date=cn_month_day(day, lang),
            late=t_plural("bul.finished_late", days, lang, days=days) if days else "",
            note=(t("punct.aside", lang) + note) if note else "",
        )

    as_of = progress.as_of
    rank = {d.id: n for n, d in enumerate(progress.departments)}
    out: dict[str, Any] = {
        "expected": {}, "achieved": {}, "overdue": [], "due_soon": [], "finished": [], "annex": [],
        "titles": {}, "metrics": {},
    }  # fmt: skip
    for state in progress.tasks:
        task = state.task
        owner = task.owner
        key = task_sort_key(task.id)
        out["expected"][owner] = out["expected"].get(owner, 0.0) + expected_units(state, as_of)
        out["achieved"][owner] = out["achieved"].get(owner, 0.0) + achieved_units(state, as_of)
        if state.overdue:
            text = task_title(task, lang) + t("punct.colon", lang) + missing_text(state, lang)
            out["overdue"].append((state.days_overdue, key, owner, text))
        elif state.due_soon:
            out["due_soon"].append((state.next_due, key, owner, _yellow_item(state, lang, dept)))
        if task.status not in ("done", "dropped"):
            due = cn_date(state.next_due or task.due, lang)
            row = [dept(owner), task_title(task, lang), due, state_text(state, lang)]
            out["annex"].append((rank.get(owner, 99), key, row))
        if task.status == "done" and task.done_on and first <= task.done_on <= last:
            out["finished"].append((task.done_on.toordinal(), key, finished_item(task, task.done_on, "")))
        for period, ticked in task.periods.items():
            if first <= ticked <= last and not (task.done_on == ticked and task.status == "done"):
                out["finished"].append((ticked.toordinal(), key, finished_item(task, ticked, period)))
        if task.id in titles:
            out["titles"][task.id] = task_title(task, lang)
        if task.id in metrics:
            out["metrics"][task.id] = (owner, list(task.metrics))
    out["annex"] = [row for _, _, row in sorted(out["annex"], key=lambda item: (item[0], item[1]))]
    return out


def _fast(workspace: Any, month: Any, lang: Lang) -> tuple[dict[str, Any], dict[str, Any]]:
    from lawgov_cli.documents.bulletin import bulletin_progress, month_records
    from lawgov_cli.documents.bulletin_walk import _metrics_elsewhere, _walk
    from lawgov_cli.fields import owner_name
    from lawgov_cli.store.cache import transient_history

    progress = bulletin_progress(workspace, month)

    def dept(owner: str) -> str:
        return owner_name(workspace, owner)

    pending = {p.id for p in progress.pending()}
    walk = _walk(progress, month.first, month.last, lang, dept, pending)
    records = month_records(workspace, walk.records, month)
    # The month's record entries as the bulletin read them before: every file's whole history.
    every = [
        e
        for shard in workspace.base.shards
        for e in transient_history(shard)
        if e.action == "record" and month.first <= e.day <= month.last
    ]
    assert records == every
    _metrics_elsewhere(progress, {e.task for e in records}, walk.metrics)
    fast = _parts(walk)
    reference = _reference(
        bulletin_progress(workspace, month), month.first, month.last, lang, dept, pending, {e.task for e in records}
    )
    return fast, _normal(reference)


MONTHS = [(2024, m) for m in range(1, 13)]


def _view(ws: Path, day: date) -> Any:
    """The workspace as the CLI loads it with ``--as-of day`` and ``day`` as the clock."""
    from lawgov_cli.store.load import load_workspace

    workspace = load_workspace(ws)
    workspace.clock = day
    return workspace.at(day)


def _listed(items: list[Any]) -> list[Any]:
    """Listed items without their order field (the reference's id key, the fast walk's place in id
    order): in the orders the bulletin sorts them by — (first field, order), and order alone."""
    if not items:
        return []
    return [
        [(item[0], *item[2:]) for item in sorted(items, key=lambda item: (item[0], item[1]))],
        [item[2:] for item in sorted(items, key=lambda item: item[1])],
    ]


def _normal(parts: dict[str, Any]) -> dict[str, Any]:
    return {name: _listed(value) if name in ("overdue", "due_soon", "finished") else value for name, value in parts.items()}


def _parts(walk: Any) -> dict[str, Any]:
    """What the fast walk found, by the names the reference walk uses."""
    return _normal(
        {
            "expected": walk.expected,
            "achieved": walk.achieved,
            "overdue": walk.overdue,
            "due_soon": walk.due_soon,
            "finished": walk.finished,
            "annex": walk.annex_rows(),
            "titles": walk.titles,
            "metrics": walk.metrics,
        }
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("as_of", ["2024-06-30", "2024-08-15"])
def test_the_walk_says_what_the_reference_says(edge: Path, as_of: str, lang: Lang) -> None:
    """Every month of the plan year, seen on two days (before and after the hand-edited tick):
    the same units (to the last bit of each float), items, texts and order."""
    from lawgov_cli.documents.bulletin import Month

    day = date.fromisoformat(as_of)
    seen: set[str] = set()
    for year, number in MONTHS:
        workspace = _view(edge, day)
        fast, reference = _fast(workspace, Month(year, number), lang)
        for part in reference:
            assert fast[part] == reference[part], (year, number, part)
        seen.update(part for part, value in reference.items() if value)
    # The cases are there to be compared, not empty lists compared.
    assert seen == {"expected", "achieved", "overdue", "due_soon", "finished", "annex", "titles", "metrics"}


def test_the_edge_workspace_has_its_edge_cases(edge: Path) -> None:
    from lawgov_cli.documents.bulletin import Month, bulletin_progress

    day = date(2024, 6, 30)
    workspace = _view(edge, day)
    progress = bulletin_progress(workspace, Month(2024, 6))
    states = {s.task.id: s for s in progress.tasks}
    assert states["M4.4"].missed_periods == ("2024-05",) and states["M4.4"].overdue
    assert states["P3.1"].task.status == "reported" and states["P3.2"].task.extension is not None
    assert states["P3.5"].task.status == "dropped"
    assert NOTE in states["R3"].task.notes


def _compare(progress: Any, month: Any, lang: Lang, names: dict[str, str], titles: set[str]) -> dict[str, Any]:
    from lawgov_cli.documents.bulletin_walk import _walk

    def dept(owner: str) -> str:
        return names.get(owner, owner)

    walk = _walk(progress, month.first, month.last, lang, dept, titles)
    wanted = {task_id for entries in walk.records.values() for task_id in (e.task for e in entries)}
    reference = _normal(_reference(progress, month.first, month.last, lang, dept, titles, wanted))
    fast = _parts(walk)
    for part in reference:
        assert fast[part] == reference[part], part
    return reference


def test_the_walk_on_tasks_no_command_writes(tmp_path: Path) -> None:
    """Files as a hand or another tool could leave them, counted as they are (no ledger): periods
    ticked after the day of the view (not achieved yet), ids whose order keys tie (M1.2 and
    M01.2), the same state reached by ticks on different days, tied departments, a task whose
    owner is not its file's department."""
    from lawgov_cli.documents.bulletin import Month
    from lawgov_cli.model import Department, Metric, Pending, Task
    from lawgov_cli.progress import Progress
    from lawgov_cli.store.index import Shard

    d = date.fromisoformat
    monthly = {f"2024-{m:02d}": d(f"2024-{m:02d}-28") for m in (1, 2, 3)}
    tasks = {
        "a": [
            Task("M1.2", "按月报送|统计", "measure", "a", d("2024-12-31"), repeat="monthly", periods=monthly),
            Task("M01.2", "同序号", "measure", "a", d("2024-06-30"), status="doing", notes=[NOTE]),
            Task("M1.3", "按月", "measure", "a", d("2024-12-31"), repeat="monthly", status="doing",
                 periods={**monthly, "2024-04": d("2024-04-30"), "2024-05": d("2024-07-03")}),
            Task("M1.4", "按月", "measure", "a", d("2024-12-31"), repeat="monthly", status="doing",
                 periods={**monthly, "2024-04": d("2024-05-02"), "2024-05": d("2024-06-01")}),
            Task("R1", "整改：问题一。", "rectify", "a", d("2024-05-31"), status="done", done_on=d("2024-06-03"),
                 notes=["完成。"], metrics=[Metric("x", "件", 1.0)]),
            Task("R2", "整改：问题二", "rectify", "a", d("2024-07-05"), status="reported",
                 report=Pending(d("2024-06-20"), "张三")),
            Task("P1", "将到期", "plan", "a", d("2024-07-10"),
                 extension=Pending(d("2024-06-21"), "李四", d("2024-09-30"), "理由。")),
        ],
        "b": [
            Task("Q1", "按季度", "measure", "b", d("2024-12-31"), repeat="quarterly",
                 periods={"2024-Q1": d("2024-03-30"), "2024-Q2": d("2024-06-29")}),
            Task("S1", "撤销的", "statutory", "b", d("2024-03-01"), status="dropped"),
            Task("X1", "别人的", "assigned", "c", d("2024-06-01")),
            Task("D1", "年度", "duty", "b", d("2024-12-31"), repeat="yearly", status="todo"),
        ],
        "c": [Task("J1", "交办", "assigned", "c", d("2024-12-31"))],
        "e": [Task("J2", "交办", "assigned", "e", d("2024-12-31"))],
    }
    shards = [Shard.from_tasks(k, tmp_path / f"{k}.toml", v, dated=True) for k, v in tasks.items()]
    names = {k: f"单位{k}" for k in tasks}
    departments = {k: Department(k, name) for k, name in names.items()}
    seen: set[str] = set()
    for number in range(1, 13):
        month = Month(2024, number)
        for lang in ("zh", "en"):
            progress = Progress(month.last, 14, shards, departments, end_of_day=True)
            reference = _compare(progress, month, lang, names, {"R2", "P1"})
            seen.update(part for part, value in reference.items() if value)
    assert seen == {"expected", "achieved", "overdue", "due_soon", "finished", "annex", "titles"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_whole_bulletin_is_what_the_reference_walk_makes_it(
    edge: Path, lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build_bulletin on the fast walk, and on the reference walk: the same document, every month."""
    from lawgov_cli.documents import bulletin
    from lawgov_cli.documents.blocks import to_markdown, to_text
    from lawgov_cli.documents.bulletin_walk import _Walk
    from lawgov_cli.store.cache import transient_history

    for day in (date(2024, 7, 1), date(2024, 8, 15)):
        for number in range(1, 13):
            month = bulletin.Month(2024, number)
            workspace = _view(edge, day)
            fast = bulletin.build_bulletin(workspace, month, lang)

            def reference_walk(progress: Any, first: date, last: date, lang: Lang, dept: Any, titles: set[str]) -> _Walk:
                records = {
                    str(shard.path): [
                        e for e in transient_history(shard) if e.action == "record" and first <= e.day <= last
                    ]
                    for shard in workspace.base.shards  # noqa: B023
                }
                wanted = {e.task for entries in records.values() for e in entries}
                ref = _reference(progress, first, last, lang, dept, titles, wanted)
                annex = {0: ref["annex"]}
                parts = ("expected", "achieved", "overdue", "due_soon", "finished")
                return _Walk(*(ref[p] for p in parts), annex, ref["titles"], ref["metrics"], records)

            with monkeypatch.context() as patched:
                patched.setattr(bulletin, "_walk", reference_walk)
                reference = bulletin.build_bulletin(_view(edge, day), month, lang)
            assert to_markdown(fast) == to_markdown(reference), (day, number)
            assert to_text(fast) == to_text(reference), (day, number)


def _bulletin(run: Any, ws: Path, *args: str) -> str:
    return str(ok(run("--dir", str(ws), *args)).out)


def test_markdown_of_a_note_full_of_punctuation(run: Any, edge: Path) -> None:
    md = _bulletin(run, edge, "--as-of", "2024-07-01", "bulletin", "--month", "2024-06")
    escaped = (
        r"表格\|竖线 \*星号\* \_下划线\_ &lt;b&gt;标签&lt;/b&gt; \#井号 \\反斜杠\\\\ \[链接\](x) \~波浪\~ \`代码\`"
    )
    assert escaped in md
    assert "<b>" not in md


def test_the_bulletin_is_the_same_read_from_the_cache_or_the_files(
    run: Any, edge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk reads the cached rows of a file, or builds them from the file when the cache is off
    or a file is replayed to a past month: the same document either way."""
    copy = tmp_path / "ws"
    shutil.copytree(edge, copy)
    for month, as_of in (("2024-06", "2024-07-01"), ("2024-03", "2024-08-15"), ("2024-12", "2025-01-05")):
        for lang in ("zh", "en"):
            args = ("--lang", lang, "--as-of", as_of, "bulletin", "--month", month)
            cached = _bulletin(run, copy, *args)
            assert _bulletin(run, copy, *args) == cached  # the second run reads what the first cached
            monkeypatch.setenv("LAWGOV_NO_CACHE", "1")
            assert _bulletin(run, copy, *args) == cached
            monkeypatch.delenv("LAWGOV_NO_CACHE")


def test_md_text_shortcut_escapes_what_the_full_rule_escapes() -> None:
    from lawgov_cli.documents.blocks import _MD_SPECIAL, md_text

    def full(text: str) -> str:
        return _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace(">", "&gt;")

    for code in range(0x20, 0x3100):
        text = f"a{chr(code)}b"
        if text.isprintable():
            assert md_text(text) == full(text), hex(code)
    assert md_text(NOTE) == full(NOTE) != NOTE


def test_a_table_escapes_each_cell_whether_seen_before_or_not() -> None:
    from lawgov_cli.documents.blocks import Table, to_markdown

    rows = [["a|b", "x"], ["a|b", "*"], ["plain", "a|b"]]
    assert to_markdown([Table(["h|", "k"], rows)]) == (
        "| h\\| | k |\n| --- | --- |\n| a\\|b | x |\n| a\\|b | \\* |\n| plain | a\\|b |\n"
    )


def test_renderer_renders_what_t_renders() -> None:
    """Every message of both catalogues, with its placeholders filled, one of them a word's id
    (which t translates)."""
    import string

    from lawgov_cli.i18n import messages, renderer, t

    for lang in ("zh", "en"):
        for key, message in messages(lang).items():  # type: ignore[arg-type]
            forms = message if isinstance(message, tuple) else (message,)
            fields = [(f, spec, conv) for form in forms for _, f, spec, conv in string.Formatter().parse(form) if f]
            names = {f for f, _, _ in fields}
            if any(not f.isidentifier() or spec or conv for f, spec, conv in fields):
                continue  # a number's format: rendered by both through str.format all the same
            for params in ({n: f"v{i}" for i, n in enumerate(sorted(names))}, dict.fromkeys(names, "status.done")):
                if "n" in names or "count" in names:
                    params = {**params, **{n: 2 for n in ("n", "count") if n in names}}
                assert renderer(key, lang)(**params) == t(key, lang, **params), (lang, key)
    assert renderer("no.such.id", "en")(x=1) == "no.such.id"


@pytest.fixture
def june(run: Any, workspace: Path) -> Path:
    """The committed workspace through June 2024, with a note full of Markdown punctuation and a
    value of a 区司法局 task recorded in 区发展改革委's file, its files aged (so the cache keeps
    what it reads): nothing changes after June, so no file is replayed for June's bulletin."""
    from procs import age

    simulate_year(run, workspace, until="2024-06-30")
    d = ("--dir", str(workspace))
    ok(run(*d, "--as-of", "2024-06-10", "note", "R3", NOTE, "--by", "区司法局"))
    _append(
        workspace / "tasks" / "fgw.toml",
        '\n[[history]]\nat = "2024-06-18T10:00:00+08:00"\nby = "区司法局"\ntask = "M6.3"\n'
        'action = "record"\nold = ""\nnew = "96"\nnote = "行政机关负责人出庭应诉率：96%"\non = "2024-06-18"\n',
    )
    age(workspace)
    return workspace


def test_kept_digests_give_the_bulletin_the_files_give(
    run: Any, june: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file's digest (documents/bulletin_digest.py), kept in the cache beside its rows, is read
    by the next bulletin instead of the rows and the history; it is never trusted over the file:
    a file edited by hand, given a history entry by a command, or a digest damaged or of another
    shape, and the digest is made again.  The same document as without the cache every time."""
    import marshal

    from lawgov_cli.documents import bulletin_digest
    from lawgov_cli.store import derived
    from lawgov_cli.store.cache import CACHE_DIR, ROWS_DIR
    from lawgov_cli.store.derived import _seal, _unsealed
    from procs import age

    kept = june / CACHE_DIR / ROWS_DIR
    cases = [("zh", "2024-06", "2024-06-30"), ("en", "2024-06", "2024-06-30"), ("zh", "2024-03", "2024-06-30")]

    def bulletins() -> list[str]:
        """Each case's bulletin read through the cache, checked against the one made without it."""
        out = []
        for lang, month, as_of in cases:
            args = ("--lang", lang, "--as-of", as_of, "bulletin", "--month", month)
            monkeypatch.setenv("LAWGOV_NO_CACHE", "1")
            truth = _bulletin(run, june, *args)
            monkeypatch.delenv("LAWGOV_NO_CACHE")
            assert _bulletin(run, june, *args) == truth, (lang, month)
            out.append(truth)
        return out

    ok(run("--dir", str(june), "status"))  # the rows cached
    first = bulletins()
    assert "本月更新指标" in first[0] and "本月共完成任务" in first[0] and "逾期未完成事项" in first[0]
    assert "M6.3" not in first[0] and "96%" in first[0]  # the value recorded in another file
    digests = {path.name: path for path in kept.glob("*.toml.bulletin")}
    assert set(digests) == {path.name + ".bulletin" for path in (june / "tasks").glob("*.toml")}
    stamps = {name: path.stat().st_mtime_ns for name, path in digests.items()}

    def made(*args: Any) -> Any:
        raise AssertionError("a digest made though one is kept")

    with monkeypatch.context() as patched:  # June's bulletins read the kept digests only
        patched.setattr(bulletin_digest, "make_digest", made)
        for lang in ("zh", "en"):
            args = ("--lang", lang, "--as-of", "2024-06-30", "bulletin", "--month", "2024-06")
            assert _bulletin(run, june, *args) == first[0 if lang == "zh" else 1]
    assert {name: path.stat().st_mtime_ns for name, path in digests.items()} == stamps  # read, not rewritten

    # A file edited by hand: an open task's title changed.
    sifaju = june / "tasks" / "sifaju.toml"
    text = sifaju.read_text("utf-8")
    assert 'title = "创新法治人才培养机制"' in text
    sifaju.write_text(text.replace('title = "创新法治人才培养机制"', 'title = "改过的|标题"'), "utf-8")
    age(june)
    edited = bulletins()
    assert r"改过的\|标题" in edited[0] and "创新法治人才培养机制" not in edited[0]
    assert digests["sifaju.toml.bulletin"].stat().st_mtime_ns != stamps["sifaju.toml.bulletin"]

    # A history entry added by a command (the file rewritten a moment ago: its digest is made,
    # not kept, until the file is two seconds old).
    ok(run("--dir", str(june), "--as-of", "2024-06-30", "done", "P3.3", "--on", "2024-06-28", "--by", "区司法局"))
    done = bulletins()
    assert done[0] != edited[0] and "P3.3" not in done[0]
    finished = done[0].split("本月共完成任务", 1)[1].split("\n\n#", 1)[0]
    assert "6月28日完成" in finished and "探索构建符合南开区特点的法治人才培养体系" in finished
    age(june)
    assert bulletins() == done

    # A damaged digest, a digest of another shape, one of another version: each made again.
    victim = digests["fgw.toml.bulletin"]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    assert bulletins() == done
    assert victim.read_bytes() != bytes(data)
    version, key, value = _unsealed(victim)
    assert version == bulletin_digest.VERSION
    for odd in (
        (version, key, value[:-1]),  # a field short
        (version, key, (*value[:4], b"\xff" * 8, *value[5:])),  # classes that are not its tasks
        (("bulletin-digest", 0), key, value),  # another version
    ):
        victim.write_bytes(_seal(marshal.dumps(odd)))
        assert bulletins() == done
        assert _unsealed(victim) == (version, key, value)  # made and kept again
    assert ".bulletin" in derived.SUFFIXES


def test_a_digest_reads_back_as_it_was_kept_and_nothing_else_reads_as_one() -> None:
    import marshal

    from lawgov_cli.documents.bulletin_digest import Digest, make_digest
    from lawgov_cli.model import HistoryEntry, Metric, Task
    from lawgov_cli.store.rows import task_to_rows

    d = date.fromisoformat
    tasks = [
        Task("R1", "整改：问题。", "rectify", "a", d("2024-05-31"), status="done", done_on=d("2024-06-03"),
             notes=["一", "二。"], metrics=[Metric("率", "%", 1.0, None, 2.5)]),
        Task("M1", "按月", "measure", "b", d("2024-12-31"), repeat="monthly", status="doing",
             periods={"2024-02": d("2024-03-02"), "2024-01": d("2024-02-01")}),
        Task("D1", "按月", "duty", "a", d("2024-12-31"), repeat="monthly", status="done", done_on=d("2024-03-02"),
             periods={"2024-01": d("2024-03-02")}),
    ]  # fmt: skip
    rows = [task_to_rows(task) for task in tasks]
    records = [HistoryEntry("2024-06-01T09:00:00+08:00", "x", "R1", "record", "", "2", "率：2%", "2024-05-31")]
    digest = make_digest([r[0] for r in rows], [r[1] for r in rows], records)
    assert digest.titles_en == {0: "整改：问题"} and digest.titles_zh == {0: "“问题”问题整改"}
    assert digest.titles_in("en", ["整改：问题。", "按月", "按月"]) == ["整改：问题", "按月", "按月"]
    assert digest.titles_in("zh", ["整改：问题。", "按月", "按月"]) == ["“问题”问题整改", "按月", "按月"]
    assert digest.classes[digest.class_of[1]] == ("doing", "monthly", d("2024-12-31").toordinal(), ("2024-02", "2024-01"))
    o = date.toordinal
    # R1 done; M1's ticks by day; D1's tick on the day it was done is its being done.
    assert digest.events == (
        (o(d("2024-02-01")), 1, "2024-01"), (o(d("2024-03-02")), 1, "2024-02"), (o(d("2024-03-02")), 2, ""),
        (o(d("2024-06-03")), 0, ""),
    )  # fmt: skip
    assert digest.last_ticks == ((o(d("2024-03-02")), 1), (o(d("2024-03-02")), 2))
    assert digest.notes == {0: "二。"} and digest.metrics == {"R1": (("率", "%", 1.0, None, 2.5, False),)}
    entry = records[0]
    row = (entry.at, entry.by, entry.task, entry.action, entry.old, entry.new, entry.note, entry.on)
    assert digest.records == ((o(d("2024-05-31")), row),)
    assert Digest.from_value(marshal.loads(marshal.dumps(digest.to_value())), 3) == digest
    value = digest.to_value()
    assert Digest.from_value(value, 4) is None  # another file's
    for junk in (None, (), "x", value[:-1], (*value[:4], b"\x07" + bytes(7) + bytes(16), *value[5:]), ("a", *value[1:])):
        assert Digest.from_value(junk, 3) is None, junk


def test_markdown_checks_many_paragraphs_and_rows_at_once_as_one_by_one() -> None:
    """Paragraphs in a row and table rows are looked at 256 at a time: one of them to escape (or
    holding a line break) among many is escaped alone, as :func:`md_text` escapes it."""
    from lawgov_cli.documents.blocks import Heading, Paragraph, Table, md_text, to_markdown

    texts = [f"第{n}项" for n in range(600)]
    texts[300] = NOTE
    texts[599] = "换\n行"
    rows = [[str(n), f"单位{n % 7}", f"任务{n}"] for n in range(600)]
    rows[257][2] = "a|b"
    blocks = [Heading("标题"), *map(Paragraph, texts), Table(["序号", "单位", "任务"], rows), Paragraph("末")]
    expected = [
        "# 标题",
        *(md_text(text) for text in texts),
        "\n".join(
            ["| 序号 | 单位 | 任务 |", "| --- | --- | --- |", *("| " + " | ".join(map(md_text, row)) + " |" for row in rows)]
        ),
        "末",
    ]
    assert to_markdown(blocks) == "\n\n".join(expected) + "\n"
    assert md_text(NOTE) != NOTE and md_text("a|b") == r"a\|b"


def test_a_value_that_is_a_word_is_translated_and_any_other_is_not() -> None:
    """The renderers' one check whether any parameter names a word (a set of ids, in C): a word's
    id is translated, text that merely looks like one is not, and a value that cannot be hashed
    is rendered as before."""
    from lawgov_cli.i18n import renderer, t

    for render in (renderer("bul.latest", "zh"), lambda **p: t("bul.latest", "zh", **p)):
        assert render(note="status.done") == "最新进展：已完成"
        assert render(note="status.nonexistent") == "最新进展：status.nonexistent"
        assert render(note="已完成") == "最新进展：已完成"
        assert render(note=["status.done"]) == "最新进展：['status.done']"
        assert render(note=3) == "最新进展：3"


def test_digests_the_cache_lacks_are_made_by_workers_as_in_process(
    run: Any, june: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first bulletin after the cache is rebuilt makes the files' digests in worker processes
    (as a first read parses in workers): the same digests as made in-process, the same document;
    a digest kept since its rows were written is not made again."""
    import os

    from lawgov_cli.documents import bulletin_digest
    from lawgov_cli.store.cache import CACHE_DIR, ROWS_DIR
    from lawgov_cli.store.derived import _unsealed

    kept = june / CACHE_DIR / ROWS_DIR
    args = ("--as-of", "2024-06-30", "bulletin", "--month", "2024-06")
    ok(run("--dir", str(june), "status"))
    monkeypatch.setenv("LAWGOV_JOBS", "1")
    alone = _bulletin(run, june, *args)
    made_alone = {path.name: _unsealed(path) for path in kept.glob("*.bulletin")}
    assert len(made_alone) == len(list((june / "tasks").glob("*.toml"))) > 2
    for path in kept.glob("*.bulletin"):
        path.unlink()
    monkeypatch.setenv("LAWGOV_JOBS", "2")
    monkeypatch.setenv("LAWGOV_PARALLEL_BYTES", "0")
    reader = os.getpid()
    make = bulletin_digest.make_digest

    def in_workers_only(*rows: Any) -> Any:
        assert os.getpid() != reader, "a digest made by the reader, not a worker"
        return make(*rows)

    with monkeypatch.context() as patched:
        patched.setattr(bulletin_digest, "make_digest", in_workers_only)
        assert _bulletin(run, june, *args) == alone
    assert {path.name: _unsealed(path) for path in kept.glob("*.bulletin")} == made_alone
    stamps = {path.name: path.stat().st_mtime_ns for path in kept.glob("*.bulletin")}
    assert _bulletin(run, june, *args) == alone
    assert {path.name: path.stat().st_mtime_ns for path in kept.glob("*.bulletin")} == stamps
