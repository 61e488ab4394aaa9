"""The one error class for problems a user can cause and fix."""
from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """A problem with the user's input, explained in German.

    The message says where (file, row, column), what was expected and how to fix it.
    The CLI prints it and exits with code 2, without a traceback.
    """

    def __init__(self, message: str, *, file: str | Path | None = None, row: int | None = None,
                 column: str | int | None = None, hint: str | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(f"Datei „{self.file}“")
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.column is not None:
            where.append(f"Spalte „{self.column}“")
        text = f"{', '.join(where)}: {self.message}" if where else self.message
        if self.hint:
            text += f"\nSo beheben Sie es: {self.hint}"
        return text
