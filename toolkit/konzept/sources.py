"""Every table the concept uses: the © lines of the Impressum and the annex „Datengrundlage“."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit import datenanalyse as da
from toolkit import indicators
from toolkit.konzept.model import Table

NO_SOURCE = "ohne Quellenangabe in der Datei"


@dataclass
class Sources:
    district: da.District

    def codes(self) -> list[str]:
        """Table codes of every indicator shown, in catalogue order."""
        d = self.district
        return list(dict.fromkeys(c for i in d.indicator_ids() for c in indicators.get(i).tables if c in d.tables))

    def copyright_lines(self) -> list[str]:
        """One line per publisher: „© publisher: Tabellen a, b (Stand …)“, then the map file."""
        groups: dict[str, list[str]] = {}
        for code in self.codes():
            groups.setdefault(self._attr(code, "source") or NO_SOURCE, []).append(code)
        lines = [f"{'' if who.startswith('©') or who == NO_SOURCE else '© '}{who}: Tabelle{'n' * (len(codes) > 1)} "
                 f"{', '.join(codes)}" for who, codes in groups.items()]
        boundaries = self.district.boundaries
        if boundaries is not None:
            lines.append(f"Karte: {Path(boundaries.attrs.get('file', '')).name}"
                         + (f" – {boundaries.attrs['source']}" if boundaries.attrs.get("source") else ""))
        return lines

    def table(self) -> Table:
        """Datengrundlage: code, title, Stand, years, source, licence of every table used."""
        rows = []
        for code in self.codes():
            frame = self.district.tables[code]
            years = sorted({str(t)[:4] for t in frame["time"].dropna()}) if "time" in frame else []
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (years[0] if years else "–")
            rows.append([code, self._attr(code, "title") or "–", self._attr(code, "stand") or "–", span,
                         self._attr(code, "source") or NO_SOURCE, self._attr(code, "licence") or "–"])
        return Table(["Code", "Titel", "Stand", "Jahre", "Quelle", "Lizenz"], rows,
                     "Datengrundlage: alle verwendeten Tabellen", font_pt=8)

    def _attr(self, code: str, key: str) -> str:
        return str(self.district.tables[code].attrs.get(key) or "").strip()
