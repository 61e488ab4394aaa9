"""IKPE toolkit: official statistics in, municipal integration concept out.

The package backs the course notebooks (one per stage) and the `ikpe` command line. Paths and
environment variables live in `toolkit.config`; where the `toolkit` logger's lines go, in `toolkit.log`.
"""
import logging

__version__ = "0.1.0"

# A library prints nothing unless asked: the CLI and the Voila kernels attach their handlers (toolkit.log).
logging.getLogger(__name__).addHandler(logging.NullHandler())
