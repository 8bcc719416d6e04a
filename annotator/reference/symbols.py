"""Current human gene symbols and the previous-symbol allow-list, from ``gene_symbols.tsv.gz``.

The table is built from Bioconductor's org.Hs.eg.db (NCBI Gene) by
``scripts/build_gene_symbols.py``; ``README.md`` beside this module records the version. It is
read once, on first use, and cached.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import NamedTuple

DATA = "gene_symbols.tsv.gz"


class SymbolTable(NamedTuple):
    current: frozenset[str]
    previous: MappingProxyType[str, str]  # previous symbol -> current symbol
    entrez: MappingProxyType[str, str]  # Entrez Gene id -> symbol, IMT-relevant genes only


@cache
def _table() -> SymbolTable:
    raw = resources.files("annotator.reference").joinpath("data", DATA).read_bytes()
    current: set[str] = set()
    previous: dict[str, str] = {}
    entrez: dict[str, str] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, *values = line.split("\t")
        if kind == "symbol":
            current.add(values[0])
        elif kind == "previous":
            previous[values[0]] = values[1]
        elif kind == "entrez":
            entrez[values[0]] = values[1]
    return SymbolTable(frozenset(current), MappingProxyType(previous), MappingProxyType(entrez))


def is_current_symbol(symbol: str) -> bool:
    """True when ``symbol`` is a current gene symbol (case-sensitive, as HGNC writes it)."""
    return symbol in _table().current


def previous_symbols() -> MappingProxyType[str, str]:
    """The allow-list of previous symbols of IMT-relevant genes, mapped to current symbols.

    Only an alias that names exactly one gene, is not itself a current symbol and belongs to a
    gene the annotator reports on is listed (``CARS`` -> ``CARS1``, ``C2orf2`` -> ``EML4``);
    ``TRK`` (NTRK1 and TPM3) is not.
    """
    return _table().previous


def symbol_for_entrez(gene_id: str) -> str | None:
    """The symbol of an IMT-relevant gene from its Entrez Gene id (``"238"`` -> ``ALK``).

    Only the genes the annotator reports on are bundled; any other id gives None.
    """
    return _table().entrez.get(gene_id.strip())
