"""The one error class for problems a user can cause and fix, and `user_error`: the German message of any error a
user can fix (a `UserError`, or a file-system error like no rights or a full disk), which the CLI prints and the
apps show."""
from __future__ import annotations

import errno
import os
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


#: File-system errors a user causes and can fix, by errno: what happened and how to fix it. The place (file or
#: folder) comes from the error (see `user_error`).
NO_RIGHTS = ("Keine Berechtigung für diese Datei oder diesen Ordner.",
             "Einen Ordner wählen, in dem Sie lesen und schreiben dürfen, oder die Rechte prüfen; eine Datei, die in "
             "Excel oder Word offen ist, dort schließen.")
FULL = ("Der Datenträger ist voll.", "Platz schaffen oder einen anderen Zielordner wählen.")
OS_ERRORS = {
    errno.ENOENT: ("Datei oder Ordner nicht gefunden.", "Den Pfad prüfen."),
    errno.EACCES: NO_RIGHTS,
    errno.EPERM: NO_RIGHTS,
    errno.EROFS: ("Der Ordner ist schreibgeschützt.", "Einen anderen Zielordner wählen."),
    errno.ENOSPC: FULL,
    errno.EDQUOT: FULL,
    errno.EFBIG: ("Die Datei wird zu groß für diesen Datenträger.", "Einen anderen Zielordner wählen."),
    errno.EEXIST: ("Hier liegt eine Datei, wo ein Ordner hin soll.",
                   "Einen anderen Ordner angeben oder die Datei umbenennen."),
    errno.ENOTDIR: ("Das ist eine Datei, kein Ordner.", "Einen Ordner angeben oder die Datei umbenennen."),
    errno.EISDIR: ("Das ist ein Ordner, keine Datei.", "Eine Datei angeben."),
    errno.ENAMETOOLONG: ("Der Pfad ist zu lang.", "Einen kürzeren Ordner- oder Dateinamen wählen."),
    errno.ELOOP: ("Der Pfad verweist im Kreis (Verknüpfung auf sich selbst).", "Die Verknüpfung prüfen."),
}


def user_error(error: BaseException) -> UserError | None:
    """The German message the CLI prints for `error`: the `UserError` itself, a file-system error a user can fix
    (missing, no rights, read-only, disk full, a file where a folder belongs) as one naming the file or folder
    concerned; None for anything else (a fault of the toolkit). The CLI prints it, the apps show it (`toolkit.apps`)."""
    if isinstance(error, UserError):
        return error
    if not isinstance(error, OSError) or error.errno not in OS_ERRORS:
        return None
    message, hint = OS_ERRORS[error.errno]
    return UserError(message, file=_place(error), hint=hint)


def _place(error: OSError) -> Path | None:
    """The file or folder to name: for a file where a folder belongs that file (not the path below it the
    program wanted); for a file that could not be made (no rights, read-only, full) its folder, since a helper's
    temporary name means nothing to the user."""
    if not error.filename:
        return None
    path = Path(os.fsdecode(error.filename))
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        return next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), path)
    if error.errno in (errno.ENOENT, errno.EISDIR, errno.ENAMETOOLONG, errno.ELOOP) or path.exists():
        return path
    return next((p for p in path.parents if p.is_dir()), path)
