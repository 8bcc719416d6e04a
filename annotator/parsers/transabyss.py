"""Trans-ABySS structural-rearrangement events (``events.tab`` / ``*.sv.tsv`` from the long
structural rearrangement (LSR) analysis).

Format: Trans-ABySS documentation (https://github.com/bcgsc/transabyss) and MAVIS's converter.
Tab-separated with a header: ``id contig contig_size genomic_regions contig_regions strands
flanking_pairs breakpoint_pairs spanning_reads spanning_reads_forward spanning_reads_reverse
rearrangement breakpoint size genes transcripts senses exons/introns exon_bounds reciprocal
descriptor orientations 5'gene 3'gene 5'exon 3'exon frame probe repeat1 repeat2 alignment_params
type dbsnp dgv``; per-breakend columns hold two comma-separated values. Seen: the MAVIS test file
(12 events: deletions, duplications, inversions, translocations).

``breakpoint`` is ``chr:pos|chr:pos`` (1-based) in genomic order, not 5'->3'. A breakend is the
5' partner when its gene is on ``+`` (``senses``) and it keeps the sequence left of the break
(``orientations`` ``L``), or on ``-`` and keeps the right (``R``); the other breakend is then 3'.
When one breakend has no gene its partner's role decides; when neither has a gene, or both come
out 5' (or 3'), file order is kept and the call is marked unordered. Mapping: ``genes`` ->
genes (``NA`` = none), breakpoint -> breakpoints with the gene strand, ``transcripts`` ->
transcripts, ``exons/introns`` (``intron5``) -> sites, ``5'exon``/``3'exon`` -> exons, frame
``in``/``out`` -> in-frame/out-of-frame, spanning_reads -> split reads, flanking_pairs ->
discordant pairs, rearrangement -> fusion type, descriptor (``del10q23.31``,
``t(10;19)(p14;p13.11)``) -> caller note. The probe sequence stays out of the raw row.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.models import Breakpoint, FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import frame
from annotator.parsers.fusion_tables import Strand, chromosome, note, without
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = ("breakpoint", "orientations", "genes", "senses", "spanning_reads", "flanking_pairs",
            "rearrangement")  # fmt: skip
_BREAKEND = re.compile(r"^(?P<chrom>[^:|]+):(?P<pos>\d+)$")
ABSENT = ("NA", "-", "")
FRAMES = {"in": "in-frame", "out": "out-of-frame"}
BULKY = ("probe",)


def sniff(head: Head) -> bool:
    return header_matches(
        head, "id\tcontig\tcontig_size\tgenomic_regions\t", ("breakpoint", "orientations")
    )


def _pair(row: Row, column: str, absent: tuple[str, ...] = ABSENT) -> tuple[str | None, str | None]:
    """A per-breakend column: two comma-separated values, ``NA`` (and ``-``) read as missing."""
    value = row.get(column)
    if value is None:
        return None, None
    items = [v.strip() for v in value.split(",")]
    if len(items) != 2:
        raise row.error(column, f"expected two comma-separated values, got {value!r}")
    first, second = (None if v in absent else v for v in items)
    return first, second


def _breakends(row: Row) -> tuple[Breakpoint, Breakpoint]:
    value = row.text("breakpoint")
    sides = value.split("|")
    found = []
    offset = 0
    for side in sides:
        m = _BREAKEND.match(side)
        if len(sides) != 2 or m is None or int(m.group("pos")) < 1:
            raise row.error(
                "breakpoint",
                f"expected 'chr:pos|chr:pos', got {value!r}",
                span=(offset, max(len(side), 1)) if len(sides) == 2 else None,
            )
        found.append(Breakpoint(chromosome(m.group("chrom")), int(m.group("pos"))))
        offset += len(side) + 1
    return found[0], found[1]


def _sign(row: Row, value: str | None) -> Strand | None:
    if value is None:
        return None
    if value not in ("+", "-"):
        raise row.error("senses", f"expected gene strands '+'/'-' or NA, got {value!r}")
    return "+" if value == "+" else "-"


def _roles(row: Row, senses: tuple[Strand | None, ...]) -> tuple[bool | None, bool | None]:
    """For each breakend: True if 5', False if 3', None if unknown."""
    orientations = _pair(row, "orientations")
    roles: list[bool | None] = []
    for sense, orient in zip(senses, orientations, strict=True):
        if orient not in (None, "L", "R"):
            raise row.error("orientations", f"expected orientations L/R, got {orient!r}")
        known = sense is not None and orient is not None
        roles.append((sense == "+") == (orient == "L") if known else None)
    first, second = roles
    return (
        first if first is not None else (None if second is None else not second),
        second if second is not None else (None if first is None else not first),
    )


def _exon(row: Row, column: str) -> int | None:
    value = row.get(column)
    if value is None or value in ABSENT:
        return None
    if not value.isdigit():
        raise row.error(column, f"expected an exon number, got {value!r}")
    return int(value)


def _frame(row: Row) -> str | None:
    value = row.get("frame")
    if value is None or value in ABSENT:
        return None
    return FRAMES.get(value) or frame(value)


def _call(row: Row, path: str) -> FusionCall:
    bp1, bp2 = _breakends(row)
    senses = tuple(_sign(row, s) for s in _pair(row, "senses", absent=("NA", "")))
    genes, transcripts, sites = (_pair(row, c) for c in ("genes", "transcripts", "exons/introns"))
    first5, second5 = _roles(row, senses)
    ordered = first5 is not None and first5 != second5
    a, b = (1, 0) if ordered and second5 else (0, 1)
    notes = note("descriptor", row.get("descriptor"))
    if not ordered:
        notes += ("gene strands and breakend orientations give no 5'/3' order; file order",)
    bps = (Breakpoint(bp1.chrom, bp1.pos, senses[0]), Breakpoint(bp2.chrom, bp2.pos, senses[1]))
    return FusionCall(
        caller="Trans-ABySS",
        gene5_field=genes[a] or "",
        gene3_field=genes[b] or "",
        bp5=bps[a],
        bp3=bps[b],
        split_reads=row.int("spanning_reads"),
        discordant_reads=row.int("flanking_pairs"),
        frame=_frame(row),
        site5=sites[a],
        site3=sites[b],
        fusion_type=row.get("rearrangement"),
        transcript5=transcripts[a],
        transcript3=transcripts[b],
        exon5=_exon(row, "5'exon"),
        exon3=_exon(row, "3'exon"),
        caller_notes=notes,
        source=SourceRef(path, row.line, without(row.raw(), BULKY)),
        ordered=ordered,
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED)
    calls = tuple(_call(row, table.path) for row in table.rows)
    return ParsedInput(
        path=table.path,
        format="transabyss",
        format_label="Trans-ABySS LSR events table",
        kind="fusion",
        records=calls,
        details=(("caller", "Trans-ABySS"),),
    )


PARSER = Parser(
    name="transabyss",
    label="Trans-ABySS structural rearrangement events (events.tab)",
    kind="fusion",
    sniff_rule="header starting 'id<TAB>contig<TAB>contig_size<TAB>genomic_regions' with "
    "breakpoint and orientations columns",
    sniff=sniff,
    parse=parse,
)
