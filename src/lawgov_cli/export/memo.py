"""The one memo the row-wise exports share (cells, CSV, JSON lines)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Memo"]


class Memo(dict[Any, Any]):
    """A dict computing (with ``make``) and keeping the value of a key it lacks:
    ``map(memo.__getitem__, column)`` encodes a column with no Python call for a value seen before."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.make(key)
        return value
