"""Renderings of core data for people: outlines, tables, progress views.  Never imported by the core."""
