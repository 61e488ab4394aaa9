"""Getting a file's content safely: size limit, zip archives (and zip bombs), encoding sniffing."""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import numpy as np

from toolkit.errors import UserError

#: Largest file (or unpacked zip member) `read` accepts unless told otherwise.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
#: A zip member that unpacks to more than this many times its packed size is treated as a bomb.
MAX_ZIP_RATIO = 200

_MOJIBAKE = re.compile("Ã[¤¶¼Ÿ„–œ]")
#: What reading a zip member raises when the archive is damaged (CRC, deflate data, cut off), encrypted
#: (RuntimeError: password required) or packed with a method Python cannot unpack (NotImplementedError).
_ZIP_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError, OSError)


@dataclass
class Content:
    """Raw bytes of a statistics file; `kind` is "xlsx" or "text"; `name` the file (and zip member)."""
    name: str
    data: bytes
    kind: str
    #: German notes on how the file was read (e.g. a byte that is not UTF-8); `read` adds them to the table's.
    warnings: list = field(default_factory=list)


def load(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Content:
    """Read a file (or the one CSV inside a zip) as bytes, refusing anything unsafe or empty."""
    path = Path(path)
    if path.is_dir():
        raise UserError("Das ist ein Ordner, keine Datei.", file=path,
                        hint="Geben Sie eine Tabellendatei an; für alle Tabellen eines Ordners gibt es "
                             "`ikpe daten` bzw. read_dir().")
    if not path.is_file():
        raise UserError("Die Datei gibt es nicht.", file=path, hint="Prüfen Sie Pfad und Dateinamen.")
    try:
        size = path.stat().st_size
        _check_size(size, max_bytes, path)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise UserError(f"Die Datei lässt sich nicht lesen ({_os_reason(error)}).", file=path,
                        hint="Prüfen Sie die Zugriffsrechte, schließen Sie die Datei in anderen Programmen "
                             "oder kopieren Sie sie in einen eigenen Ordner.") from None
    _check_size(len(data), max_bytes, path)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _from_zip(data, path, max_bytes)
    if data.startswith(b"\xd0\xcf\x11\xe0") and _ENCRYPTED in data:
        raise UserError("Die Excel-Datei ist mit einem Kennwort geschützt.", file=path,
                        hint="Öffnen Sie sie in Excel, entfernen Sie den Kennwortschutz (Datei → Informationen → "
                             "Arbeitsmappe schützen) und speichern Sie sie als .xlsx.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError("Das ist eine Excel-Datei im alten Format (.xls).", file=path,
                        hint="Öffnen Sie sie in Excel und speichern Sie sie als .xlsx.")
    return Content(str(path), data, "text")


#: The stream name (UTF-16) an Office file encrypted with a password holds inside its OLE container.
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def _os_reason(error: OSError) -> str:
    """The German reason for a file the system will not hand out."""
    if isinstance(error, PermissionError):
        return "keine Leseberechtigung"
    if isinstance(error, IsADirectoryError):
        return "das ist ein Ordner"
    return f"Systemfehler {error.errno}" if error.errno else "Systemfehler"


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
    except _ZIP_DAMAGED:
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
    if member.flag_bits & 0x1:
        raise UserError(f"„{member.filename}“ im Zip-Archiv ist mit einem Kennwort verschlüsselt.", file=path,
                        hint="Entpacken Sie die Datei mit dem Kennwort und lesen Sie die CSV-Datei direkt, "
                             "oder laden Sie die Tabelle erneut (unverschlüsselt) herunter.")
    try:
        with archive.open(member) as handle:
            content = handle.read(max_bytes + 1)
    except _ZIP_DAMAGED:
        raise UserError(f"„{member.filename}“ im Zip-Archiv lässt sich nicht entpacken (beschädigt: "
                        f"Prüfsumme oder Daten stimmen nicht).", file=path,
                        hint="Laden Sie die Datei erneut herunter.") from None
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
    """Text of a file: UTF-8 (with or without BOM) or Windows-1252, as official downloads come.

    A UTF-8 file with a few bytes that are not UTF-8 (a name typed in an editor that saved Windows-1252) is read
    as UTF-8 with those bytes as Windows-1252, and `content.warnings` names the first one's line. Line endings
    may be LF, CRLF or CR alone (old Mac); a NUL byte anywhere means the file is no text.
    """
    data = content.data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError("Die Datei ist als UTF-16 („Unicode-Text“) gespeichert.", file=content.name,
                        hint="Speichern Sie sie als „CSV UTF-8 (durch Trennzeichen getrennt)“.")
    if (nul := data.find(b"\0")) >= 0:
        raise UserError("Das ist keine Textdatei: sie enthält ein Nullbyte (Binärdaten oder beschädigt).",
                        file=content.name, row=_line_at(data, nul),
                        hint="Erwartet wird eine CSV-, Zip- oder Excel-Datei (.xlsx); laden Sie die Datei erneut "
                             "herunter.")
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        text = _not_utf8(data, content)
    else:
        if "Ã" in text and (match := _MOJIBAKE.search(text)):
            line = text[:match.start()].count("\n") + 1
            raise UserError(f"Umlaute sind doppelt kodiert („{match.group()}“ statt eines Umlauts).",
                            file=content.name, row=line,
                            hint="Die Datei wurde als UTF-8 gelesen und falsch wieder gespeichert. Laden "
                                 "Sie die Originaldatei erneut herunter.")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:  # CR alone ends a line too (old Mac files)
            text = text.replace("\r", "\n")
    return text


#: A UTF-8 umlaut or sign (two bytes C2/C3 + 80–BF) as Windows-1252 shows it: „Ã¤“ for „ä“, „Â°“ for „°“.
_UTF8_READ_AS_CP1252 = re.compile("[ÂÃ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def _line_at(data: bytes | str, position: int) -> int:
    """Line number (from 1) of a position in bytes or text; a CR alone ends a line too."""
    head = data[:position]
    lf, cr = ("\n", "\r") if isinstance(head, str) else (b"\n", b"\r")
    return head.count(lf) + head.count(cr) - head.count(cr + lf) + 1


def _not_utf8(data: bytes, content: Content) -> str:
    """Windows-1252 text — unless the file is UTF-8 but for a few bytes (its UTF-8 signs outnumber the bytes
    that are not UTF-8): then UTF-8 with those bytes as Windows-1252, said once in `content.warnings` with the
    first one's line."""
    try:
        text = _cp1252(data)
    except UnicodeDecodeError as error:
        text, failed = None, error
    if text is not None and not (("Ã" in text or "Â" in text) and _UTF8_READ_AS_CP1252.search(text)):
        return text
    body = data.removeprefix(b"\xef\xbb\xbf")
    mixed = body.decode("utf-8", errors="surrogateescape")  # each foreign byte becomes one escape sign
    bad = [match.start() for match in _ESCAPED.finditer(mixed)]
    if len(body) - len(mixed) < len(bad):  # fewer UTF-8 signs (each ≥ 2 bytes as one sign) than foreign bytes
        if text is not None:
            return text
        raise UserError(f"Unbekannte Zeichenkodierung (Byte 0x{data[failed.start]:02X} ist weder "
                        f"UTF-8 noch Windows-1252).", file=content.name, row=_line_at(data, failed.start),
                        hint="Speichern Sie die Datei als UTF-8 oder laden Sie sie erneut herunter.") from None
    byte = ord(mixed[bad[0]]) - 0xDC00
    count = len(bad)
    content.warnings.append(
        f"Die Datei ist UTF-8-kodiert, aber {'ein Byte ist' if count == 1 else f'{count} Bytes sind'} kein UTF-8, "
        f"z. B. Zeile {_line_at(mixed, bad[0])}: Byte 0x{byte:02X}, als Windows-1252 „{_as_cp1252(byte)}“ "
        f"gelesen. Prüfen Sie die Stelle; speichern Sie die Datei am besten als „CSV UTF-8“.")
    return _ESCAPED.sub(lambda match: _as_cp1252(ord(match.group()) - 0xDC00), mixed)


#: A byte that is not UTF-8, as Python's „surrogateescape“ keeps it.
_ESCAPED = re.compile("[\udc80-\udcff]")


def _as_cp1252(byte: int) -> str:
    """One byte as Windows-1252 (Latin-1 for the five bytes it leaves undefined)."""
    return bytes([byte]).decode("cp1252", errors="ignore") or bytes([byte]).decode("latin-1")


def _cp1252(data: bytes) -> str:
    """Windows-1252 text. Bytes without its C1 range (0x80–0x9F, where it differs from Latin-1)
    decode as Latin-1, many times faster than the cp1252 codec."""
    if ((np.frombuffer(data, np.uint8) - 0x80) < 0x20).any():
        return data.decode("cp1252")
    return data.decode("latin-1")
