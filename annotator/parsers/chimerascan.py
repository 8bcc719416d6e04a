"""ChimeraScan ``chimeras.bedpe`` (ChimeraScan 0.4.x).

Format: ChimeraScan wiki, "Output" (https://code.google.com/archive/p/chimerascan/). BEDPE with a
``#`` header: ``#chrom5p start5p end5p chrom3p start3p end3p chimera_cluster_id score strand5p
strand3p transcript_ids_5p transcript_ids_3p genes5p genes3p type distance total_frags
spanning_frags unique_alignment_positions isoform_fraction_5p isoform_fraction_3p
breakpoint_spanning_reads chimera_ids``. Seen: the MAVIS test file (19 rows, two rows repeated
verbatim).

Columns are 5'/3' by name. Each side is the genomic span of the fused part of its transcript,
with a 0-based start and the transcript's strand, so the junction is the 3' end of the 5' span
(``end5p`` on ``+``, ``start5p + 1`` on ``-``) and the 5' end of the 3' span (``start3p + 1`` on
``+``, ``end3p`` on ``-``), as 1-based breakpoints carrying that strand. Mapping: genes5p/genes3p
-> genes (comma lists kept); the first transcript id of transcript_ids_5p/3p -> transcripts;
spanning_frags (fragments with a read across the junction) -> split reads; total_frags (all
supporting fragments) -> total reads, ChimeraScan not giving the encompassing pairs separately;
type -> fusion type. A row repeating an earlier row exactly is skipped with that reason.
breakpoint_spanning_reads (read names and sequences) stays out of the raw row.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import Breakpoint, FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_list import SkippedRows
from annotator.parsers.fusion_tables import Strand, chromosome, gene, strand, without
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = ("chrom5p", "start5p", "end5p", "chrom3p", "start3p", "end3p", "strand5p", "strand3p",
            "genes5p", "genes3p", "total_frags", "spanning_frags")  # fmt: skip
BULKY = ("breakpoint_spanning_reads",)


def sniff(head: Head) -> bool:
    return header_matches(head, "#chrom5p\tstart5p\tend5p\tchrom3p\t", ("genes5p",))


def _coordinate(row: Row, column: str) -> int:
    value = row.int(column)
    if value is None:
        raise row.error(column, "expected a 0-based BEDPE coordinate, got nothing")
    if value < 0:
        raise row.error(column, f"expected a 0-based BEDPE coordinate, got {value}")
    return value


def _junction(row: Row, side: str, joins_at_end: Strand) -> Breakpoint:
    """The junction end of a side's span: its end when the strand is ``joins_at_end``."""
    start, end = _coordinate(row, f"start{side}"), _coordinate(row, f"end{side}")
    if end <= start:
        raise row.error(f"end{side}", f"expected an end > start ({start}), got {end}")
    sign = strand(row, f"strand{side}")
    if sign is None:
        raise row.error(f"strand{side}", "expected a strand '+' or '-', got nothing")
    pos = end if sign == joins_at_end else start + 1
    return Breakpoint(chromosome(row.text(f"chrom{side}")), pos, sign)


def _transcript(row: Row, column: str) -> str | None:
    value = row.get(column)
    if value is None:
        return None
    return value.split(",")[0].split(":")[0] or None


def _call(row: Row, path: str) -> FusionCall:
    return FusionCall(
        caller="ChimeraScan",
        gene5_field=gene(row, "genes5p"),
        gene3_field=gene(row, "genes3p"),
        bp5=_junction(row, "5p", "+"),
        bp3=_junction(row, "3p", "-"),
        split_reads=row.int("spanning_frags"),
        discordant_reads=None,
        total_reads=row.int("total_frags"),
        fusion_type=row.get("type"),
        transcript5=_transcript(row, "transcript_ids_5p"),
        transcript3=_transcript(row, "transcript_ids_3p"),
        source=SourceRef(path, row.line, without(row.raw(), BULKY)),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, header_prefix="#", required=REQUIRED)
    calls: list[FusionCall] = []
    seen: dict[tuple[str, ...], int] = {}
    skipped = SkippedRows()
    for row in table.rows:
        key = tuple(v.strip() for v in row.values)
        if key in seen:
            example = f"{row.get('chimera_cluster_id')} (as line {seen[key]})"
            skipped.add("repeats an earlier row exactly", row.line, example)
            continue
        seen[key] = row.line
        calls.append(_call(row, table.path))
    return ParsedInput(
        path=table.path,
        format="chimerascan",
        format_label="ChimeraScan chimeras.bedpe",
        kind="fusion",
        records=tuple(calls),
        skipped=skipped.entries(table.path),
        details=(("caller", "ChimeraScan"), ("coordinates", "BEDPE, 0-based starts")),
    )


PARSER = Parser(
    name="chimerascan",
    label="ChimeraScan chimeras.bedpe",
    kind="fusion",
    sniff_rule="BEDPE header starting '#chrom5p<TAB>start5p<TAB>end5p<TAB>chrom3p' with a "
    "genes5p column",
    sniff=sniff,
    parse=parse,
)
