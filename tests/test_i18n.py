"""The message catalogues (src/lawgov_cli/locales): every language has the same ids and the same
placeholders, every id is used, the compiled modules match the TOML, plurals read right."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from lawgov_cli import i18n
from lawgov_cli.errors import OS_REASONS
from lawgov_cli.locales import build
from lawgov_cli.model import KINDS, REPEATS, STATUSES, WEBHOOK_KINDS

from conftest import ok

SRC = Path(i18n.__file__).resolve().parent

# Ids the code builds at run time (t(f"kind.{task.kind}")...): each family names the f-string
# prefix that builds it and every id it can build.  A new status, kind... without a message fails.
DYNAMIC: dict[str, set[str]] = {
    "kind.": {f"kind.{k}" for k in KINDS},
    "status.": {f"status.{s}" for s in STATUSES},
    "repeat.": {f"repeat.{r}" for r in REPEATS},
    "remind.kind.": {f"remind.kind.{k}" for k in WEBHOOK_KINDS},
    "notice.title.": {"notice.title.cuiban", "notice.title.duban"},
    "notice.body.": {"notice.body.cuiban", "notice.body.duban"},
    "notice.number.": {"notice.number.cuiban", "notice.number.duban"},
    "light.": {"light.red", "light.yellow", "light.green"},
    "oserror.": {f"oserror.{name}" for name in OS_REASONS},
    "tomlerror.": {k for k in i18n.messages("en") if k.startswith("tomlerror.")},
    "pace.": {"pace.ahead", "pace.on", "pace.behind", "pace.done"},
    "bul.freq_": {f"bul.freq_{r}" for r in REPEATS if r},
    "bul.red_status_": {"bul.red_status_todo", "bul.red_status_doing", "bul.red_status_reported"},
    "bul.state_": {"bul.state_todo", "bul.state_doing", "bul.state_reported"},
    "bul.ov_": {"bul.ov_todo", "bul.ov_doing"},
    "annual.group_": {
        "annual.group_todo", "annual.group_doing", "annual.group_reported", "annual.group_plan", "annual.group_rectify",
    },
    "annual.theme_": {f"annual.theme_{k}" for k in KINDS if k != "assigned"},
    "sync.field.": {"sync.field.source", "sync.field.section", "sync.field.title", "sync.field.metrics", "sync.field.needs_review"},
    "msg.": {"msg.approve", "msg.reject", "msg.due", "msg.extend-reject"},  # msg.{action} after a workflow change
    "action.": {
        f"action.{a}"
        for a in (
            "start", "done", "tick", "untick", "status", "reopen", "drop", "note", "evidence", "record", "sync",
            "hand", "report", "approve", "reject", "extend-request", "due", "extend-reject", "extend-moot",
            "add", "assign", "co-owners", "target", "carry",
        )
    },
    "label.": {  # column keys of status, log, export md/html/xlsx tables
        f"label.{k}"
        for k in (
            "tasks", "done", "doing", "todo", "dropped", "reported", "name", "value", "unit", "text", "when",
            "action", "change", "note", "timing", "as_of", "chart", "task_list", "effective", "finished_late",
        )
    },
}


def _placeholders(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def _forms(value: i18n.Message) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def _source() -> str:
    files = [p for p in SRC.rglob("*") if p.suffix in (".py", ".j2") and "locales" not in p.parts]
    return "\n".join(p.read_text("utf-8") for p in files if p.name != "i18n.py")


def test_every_language_has_the_same_ids_in_the_same_section() -> None:
    en, zh = build.load("en"), build.load("zh")
    assert list(en) == list(zh) == list(build.SECTIONS)
    for section in build.SECTIONS:
        assert set(en[section]) ^ set(zh[section]) == set(), section
    seen: dict[str, str] = {}
    for section, table in en.items():
        for key in table:
            assert key not in seen, f"{key} is in [{seen[key]}] and [{section}]"
            seen[key] = section


def test_every_pair_has_the_same_placeholders() -> None:
    en, zh = i18n.messages("en"), i18n.messages("zh")
    wrong = {}
    for key, value in en.items():
        other = _placeholders(_forms(value)[-1])
        if other != _placeholders(zh[key]) or not all(_placeholders(f) <= other for f in _forms(value)):
            wrong[key] = (value, zh[key])
    assert wrong == {}
    assert all(isinstance(v, str) for v in zh.values())  # Chinese has no plural forms


def test_the_compiled_catalogues_match_the_toml_files() -> None:
    assert build.stale() == [], "run: python -m lawgov_cli.locales.build"


def test_no_message_is_left_in_i18n_py() -> None:
    assert i18n._EXTRA == {}, "run: python tools/i18n_from_py.py (moves _add blocks into the catalogues)"


def test_every_id_the_code_names_exists_and_every_id_is_used() -> None:
    source = _source()
    ids = set(i18n.messages("en"))
    named = set(re.findall(r'(?:\bt|t_plural|LawgovError|_heading)\(\s*"([a-z_]+\.[A-Za-z0-9_.-]*)"', source))
    assert sorted(named - ids) == []
    dynamic: set[str] = set()
    for prefix, members in DYNAMIC.items():
        assert f'f"{prefix}{{' in source, f"nothing builds {prefix}… any more: drop it from DYNAMIC"
        assert sorted(members - ids) == [], prefix
        dynamic |= members
    unused = sorted(k for k in ids - dynamic if f'"{k}"' not in source and f"'{k}'" not in source)
    assert unused == []


def test_plural_forms() -> None:
    assert i18n.t_plural("msg.days_overdue", 1, "en", days=1) == "1 day"
    assert i18n.t_plural("msg.days_overdue", 2, "en", days=2) == "2 days"
    assert i18n.t_plural("msg.days_overdue", 1, "zh", days=1) == "1天"
    assert i18n.t_plural("count.days", 0, "en") == "0 days"
    assert i18n.t("msg.days_overdue", "en", days=5) == "5 days"  # no n/count: the "other" form
    # t() takes the form from n or count, so errors raised with a count read right
    assert i18n.t("bul.red_lead", "en", date="1 July", n=1, d=1) == "As of 1 July, 1 task of 1 department is overdue:"
    assert "2 tasks of 2 departments are" in i18n.t("bul.red_lead", "en", date="1 July", n=2, d=2)
    from lawgov_cli.errors import LawgovError

    assert "owns 1 task: M1; give it" in LawgovError("err.dept_removed", dept="x", count=1, ids="M1").render("en")
    assert i18n.t_plural("err.generic", 1, "en", message="x") == "x"  # a plain message is fine too
    from lawgov_cli.render.text import when_text

    assert when_text("en", days_overdue=1, missed_periods=1) == "1 day (1 period missed)"
    assert when_text("en", days_overdue=3, missed_periods=2) == "3 days (2 periods missed)"
    assert when_text("en", days_overdue=0, days_left=1) == "1 day"


def test_an_unknown_id_renders_as_itself_and_a_word_parameter_is_translated() -> None:
    assert i18n.t("no.such.id", "zh") == "no.such.id"
    assert "已完成" in i18n.t("err.task_closed", "zh", id="R1", status="status.done")


@pytest.mark.parametrize(("as_of", "days"), [("2024-07-01", "1 day"), ("2024-07-02", "2 days")])
def test_check_and_show_say_1_day_and_2_days(run, workspace: Path, as_of: str, days: str) -> None:  # type: ignore[no-untyped-def]
    # R3 is due 2024-06-30 in the bundled workspace.
    out = run("--dir", str(workspace), "--as-of", as_of, "--lang", "en", "check").out
    line = next(line for line in out.splitlines() if "  R3  " in line)
    assert f"  {days}  " in line
    assert f"· Overdue {days}\n" in ok(run("--dir", str(workspace), "--as-of", as_of, "--lang", "en", "show", "R3")).out


def test_a_message_added_the_old_way_still_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    # A branch written before the catalogues may call _add; the tool moves it, this keeps it working.
    monkeypatch.setattr(i18n, "_EXTRA", {})
    i18n._add({"msg.some_new": ("new {x}", "新{x}")})
    assert i18n.t("msg.some_new", "en", x=1) == "new 1" and i18n.t("msg.some_new", "zh", x=1) == "新1"
