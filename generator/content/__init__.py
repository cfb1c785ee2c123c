"""Content files: load, validate and write `content/`."""
