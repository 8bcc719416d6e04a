"""PURPLE (hartwigmedical/hmftools) copy-number segments: ``purple.cnv.somatic.tsv`` and
``purple.cnv.germline.tsv``.

Format: hmftools ``purple/README.md`` ("Copy number file"): tab-separated with a header,
1-based inclusive ``chromosome start end``, then ``copyNumber`` (purity- and ploidy-adjusted
absolute copy number, a decimal), ``bafCount observedBAF baf segmentStartSupport
segmentEndSupport method depthWindowCount gcContent minStart maxStart minorAlleleCopyNumber
majorAlleleCopyNumber``. Files seen: PURPLE 2.51 output (``purple.version``) bundled with
umccr/gpgr, hg38 (``chr1``), 59 somatic segments and 67 germline deletion rows.

Each row becomes a segment whose copy number is ``copyNumber`` rounded half up to a whole
number (the model keeps integer copies; the exact value stays in the row shown with the
record). Slightly negative values, which PURPLE writes for fully deleted regions
(``-0.0049``), count as 0. PURPLE gives no log2 ratio and no gene names.

The germline file has the same columns; PURPLE writes there the germline deletions it found,
with ``method`` ``GERMLINE_HOM_DELETION`` / ``GERMLINE_HET2HOM_DELETION``. A file whose every
row has a ``GERMLINE_*`` method is read as germline: its rows are listed as records, the input
says so in its details (``copy_number_origin: germline``) and a warning, and the annotator
never calls them as tumour changes. ``purple.purity.tsv``, ``purple.qc`` and
``purple.version`` are not copy-number tables and are not read.

The genome build is not written in the file, but PURPLE's segments run from telomere to
telomere: a segment whose end support is ``TELOMERE`` ends at the chromosome's length, and
those lengths identify GRCh37 or GRCh38.
"""

from __future__ import annotations

import math
from pathlib import Path

from annotator.models import CopyNumberSegment, ParsedInput, Record, SourceRef
from annotator.normalize.copy_number import GERMLINE_DETAIL
from annotator.parsers.base import Parser
from annotator.parsers.copy_number_rows import (
    SkipLog,
    build_hint,
    chrom_name,
    finite_float,
    required_int,
)
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED_COLUMNS = (
    "chromosome",
    "start",
    "end",
    "copyNumber",
    "baf",
    "segmentStartSupport",
    "segmentEndSupport",
    "method",
)

SNIFF_RULE = (
    "tab-separated header with chromosome, start, end, copyNumber, baf, segmentStartSupport, "
    "segmentEndSupport and method (PURPLE purple.cnv.somatic.tsv / purple.cnv.germline.tsv)"
)
NO_VALUE = "segment without a copyNumber value"


def sniff(head: Head) -> bool:
    return header_matches(head, columns=REQUIRED_COLUMNS)


def _copies(value: float) -> int:
    return max(0, math.floor(value + 0.5))


def _segment(row: Row) -> CopyNumberSegment | None:
    start = required_int(row, "start")
    end = required_int(row, "end")
    if start < 1:
        raise row.error("start", f"expected a 1-based start of 1 or more, got {start}")
    if end < start:
        raise row.error("end", f"expected an end at or after the start ({start}), got {end}")
    copy_number = finite_float(row, "copyNumber")
    if copy_number is None:
        return None
    return CopyNumberSegment(
        chrom=chrom_name(row.text("chromosome")),
        start=start,
        end=end,
        genes=(),
        log2=None,
        copies=_copies(copy_number),
        probes=row.int("depthWindowCount") if row.has("depthWindowCount") else None,
        source=SourceRef(row.path, row.line, row.raw()),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED_COLUMNS)
    skips = SkipLog(str(path))
    records: list[Record] = []
    methods: set[str] = set()
    telomere_ends: dict[str, int] = {}
    for row in table.rows:
        methods.add(row.get("method") or "")
        segment = _segment(row)
        if segment is None:
            skips.add(NO_VALUE, row.line, "\t".join(row.values))
            continue
        records.append(segment)
        if row.get("segmentEndSupport") == "TELOMERE":
            telomere_ends[row.text("chromosome")] = segment.end
    germline = bool(methods) and all(m.startswith("GERMLINE_") for m in methods)
    warnings: tuple[str, ...] = ()
    details = [("columns", ", ".join(table.header))]
    if germline:
        details.append(GERMLINE_DETAIL)
        warnings += (
            f"{path}: PURPLE germline deletions (every row has a GERMLINE_* method): listed, "
            "not used for tumour copy-number calls",
        )
    if not records:
        warnings += (f"{path}: no segments after the header line",)
    what = "germline deletions" if germline else "somatic segments"
    return ParsedInput(
        path=str(path),
        format="purple_cnv",
        format_label=f"PURPLE copy-number {what} (copyNumber rounded to whole copies)",
        kind="copy_number",
        records=tuple(records),
        warnings=warnings,
        skipped=skips.entries(),
        genome_hint=build_hint(telomere_ends),
        details=tuple(details),
    )


PARSER = Parser(
    name="purple_cnv",
    label="PURPLE copy-number segments (purple.cnv.somatic.tsv, purple.cnv.germline.tsv)",
    kind="copy_number",
    sniff_rule=SNIFF_RULE,
    sniff=sniff,
    parse=parse,
)
