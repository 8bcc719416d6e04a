"""PCGR copy-number input: allele-specific segments (v2) or log2 segment means (v1).

Format: PCGR documentation, "Input: copy number aberrations" (sigven/pcgr, docs): a
tab-separated table with a header, one row per segment, no sample column.

- PCGR 2.x: ``Chromosome Start End nMajor nMinor`` — major and minor allele copy numbers
  (integers); copies = nMajor + nMinor;
- PCGR 1.x: ``Chromosome Start End Segment_Mean`` — the log2 ratio of the segment.

Files seen: PCGR's example ``T001-BRCA.grch37.cna.tsv`` (252 segments) and
``T001-BRCA.grch38.cna.tsv`` (260), both 2.x, chromosome names without ``chr``. Coordinates are
read as 1-based inclusive; the file does not state the build (PCGR takes it as an option).
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import CopyNumberSegment, ParsedInput, Record, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.copy_number_rows import SkipLog, chrom_name, finite_float, required_int
from annotator.parsers.textio import Head, Row, read_table

LEADING = ("Chromosome", "Start", "End")
ALLELIC = ("nMajor", "nMinor")
LOG2 = "Segment_Mean"

SNIFF_RULE = (
    "tab-separated header 'Chromosome, Start, End' followed by nMajor and nMinor (PCGR 2.x) or "
    "Segment_Mean (PCGR 1.x)"
)
NO_VALUE = "segment without a copy-number value"


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None:
        return False
    fields = [f.strip() for f in first.split("\t")]
    return tuple(fields[:3]) == LEADING and (all(c in fields for c in ALLELIC) or LOG2 in fields)


def _allele_copies(row: Row, column: str) -> int | None:
    value = row.int(column)
    if value is not None and value < 0:
        raise row.error(column, f"expected a copy number of 0 or more, got {value}")
    return value


def _segment(row: Row, allelic: bool) -> CopyNumberSegment | None:
    start = required_int(row, "Start")
    end = required_int(row, "End")
    if start < 1:
        raise row.error("Start", f"expected a 1-based start of 1 or more, got {start}")
    if end < start:
        raise row.error("End", f"expected an end at or after the start ({start}), got {end}")
    copies = log2 = None
    if allelic:
        major, minor = _allele_copies(row, "nMajor"), _allele_copies(row, "nMinor")
        if major is None or minor is None:
            return None
        copies = major + minor
    else:
        log2 = finite_float(row, LOG2)
        if log2 is None:
            return None
    return CopyNumberSegment(
        chrom=chrom_name(row.text("Chromosome")),
        start=start,
        end=end,
        genes=(),
        log2=log2,
        copies=copies,
        probes=None,
        source=SourceRef(row.path, row.line, row.raw()),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=LEADING)
    allelic = all(c in table.header for c in ALLELIC)
    if not allelic and LOG2 not in table.header:
        table = read_table(path, required=(*LEADING, *ALLELIC))  # names the missing columns
    skips = SkipLog(str(path))
    records: list[Record] = []
    for row in table.rows:
        segment = _segment(row, allelic)
        if segment is None:
            skips.add(NO_VALUE, row.line, "\t".join(row.values))
        else:
            records.append(segment)
    warnings = () if records else (f"{path}: no segments after the header line",)
    version = "2.x allele-specific (nMajor + nMinor)" if allelic else "1.x log2 (Segment_Mean)"
    return ParsedInput(
        path=str(path),
        format="pcgr_cna",
        format_label=f"PCGR copy-number segments, {version}",
        kind="copy_number",
        records=tuple(records),
        warnings=warnings,
        skipped=skips.entries(),
        details=(("columns", ", ".join(table.header)),),
    )


PARSER = Parser(
    name="pcgr_cna",
    label="PCGR copy-number segments (nMajor/nMinor or Segment_Mean)",
    kind="copy_number",
    sniff_rule=SNIFF_RULE,
    sniff=sniff,
    parse=parse,
)
