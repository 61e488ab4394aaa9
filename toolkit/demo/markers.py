"""Secrecy markers in the demo tables: small counts hidden so that they cannot be recomputed.

The classic tables hide with `.` (geheim gehalten), the BA workbook with `*` (anonymisiert); the readers
in `toolkit.data.markers` turn both into a status.
"""
from __future__ import annotations

import numpy as np


def suppress(values: np.ndarray, groups: list[list[tuple[int, int]]], star: str) -> np.ndarray:
    """Primary suppression of 1 and 2, then secondary cells so that no hidden value can be recomputed.

    `groups` lists cells whose sum is published (a total with its parts); a group with exactly one
    hidden cell gets its smallest other non-zero cell hidden as well.
    """
    hidden = (values >= 1) & (values <= 2)
    changed = True
    while changed:
        changed = False
        for group in groups:
            flags = [hidden[cell] for cell in group]
            if sum(flags) != 1:
                continue
            open_cells = [cell for cell, flag in zip(group, flags, strict=True) if not flag and values[cell] > 0]
            if open_cells:
                hidden[min(open_cells, key=lambda cell: (values[cell], cell))] = True
                changed = True
    out = values.astype(object)
    out[hidden] = star
    return out
