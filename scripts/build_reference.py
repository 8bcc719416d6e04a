"""Rebuild annotator/reference/data/ from the curated reference extracts.

Usage: python scripts/build_reference.py SHARED_SAMPLES_REFERENCE_DIR

Input: exons/target_gene_exons.tsv, exons/kinase_domains.tsv and exons/PROVENANCE.md
(MANE Select v1.5 exons for the IMT gene set on GRCh38, lifted to GRCh37; Pfam kinase domains).
Output: compact TSVs read by annotator.reference.genes. Only columns the annotator uses are
kept; provenance is recorded in annotator/reference/README.md.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "annotator" / "reference" / "data"


def main(src: Path) -> None:
    refseq: dict[str, str] = {}
    for line in (src / "exons" / "PROVENANCE.md").read_text().splitlines():
        m = re.match(r"\| (\S+) \| (ENST\d+\.\d+) \| (NM_\d+\.\d+) \|", line)
        if m:
            refseq[m.group(2)] = m.group(3)
    with (
        (src / "exons" / "target_gene_exons.tsv").open() as fh,
        (OUT / "mane_exons.tsv").open("w", newline="") as out,
    ):
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(
            [
                "gene",
                "transcript_id",
                "refseq_id",
                "build",
                "chrom",
                "strand",
                "exon_number",
                "exon_start",
                "exon_end",
                "cds_start",
                "cds_end",
            ]
        )
        for row in csv.DictReader(fh, delimiter="\t"):
            writer.writerow(
                [
                    row["gene"],
                    row["transcript_id"],
                    refseq[row["transcript_id"]],
                    row["build"],
                    row["chrom"].removeprefix("chr"),
                    row["strand"],
                    row["exon_number"],
                    row["exon_start"],
                    row["exon_end"],
                    row["cds_start"],
                    row["cds_end"],
                ]
            )
    with (
        (src / "exons" / "kinase_domains.tsv").open() as fh,
        (OUT / "kinase_domains.tsv").open("w", newline="") as out,
    ):
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(
            ["gene", "transcript_id", "domain", "aa_start", "aa_end", "first_exon", "last_exon"]
        )
        # The widest catalytic-domain range per gene, in MANE protein numbering: Pfam splits
        # the PDGFR kinase around its insert, so the CDD range is the one that starts it.
        # ROS1 also has legacy NM_002944-numbered rows, which are skipped.
        best: dict[str, dict[str, str]] = {}
        for row in csv.DictReader(fh, delimiter="\t"):
            if "LEGACY" in row["note"]:
                continue
            current = best.get(row["gene"])
            if current is None or int(row["aa_start"]) < int(current["aa_start"]):
                best[row["gene"]] = row
        for row in best.values():
            writer.writerow(
                [
                    row["gene"],
                    row["transcript_id"],
                    row["domain_name"],
                    row["aa_start"],
                    row["aa_end"],
                    row["first_exon"],
                    row["last_exon"],
                ]
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
