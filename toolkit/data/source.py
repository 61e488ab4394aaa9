"""Getting a file's content safely: size limit, zip archives (and zip bombs), encoding sniffing."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import numpy as np

from toolkit.errors import UserError

#: Largest file (or unpacked zip member) `read` accepts unless told otherwise.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
#: A zip member that unpacks to more than this many times its packed size is treated as a bomb.
MAX_ZIP_RATIO = 200

_MOJIBAKE = re.compile("Ã[¤¶¼Ÿ„–œ]")


@dataclass
class Content:
    """Raw bytes of a statistics file; `kind` is "xlsx" or "text"; `name` the file (and zip member)."""
    name: str
    data: bytes
    kind: str


def load(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Content:
    """Read a file (or the one CSV inside a zip) as bytes, refusing anything unsafe or empty."""
    path = Path(path)
    if not path.is_file():
        raise UserError("Die Datei gibt es nicht (oder es ist ein Ordner).", file=path,
                        hint="Prüfen Sie Pfad und Dateinamen.")
    size = path.stat().st_size
    _check_size(size, max_bytes, path)
    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _from_zip(data, path, max_bytes)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError("Das ist eine Excel-Datei im alten Format (.xls).", file=path,
                        hint="Öffnen Sie sie in Excel und speichern Sie sie als .xlsx.")
    return Content(str(path), data, "text")


def _check_size(size: int, max_bytes: int, name) -> None:
    if size == 0:
        raise UserError("Die Datei ist leer (0 Byte).", file=name,
                        hint="Laden Sie die Tabelle erneut herunter.")
    if size > max_bytes:
        raise UserError(f"Die Datei ist mit {size:,} Byte größer als die Grenze von {max_bytes:,} Byte."
                        .replace(",", "."), file=name,
                        hint="Laden Sie nur die benötigten Regionen und Jahre herunter oder erhöhen Sie "
                             "max_bytes beim Aufruf von read().")


def _from_zip(data: bytes, path: Path, max_bytes: int) -> Content:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and "__MACOSX" not in m.filename]
    except zipfile.BadZipFile:
        raise UserError("Das Zip-Archiv ist beschädigt.", file=path,
                        hint="Laden Sie die Datei erneut herunter.") from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        for member in members:
            _check_member(member, path, max_bytes)
        return Content(str(path), data, "xlsx")
    tables = [m for m in members if m.filename.lower().endswith(".csv")]
    if len(tables) != 1:
        found = ", ".join(sorted(names)) or "nichts"
        raise UserError(f"Im Zip-Archiv wird genau eine CSV-Datei erwartet, gefunden: {found}.",
                        file=path, hint="Packen Sie jede Tabelle einzeln oder entpacken Sie die "
                                        "gewünschte CSV-Datei und lesen Sie diese.")
    member = tables[0]
    _check_member(member, path, max_bytes)
    with archive.open(member) as handle:
        content = handle.read(max_bytes + 1)
    _check_size(len(content), max_bytes, f"{path} → {member.filename}")
    return Content(f"{path} → {member.filename}", content, "text")


def _check_member(member: zipfile.ZipInfo, path: Path, max_bytes: int) -> None:
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > max_bytes or (ratio > MAX_ZIP_RATIO and member.file_size > 1_000_000):
        raise UserError(f"„{member.filename}“ würde entpackt {member.file_size:,} Byte groß "
                        f"(Verhältnis {ratio:.0f}:1) – das sieht nach einer Zip-Bombe aus."
                        .replace(",", "."), file=path,
                        hint="Verwenden Sie nur Archive aus einer vertrauenswürdigen Quelle "
                             "(z. B. direkt von GENESIS-Online).")


def decode(content: Content) -> str:
    """Text of a file: UTF-8 (with or without BOM) or Windows-1252, as official downloads come."""
    data = content.data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError("Die Datei ist als UTF-16 („Unicode-Text“) gespeichert.", file=content.name,
                        hint="Speichern Sie sie als „CSV UTF-8 (durch Trennzeichen getrennt)“.")
    if b"\0" in data[:4096]:
        raise UserError("Das ist keine Textdatei (Binärdaten gefunden).", file=content.name,
                        hint="Erwartet wird eine CSV-, Zip- oder Excel-Datei (.xlsx).")
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = _cp1252(data)
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            raise UserError(f"Unbekannte Zeichenkodierung (Byte 0x{data[error.start]:02X} ist weder "
                            f"UTF-8 noch Windows-1252).", file=content.name, row=line,
                            hint="Speichern Sie die Datei als UTF-8 oder laden Sie sie erneut "
                                 "herunter.") from None
    if "Ã" in text and (match := _MOJIBAKE.search(text)):
        line = text[:match.start()].count("\n") + 1
        raise UserError(f"Umlaute sind doppelt kodiert („{match.group()}“ statt eines Umlauts).",
                        file=content.name, row=line,
                        hint="Die Datei wurde als UTF-8 gelesen und falsch wieder gespeichert. Laden "
                             "Sie die Originaldatei erneut herunter.")
    return text.replace("\r\n", "\n") if "\r" in text else text


def _cp1252(data: bytes) -> str:
    """Windows-1252 text. Bytes without its C1 range (0x80–0x9F, where it differs from Latin-1)
    decode as Latin-1, many times faster than the cp1252 codec."""
    if ((np.frombuffer(data, np.uint8) - 0x80) < 0x20).any():
        return data.decode("cp1252")
    return data.decode("latin-1")
