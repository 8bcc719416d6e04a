"""InFusion ``fusions.txt`` (K. Okonechnikov's InFusion pipeline).

Format: InFusion user manual (https://bitbucket.org/kokonech/infusion/wiki/User%20Manual) and the
chimeraviz importer. Tab-separated with a ``#``-prefixed header: ``#id ref1 break_pos1 region1
ref2 break_pos2 region2 num_span num_paired genes_1 genes_2 fusion_class``. Seen: the chimeraviz
example (InFusion 0.8, 19 fusions).

The format does not say which side is 5' and gives no strands, so genes are kept in file order
(genes_1 first), the call is marked unordered and a caller note says so; normalisation then puts
a kinase 3'. Mapping: ref/break_pos -> breakpoints (1-based, no strand); genes_1/genes_2 (``;``
lists of overlapping genes) -> gene fields as written; num_span (reads across the junction) ->
split reads; num_paired (read pairs bridging the genes) -> discordant pairs; fusion_class
(``inter-chromosomal``, ``intra-chromosomal``, ``readthrough-intersecting`` ...) -> fusion type.
region1/region2 (the ``[start,end]`` of the supporting alignments) stay in the raw row.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_tables import gene, located
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = ("ref1", "break_pos1", "ref2", "break_pos2", "num_span", "num_paired", "genes_1",
            "genes_2")  # fmt: skip
UNORDERED = "InFusion does not state which gene is 5'; genes in file order"


def sniff(head: Head) -> bool:
    return header_matches(head, "#id\tref1\tbreak_pos1\t", ("genes_1",))


def _call(row: Row, path: str) -> FusionCall:
    return FusionCall(
        caller="InFusion",
        gene5_field=gene(row, "genes_1"),
        gene3_field=gene(row, "genes_2"),
        bp5=located(row, "ref1", "break_pos1"),
        bp3=located(row, "ref2", "break_pos2"),
        split_reads=row.int("num_span"),
        discordant_reads=row.int("num_paired"),
        fusion_type=row.get("fusion_class"),
        caller_notes=(UNORDERED,),
        source=SourceRef(path, row.line, row.raw()),
        ordered=False,
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, header_prefix="#", required=REQUIRED)
    calls = tuple(_call(row, table.path) for row in table.rows)
    return ParsedInput(
        path=table.path,
        format="infusion",
        format_label="InFusion fusions.txt",
        kind="fusion",
        records=calls,
        details=(("caller", "InFusion"), ("gene order", "not stated (file order kept)")),
    )


PARSER = Parser(
    name="infusion",
    label="InFusion fusions.txt",
    kind="fusion",
    sniff_rule="header starting '#id<TAB>ref1<TAB>break_pos1' with a genes_1 column",
    sniff=sniff,
    parse=parse,
)
