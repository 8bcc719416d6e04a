"""Rebuild annotator/reference/data/hotspot_codons.tsv from the knowledgebase and MANE exons.

Usage: python scripts/build_hotspots.py [--check] [KNOWLEDGEBASE_DIR]

Residues come from the knowledgebase: every mutation biomarker that names a protein change
(ALK G1202R) or a codon (ALK T1151 insertion). Evidence, approvals and guidelines attach to
biomarkers by id, so these are all the residues a finding can hinge on. Genes the knowledgebase
matches only at gene level ("any protein-altering PIK3CA mutation") add their recurrent
hotspots from ``GENE_LEVEL_HOTSPOTS``, and only while such a rule exists. Residues are in the
knowledgebase's (literature) numbering and are moved to MANE numbering with
``data/numbering.tsv`` (ROS1: MANE = literature - 6). For each build the three genomic
positions of the codon follow from the MANE coding intervals in ``data/mane_exons.tsv``
(coding order, so reversed on the minus strand). A reference codon is filled in only where a
cited source gives all three bases (``KNOWN_CODONS``); the source's own genomic position is
checked against the computed one. Genes without a bundled MANE model (BRAF) are listed on
stderr and left out. ``--check`` compares with the bundled table and exits 1 on a difference.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.kb import schema as s  # noqa: E402
from annotator.kb.load import load_kb  # noqa: E402
from annotator.reference.genes import BUILDS, GeneModel, gene_models  # noqa: E402
from annotator.reference.hotspots import numberings, translate  # noqa: E402

OUT = ROOT / "annotator" / "reference" / "data" / "hotspot_codons.tsv"
COLUMNS = (
    "gene",
    "residue",
    "residue_mane",
    "ref_aa",
    "build",
    "chrom",
    "strand",
    "exon",
    "pos1",
    "pos2",
    "pos3",
    "ref_codon",
    "codon_source",
    "biomarkers",
    "basis",
)

# Recurrent hotspots of genes the knowledgebase matches at gene level only: the helical-domain
# E542K/E545K and kinase-domain H1047R of PIK3CA (Samuels et al., Science 2004, PMID:15016963).
GENE_LEVEL_HOTSPOTS = {"PIK3CA": (("E", 542), ("E", 545), ("H", 1047))}
_GENE_LEVEL_BASIS = "recurrent hotspot (PMID:15016963) under a gene-level rule"

_GATK = (
    "GATK Funcotator test data taken from Oncotator, GENCODE PIK3CA on GRCh37 "
    "(broadinstitute/gatk@187e5f51a7d44c240882cfb3409f6fdeb4783354 src/test/java/org/"
    "broadinstitute/hellbender/tools/funcotator/dataSources/gencode/"
    "DataProviderForPik3caTestData.java)"
)


@dataclass(frozen=True)
class KnownCodon:
    """A reference codon stated by a source, with the position it gives for one codon base."""

    codon: str
    build: str
    position: int
    base: int  # 1..3, which codon base sits at ``position``
    source: str


# (gene, MANE residue) -> codon. GENCODE PIK3CA ENST00000263967 (MANE is its version 4) on GRCh37:
# "c.1633G>A", "c.(1633-1635)Gag>Aag", p.E545K at 3:178936091 and "c.3140A>T",
# "c.(3139-3141)cAt>cTt", p.H1047L at 3:178952085.
KNOWN_CODONS = {
    ("PIK3CA", 545): KnownCodon("GAG", "GRCh37", 178936091, 1, _GATK),
    ("PIK3CA", 1047): KnownCodon("CAT", "GRCh37", 178952085, 2, _GATK),
}


@dataclass
class Residue:
    gene: str
    residue: int  # literature numbering (the knowledgebase's)
    ref_aa: str | None
    biomarkers: list[str]
    basis: str


def residues(kb_dir: Path | None) -> list[Residue]:
    """The residues the knowledgebase names, plus gene-level hotspots, sorted."""
    kb = load_kb(kb_dir)
    found: dict[tuple[str, int], Residue] = {}
    gene_level: dict[str, list[str]] = {}
    for bid, marker in sorted(kb.biomarkers.items()):
        rule = marker.match
        if not isinstance(rule, s.MutationMatch):
            continue
        if rule.any_protein_altering:
            gene_level.setdefault(rule.gene, []).append(bid)
        ref_aa, position = None, rule.codon
        if rule.protein_change:
            m = re.match(r"([A-Z*])(\d+)", rule.protein_change)
            assert m, rule.protein_change
            ref_aa, position = m.group(1), int(m.group(2))
        if position is None:
            continue
        entry = found.setdefault(
            (rule.gene, position), Residue(rule.gene, position, None, [], "knowledgebase")
        )
        if ref_aa and entry.ref_aa and ref_aa != entry.ref_aa:
            sys.exit(f"{bid}: {rule.gene} {position} is {ref_aa} here, {entry.ref_aa} elsewhere")
        entry.ref_aa = entry.ref_aa or ref_aa
        entry.biomarkers.append(bid)
    for gene, hotspots in GENE_LEVEL_HOTSPOTS.items():
        if gene not in gene_level:
            print(f"note: no gene-level rule for {gene}; its hotspots left out", file=sys.stderr)
            continue
        for ref_aa, position in hotspots:
            found.setdefault(
                (gene, position),
                Residue(gene, position, ref_aa, list(gene_level[gene]), _GENE_LEVEL_BASIS),
            )
    return [found[k] for k in sorted(found)]


def coding_positions(model: GeneModel) -> list[tuple[int, int]]:
    """(genomic position, MANE exon) of every coding base, in transcription order."""
    out: list[tuple[int, int]] = []
    for exon in model.exons:
        if exon.cds_start is None or exon.cds_end is None:
            continue
        bases = range(exon.cds_start, exon.cds_end + 1)
        out.extend((p, exon.number) for p in (bases if model.strand == "+" else reversed(bases)))
    return out


def mane_residue(gene: str, residue: int) -> int:
    rule = numberings().get(gene)
    if rule is None:
        return residue
    mane = residue - rule.offset
    if not rule.mane_first <= mane <= rule.mane_last:
        sys.exit(f"{gene} {residue}: outside the range where numbering.tsv's offset holds")
    return mane


def build_rows(kb_dir: Path | None = None) -> list[list[str]]:
    rows: list[list[str]] = []
    missing: set[str] = set()
    for res in residues(kb_dir):
        mane = mane_residue(res.gene, res.residue)
        known = KNOWN_CODONS.get((res.gene, mane))
        if known and res.ref_aa and translate(known.codon) != res.ref_aa:
            sys.exit(f"{res.gene} {mane}: codon {known.codon} is not {res.ref_aa}")
        for build in BUILDS:
            model = gene_models(build).get(res.gene)
            if model is None:
                missing.add(res.gene)
                continue
            bases = coding_positions(model)
            if len(bases) < 3 * mane:
                sys.exit(f"{res.gene} {mane}: beyond the MANE coding sequence")
            codon = bases[3 * (mane - 1) : 3 * mane]
            if known and known.build == build and codon[known.base - 1][0] != known.position:
                sys.exit(f"{res.gene} {mane}: source puts base {known.base} elsewhere")
            exons = sorted({exon for _, exon in codon})
            rows.append(
                [
                    res.gene,
                    str(res.residue),
                    str(mane),
                    res.ref_aa or "",
                    build,
                    model.chrom,
                    model.strand,
                    "/".join(str(e) for e in exons),
                    *(str(p) for p, _ in codon),
                    known.codon if known else "",
                    known.source if known else "",
                    ",".join(res.biomarkers),
                    res.basis,
                ]
            )
    for gene in sorted(missing):
        print(f"note: {gene} has no bundled MANE model; its residues left out", file=sys.stderr)
    return rows


def render(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    text = render(build_rows(Path(args[0]) if args else None))
    if check:
        if OUT.read_text("utf-8") != text:
            print(f"{OUT} is out of date: run scripts/build_hotspots.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
