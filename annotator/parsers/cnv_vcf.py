"""Copy-number VCFs: CNVkit ``export vcf`` and DRAGEN CNV (``*.cnv.vcf.gz``).

Which VCFs are copy-number VCFs is decided by :func:`annotator.parsers.vcf_kind.vcf_kind`
(``##source`` naming a copy-number caller, or symbolic ``<DEL>``/``<DUP>`` records carrying a
copy-number value). Records are symbolic alleles (VCF 4.2 section 5.3): ``POS`` is the base
before the event, ``INFO/END`` its last base, so a record covers ``POS+1 .. END`` (1-based
inclusive; CNVkit writes its 0-based segment start as ``POS``, ``cnvlib/export.py``).

Values, by what each caller writes:

- CNVkit (``##source=CNVkit v0.9.10`` in the nf-core sarek test file seen): ``INFO/FOLD_CHANGE_LOG``
  is the segment log2 ratio, ``INFO/PROBES`` its bin count, ``FORMAT/CN`` the integer copy
  number on ``<DUP>`` records only (CNVkit leaves it off ``<DEL>`` records, whose genotype
  ``1/1`` means 0 copies and ``0/1`` a single-copy loss). Neutral segments are not written.
- DRAGEN (``##source=DRAGEN_CNV``; VCF 4.2 depth-only and 4.4 allele-specific layouts, per the
  DRAGEN CNV documentation; no public file was available to check): ``FORMAT/SM`` is the linear
  copy ratio (log2 is taken of it), ``FORMAT/CN`` the copy number, ``FORMAT/BC`` the bin count;
  reference calls have ALT ``.`` and are read as neutral segments.

So copies come from ``FORMAT/CN``, the log2 ratio from ``INFO/FOLD_CHANGE_LOG``, else the log2
of ``FORMAT/SM`` or ``INFO/FOLD_CHANGE``. Records whose FILTER is neither ``PASS`` nor ``.``
(DRAGEN ``cnvQual``, ``cnvLength`` ...) are listed under skipped with their filters, as are
alleles that are not copy-number changes (``<LOH>``, breakends). The first sample column is
read; further samples are named in a warning. The build is taken from ``##contig`` lengths
when present.
"""

from __future__ import annotations

import math
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import CopyNumberSegment, ParsedInput, Record, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.copy_number_rows import SkipLog, build_hint, chrom_name
from annotator.parsers.textio import Head, Row, numbered_lines
from annotator.parsers.vcf_kind import vcf_kind

COLUMNS = ("CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO")
COPY_NUMBER_ALTS = frozenset({"<DEL>", "<DUP>", "<CNV>", "<DUP:TANDEM>", "<DEL>,<DUP>", "."})
PASSING = frozenset({"PASS", "."})

SNIFF_RULE = (
    "a VCF whose ##source names a copy-number caller (CNVkit, DRAGEN CNV ...) or whose records "
    "are <DEL>/<DUP>/<CNV> alleles carrying FOLD_CHANGE, FOLD_CHANGE_LOG, SM or CN"
)
NOT_CN = "allele is not a copy-number change (e.g. <LOH>, breakend)"
NO_VALUE = "record without a copy-number value (no CN, FOLD_CHANGE_LOG, SM or FOLD_CHANGE)"


def sniff(head: Head) -> bool:
    return vcf_kind(head) == "cnv"


def _info(row: Row) -> dict[str, tuple[str, int]]:
    """INFO key -> (value, offset of the value in the INFO cell)."""
    text = row.values[7].strip()
    out: dict[str, tuple[str, int]] = {}
    offset = 0
    for item in text.split(";"):
        key, _, value = item.partition("=")
        out[key] = (value, offset + len(key) + 1)
        offset += len(item) + 1
    return out


def _number(row: Row, info: dict[str, tuple[str, int]], key: str) -> float | None:
    if key not in info or info[key][0] in ("", "."):
        return None
    value, at = info[key]
    try:
        return float(value)
    except ValueError:
        raise row.error(
            "INFO", f"expected a number for {key}, got {value!r}", span=(at, len(value))
        ) from None


def _format(row: Row) -> dict[str, str]:
    if len(row.values) < 10:
        return {}
    keys = row.values[8].split(":")
    return dict(zip(keys, row.values[9].split(":"), strict=False))


def _format_number(row: Row, fmt: dict[str, str], key: str) -> float | None:
    value = fmt.get(key)
    if value is None or value in ("", "."):
        return None
    try:
        return float(value)
    except ValueError:
        keys = row.values[8].split(":")
        cells = row.values[9].split(":")
        at = sum(len(c) + 1 for c in cells[: keys.index(key)])
        sample_column = row.raw()[9][0]
        raise row.error(
            sample_column,
            f"expected a number for FORMAT/{key}, got {value!r}",
            span=(at, len(value)),
        ) from None


def _log2(row: Row, info: dict[str, tuple[str, int]], fmt: dict[str, str]) -> float | None:
    log2 = _number(row, info, "FOLD_CHANGE_LOG")
    if log2 is not None:
        return log2
    for ratio in (_format_number(row, fmt, "SM"), _number(row, info, "FOLD_CHANGE")):
        if ratio is not None:
            return math.log2(ratio) if ratio > 0 else None
    return None


def _segment(row: Row) -> CopyNumberSegment | str:
    """The record as a segment, or the reason it is skipped."""
    alt = row.values[4].strip()
    if alt not in COPY_NUMBER_ALTS:
        return NOT_CN
    filters = row.values[6].strip()
    if filters not in PASSING:
        return f"FILTER not PASS ({filters})"
    pos = row.int("POS")
    if pos is None or pos < 0:
        raise row.error("POS", f"expected a position, got {row.values[1]!r}")
    info = _info(row)
    end_value = _number(row, info, "END")
    if end_value is None:
        raise row.error("INFO", "expected INFO/END on a copy-number record, got none")
    end = int(end_value)
    start = pos + 1  # POS is the padding base before a symbolic allele
    if end < start:
        raise row.error("INFO", f"expected END at or after POS+1 ({start}), got {end}")
    fmt = _format(row)
    copies = _format_number(row, fmt, "CN")
    log2 = _log2(row, info, fmt)
    if copies is None and log2 is None:
        return NO_VALUE
    probes = _number(row, info, "PROBES")
    bins = _format_number(row, fmt, "BC")
    count = probes if probes is not None else bins
    raw = tuple((k, v) for k, v in row.raw() if k != "FORMAT")
    return CopyNumberSegment(
        chrom=chrom_name(row.values[0].strip()),
        start=start,
        end=end,
        genes=(),
        log2=log2,
        copies=None if copies is None else round(copies),
        probes=None if count is None else int(count),
        source=SourceRef(row.path, row.line, raw),
    )


def _contig_lengths(meta: list[str]) -> dict[str, int]:
    lengths: dict[str, int] = {}
    for line in meta:
        if line.startswith("##contig=<"):
            fields = dict(
                part.split("=", 1) for part in line[10:].rstrip(">").split(",") if "=" in part
            )
            if fields.get("length", "").isdigit():
                lengths[fields["ID"]] = int(fields["length"])
    return lengths


def parse(path: Path) -> ParsedInput:
    meta: list[str] = []
    columns: list[str] | None = None
    index: dict[str, int] = {}
    skips = SkipLog(str(path))
    records: list[Record] = []
    for lineno, line in numbered_lines(path):
        if line.startswith("##"):
            meta.append(line)
            continue
        if line.startswith("#"):
            columns = [c.lstrip("#") for c in line.split("\t")]
            index = {name: i for i, name in enumerate(columns)}
            continue
        if not line.strip():
            continue
        if columns is None:
            raise InputFormatError(path, "record before the #CHROM header line", line=lineno)
        values = line.split("\t")
        if len(COLUMNS) <= len(values) < len(columns):
            values += [""] * (len(columns) - len(values))  # FORMAT and samples may be left off
        if len(values) < len(COLUMNS) or len(values) > len(columns):
            raise InputFormatError(
                path,
                f"expected {len(COLUMNS)} to {len(columns)} tab-separated VCF fields as in the "
                f"#CHROM line, got {len(values)}",
                line=lineno,
                excerpt=line[:100].replace("\t", " "),
                caret=(0, min(len(line), 100)),
            )
        row = Row(str(path), lineno, index, values, line)
        segment = _segment(row)
        if isinstance(segment, str):
            skips.add(segment, lineno, "\t".join(values[:8])[:200])
        else:
            records.append(segment)
    if columns is None:
        raise InputFormatError(path, "no #CHROM header line")
    samples = columns[9:]
    warnings: tuple[str, ...] = ()
    if len(samples) > 1:
        warnings += (
            f"{path}: {len(samples)} sample columns ({', '.join(samples)}); values were read "
            f"from the first, {samples[0]}",
        )
    if not records:
        warnings += (f"{path}: no copy-number records",)
    source = next((m.split("=", 1)[1] for m in meta if m.startswith("##source=")), None)
    details = [("source", source)] if source else []
    return ParsedInput(
        path=str(path),
        format="cnv_vcf",
        format_label="Copy-number VCF (CNVkit export vcf, DRAGEN CNV)",
        kind="copy_number",
        records=tuple(records),
        warnings=warnings,
        skipped=skips.entries(),
        genome_hint=build_hint(_contig_lengths(meta)),
        sample_hint=samples[0] if samples else None,
        details=tuple(details),
    )


PARSER = Parser(
    name="cnv_vcf",
    label="Copy-number VCF (CNVkit export vcf, DRAGEN CNV)",
    kind="copy_number",
    sniff_rule=SNIFF_RULE,
    sniff=sniff,
    parse=parse,
)
