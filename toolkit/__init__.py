"""IKPE toolkit: official statistics in, municipal integration concept out.

The package backs the course notebooks (one per stage) and the `ikpe` command line. Paths and
environment variables live in `toolkit.config`.
"""
__version__ = "0.1.0"
