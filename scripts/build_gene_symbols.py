"""Rebuild annotator/reference/data/gene_symbols.tsv.gz from Bioconductor's org.Hs.eg.db.

Usage: python scripts/build_gene_symbols.py ORG_HS_EG_SQLITE

The SQLite file ships in the R package org.Hs.eg.db (Debian: ``apt-get download
r-bioc-org.hs.eg.db``, then ``dpkg-deb -x`` and look under ``extdata/org.Hs.eg.sqlite``).

Output, one row per line (tab-separated, gzip with a fixed timestamp so rebuilds are
byte-identical):

- ``symbol<TAB>SYMBOL`` for every symbol in ``gene_info`` (NCBI Gene), plus the HGNC ``MT-``
  names of the mitochondrial genes, which NCBI lists as ``COX1``, ``ND1``, ``TRNA``...
- ``previous<TAB>OLD<TAB>CURRENT`` for the previous-symbol allow-list: an alias maps to a
  current symbol only when it is not itself a current symbol, it is an alias of exactly one
  gene, and that gene is IMT-relevant (bundled gene models, knowledgebase genes or fusion
  partners). Aliases collide (TRK is an alias of NTRK1 and TPM3), so no other alias is kept;
  nor are alias entries that are descriptions rather than symbols (a space, ``/``, ``:`` or
  parenthesis: ``hnRNP A1``, ``TEL/ABL``).
- ``entrez<TAB>ID<TAB>SYMBOL`` for the IMT-relevant genes, so that tables naming a gene only by
  its Entrez Gene id (cBioPortal allows it) can still be read for the genes that matter.

Lines starting with ``#`` record the source and counts. Provenance is also written up in
annotator/reference/README.md.
"""

from __future__ import annotations

import csv
import gzip
import re
import sqlite3
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "annotator" / "reference" / "data" / "gene_symbols.tsv.gz"
MANE = ROOT / "annotator" / "reference" / "data" / "mane_exons.tsv"
KB = ROOT / "knowledgebase"
# Alias entries that are descriptions rather than symbols ("hnRNP A1", "p185(erbB2)", "MGC:11246",
# even a fusion, "TEL/ABL") are left out: a symbol has no space, slash, colon or parenthesis.
SYMBOL_LIKE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.@-]*$")
FUSION_LABEL = re.compile(r"\b([A-Za-z0-9][A-Za-z0-9.-]*)::([A-Za-z0-9][A-Za-z0-9.-]*)\b")


def mitochondrial_hgnc(ncbi_symbol: str) -> str:
    """HGNC name of a mitochondrial gene from NCBI's (COX1 -> MT-CO1, TRNL1 -> MT-TL1)."""
    if ncbi_symbol.startswith("TRN"):
        return "MT-T" + ncbi_symbol[3:]
    if ncbi_symbol.startswith("COX"):
        return "MT-CO" + ncbi_symbol[3:]
    if ncbi_symbol == "CYTB":
        return "MT-CYB"
    return "MT-" + ncbi_symbol


def imt_genes(current: set[str]) -> set[str]:
    """Genes the annotator reports on: gene models, knowledgebase genes and fusion partners."""
    genes: set[str] = set()
    with MANE.open() as fh:
        genes.update(row["gene"] for row in csv.DictReader(fh, delimiter="\t"))
    kb_genes = yaml.safe_load((KB / "genes.yaml").read_text())["genes"]
    genes.update(g["symbol"] for g in kb_genes)
    for path in sorted(KB.glob("*.yaml")):
        text = path.read_text()
        genes.update(re.findall(r"\bpartner: ([A-Za-z0-9][A-Za-z0-9.-]*)", text))
        for five, three in FUSION_LABEL.findall(text):
            genes.update((five, three))
    return genes & current


def read_db(
    sqlite: Path,
) -> tuple[set[str], dict[str, set[str]], dict[str, str], dict[str, str]]:
    """(current symbols, alias -> genes it names, symbol -> Entrez id, metadata)."""
    con = sqlite3.connect(f"file:{sqlite}?mode=ro", uri=True)
    try:
        current = {s for (s,) in con.execute("SELECT symbol FROM gene_info")}
        mito = con.execute(
            "SELECT g.symbol FROM gene_info g JOIN chromosomes c ON c._id = g._id"
            " WHERE c.chromosome = 'MT'"
        )
        current.update(mitochondrial_hgnc(s) for (s,) in mito)
        aliases: dict[str, set[str]] = {}
        rows = con.execute(
            "SELECT a.alias_symbol, g.symbol FROM alias a JOIN gene_info g ON g._id = a._id"
        )
        for alias, symbol in rows:
            aliases.setdefault(alias, set()).add(symbol)
        entrez = dict(
            con.execute("SELECT g.symbol, e.gene_id FROM gene_info g JOIN genes e ON e._id = g._id")
        )
        meta = dict(con.execute("SELECT name, value FROM metadata"))
    finally:
        con.close()
    return current, aliases, entrez, meta


def main(sqlite: Path) -> None:
    current, aliases, entrez, meta = read_db(sqlite)
    relevant = imt_genes(current)
    previous = {
        alias: next(iter(genes))
        for alias, genes in aliases.items()
        if alias not in current
        and SYMBOL_LIKE.match(alias)
        and len(genes) == 1
        and next(iter(genes)) in relevant
    }
    lines = [
        "# Gene symbols from Bioconductor org.Hs.eg.db (NCBI Gene "
        f"{meta.get('EGSOURCEDATE', '?')}), built by scripts/build_gene_symbols.py",
        f"# {len(current)} current symbols; {len(previous)} previous symbols of "
        f"{len(relevant)} IMT-relevant genes, with their Entrez Gene ids",
    ]
    lines += [f"symbol\t{s}" for s in sorted(current)]
    lines += [f"previous\t{old}\t{new}" for old, new in sorted(previous.items())]
    lines += [f"entrez\t{entrez[g]}\t{g}" for g in sorted(relevant) if g in entrez]
    data = ("\n".join(lines) + "\n").encode()
    with OUT.open("wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(data)
    print(
        f"{OUT}: {len(current)} symbols, {len(previous)} previous symbols, "
        f"{len(relevant)} IMT-relevant genes, {OUT.stat().st_size} bytes"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
