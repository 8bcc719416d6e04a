"""SEG segment files (DNAcopy / IGV / GISTIC input / cBioPortal ``data_cna_hg19.seg``).

The format is the output of DNAcopy segmentation as IGV documents it
(https://software.broadinstitute.org/software/igv/SEG): a tab-separated header, then one row
per segment: sample ID, chromosome, start, end, number of markers (optional), mean log2 ratio.
cBioPortal requires exactly ``ID chrom loc.start loc.end num.mark seg.mean``
(docs.cbioportal.org, "Segmented data"); GISTIC 2.0 takes ``Sample Chromosome Start End
Num_Probes Segment_Mean``; CNVkit ``export seg`` writes ``ID chrom loc.start loc.end num.mark
seg.mean`` with start = its 0-based start + 1 (``cnvlib/tabio/seg.py``). Columns are therefore
found by name among these spellings (case-insensitive), the sample ID being the first column.
Coordinates are 1-based inclusive, as DNAcopy marker positions are. ``23``/``24`` are the GISTIC
and TCGA names of X and Y. Like CNVkit's reader, lines without a tab before the header (an R
warning printed into the file) are passed over, and quoted header cells are unquoted.

Files seen: cBioPortal's import fixtures ``data_cna.seg`` (one sample) and
``segment_data_cna_hg19.seg`` (three samples, one segment of length 1), and CNVkit's
``cw-tr-log2.seg`` test file (multi-sample). SEG files carry no gene names (genes are found by
coordinates) and do not state the genome build (cBioPortal keeps it in the separate
``meta_*.txt``, which is not a data file and is not read).

Several samples: a SEG file often holds a whole cohort. ``parse(path, sample=...)`` reads one
sample and lists the other samples' rows under skipped; without a choice all rows are read and
a warning names the samples, because their segments are pooled into one set of calls. A file
with one sample needs no choice.
"""

from __future__ import annotations

from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import CopyNumberSegment, ParsedInput, Record, SourceRef
from annotator.parsers.base import Parser, SampleChoice
from annotator.parsers.copy_number_rows import (
    NUMBERED_SEX_CHROMOSOMES,
    SkipLog,
    chrom_name,
    finite_float,
    required_int,
)
from annotator.parsers.sample_choice import choose_samples
from annotator.parsers.textio import Head, Row, numbered_lines, read_table, split_line

# Accepted spellings per column, compared lower-case.
SAMPLE = ("id", "sample", "samplename", "sample_id", "sample.id", "id_sample")
CHROM = ("chrom", "chromosome", "chr")
START = ("loc.start", "start", "startpos")
END = ("loc.end", "end", "endpos")
MARKS = ("num.mark", "num_probes", "nbrofloci", "num.markers", "probes", "num_markers")
MEAN = ("seg.mean", "segment_mean", "mean", "log2", "seg_mean")
MAX_LEADING_JUNK = 5  # lines without a tab tolerated before the header

SNIFF_RULE = (
    "tab-separated header whose first column is a sample ID (ID, Sample, sampleName) followed "
    "by chromosome, start, end and segment-mean columns (chrom/loc.start/loc.end/seg.mean or "
    "Chromosome/Start/End/Segment_Mean)"
)

NO_MEAN = "segment without a mean value (seg.mean missing)"


def _cells(line: str) -> list[str]:
    return [c.strip().strip('"').strip() for c in split_line(line, "\t", quoted=True)]


def _columns(header: list[str]) -> dict[str, str] | None:
    """Role -> column name as written, or None when the header is not a SEG header."""
    lower = [h.lower() for h in header]
    if not lower or lower[0] not in SAMPLE:
        return None
    roles: dict[str, str] = {"sample": header[0]}
    for role, names in (("chrom", CHROM), ("start", START), ("end", END), ("mean", MEAN)):
        found = [h for h, low in zip(header, lower, strict=True) if low in names]
        if len(found) != 1:
            return None
        roles[role] = found[0]
    marks = [h for h, low in zip(header, lower, strict=True) if low in MARKS]
    if marks:
        roles["marks"] = marks[0]
    return roles


def _header_position(lines: list[str]) -> int | None:
    """Index of the header among the first lines: the first line with a tab."""
    junk = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if "\t" in line:
            return i
        junk += 1
        if junk > MAX_LEADING_JUNK:
            return None
    return None


def sniff(head: Head) -> bool:
    lines = list(head.lines)
    at = _header_position(lines)
    return at is not None and _columns(_cells(lines[at])) is not None


def _leading_junk(path: Path) -> tuple[str, ...]:
    lines: list[str] = []
    for _, line in numbered_lines(path):
        if "\t" in line:
            break
        if line.strip():
            lines.append(line)
        if len(lines) > MAX_LEADING_JUNK:
            break
    return tuple(lines)


def _segment(row: Row, roles: dict[str, str]) -> CopyNumberSegment | None:
    chrom = chrom_name(row.text(roles["chrom"]))
    chrom = NUMBERED_SEX_CHROMOSOMES.get(chrom, chrom)
    start = required_int(row, roles["start"])
    end = required_int(row, roles["end"])
    if start < 1:
        raise row.error(roles["start"], f"expected a 1-based start of 1 or more, got {start}")
    if end < start:
        raise row.error(roles["end"], f"expected an end at or after the start ({start}), got {end}")
    marks = row.int(roles["marks"]) if "marks" in roles else None
    if marks is not None and marks < 0:
        raise row.error(roles["marks"], f"expected a marker count of 0 or more, got {marks}")
    mean = finite_float(row, roles["mean"])
    if mean is None:
        return None
    return CopyNumberSegment(
        chrom=chrom,
        start=start,
        end=end,
        genes=(),
        log2=mean,
        copies=None,
        probes=marks,
        source=SourceRef(row.path, row.line, row.raw()),
    )


def parse(path: Path, sample: str | SampleChoice | None = None) -> ParsedInput:
    table = read_table(path, comment_prefixes=_leading_junk(path), quoted=True)
    header = list(table.header)  # quotes already removed (quoted=True)
    roles = _columns(header)
    if roles is None:
        raise InputFormatError(
            path,
            "expected a SEG header (sample ID, chromosome, start, end, segment mean); "
            f"columns present: {', '.join(header)}",
            line=table.header_line,
        )
    skips = SkipLog(str(path))
    rows: list[tuple[str, CopyNumberSegment]] = []
    samples: dict[str, None] = {}
    for row in table.rows:
        name = row.text(roles["sample"])
        samples.setdefault(name)
        segment = _segment(row, roles)
        if segment is None:
            skips.add(NO_MEAN, row.line, "\t".join(row.values))
        else:
            rows.append((name, segment))
    chosen, warnings = choose_samples(str(path), list(samples), sample)
    records: list[Record] = []
    for name, segment in rows:
        if name in chosen:
            records.append(segment)
        else:
            reason = f"segment of another sample ({name}); sample {chosen[0]} was selected"
            skips.add(reason, segment.source.line, "\t".join(v for _, v in segment.source.raw))
    if not records:
        warnings += (f"{path}: no segments after the header line",)
    return ParsedInput(
        path=str(path),
        format="seg",
        format_label="SEG segments (DNAcopy/IGV/cBioPortal/GISTIC), log2 segment means",
        kind="copy_number",
        records=tuple(records),
        warnings=warnings,
        skipped=skips.entries(),
        sample_hint=chosen[0] if len(chosen) == 1 else None,
        details=(
            ("columns", ", ".join(header)),
            ("samples", ", ".join(samples)),
        ),
    )


PARSER = Parser(
    name="seg",
    label="SEG segments (DNAcopy, IGV, cBioPortal, GISTIC, CNVkit export seg)",
    kind="copy_number",
    sniff_rule=SNIFF_RULE,
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(path, sample=options.samples),
)
