"""Rendering: validated records -> page HTML, feeds and files, all in memory."""
