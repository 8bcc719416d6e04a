"""Gene-symbol cleaning: the one place that knows how callers decorate gene names.

Callers glue Ensembl IDs (``EML4^ENSG00000143924.14``), intergenic distances
(``A(123),B(456)``) and lists (``A;B``) onto symbols. Old symbols are mapped to current HGNC
symbols only through an explicit allow-list of previous symbols, never by blind alias lookup
(aliases collide: TRK is an alias of both NTRK1 and TPM3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# previous HGNC symbol -> current symbol, for genes the IMT knowledgebase and gene models use
PREVIOUS_SYMBOLS: dict[str, str] = {
    "CARS": "CARS1",  # renamed 2020 (HGNC:1493)
    "C2orf2": "EML4",
    "PDGFR": "PDGFRB",
    "ROS": "ROS1",
}

_DISTANCE = re.compile(r"^(?P<symbol>[^()]+)\((?P<distance>-?\d+)\)$")
_ENSEMBL_SUFFIX = re.compile(r"\^ENS[A-Z]*G\d+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class GeneField:
    """A caller's gene field resolved to candidate symbols."""

    symbols: tuple[str, ...]  # current symbols, in the caller's order
    intergenic: bool  # the caller gave neighbouring genes with distances
    distances: tuple[int | None, ...]  # per symbol, bp to the breakpoint where given
    renamed: tuple[tuple[str, str], ...]  # (old, new) applied through PREVIOUS_SYMBOLS


def current_symbol(symbol: str) -> str:
    return PREVIOUS_SYMBOLS.get(symbol, symbol)


def parse_gene_field(field: str) -> GeneField:
    """Split ``A(12),B(40)``, ``A;B``, ``SYMBOL^ENSG…`` into current HGNC symbols."""
    parts = [p.strip() for p in re.split(r"[,;]", field) if p.strip() and p.strip() != "."]
    symbols: list[str] = []
    distances: list[int | None] = []
    renamed: list[tuple[str, str]] = []
    intergenic = False
    for part in parts:
        part = _ENSEMBL_SUFFIX.sub("", part)
        distance: int | None = None
        m = _DISTANCE.match(part)
        if m:
            part, distance, intergenic = m.group("symbol"), int(m.group("distance")), True
        new = current_symbol(part)
        if new != part:
            renamed.append((part, new))
        if new not in symbols:
            symbols.append(new)
            distances.append(distance)
    return GeneField(tuple(symbols), intergenic, tuple(distances), tuple(renamed))
