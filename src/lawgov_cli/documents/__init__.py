"""Documents the office sends, generated entirely from the workspace: the 月通报 and the annual report draft.

Pure: workspace data in, a list of :mod:`~lawgov_cli.documents.blocks` out; rendering to Markdown or
plain text is separate so both formats say exactly the same thing.
"""
