"""Current human gene symbols and the previous-symbol allow-list, from ``gene_symbols.tsv.gz``.

The table is built from Bioconductor's org.Hs.eg.db (NCBI Gene) by
``scripts/build_gene_symbols.py``; ``README.md`` beside this module records the version. It is
read on first use and cached; the 77,000 current symbols are only collected when a name has to
be checked against them.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib import resources
from types import MappingProxyType

DATA = "gene_symbols.tsv.gz"


# the previous-symbol and Entrez rows, a few hundred among 77,000 symbol rows
_ALIAS_ROW = re.compile(r"^(previous|entrez)\t([^\t\n]*)\t([^\t\n]*)$", re.M)


@cache
def _text() -> str:
    raw = resources.files("annotator.reference").joinpath("data", DATA).read_bytes()
    return gzip.decompress(raw).decode("utf-8")


@cache
def _current() -> frozenset[str]:
    """Every current symbol (read only where a name must be checked against all genes)."""
    return frozenset(line[7:] for line in _text().splitlines() if line.startswith("symbol\t"))


@cache
def _aliases() -> tuple[MappingProxyType[str, str], MappingProxyType[str, str]]:
    """(previous symbol -> current symbol, Entrez Gene id -> symbol), found without reading
    the symbol rows: a run that only normalises gene names never builds the big set."""
    previous: dict[str, str] = {}
    entrez: dict[str, str] = {}
    for match in _ALIAS_ROW.finditer(_text()):
        kind, key, value = match.groups()
        (previous if kind == "previous" else entrez)[key] = value
    return MappingProxyType(previous), MappingProxyType(entrez)


def is_current_symbol(symbol: str) -> bool:
    """True when ``symbol`` is a current gene symbol (case-sensitive, as HGNC writes it)."""
    return symbol in _current()


def previous_symbols() -> MappingProxyType[str, str]:
    """The allow-list of previous symbols of IMT-relevant genes, mapped to current symbols.

    Only an alias that names exactly one gene, is not itself a current symbol and belongs to a
    gene the annotator reports on is listed (``CARS`` -> ``CARS1``, ``C2orf2`` -> ``EML4``);
    ``TRK`` (NTRK1 and TPM3) is not.
    """
    return _aliases()[0]


def symbol_for_entrez(gene_id: str) -> str | None:
    """The symbol of an IMT-relevant gene from its Entrez Gene id (``"238"`` -> ``ALK``).

    Only the genes the annotator reports on are bundled; any other id gives None.
    """
    return _aliases()[1].get(gene_id.strip())
