"""Rebuild annotator/reference/data/centromeres.tsv from UCSC cytoBand tables.

Usage:
    python scripts/build_centromeres.py KARYOTYPE_DIR [--check HMF_REFGENOME_DIR]

KARYOTYPE_DIR holds UCSC "Chromosome Band" (cytoBand) tables named
``chromosome.band.hg19.txt`` and ``chromosome.band.hg38.txt``, as Debian's ``circos`` package
ships them (``apt-get download circos && dpkg-deb -x circos_*.deb pkg``, then
``pkg/usr/share/doc/circos/examples/data/karyotype``). Columns: chrom, chromStart (0-based),
chromEnd, band name, gieStain.

For each primary chromosome (1-22, X, Y) the output gives the chromosome length (the end of its
last band) and the centromere as the union of its ``acen`` bands, converted to 1-based
inclusive coordinates. ``--check`` compares against hartwigmedical/hmftools' own tables
(``lengths.37.tsv``, ``lengths.38.tsv``: chromosome -> length; ``centromeres.37.tsv``,
``hg38_centromere.tsv``: chromosome -> centromere position) and fails unless every length is
equal and every HMF centromere position lies inside the acen interval. The output is sorted
and byte-identical for the same input.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

OUT = (
    Path(__file__).resolve().parent.parent / "annotator" / "reference" / "data" / "centromeres.tsv"
)
BUILDS = {"GRCh37": "hg19", "GRCh38": "hg38"}
HMF = {
    "GRCh37": ("lengths.37.tsv", "centromeres.37.tsv"),
    "GRCh38": ("lengths.38.tsv", "hg38_centromere.tsv"),
}
CHROMS = [str(n) for n in range(1, 23)] + ["X", "Y"]


def read_bands(path: Path) -> dict[str, tuple[int, int, int]]:
    """chrom -> (length, acen start 1-based, acen end) from one cytoBand table."""
    length: dict[str, int] = {}
    acen: dict[str, list[tuple[int, int]]] = {}
    with path.open() as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            chrom, start, end, _name, stain = line.rstrip("\n").split("\t")[:5]
            name = chrom.removeprefix("chr")
            if name not in CHROMS:
                continue  # alt, random and unplaced contigs
            length[name] = max(length.get(name, 0), int(end))
            if stain == "acen":
                acen.setdefault(name, []).append((int(start), int(end)))
    out = {}
    for chrom in CHROMS:
        parts = acen[chrom]
        out[chrom] = (length[chrom], min(s for s, _ in parts) + 1, max(e for _, e in parts))
    return out


def check(build: str, table: dict[str, tuple[int, int, int]], hmf: Path) -> list[str]:
    lengths_file, centromeres_file = HMF[build]
    problems = []
    rows = [r.split("\t") for r in (hmf / lengths_file).read_text().splitlines() if r.strip()]
    for chrom, value in rows:
        if chrom in table and table[chrom][0] != int(value):
            problems.append(f"{build} {chrom}: length {table[chrom][0]} != HMF {value}")
    rows = [r.split("\t") for r in (hmf / centromeres_file).read_text().splitlines() if r.strip()]
    for chrom, value in rows:
        if chrom in table and not table[chrom][1] <= int(value) <= table[chrom][2]:
            problems.append(f"{build} {chrom}: HMF centromere {value} outside acen {table[chrom]}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("karyotype_dir", type=Path)
    parser.add_argument("--check", type=Path, metavar="HMF_REFGENOME_DIR")
    args = parser.parse_args()
    tables = {
        build: read_bands(args.karyotype_dir / f"chromosome.band.{ucsc}.txt")
        for build, ucsc in BUILDS.items()
    }
    if args.check:
        problems = [p for build, t in tables.items() for p in check(build, t, args.check)]
        if problems:
            sys.exit("\n".join(problems))
    with OUT.open("w", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(["build", "chrom", "length", "centromere_start", "centromere_end"])
        for build, table in tables.items():
            for chrom in CHROMS:
                writer.writerow([build, chrom, *table[chrom]])


if __name__ == "__main__":
    main()
