"""The one domain error of lawgov and the exit codes the command line maps it to.

Core modules raise :class:`LawgovError` for anything the user can fix (a bad file, an unknown
id, a date that is not a date).  The CLI catches it once, prints it as a single line on stderr in
the user's language and exits with :data:`EXIT_USAGE`.  Anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lawgov_cli.i18n import Lang, t

EXIT_OK = 0
"""Success; for ``check``: nothing needs attention."""
EXIT_ATTENTION = 1
"""``check`` found overdue tasks (or due-soon ones with ``--fail-on due-soon``)."""
EXIT_USAGE = 2
"""Usage error or invalid input: one line on stderr, nothing written."""


class LawgovError(Exception):
    """A user-facing error: a message id from :mod:`lawgov_cli.i18n`, optionally located in a file.

    >>> str(LawgovError("err.unknown_status", path="tasks/a.toml", line=7, status="finished"))
    "tasks/a.toml:7: unknown status 'finished' (expected todo, doing, reported, done or dropped)"
    """

    def __init__(
        self,
        key: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        **params: Any,
    ) -> None:
        self.key = key
        self.params = params
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        super().__init__(self.render("en"))

    def render(self, lang: Lang = "en") -> str:
        """The error as one line in ``lang``, prefixed with ``file:line:column:`` where known."""
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        # Always one line: a newline inside a message would break cron mail and log parsers.
        params = dict(self.params)
        if isinstance(params.get("hint"), list):
            # A list of suggestions becomes "; did you mean A, B?" in the reader's language.
            close = params["hint"]
            params["hint"] = t("err.hint_did_you_mean", lang, candidates=", ".join(close)) if close else ""
        text = where + t(self.key, lang, **params)
        return " ".join(text.split())

    def __str__(self) -> str:
        return self.render("en")


OS_REASONS = frozenset(
    (
        "ENOENT", "EACCES", "EPERM", "ENOSPC", "EDQUOT", "EROFS", "EISDIR", "ENOTDIR",
        "ENAMETOOLONG", "EIO", "ENOLCK", "EBUSY", "ETXTBSY", "EMFILE", "EEXIST", "EXDEV",
    )
)
"""The ``errno`` names said in the user's language (``oserror.<NAME>`` in the locales); any other
keeps the system's own words."""


def os_reason(exc: OSError) -> str:
    """Why the system refused, as a message parameter: the id of its words in the user's language
    for the common refusals (no space, permission, read-only …), else the system's text.

    >>> import errno
    >>> os_reason(OSError(errno.ENOSPC, "No space left on device")), os_reason(OSError(errno.ECHILD, "No child"))
    ('oserror.ENOSPC', 'No child')
    >>> t("err.write_failed", "zh", reason=os_reason(PermissionError(errno.EACCES, "Permission denied")))
    '无法写入文件：权限不足'
    """
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in OS_REASONS:
        return f"oserror.{name}"
    return exc.strerror or str(exc)
