"""Gene-symbol cleaning: the one place that knows how callers decorate gene names.

Callers glue Ensembl IDs (``EML4^ENSG00000143924.14``), intergenic distances
(``A(123),B(456)``) and lists (``A;B``) onto symbols. Old symbols are mapped to current HGNC
symbols only through an explicit allow-list of previous symbols, never by blind alias lookup
(aliases collide: TRK is an alias of both NTRK1 and TPM3).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from annotator.reference.symbols import previous_symbols


class _PreviousSymbols(Mapping[str, str]):
    """Previous symbol -> current symbol, read from the bundled table on first use.

    The allow-list is built from NCBI Gene aliases of the genes the annotator reports on
    (``annotator/reference/README.md``). The hand-kept entries it replaces (CARS, C2orf2, PDGFR,
    ROS) are all in it, so none is kept here.
    """

    def __getitem__(self, symbol: str) -> str:
        return previous_symbols()[symbol]

    def __iter__(self) -> Iterator[str]:
        return iter(previous_symbols())

    def __len__(self) -> int:
        return len(previous_symbols())


PREVIOUS_SYMBOLS: Mapping[str, str] = _PreviousSymbols()

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
    """The current symbol for an allow-listed previous symbol; any other symbol unchanged."""
    return previous_symbols().get(symbol, symbol)


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
