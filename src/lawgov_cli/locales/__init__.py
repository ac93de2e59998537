"""The message catalogues: one TOML file per language (``en.toml``, ``zh.toml``), compiled.

Edit the TOML files, then run ``python -m lawgov_cli.locales.build`` to regenerate ``_en.py`` and
``_zh.py`` (what :mod:`lawgov_cli.i18n` imports: a compiled dict loads in well under a
millisecond, parsing the TOML at start-up would cost several); ``tests/test_i18n.py`` fails when
they are stale.  ``help.zh.toml`` is the Chinese ``--help`` text, read only when help is shown.
"""
