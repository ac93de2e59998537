"""Whether a text holds a character :func:`lawgov_cli.fileio.strip_controls` removes, fast.

The row-wise exports (JSON lines, CSV rows) check a whole department file's text at once, and
strip character by character only a file that holds one.  Every character ``strip_controls``
removes (C0 and C1 controls, DEL, the bidirectional marks, embeddings, overrides and isolates)
is one ``str.isprintable`` rejects, and ``isprintable`` runs several times faster than a regular
expression's search over a city's text; the search only runs on what is not printable for
another reason (a full-width space, a zero-width joiner…).  ``tests/test_export_controls.py`` checks
the claim on every character ``strip_controls`` removes and every other one.
"""

from __future__ import annotations

__all__ = ["has_controls"]


def has_controls(text: str, *, keep_cr: bool = False) -> bool:
    """Whether ``strip_controls(text, keep_cr=keep_cr)`` would change ``text``.

    >>> has_controls("第一行\\n第二行\\t"), has_controls("标题\\u202e"), has_controls("全角\\u3000空格")
    (False, True, False)
    >>> has_controls("a,b\\r\\n"), has_controls("a,b\\r\\n", keep_cr=True)
    (True, False)
    """
    from lawgov_cli.fileio import strip_controls

    if text.isprintable():
        return False
    plain = text.replace("\n", "").replace("\t", "")  # what strip_controls keeps: no copy when absent
    if keep_cr:
        plain = plain.replace("\r", "")
    if plain.isprintable():
        return False
    return strip_controls(text, keep_cr=keep_cr) != text
