"""CNVkit segment tables: ``.cns`` (segmented log2 ratios) and ``.call.cns`` (with integer ``cn``).

The format is documented in CNVkit's ``doc/fileformats.rst`` ("Segmented log2 ratios (.cns)",
https://cnvkit.readthedocs.io/en/stable/fileformats.html). A ``.cns`` is a BED-like,
tab-separated table with a header line; coordinates are 0-based half-open like BED. The ``gene``
column concatenates the gene names of the bins the segment covers with commas, or is ``-`` when
it covers none. ``segment`` writes ``log2`` and ``probes`` (bins in the segment), plus ``depth``
and ``weight`` depending on the release; ``segmetrics`` appends statistics (``ci_lo``,
``ci_hi``, ``sem`` ...); ``call`` adds the integer absolute copy number ``cn`` (plus
``baf cn1 cn2`` when given SNP allele frequencies).

Files seen (CNVkit's own test data, ``etal/cnvkit`` ``test/formats`` at commit f7b2862). They
carry no CNVkit version stamp, so the writing release is unknown; the column sets differ:

- ``amplicon.cns``: ``chromosome start end gene log2 probes`` (no depth/weight); also has
  zero-bin rows with the end before the start, written by an older CNVkit (skipped, see below)
- ``nv3.cns``: ``... log2 probes weight``; gene names as the panel BED wrote them
  (``NTRK1;SH2D2A_CGH``, ``ALKintron18ENST0000038``), kept verbatim here
- ``tr95t.cns``: ``... log2 probes weight depth``
- ``tr95t.segmetrics.cns``: ``... log2 depth probes weight`` + 13 ``segmetrics`` columns
- ``p2-9_2.cns`` / ``p2-9_2.call.cns``: ``... log2 [cn] depth probes weight``

Because the columns after ``log2`` differ between these files, every column is read by name.

Not read here: bin-level ``.cnr`` files (no ``probes`` column: parser ``cnvkit_cnr``), ``.cnn``
coverage and reference files, ``export seg`` output (parser ``seg``) and ``export vcf`` output
(parser ``cnv_vcf``).
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import CopyNumberSegment, ParsedInput, Record, Skipped, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.copy_number_rows import chrom_name, required_int
from annotator.parsers.textio import Head, Row, read_table

# Every CNVkit segment table starts with these five columns, in this order, in all layouts seen.
LEADING_COLUMNS = ("chromosome", "start", "end", "gene", "log2")
# ``probes`` is what CNVkit's ``segment`` adds; bin files (.cnr/.cnn) share the leading columns
# but never have it, so requiring it keeps bin files out of this parser.
REQUIRED_COLUMNS = (*LEADING_COLUMNS, "probes")
# CNVkit writes "-" in the gene column of a segment that covers no named bin.
NO_GENE = "-"

SNIFF_RULE = (
    "first non-empty line is a tab-separated header beginning 'chromosome, start, end, gene, "
    "log2' and containing a 'probes' column (CNVkit segments; .cnr bin files have no 'probes')"
)


def _header_fields(line: str) -> list[str]:
    fields = [f.strip() for f in line.split("\t")]
    while fields and not fields[-1]:
        fields.pop()  # a trailing tab is tolerated, as in textio.read_table
    return fields


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None:
        return False
    fields = _header_fields(first)
    return tuple(fields[: len(LEADING_COLUMNS)]) == LEADING_COLUMNS and "probes" in fields


def _genes(row: Row) -> tuple[str, ...]:
    field = row.get("gene")
    if field is None:
        return ()
    # Names stay exactly as written (e.g. "NTRK1;SH2D2A_CGH"): resolving them to HGNC symbols
    # is the normaliser's job, and the report can then show what the caller actually said.
    names = (name.strip() for name in field.split(","))
    return tuple(name for name in names if name and name != NO_GENE)


# Why a row is not turned into a segment (reported through ParsedInput.skipped).
NO_BINS = (
    "segment with no bins (probes 0), which measures nothing; older CNVkit releases wrote "
    "such rows, often with the end before the start, next to the real segment"
)
ZERO_LENGTH = "zero-length segment (end equals the 0-based start)"


def _segment(row: Row) -> CopyNumberSegment | str:
    """One row as a segment, or the reason it is skipped."""
    # CNVkit keeps the reference's own names: "chr12" (UCSC/GRCh38 analysis sets) or "12"
    # (Ensembl/1000 Genomes GRCh37). The models store names without the prefix.
    chrom = chrom_name(row.text("chromosome"))
    start0 = required_int(row, "start")
    end = required_int(row, "end")
    log2 = row.float("log2")
    copies = row.int("cn") if row.has("cn") else None
    probes = row.int("probes")
    if start0 < 0:
        raise row.error("start", f"expected a 0-based position of 0 or more, got {start0}")
    if copies is not None and copies < 0:
        raise row.error("cn", f"expected a copy number of 0 or more, got {copies}")
    if probes is not None and probes < 0:
        raise row.error("probes", f"expected a bin count of 0 or more, got {probes}")
    if probes == 0:
        # Seen in CNVkit's amplicon.cns test file: 8 rows with probes 0, 7 of them reversed,
        # each repeating the log2 of a neighbouring real segment. With no bins they carry no
        # measurement, so they are skipped (and listed) rather than rejecting the whole file.
        return NO_BINS
    if end < start0:
        # A reversed row that does contain bins means a damaged file. CNVkit itself refuses
        # reversed rows in its own tables (doc/fileformats.rst; bug etal/cnvkit#677, fixed in
        # 0.9.14, produced them when squashing unsorted segments).
        raise row.error("end", f"expected an end at or after the start ({start0}), got {end}")
    if end == start0:
        return ZERO_LENGTH  # nothing to place in 1-based inclusive coordinates
    return CopyNumberSegment(
        chrom=chrom,
        start=start0 + 1,  # 0-based half-open -> 1-based inclusive; end is unchanged
        end=end,
        genes=_genes(row),
        log2=log2,
        copies=copies,
        probes=probes,
        source=SourceRef(row.path, row.line, row.raw()),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED_COLUMNS)
    records: list[Record] = []
    skipped_rows: dict[str, list[Row]] = {}  # reason -> rows, in file order
    for row in table.rows:
        segment = _segment(row)
        if isinstance(segment, str):
            skipped_rows.setdefault(segment, []).append(row)
        else:
            records.append(segment)

    skipped = tuple(
        Skipped(
            path=str(path),
            reason=reason,
            lines=tuple(r.line for r in rows),
            count=len(rows),
            examples=tuple("\t".join(r.values) for r in rows[:3]),
        )
        for reason, rows in skipped_rows.items()
    )
    warnings: tuple[str, ...] = ()
    if not records:
        warnings = (f"{path}: no segments after the header line",)

    called = "cn" in table.header
    label = (
        "CNVkit .call.cns segments (integer copy number in 'cn')"
        if called
        else "CNVkit .cns segments (log2 ratios only, no 'cn' column)"
    )
    return ParsedInput(
        path=str(path),
        format="cnvkit",
        format_label=label,
        kind="copy_number",
        records=tuple(records),
        warnings=warnings,
        skipped=skipped,
        details=(("columns", ", ".join(table.header)),),
    )


PARSER = Parser(
    name="cnvkit",
    label="CNVkit segments (.cns, .call.cns)",
    kind="copy_number",
    sniff_rule=SNIFF_RULE,
    sniff=sniff,
    parse=parse,
)
