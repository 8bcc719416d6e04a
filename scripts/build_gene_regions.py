"""Rebuild annotator/reference/data/gene_regions.tsv from Bioconductor's org.Hs.eg.db.

Usage: python scripts/build_gene_regions.py ORG_HS_EG_SQLITE [--check]

The table gives the genomic extent of every knowledgebase gene (``knowledgebase/genes.yaml``)
that has no bundled MANE Select model (``data/mane_exons.tsv``), so that a VCF's tabix or CSI
index can still be used when such a gene is a mutation target (BRAF). Reading a gene's region
through the index needs only its extent, not its exons.

Source: the ``chromosome_locations`` table of org.Hs.eg.db (NCBI Gene ids joined to
``gene_info`` for the symbol), which holds UCSC's gene positions on hg38 (metadata
``GPSOURCENAME`` / ``GPSOURCEDATE``): one row per transcript, ``start_location`` the UCSC
0-based transcript start and ``end_location`` its end, both negative for minus-strand genes.
A gene's extent is the union of its rows on each primary chromosome (alternate haplotypes and
unplaced contigs are left out), written 1-based inclusive: ``|start| + 1`` to ``|end|``.

The SQLite file ships in the R package org.Hs.eg.db (Debian: ``apt-get download
r-bioc-org.hs.eg.db``, then ``dpkg-deb -x`` and look under ``extdata/org.Hs.eg.sqlite``).
The package has no GRCh37 positions and none is derived here (no lift-over chain with
provenance is bundled): a GRCh37 VCF is read whole when a target gene has no MANE model.

``--check`` exits 1 when the bundled table differs from what the SQLite file gives.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "annotator" / "reference" / "data" / "gene_regions.tsv"
MANE = ROOT / "annotator" / "reference" / "data" / "mane_exons.tsv"
KB_GENES = ROOT / "knowledgebase" / "genes.yaml"
PRIMARY = {str(n) for n in range(1, 23)} | {"X", "Y", "MT"}
COLUMNS = ("gene", "build", "chrom", "start", "end", "source")


def genes_without_model() -> list[str]:
    """Knowledgebase genes, in ``genes.yaml`` order, that have no bundled GRCh38 MANE model."""
    with MANE.open(encoding="utf-8") as fh:
        modelled = {row["gene"] for row in csv.DictReader(fh, delimiter="\t")}
    genes = [g["symbol"] for g in yaml.safe_load(KB_GENES.read_text(encoding="utf-8"))["genes"]]
    return [g for g in genes if g not in modelled]


def regions(sqlite: Path, genes: list[str]) -> list[tuple[str, ...]]:
    """One row per gene and primary chromosome: the union of the gene's UCSC transcripts."""
    con = sqlite3.connect(f"file:{sqlite}?mode=ro", uri=True)
    try:
        meta = dict(con.execute("SELECT name, value FROM metadata"))
        rows = con.execute(
            "SELECT g.symbol, l.seqname, l.start_location, l.end_location "
            "FROM chromosome_locations l JOIN gene_info g USING (_id) "
            f"WHERE g.symbol IN ({', '.join('?' for _ in genes)})",
            genes,
        ).fetchall()
    finally:
        con.close()
    source = (
        f"org.Hs.eg.db chromosome_locations ({meta['GPSOURCENAME']}, {meta['GPSOURCEDATE']}), "
        "union of the gene's transcripts"
    )
    extent: dict[tuple[str, str], tuple[int, int]] = {}
    for symbol, seqname, start, end in rows:
        chrom = "MT" if seqname == "M" else seqname
        if chrom not in PRIMARY:
            continue
        first, last = abs(start) + 1, abs(end)  # UCSC 0-based start, end inclusive
        if first > last:
            raise SystemExit(f"{symbol}: start {start} after end {end}")
        known = extent.get((symbol, chrom))
        extent[(symbol, chrom)] = (
            (first, last) if known is None else (min(known[0], first), max(known[1], last))
        )
    missing = [g for g in genes if not any(s == g for s, _ in extent)]
    if missing:
        raise SystemExit(f"no position in {sqlite.name} for {', '.join(missing)}")
    return [
        (gene, "GRCh38", chrom, str(first), str(last), source)
        for gene in genes
        for (symbol, chrom), (first, last) in sorted(extent.items())
        if symbol == gene
    ]


def render(rows: list[tuple[str, ...]]) -> str:
    return "".join("\t".join(row) + "\n" for row in [COLUMNS, *rows])


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--check"]
    if len(args) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    text = render(regions(Path(args[0]), genes_without_model()))
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is stale: rerun scripts/build_gene_regions.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
