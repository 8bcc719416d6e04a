"""FusionCatcher ``final-list_candidate-fusion-genes.txt`` (16 and 18 columns).

Format: FusionCatcher manual, section 6.2 (https://github.com/ndaniel/fusioncatcher,
``doc/manual.md``). Tab-separated, no ``#`` on the header, columns named
``Gene_1_symbol(5end_fusion_partner)`` … ``Predicted_effect`` plus, in newer versions,
``Predicted_fused_transcripts``/``Predicted_fused_proteins``. Seen: the FusionCatcher repository
test (1.20-era, 16 columns), the nf-core fusion-report test (another run on the same reads) and
chimeraviz's 18-column example. Fusion points are ``chrom:pos:strand`` (1-based, gene strand),
GRCh38 unless the run used an hg19 build; the file does not say which.

Mapping: Gene_1/Gene_2 symbols -> 5'/3' genes (``IGH@`` kept raw); Fusion_point_for_gene_1/2 ->
breakpoints; Spanning_unique_reads (reads over the junction) -> split reads; Spanning_pairs ->
discordant pairs (counted per gene pair, so every isoform row of a pair repeats it);
Predicted_effect ``in-frame``/``out-of-frame`` -> frame, any other effect
(``CDS(truncated)/UTR``, ``intronic/CDS(truncated)``, ``---/intergenic``) -> no frame and a
caller note, since it can disagree with other callers' in-frame calls. Fusion_description labels
are kept whole as a caller note; the labels the manual says mark a (very) high probability of a
false positive (``banned``, ``readthrough``, ``paralogs``, ``gtex``, ``matched-normal`` …) are
also the call's filters. Labels the manual qualifies as false positives only when looking for
disease-specific fusions (``cacg``, ``conjoing``, ``healthy``) are not filters: GOPC--ROS1 carries
``cacg``. Exon columns hold Ensembl exon IDs, not numbers, and stay in the raw row. The same
junction appears once per finding method and isoform; rows are kept as written (merging is the
normaliser's job).
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import breakpoint, frame
from annotator.parsers.textio import Head, Row, read_table

GENE5 = "Gene_1_symbol(5end_fusion_partner)"
GENE3 = "Gene_2_symbol(3end_fusion_partner)"
POINT5 = "Fusion_point_for_gene_1(5end_fusion_partner)"
POINT3 = "Fusion_point_for_gene_2(3end_fusion_partner)"
REQUIRED = (GENE5, GENE3, POINT5, POINT3, "Spanning_pairs", "Spanning_unique_reads")
FRAME_WORDS = frozenset({"in-frame", "out-of-frame"})
# Fusion_description labels the manual describes as a (very) high probability of a false
# positive without qualification (FusionCatcher manual, table 2).
FALSE_POSITIVE_LABELS = frozenset(
    {
        "1000genomes",
        "banned",
        "bodymap2",
        "cta_gene",
        "ctb_gene",
        "ctc_gene",
        "ctd_gene",
        "distance1000bp",
        "ensembl_fully_overlapping",
        "ensembl_same_strand_overlapping",
        "gtex",
        "hpa",
        "matched-normal",
        "mt",
        "pair_pseudo_genes",
        "paralogs",
        "readthrough",
        "refseq_fully_overlapping",
        "refseq_same_strand_overlapping",
        "rp11_gene",
        "rp_gene",
        "rrna",
        "similar_reads",
        "similar_symbols",
        "ucsc_fully_overlapping",
        "ucsc_same_strand_overlapping",
    }
)


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None or not first.startswith(f"{GENE5}\t{GENE3}\t"):
        return False
    return POINT5 in first.split("\t")


def _labels(row: Row) -> tuple[str, ...]:
    value = row.get("Fusion_description")
    return tuple(x.strip() for x in value.split(",") if x.strip()) if value else ()


def _notes(row: Row, labels: tuple[str, ...], effect: str | None) -> tuple[str, ...]:
    notes = []
    if labels:
        notes.append(f"Fusion_description: {','.join(labels)}")
    if effect is not None and effect.lower() not in FRAME_WORDS:
        notes.append(f"Predicted_effect: {effect}")
    method = row.get("Fusion_finding_method")
    if method is not None:
        notes.append(f"Fusion_finding_method: {method}")
    return tuple(notes)


def _call(row: Row, path: str) -> FusionCall:
    labels = _labels(row)
    effect = row.get("Predicted_effect")
    is_frame = effect is not None and effect.lower() in FRAME_WORDS
    return FusionCall(
        caller="FusionCatcher",
        gene5_field=row.text(GENE5),
        gene3_field=row.text(GENE3),
        bp5=breakpoint(row, POINT5),
        bp3=breakpoint(row, POINT3),
        split_reads=row.int("Spanning_unique_reads"),
        discordant_reads=row.int("Spanning_pairs"),
        frame=frame(effect) if is_frame else None,
        filters=tuple(x for x in labels if x in FALSE_POSITIVE_LABELS),
        caller_notes=_notes(row, labels, effect),
        source=SourceRef(path, row.line, row.raw()),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED)
    calls = tuple(_call(row, table.path) for row in table.rows)
    return ParsedInput(
        path=table.path,
        format="fusioncatcher",
        format_label=f"FusionCatcher final-list_candidate-fusion-genes.txt "
        f"({len(table.header)} columns)",
        kind="fusion",
        records=calls,
        details=(("caller", "FusionCatcher"),),
    )


PARSER = Parser(
    name="fusioncatcher",
    label="FusionCatcher final-list_candidate-fusion-genes.txt (16 and 18 columns)",
    kind="fusion",
    sniff_rule="header line starting 'Gene_1_symbol(5end_fusion_partner)<TAB>"
    "Gene_2_symbol(3end_fusion_partner)' with a Fusion_point_for_gene_1 column",
    sniff=sniff,
    parse=parse,
)
