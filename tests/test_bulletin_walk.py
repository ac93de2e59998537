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
