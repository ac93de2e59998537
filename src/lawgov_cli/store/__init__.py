"""The only package that reads or writes workspace files: load, edit in place, atomic replace, lock."""
