"""MANE Select gene models for the IMT gene set, on GRCh38 and GRCh37 (lifted).

Exon numbers count in transcription order (exon 1 is 5'); coordinates are 1-based inclusive.
See ``README.md`` beside this module for sources and derivation.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Build = Literal["GRCh37", "GRCh38"]
BUILDS: tuple[Build, ...] = ("GRCh38", "GRCh37")


@dataclass(frozen=True, slots=True)
class Exon:
    number: int
    start: int
    end: int
    cds_start: int | None
    cds_end: int | None


@dataclass(frozen=True, slots=True)
class KinaseDomain:
    name: str
    aa_start: int
    aa_end: int
    first_exon: int
    last_exon: int


@dataclass(frozen=True, slots=True)
class GeneModel:
    symbol: str
    transcript: str  # versioned ENST
    refseq: str  # versioned NM_
    chrom: str  # without "chr"
    strand: Literal["+", "-"]
    exons: tuple[Exon, ...]  # in transcription order
    kinase: KinaseDomain | None

    @property
    def start(self) -> int:
        return min(e.start for e in self.exons)

    @property
    def end(self) -> int:
        return max(e.end for e in self.exons)

    def contains(self, chrom: str, pos: int, margin: int = 0) -> bool:
        return chrom == self.chrom and self.start - margin <= pos <= self.end + margin

    def overlaps(self, chrom: str, start: int, end: int) -> bool:
        return chrom == self.chrom and start <= self.end and end >= self.start


def _data(name: str) -> str:
    return resources.files("annotator.reference").joinpath("data", name).read_text("utf-8")


@cache
def gene_models(build: Build) -> dict[str, GeneModel]:
    """All bundled gene models for one build, keyed by HGNC symbol (read once, immutable)."""
    domains: dict[str, KinaseDomain] = {}
    for row in csv.DictReader(_data("kinase_domains.tsv").splitlines(), delimiter="\t"):
        domains[row["gene"]] = KinaseDomain(
            row["domain"],
            int(row["aa_start"]),
            int(row["aa_end"]),
            int(row["first_exon"]),
            int(row["last_exon"]),
        )
    lines = _data("mane_exons.tsv").splitlines()
    columns = {name: i for i, name in enumerate(lines[0].split("\t"))}
    gene, build_at = columns["gene"], columns["build"]
    rows: dict[str, list[list[str]]] = {}
    for line in lines[1:]:
        cells = line.split("\t")
        if cells[build_at] == build:
            rows.setdefault(cells[gene], []).append(cells)

    def number(cell: str) -> int | None:
        return int(cell) if cell else None

    at = [columns[c] for c in ("exon_number", "exon_start", "exon_end", "cds_start", "cds_end")]
    models: dict[str, GeneModel] = {}
    for symbol, exon_rows in rows.items():
        first = exon_rows[0]
        exons = sorted(
            (
                Exon(
                    int(r[at[0]]), int(r[at[1]]), int(r[at[2]]), number(r[at[3]]), number(r[at[4]])
                )
                for r in exon_rows
            ),
            key=lambda e: e.number,
        )
        strand: Literal["+", "-"] = "+" if first[columns["strand"]] == "+" else "-"
        models[symbol] = GeneModel(
            symbol,
            first[columns["transcript_id"]],
            first[columns["refseq_id"]],
            first[columns["chrom"]],
            strand,
            tuple(exons),
            domains.get(symbol),
        )
    return models
