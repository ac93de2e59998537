"""``lawgov list`` as text: id, owner, due date, status and title of every task, in id order.

A city's list is 100,000 lines.  They are made from each department file's cached rows (the
:class:`~lawgov_cli.model.Task` objects are never built: only five columns are printed), the
padded columns are measured once per distinct value (ids are ASCII; owners, dates and statuses
repeat), and the text is written in chunks as it is made.  Byte for byte what
:func:`lawgov_cli.render.plain.plain_table` prints for the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import KINDS, STATUSES, Workspace
from lawgov_cli.render.plain import cell_width, printable
from lawgov_cli.walk import id_order

HEADERS = ("id", "owner", "due", "status", "title")
_CHUNK = 4096
"""Lines written at a time."""


@dataclass(frozen=True, slots=True)
class ListRow:
    """One listed task, its cells as printed (owner name, ISO due date, status in the language)."""

    id: str
    owner: str
    due: str
    status: str
    status_code: str
    """``todo``, ``doing``… (the rich view colours rows by it)."""
    title: str


def list_rows(
    workspace: Workspace,
    lang: Lang,
    *,
    dept: str | None = None,
    kind: str | None = None,
    status: str | None = None,
) -> list[ListRow]:
    """The rows ``lawgov list`` prints, in id order; the filters as ``list --dept/--kind/--status``."""
    from lawgov_cli.store.cache import task_rows

    dept_id = workspace.department(dept).id if dept else None
    if kind and kind not in KINDS:
        raise LawgovError("err.unknown_kind", kind=kind)
    if status and status not in STATUSES:
        raise LawgovError("err.unknown_status", status=status)
    names: dict[str, str] = {d.id: d.name for d in workspace.departments.values()}
    statuses = {s: t(f"status.{s}", lang) for s in STATUSES}
    repeats: dict[str, str] = {}
    review = f" [{t('label.review', lang)}]"
    iso: dict[int, str] = {}
    listed: list[ListRow] = []
    append = listed.append
    for shard in workspace.shards:
        if dept_id is not None and shard.dept != dept_id:
            continue
        summaries, _ = task_rows(shard)
        for row in summaries:
            # id, title, kind, owner, due, section, co_owners, repeat, status, …, needs_review (11)
            if (kind and row[2] != kind) or (status and row[8] != status) or (dept_id and row[3] != dept_id):
                continue
            title = row[1]
            if row[7]:
                label = repeats.get(row[7])
                if label is None:
                    label = repeats[row[7]] = f" ({t('repeat.' + row[7], lang)})"
                title += label
            if row[11]:
                title += review
            due = iso.get(row[4])
            if due is None:
                due = iso[row[4]] = date.fromordinal(row[4]).isoformat()
            owner = names[row[3]] if row[3] in names else row[3]
            append(ListRow(row[0], owner, due, statuses[row[8]], row[8], title))
    return [listed[i] for i in id_order([row.id for row in listed])]


def plain_lines(rows: list[ListRow], lang: Lang) -> Iterator[str]:
    """The plain table of ``rows`` (as ``plain_table``: two spaces between columns, padded by
    display width, the title not padded, each line right-stripped), in chunks of lines."""
    headers = [t(f"label.{name}", lang) for name in HEADERS]
    measured: dict[str, int] = {}

    def width(text: str) -> int:
        size = measured.get(text)
        if size is None:
            size = measured[text] = cell_width(printable(text))
        return size

    widths = [
        max([width(headers[0]), *(len(r.id) if r.id.isascii() else width(r.id) for r in rows)]),
        max([width(headers[1]), *(width(owner) for owner in {r.owner for r in rows})]),
        max([width(headers[2]), *(width(due) for due in {r.due for r in rows})]),
        max([width(headers[3]), *(width(s) for s in {r.status for r in rows})]),
    ]
    # Owner, due and status cells repeat: each padded once.  The id is padded here, the title
    # never (the free last column), and the line right-stripped as plain_table does.
    middle: dict[tuple[str, str, str], str] = {}
    id_width = widths[0]

    def pad(column: int, text: str) -> str:
        return printable(text) + " " * (widths[column] - width(text))

    yield "  ".join((*(pad(n, headers[n]) for n in range(4)), printable(headers[4]))).rstrip()
    batch: list[str] = []
    for row in rows:
        key = (row.owner, row.due, row.status)
        cells = middle.get(key)
        if cells is None:
            cells = middle[key] = "  ".join((pad(1, row.owner), pad(2, row.due), pad(3, row.status)))
        ident = row.id
        if ident.isascii() and ident.isprintable():
            ident += " " * (id_width - len(ident))
        else:
            ident = pad(0, ident)
        title = row.title if row.title.isprintable() else printable(row.title)
        batch.append(f"{ident}  {cells}  {title}".rstrip())
        if len(batch) == _CHUNK:
            yield "\n".join(batch)
            batch = []
    if batch:
        yield "\n".join(batch)


def write_plain(rows: list[ListRow], lang: Lang, write: Callable[[str], object]) -> None:
    """Write the plain table of ``rows`` and a final newline (what ``echo(plain_table(...))`` wrote)."""
    from lawgov_cli.fileio import strip_controls

    first = True
    for chunk in plain_lines(rows, lang):
        write(("" if first else "\n") + strip_controls(chunk))
        first = False
    write("\n")


__all__ = ["HEADERS", "ListRow", "list_rows", "plain_lines", "write_plain"]
