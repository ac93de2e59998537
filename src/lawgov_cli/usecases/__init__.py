"""The use cases: one function per change a user can make, each a whole transaction.

A use case takes a :class:`~lawgov_cli.session.Session`, takes the workspace lock, reads the
files again under it, validates every requested change (any error aborts before anything is
written), writes every touched file as one change (:mod:`lawgov_cli.store.transaction`) and
returns data.  ``cli/``, the Excel form import and any later adapter only parse their input,
call one use case and render what it returns.
"""
