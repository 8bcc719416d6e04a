"""SOAPfuse ``<sample>.final.Fusion.specific.for.genes`` (SOAPfuse 1.24+).

Format: SOAPfuse wiki, "Output Files" (https://sourceforge.net/p/soapfuse/wiki/Output_Files),
v1.25 layout: ``up_gene up_chr up_strand up_Genome_pos up_loc dw_gene dw_chr dw_strand
dw_Genome_pos dw_loc Span_reads_num Junc_reads_num Fusion_Type
down_fusion_part_frame-shift_or_not``. Seen: the chimeraviz 833KE example (41 fusions; several
rows per gene pair at different junctions).

The up-stream gene is the 5' partner and the down-stream gene the 3' partner; strands are the
genes' strands. Mapping: *_chr/*_Genome_pos/*_strand -> breakpoints (1-based, ``chr`` dropped);
Junc_reads_num (junc-reads across the junction) -> split reads; Span_reads_num (span-reads, one
mate in each gene) -> discordant pairs; Fusion_Type (``INTERCHR-DS``, ``INTRACHR-SS-OGO-0GAP``
...) -> fusion type; the down-stream frame statement ``inframe-shift`` / ``frame-shift`` ->
in-frame / out-of-frame. up_loc/dw_loc (junction location codes, e.g. ``E``/``M``) stay in the raw
row: the manual does not spell them out.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import frame
from annotator.parsers.fusion_tables import gene, located, strand
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = ("up_gene", "up_chr", "up_strand", "up_Genome_pos", "dw_gene", "dw_chr", "dw_strand",
            "dw_Genome_pos", "Span_reads_num", "Junc_reads_num")  # fmt: skip
FRAME_COLUMN = "down_fusion_part_frame-shift_or_not"


def sniff(head: Head) -> bool:
    return header_matches(head, "up_gene\tup_chr\tup_strand\t", ("dw_gene", "Junc_reads_num"))


def _call(row: Row, path: str) -> FusionCall:
    return FusionCall(
        caller="SOAPfuse",
        gene5_field=gene(row, "up_gene"),
        gene3_field=gene(row, "dw_gene"),
        bp5=located(row, "up_chr", "up_Genome_pos", strand(row, "up_strand")),
        bp3=located(row, "dw_chr", "dw_Genome_pos", strand(row, "dw_strand")),
        split_reads=row.int("Junc_reads_num"),
        discordant_reads=row.int("Span_reads_num"),
        frame=frame(row.get(FRAME_COLUMN)),
        fusion_type=row.get("Fusion_Type"),
        source=SourceRef(path, row.line, row.raw()),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED)
    calls = tuple(_call(row, table.path) for row in table.rows)
    return ParsedInput(
        path=table.path,
        format="soapfuse",
        format_label="SOAPfuse final.Fusion.specific.for.genes",
        kind="fusion",
        records=calls,
        details=(("caller", "SOAPfuse"),),
    )


PARSER = Parser(
    name="soapfuse",
    label="SOAPfuse final.Fusion.specific.for.genes",
    kind="fusion",
    sniff_rule="header starting 'up_gene<TAB>up_chr<TAB>up_strand' with dw_gene and "
    "Junc_reads_num columns",
    sniff=sniff,
    parse=parse,
)
