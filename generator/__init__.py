"""Paper Digest: a static site generator for a curated research-paper digest."""

__version__ = "0.1.0"
