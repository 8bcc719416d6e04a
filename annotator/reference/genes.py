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
    rows: dict[str, list[dict[str, str]]] = {}
    for row in csv.DictReader(_data("mane_exons.tsv").splitlines(), delimiter="\t"):
        if row["build"] == build:
            rows.setdefault(row["gene"], []).append(row)
    models: dict[str, GeneModel] = {}
    for symbol, exon_rows in rows.items():
        first = exon_rows[0]
        exons = tuple(
            sorted(
                (
                    Exon(
                        int(r["exon_number"]),
                        int(r["exon_start"]),
                        int(r["exon_end"]),
                        int(r["cds_start"]) if r["cds_start"] else None,
                        int(r["cds_end"]) if r["cds_end"] else None,
                    )
                    for r in exon_rows
                ),
                key=lambda e: e.number,
            )
        )
        strand: Literal["+", "-"] = "+" if first["strand"] == "+" else "-"
        models[symbol] = GeneModel(
            symbol,
            first["transcript_id"],
            first["refseq_id"],
            first["chrom"],
            strand,
            exons,
            domains.get(symbol),
        )
    return models
