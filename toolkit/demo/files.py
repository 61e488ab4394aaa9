"""What every demo file shares: Stand, fixed timestamps, source and demo notes, the `Written` record
the README lists, CSV quoting and zip packing.

Fixed timestamps keep the generated files byte for byte the same on every run.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

STAND = "Stand: 15.05.2025 / 10:00:00"
FIXED_TIME = dt.datetime(2025, 5, 15, 10, 0, 0)
SOURCE_LINE = ("Statistische Ämter des Bundes und der Länder; Thüringer Landesamt für Statistik; "
               "Datenlizenz Deutschland – Namensnennung – Version 2.0")
COPYRIGHT = ("© IKPE-Werkzeugkasten, Demo-Daten Landkreis Musterland, 2025.\n"
             "Veröffentlichte Referenzwerte: Statistische Ämter des Bundes\n"
             "und der Länder; Thüringer Landesamt für Statistik;\n"
             "Datenlizenz Deutschland - Namensnennung - Version 2.0.")
DEMO_NOTE = ("DEMO-DATEN: Der Landkreis Musterland (16099) und seine Gemeinden sind erfunden, "
             "ebenso alle Werte dieser Tabelle, soweit unten nicht als veröffentlicht genannt. "
             "Musterland ist in den Werten für Thüringen und Deutschland nicht enthalten.")


@dataclass(frozen=True)
class Written:
    """One generated file and what the README says about it."""
    path: Path
    code: str
    content: str
    format: str
    depth: str
    period: str
    main: str = "–"


def quoted(text: str) -> str:
    """A footer paragraph as one quoted CSV field (quotes doubled), as the official downloads write it."""
    return '"' + text.replace('"', '""') + '"'


def pack_zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    """Write the (name, bytes) members into the zip file `path`, every entry dated `FIXED_TIME`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 0
            archive.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    return path
