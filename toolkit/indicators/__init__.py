"""Indicators of the Datenanalyse (module 1): the catalogue, computation and comparison.

    from toolkit import indicators
    tables = indicators.load("datasets/musterland")      # Gebietsstand after 1 July 2021
    result = indicators.compute("auslaenderanteil", tables)
    indicators.compare(result, "16099015", 2024)           # Gemeinde, Kreis, Thüringen, Deutschland
    indicators.change(result, 2015, 2024)

The catalogue (`catalogue.yaml` beside this file) holds each indicator's German texts, unit,
Handlungsfeld, IntMK code, caveats and the selection of numerator and denominator. Every rate
is recomputed from its counts and keeps them beside it with the status of its inputs.
"""
from toolkit.indicators.compare import change, compare, nationalities
from toolkit.indicators.compute import MERGED_NAME, available, compute, compute_all, gebietsstand, load, normalise
from toolkit.indicators.model import Indicator, Term, catalogue, get, group, handlungsfelder

__all__ = ["Indicator", "Term", "catalogue", "get", "group", "handlungsfelder", "load", "gebietsstand",
           "available", "compute", "compute_all", "MERGED_NAME", "compare", "change", "nationalities", "normalise"]
