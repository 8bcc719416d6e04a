"""Oncofuse output (``oncofuse.outfile``; Oncofuse 1.x driver-fusion classifier).

Format: Oncofuse manual (http://www.unav.es/genetica/oncofuse.html, "Output") and the chimeraviz
importer. Tab-separated with a header: ``SAMPLE_ID FUSION_ID TISSUE SPANNING_READS
ENCOMPASSING_READS GENOMIC 5_FPG_GENE_NAME 5_IN_CDS? 5_SEGMENT_TYPE 5_SEGMENT_ID
5_COORD_IN_SEGMENT 5_FULL_AA 5_FRAME 3_FPG_GENE_NAME ... FPG_FRAME_DIFFERENCE P_VAL_CORR
DRIVER_PROB EXPRESSION_GAIN 5_DOMAINS_RETAINED 3_DOMAINS_RETAINED 5_DOMAINS_BROKEN
3_DOMAINS_BROKEN 5_PII_RETAINED 3_PII_RETAINED CTF G H K P TF``. Seen: the chimeraviz example
(Oncofuse on STAR chimeric junctions, 6 fusions, no final newline).

Columns are 5'/3' by name (FPG = fusion partner gene). ``GENOMIC`` is ``chr5:pos>chr3:pos``, the
5' breakpoint first (1-based as Oncofuse prints it, no strand). Mapping: SPANNING_READS (reads
across the junction) -> split reads; ENCOMPASSING_READS (pairs with one mate in each gene) ->
discordant pairs; FPG_FRAME_DIFFERENCE (``(5_FRAME + 3_FRAME) mod 3``) 0 -> in-frame, 1 or 2 ->
out-of-frame, read only when both breakpoints are in a CDS; 5_/3_SEGMENT_TYPE -> sites, and for
``Exon`` segments 5_/3_SEGMENT_ID -> exon numbers; 3_DOMAINS_RETAINED (``;`` list of InterPro
names with a ``[Type]`` tag) -> the 3' gene's retained domains; DRIVER_PROB and P_VAL_CORR ->
caller notes.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.models import Breakpoint, FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser, SampleChoice
from annotator.parsers.fusion_tables import chromosome, gene, note
from annotator.parsers.sample_choice import pick_rows
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = ("GENOMIC", "5_FPG_GENE_NAME", "3_FPG_GENE_NAME", "SPANNING_READS",
            "ENCOMPASSING_READS")  # fmt: skip
_SIDE = re.compile(r"^(?P<chrom>[^:>]+):(?P<pos>\d+)$")
_DOMAIN_TYPE = re.compile(r"\[[^\[\]]*\]$")
FRAME_DIFFERENCE = {"0": "in-frame", "1": "out-of-frame", "2": "out-of-frame"}


def sniff(head: Head) -> bool:
    return header_matches(head, "SAMPLE_ID\tFUSION_ID\t", ("5_FPG_GENE_NAME", "GENOMIC"))


def _genomic(row: Row) -> tuple[Breakpoint, Breakpoint] | None:
    value = row.get("GENOMIC")
    if value is None:
        return None
    sides = value.split(">")
    found = []
    offset = 0
    for side in sides:
        m = _SIDE.match(side)
        if len(sides) != 2 or m is None or int(m.group("pos")) < 1:
            raise row.error(
                "GENOMIC",
                f"expected 'chr5:pos>chr3:pos', got {value!r}",
                span=(offset, max(len(side), 1)) if len(sides) == 2 else None,
            )
        found.append(Breakpoint(chromosome(m.group("chrom")), int(m.group("pos"))))
        offset += len(side) + 1
    return found[0], found[1]


def _in_cds(row: Row) -> bool:
    return row.get("5_IN_CDS?") == "Yes" and row.get("3_IN_CDS?") == "Yes"


def _frame(row: Row) -> str | None:
    value = row.get("FPG_FRAME_DIFFERENCE")
    if value is None or not _in_cds(row):
        return None
    if value not in FRAME_DIFFERENCE:
        raise row.error("FPG_FRAME_DIFFERENCE", f"expected 0, 1 or 2, got {value!r}")
    return FRAME_DIFFERENCE[value]


def _exon(row: Row, end: str) -> int | None:
    if row.get(f"{end}_SEGMENT_TYPE") != "Exon":
        return None
    value = row.get(f"{end}_SEGMENT_ID")
    if value is None:
        return None
    if not value.isdigit():
        raise row.error(f"{end}_SEGMENT_ID", f"expected an exon number, got {value!r}")
    return int(value)


def _domains3(row: Row) -> tuple[str, ...] | None:
    if row.get("3_IN_CDS?") != "Yes":
        return None
    value = row.get("3_DOMAINS_RETAINED") or ""
    return tuple(_DOMAIN_TYPE.sub("", d).strip() for d in value.split(";") if d.strip())


def _call(row: Row, path: str) -> FusionCall:
    breakpoints = _genomic(row)
    return FusionCall(
        caller="Oncofuse",
        gene5_field=gene(row, "5_FPG_GENE_NAME"),
        gene3_field=gene(row, "3_FPG_GENE_NAME"),
        bp5=breakpoints[0] if breakpoints else None,
        bp3=breakpoints[1] if breakpoints else None,
        split_reads=row.int("SPANNING_READS"),
        discordant_reads=row.int("ENCOMPASSING_READS"),
        frame=_frame(row),
        site5=row.get("5_SEGMENT_TYPE"),
        site3=row.get("3_SEGMENT_TYPE"),
        exon5=_exon(row, "5"),
        exon3=_exon(row, "3"),
        retained_domains3=_domains3(row),
        caller_notes=note("driver probability", row.get("DRIVER_PROB"))
        + note("corrected p-value", row.get("P_VAL_CORR")),
        source=SourceRef(path, row.line, row.raw()),
    )


def parse(path: Path, samples: SampleChoice | None = None) -> ParsedInput:
    table = read_table(path, required=REQUIRED)
    calls = tuple(_call(row, table.path) for row in table.rows)
    rows = [(c.source.line, c.source.raw_dict().get("SAMPLE_ID", "")) for c in calls]
    parsed = ParsedInput(
        path=table.path,
        format="oncofuse",
        format_label="Oncofuse output",
        kind="fusion",
        records=calls,
        details=(("caller", "Oncofuse"),),
    )
    return pick_rows(parsed, rows, samples)


PARSER = Parser(
    name="oncofuse",
    label="Oncofuse output table",
    kind="fusion",
    sniff_rule="header starting 'SAMPLE_ID<TAB>FUSION_ID' with 5_FPG_GENE_NAME and GENOMIC",
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(path, options.samples),
)
