"""PURPLE gene copy number: ``purple.cnv.gene.tsv`` (hartwigmedical/hmftools).

Format: hmftools ``purple/README.md`` ("Gene copy number file"): one row per gene with its
canonical-transcript extent ``chromosome start end gene`` (1-based inclusive), the lowest and
highest absolute copy number over the gene (``minCopyNumber``, ``maxCopyNumber``, decimals,
purity- and ploidy-adjusted), then ``somaticRegions``, germline deletion region counts,
``transcriptId transcriptVersion chromosomeBand minRegions minRegionStart minRegionEnd
minRegionStartSupport minRegionEndSupport minRegionMethod minMinorAlleleCopyNumber``. The file
seen (PURPLE 2.51 via umccr/gpgr, hg38) lists 240 genes, ten per chromosome; none of them is an
IMT gene.

Each row becomes one gene-level value whose copies are the side of the gene that is furthest
from two copies: ``maxCopyNumber`` when ``maxCopyNumber - 2 >= 2 - minCopyNumber``, else
``minCopyNumber``. So a deletion is judged on the minimum (PURPLE's driver catalogue: DEL when
``minCopyNumber`` < 0.5) and an amplification on the maximum (the catalogue's PARTIAL_AMP; its
AMP needs the minimum too): an amplification always shows, since 5.5 or more copies lie further
from 2 than any minimum can (at most 2 below), and a gene partly deleted is judged on its
deleted part. PURPLE scales its amplification cut-off by the sample ploidy (in
``purple.purity.tsv``, not read); here the copy cut-offs of the settings apply. Both values
stay in the row shown with the record. Rows without either copy number are skipped.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import GeneLevelCopyNumber, ParsedInput, Record, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.copy_number_rows import SkipLog, chrom_name, finite_float, required_int
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED_COLUMNS = ("chromosome", "start", "end", "gene", "minCopyNumber", "maxCopyNumber")

SNIFF_RULE = (
    "tab-separated header with chromosome, start, end, gene, minCopyNumber and maxCopyNumber "
    "(PURPLE purple.cnv.gene.tsv)"
)
NO_VALUE = "gene without minCopyNumber or maxCopyNumber"


def sniff(head: Head) -> bool:
    return header_matches(head, columns=REQUIRED_COLUMNS)


def _gene(row: Row) -> GeneLevelCopyNumber | None:
    start = required_int(row, "start")
    end = required_int(row, "end")
    if end < start:
        raise row.error("end", f"expected an end at or after the start ({start}), got {end}")
    low = finite_float(row, "minCopyNumber")
    high = finite_float(row, "maxCopyNumber")
    if low is None or high is None:
        return None
    if high < low:
        raise row.error(
            "maxCopyNumber", f"expected a value at or above minCopyNumber ({low}), got {high}"
        )
    copies = high if high - 2 >= 2 - low else low
    return GeneLevelCopyNumber(
        gene=row.text("gene"),
        chrom=chrom_name(row.text("chromosome")),
        start=start,
        end=end,
        copies=copies,
        source=SourceRef(row.path, row.line, row.raw()),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED_COLUMNS)
    skips = SkipLog(str(path))
    records: list[Record] = []
    for row in table.rows:
        gene = _gene(row)
        if gene is None:
            skips.add(NO_VALUE, row.line, "\t".join(row.values[:6]))
        else:
            records.append(gene)
    warnings = () if records else (f"{path}: no genes after the header line",)
    return ParsedInput(
        path=str(path),
        format="purple_gene",
        format_label="PURPLE gene copy number (min/max absolute copies per gene)",
        kind="copy_number",
        records=tuple(records),
        warnings=warnings,
        skipped=skips.entries(),
        details=(("columns", ", ".join(table.header)),),
    )


PARSER = Parser(
    name="purple_gene",
    label="PURPLE gene copy number (purple.cnv.gene.tsv)",
    kind="copy_number",
    sniff_rule=SNIFF_RULE,
    sniff=sniff,
    parse=parse,
)
