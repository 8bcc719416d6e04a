"""GATK4 somatic copy-number tables: ModelSegments, CallCopyRatioSegments, DenoiseReadCounts.

GATK writes these as tab-separated tables after a SAM-style header (``@HD``, ``@SQ SN:.. LN:..``
for every reference sequence, ``@RG ... SM:<sample>``); the column layouts are in the GATK
tool documentation (gatk.broadinstitute.org: ModelSegments, CallCopyRatioSegments,
DenoiseReadCounts) and GATK's ``CopyNumberStandardArgument``/``*Collection`` classes.
Intervals are 1-based closed (GATK ``SimpleInterval``). Columns used:

- ``*.modelFinal.seg`` / ``*.modelBegin.seg`` (ModelSegments): ``CONTIG START END
  NUM_POINTS_COPY_RATIO NUM_POINTS_ALLELE_FRACTION LOG2_COPY_RATIO_POSTERIOR_10/50/90
  MINOR_ALLELE_FRACTION_POSTERIOR_10/50/90``; log2 = the posterior median
  (``LOG2_COPY_RATIO_POSTERIOR_50``), probes = ``NUM_POINTS_COPY_RATIO``;
- ``*.cr.seg`` (ModelSegments) and ``*.called.seg`` (CallCopyRatioSegments): ``CONTIG START END
  NUM_POINTS_COPY_RATIO MEAN_LOG2_COPY_RATIO [CALL]``; log2 = ``MEAN_LOG2_COPY_RATIO``. The
  caller's ``CALL`` (``+``, ``-``, ``0``) stays in the row shown with the record; the call made
  here uses the thresholds like any log2 segment;
- ``*.denoisedCR.tsv`` (DenoiseReadCounts): ``CONTIG START END LOG2_COPY_RATIO``, one row per
  bin, before segmentation. Each bin is read as a segment (a warning says so): a gene's call
  then rests on its most extreme bin, so the segmented ``.seg`` outputs are preferred.

Files seen: PureCN's GATK 4 examples ``example_gatk4_modelfinal.seg`` (ModelSegments,
``@RG SM:Sample1``) and ``example_gatk4_denoised_cr.tsv`` (DenoiseReadCounts), both with a
24-sequence GRCh38 dictionary named ``1``..``Y``. The genome build is taken from the ``@SQ``
lengths when they are those of GRCh37 or GRCh38; the sample from ``@RG SM:``. Allelic-count
tables (``CONTIG POSITION REF_COUNT ALT_COUNT``) are not copy-number results and are not read.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import CopyNumberSegment, ParsedInput, Record, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.copy_number_rows import (
    SkipLog,
    build_hint,
    chrom_name,
    finite_float,
    required_int,
    sequence_dictionary,
)
from annotator.parsers.textio import Head, Row, numbered_lines, read_table

LEADING = ("CONTIG", "START", "END")
# log2 column per layout, in the order they are looked for
LOG2_COLUMNS = ("LOG2_COPY_RATIO_POSTERIOR_50", "MEAN_LOG2_COPY_RATIO", "LOG2_COPY_RATIO")
MAX_HEADER_LINES = 200_000  # @SQ lines of a reference with alt/decoy contigs, generously

SNIFF_RULE = (
    "SAM-style '@HD'/'@SQ' header lines, then a tab-separated header 'CONTIG, START, END' with "
    "LOG2_COPY_RATIO_POSTERIOR_50, MEAN_LOG2_COPY_RATIO or LOG2_COPY_RATIO (GATK4 ModelSegments, "
    "CallCopyRatioSegments, DenoiseReadCounts)"
)
NO_VALUE = "segment without a log2 copy ratio"


def _table_header(path: str, head_lines: tuple[str, ...]) -> str | None:
    """The first non-``@`` line: from the head when it is there, else read on from the file."""
    for line in head_lines:
        if line.strip() and not line.startswith("@"):
            return line
    for n, line in numbered_lines(Path(path)):
        if line.strip() and not line.startswith("@"):
            return line
        if n > MAX_HEADER_LINES:
            break
    return None


def _is_gatk_header(line: str) -> bool:
    fields = [f.strip() for f in line.split("\t")]
    return tuple(fields[:3]) == LEADING and any(c in fields for c in LOG2_COLUMNS)


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None or not first.startswith(("@HD", "@SQ")):
        return False
    header = _table_header(head.path, head.lines)
    return header is not None and _is_gatk_header(header)


def _sam_header(path: Path) -> tuple[list[str], list[str]]:
    """(``@`` lines, ``SM`` sample names from ``@RG``)."""
    lines: list[str] = []
    for _, line in numbered_lines(path):
        if not line.startswith("@"):
            break
        lines.append(line)
    samples = [
        tag[3:]
        for line in lines
        if line.startswith("@RG")
        for tag in line.split("\t")
        if tag.startswith("SM:")
    ]
    return lines, samples


def _segment(row: Row, log2_column: str, points_column: str | None) -> CopyNumberSegment | None:
    start = required_int(row, "START")
    end = required_int(row, "END")
    if start < 1:
        raise row.error("START", f"expected a 1-based start of 1 or more, got {start}")
    if end < start:
        raise row.error("END", f"expected an end at or after the start ({start}), got {end}")
    points = row.int(points_column) if points_column else None
    if points is not None and points < 0:
        raise row.error(points_column or "", f"expected a count of 0 or more, got {points}")
    log2 = finite_float(row, log2_column)
    if log2 is None:
        return None
    return CopyNumberSegment(
        chrom=chrom_name(row.text("CONTIG")),
        start=start,
        end=end,
        genes=(),
        log2=log2,
        copies=None,
        probes=points,
        source=SourceRef(row.path, row.line, row.raw()),
    )


def _layout(header: tuple[str, ...]) -> tuple[str, str]:
    if "LOG2_COPY_RATIO_POSTERIOR_50" in header:
        return "LOG2_COPY_RATIO_POSTERIOR_50", "GATK ModelSegments modelFinal/modelBegin.seg"
    if "MEAN_LOG2_COPY_RATIO" in header:
        kind = "CallCopyRatioSegments .called.seg" if "CALL" in header else "ModelSegments .cr.seg"
        return "MEAN_LOG2_COPY_RATIO", f"GATK {kind}"
    return "LOG2_COPY_RATIO", "GATK DenoiseReadCounts denoised copy ratios (bins)"


def parse(path: Path) -> ParsedInput:
    sam, samples = _sam_header(path)
    table = read_table(path, comment_prefixes=("@",), required=LEADING)
    log2_column, label = _layout(table.header)
    points = "NUM_POINTS_COPY_RATIO" if "NUM_POINTS_COPY_RATIO" in table.header else None
    skips = SkipLog(str(path))
    records: list[Record] = []
    for row in table.rows:
        segment = _segment(row, log2_column, points)
        if segment is None:
            skips.add(NO_VALUE, row.line, "\t".join(row.values))
        else:
            records.append(segment)
    warnings: tuple[str, ...] = ()
    if log2_column == "LOG2_COPY_RATIO":
        warnings += (
            f"{path}: denoised copy ratios are bins, not segments; each bin is read as a "
            "segment, so a gene's call rests on its most extreme bin (prefer the .seg outputs)",
        )
    if not records:
        warnings += (f"{path}: no segments after the header line",)
    dictionary = sequence_dictionary(sam)
    details = [("columns", ", ".join(table.header)), ("log2 column", log2_column)]
    if dictionary:
        details.append(("sequence dictionary", f"{len(dictionary)} sequences (@SQ)"))
    return ParsedInput(
        path=str(path),
        format="gatk_cnv",
        format_label=label,
        kind="copy_number",
        records=tuple(records),
        warnings=warnings,
        skipped=skips.entries(),
        genome_hint=build_hint(dictionary),
        sample_hint=samples[0] if len(set(samples)) == 1 else None,
        details=tuple(details),
    )


PARSER = Parser(
    name="gatk_cnv",
    label="GATK4 copy ratios (ModelSegments, CallCopyRatioSegments, DenoiseReadCounts)",
    kind="copy_number",
    sniff_rule=SNIFF_RULE,
    sniff=sniff,
    parse=parse,
)
