"""Which departments a new workspace has: the bundled Nankai registry, the generic catalogue named
for the report's region, or the office's own file.

Pure apart from reading the package's data files: no typer, no rich, no workspace files.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from lawgov_cli.model import Department

NANKAI_REGISTRY = "departments.toml"
"""The registry of the bundled report's government (天津市南开区), used only for 南开区 reports."""
CATALOGUE = "catalogue.toml"
"""The generic catalogue: the departments every district, county and city has."""

# Longest first: 自治县 is a county, 新区 a district, 自治州 a prefecture.
_LEVELS: tuple[tuple[str, str], ...] = (
    ("自治县", "县"),
    ("自治区", "自治区"),
    ("自治州", "州"),
    ("新区", "区"),
    ("区", "区"),
    ("县", "县"),
    ("市", "市"),
    ("旗", "旗"),
    ("州", "州"),
    ("盟", "盟"),
    ("省", "省"),
)
KNOWN_LEVELS = frozenset({"区", "县", "市", "旗", "省", "自治区"})
"""Levels whose government has the catalogue's departments under these names."""


def region_level(region: str) -> str:
    """The level word of a region: 南开区 -> 区, 某某自治县 -> 县, 鄂托克旗 -> 旗; "" if none.

    >>> region_level("天津市南开区"), region_level("长阳土家族自治县"), region_level("司法部")
    ('区', '县', '')
    """
    for suffix, level in _LEVELS:
        if region.endswith(suffix):
            return level
    return ""


def is_nankai(region: str) -> bool:
    """The bundled report's government: its own registry (with 天津市公安局南开分局 …) applies."""
    return "南开" in region


def read_data(name: str) -> str:
    return resources.files("lawgov_cli.data").joinpath(name).read_text(encoding="utf-8")


def _fill(text: str, level: str) -> str:
    return text.replace("{L}", level)


def generic_departments(region: str) -> tuple[list[Department], bool]:
    """(departments, level known) of the catalogue, named for ``region``'s level.

    A region that is not a district, county, city or banner (a province, a town, a ministry)
    gets district names (区…) and ``False``: the caller tells the user to check them.
    """
    import tomllib

    level = region_level(region)
    known = level in KNOWN_LEVELS
    level = level if known else "区"
    doc: dict[str, Any] = tomllib.loads(read_data(CATALOGUE))
    out: list[Department] = []
    for entry in doc["departments"]:
        names: dict[str, str] = entry.get("names", {})
        name = names.get(level) or (names.get("other") if level != "区" and names else None) or entry["name"]
        out.append(
            Department(
                id=entry["id"],
                name=_fill(name, level),
                aliases=_unique([_fill(a, level) for a in entry.get("aliases", [])]),
                keywords=_unique([_fill(k, level) for k in entry.get("keywords", [])]),
                lead=bool(entry.get("lead", False)),
                kinds=list(entry.get("kinds", [])),
            )
        )
    return out, known


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def check_registry_text(text: str, path: Path) -> dict[str, Department]:
    """Validate an office's own ``departments.toml`` (``init --departments``)."""
    from lawgov_cli.store.load import departments_from_toml, parse_toml

    return departments_from_toml(parse_toml(text, path), path, text)
