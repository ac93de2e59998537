"""The register of issued notices (催办单 / 督办通知单): ``notices.toml`` in the workspace.

Numbers are per level and year (督办〔2024〕第3号), so the counter lives with the workspace and is
shared through git like the rest.  Re-generating the notice of the same department, level and
date reuses its number: running ``lawgov notice`` twice on one day must not burn numbers.

```toml
schema = 1

[counters]
duban-2024 = 3
cuiban-2024 = 5

[[issued]]
number = 3
level = "duban"
year = 2024
dept = "sifaju"
date = 2024-07-15
items = ["M4.4", "M2.5"]
```

Written whole (the file is lawgov's own, not hand-edited), atomically, under the workspace lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from lawgov_cli.errors import LawgovError
from lawgov_cli.store.atomic import write_atomic
from lawgov_cli.store.tomlfile import read_toml

NOTICES_FILE: Final = "notices.toml"
LEVELS: Final = ("cuiban", "duban")


@dataclass(frozen=True, slots=True)
class Issued:
    number: int
    level: str
    year: int
    dept: str
    date: date
    items: tuple[str, ...] = ()


@dataclass(slots=True)
class Register:
    counters: dict[str, int] = field(default_factory=dict)
    issued: list[Issued] = field(default_factory=list)


def read_register(root: Path) -> Register:
    """The register (empty when the file does not exist yet)."""
    path = root / NOTICES_FILE
    if not path.exists():
        return Register()
    doc = read_toml(path)
    register = Register()
    counters = doc.get("counters", {})
    if not isinstance(counters, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in counters.values()
    ):
        raise LawgovError("err.bad_field", path=path, field="counters", problem="problem.whole_numbers")
    register.counters = {str(k): int(v) for k, v in counters.items()}
    for raw in doc.get("issued", []):
        try:
            items = raw.get("items", [])
            register.issued.append(
                Issued(
                    number=int(raw["number"]),
                    level=str(raw["level"]),
                    year=int(raw["year"]),
                    dept=str(raw["dept"]),
                    date=raw["date"]
                    if isinstance(raw["date"], date)
                    else date.fromisoformat(str(raw["date"])),
                    items=tuple(str(i) for i in items),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise LawgovError(
                "err.bad_field", path=path, field="issued", problem="problem.notice_issued"
            ) from None
    return register


def _render(register: Register) -> bytes:
    import tomli_w

    doc: dict[str, Any] = {"schema": 1, "counters": dict(sorted(register.counters.items()))}
    doc["issued"] = [
        {
            "number": i.number,
            "level": i.level,
            "year": i.year,
            "dept": i.dept,
            "date": i.date,
            "items": list(i.items),
        }
        for i in register.issued
    ]
    header = "# 催办单/督办通知单登记簿（lawgov notice 维护）：编号按级别、年度连续。\n\n"
    return (header + tomli_w.dumps(doc)).encode("utf-8")


def issue(root: Path, requests: list[tuple[str, str, date, tuple[str, ...]]]) -> list[Issued]:
    """Numbers for ``(dept, level, date, items)`` requests: reused when already issued that day,
    else the next of the level's counter for the date's year.  The caller holds the lock."""
    register = read_register(root)
    out: list[Issued] = []
    changed = False
    for dept, level, day, items in requests:
        found = next((i for i in register.issued if (i.dept, i.level, i.date) == (dept, level, day)), None)
        if found is None:
            key = f"{level}-{day.year}"
            number = register.counters.get(key, 0) + 1
            register.counters[key] = number
            found = Issued(number, level, day.year, dept, day, items)
            register.issued.append(found)
            changed = True
        out.append(found)
    if changed:
        write_atomic(root / NOTICES_FILE, _render(register))
    return out
