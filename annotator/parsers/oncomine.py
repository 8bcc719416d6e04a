"""Thermo Fisher Oncomine / Ion Reporter fusion VCF (Oncomine Focus/Comprehensive, NCI-MATCH).

No public Oncomine output file was found; this follows the record layout documented by
NCI-MATCH (Pediatric MATCH) material and third-party converters, summarised in the project's
format notes. Items marked (verify) have not been seen in a real file.

* Fusion records have ``INFO SVTYPE=Fusion`` (not ``BND``), two per fusion: ``ID``
  ``<5'>-<3'>.<exon code>.<id>_1`` and ``…_2``, e.g. ``EML4-ALK.E13A20.COSF1062_1`` (exon code
  = gene initial + exon number per side; id a COSMIC fusion id, an accession, ``Novel`` or
  ``Non-Targeted``) (verify). Record ``_1`` is the 5' gene, ``_2`` the 3' gene.
* ``INFO GENE_NAME`` -> gene of each record, ``EXON_NUM`` -> exon (else the exon code);
  ``READ_COUNT`` -> total supporting reads (the panel gives no split/spanning split);
  ``ANNOTATION`` -> caller note (verify). CHROM/POS of each record -> breakpoints.
* ``FILTER`` ``PASS`` is a call; ``FAIL``/``NOCALL`` rows are targets the assay did not call,
  and ``READ_COUNT=0`` rows are expression or reference controls: both are skipped with the
  reason, never reported as fusions.
* Other records (SNVs, ``<CNV>``, ``SVTYPE`` other than Fusion such as expression controls or
  exon-skipping assays) are skipped with the reason; the small-variant and copy-number
  content of such a file is not read here.
* ``##reference`` naming hg19/GRCh37 or hg38/GRCh38 sets the build (MATCH used hg19).

Detection: a VCF whose first records include ``SVTYPE=Fusion``. Structural-variant VCFs of
other callers (BND/symbolic alleles) never carry that type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import Breakpoint, FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_list import SkippedRows
from annotator.parsers.textio import Head, Row, numbered_lines
from annotator.parsers.vcf_kind import vcf_kind

CALLER = "Oncomine (Ion Reporter)"
SAMPLED_RECORDS = 200
VCF_COLUMNS = ("CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO")
_MATE = re.compile(r"^(?P<base>.+)_(?P<side>[12])$")
_EXON_CODE = re.compile(r"^[A-Za-z]+(?P<five>\d+)[A-Za-z]*[A-Z](?P<three>\d+)[A-Za-z]*$")


def sniff(head: Head) -> bool:
    return vcf_kind(head) == "oncomine"


@dataclass(frozen=True, slots=True)
class _Record:
    row: Row
    info: dict[str, str]


def parse(path: Path) -> ParsedInput:
    header: tuple[str, ...] | None = None
    genome: str | None = None
    mates: dict[str, dict[str, _Record]] = {}
    skipped = SkippedRows()
    for lineno, line in numbered_lines(path):
        if line.startswith("##"):
            genome = genome or _build(line)
            continue
        if line.startswith("#"):
            header = tuple(c.strip() for c in line[1:].split("\t"))
            continue
        if not line.strip():
            continue
        if header is None or header[:8] != VCF_COLUMNS:
            raise InputFormatError(path, "expected the VCF '#CHROM POS ID …' header line first")
        record = _record(path, lineno, line, header)
        reason = _not_a_call(record)
        if reason:
            skipped.add(reason, lineno, record.row.get("ID") or "")
            continue
        m = _MATE.match(record.row.get("ID") or "")
        if not m:
            raise record.row.error("ID", "expected a fusion id ending _1 or _2")
        mates.setdefault(m.group("base"), {})[m.group("side")] = record
    calls = []
    for base, pair in mates.items():
        if set(pair) != {"1", "2"}:
            only = next(iter(pair.values()))
            skipped.add("fusion record without its mate (_1/_2)", only.row.line, base)
            continue
        calls.append(_call(base, pair["1"], pair["2"]))
    return ParsedInput(
        path=str(path),
        format="oncomine",
        format_label="Oncomine / Ion Reporter fusion VCF (SVTYPE=Fusion)",
        kind="fusion",
        records=tuple(calls),
        skipped=skipped.entries(str(path)),
        genome_hint=genome,
        details=(("caller", CALLER),),
    )


def _build(line: str) -> str | None:
    if not line.startswith("##reference"):
        return None
    text = line.lower()
    if "hg19" in text or "grch37" in text:
        return "GRCh37"
    if "hg38" in text or "grch38" in text:
        return "GRCh38"
    return None


def _record(path: Path, lineno: int, line: str, header: tuple[str, ...]) -> _Record:
    values = line.split("\t")
    if len(values) < 8:
        raise InputFormatError(
            path,
            f"expected at least 8 tab-separated VCF fields, got {len(values)}",
            line=lineno,
            excerpt=line[:100].replace("\t", " "),
            caret=(0, min(len(line), 100)),
        )
    names = header[: len(values)] if len(header) >= len(values) else header
    row = Row(str(path), lineno, {n: i for i, n in enumerate(names)}, values, line)
    info = {}
    for item in (row.get("INFO") or "").split(";"):
        key, _, value = item.partition("=")
        if key:
            info[key] = value
    return _Record(row, info)


def _not_a_call(record: _Record) -> str | None:
    svtype = record.info.get("SVTYPE")
    if svtype != "Fusion":
        what = f"SVTYPE={svtype}" if svtype else "small variant or copy-number record"
        return f"not a fusion record ({what}); not read by the Oncomine fusion reader"
    filters = record.row.get("FILTER") or "."
    if filters not in ("PASS", "."):
        return f"fusion target not called by the assay (FILTER {filters})"
    if _info_int(record, "READ_COUNT") == 0:
        return "no supporting reads (READ_COUNT=0: control or target not detected)"
    return None


def _call(base: str, five: _Record, three: _Record) -> FusionCall:
    _, _, rest = base.partition(".")
    code = rest.split(".", 1)[0] if rest else ""
    m = _EXON_CODE.match(code)
    reads = _info_int(five, "READ_COUNT")
    notes = [f"ANNOTATION {five.info['ANNOTATION']}"] if five.info.get("ANNOTATION") else []
    return FusionCall(
        caller=CALLER,
        gene5_field=five.info.get("GENE_NAME", ""),
        gene3_field=three.info.get("GENE_NAME", ""),
        bp5=_breakpoint(five.row),
        bp3=_breakpoint(three.row),
        split_reads=None,
        discordant_reads=None,
        total_reads=reads,
        name_field=base,
        exon5=_exon(five, m.group("five") if m else None),
        exon3=_exon(three, m.group("three") if m else None),
        caller_notes=tuple(notes),
        source=SourceRef(
            five.row.path,
            five.row.line,
            (*five.row.raw(), *((f"MATE_{k}", v) for k, v in three.row.raw())),
        ),
    )


def _info_int(record: _Record, key: str) -> int | None:
    value = record.info.get(key)
    if value is None or value in ("", "."):
        return None
    if not value.isdigit():
        cell = record.row.get("INFO") or ""
        start = cell.find(f"{key}=")
        raise record.row.error(
            "INFO",
            f"INFO {key}: expected an integer, got {value!r}",
            span=(start, len(key) + 1 + len(value)) if start >= 0 else None,
        )
    return int(value)


def _exon(record: _Record, from_code: str | None) -> int | None:
    value = record.info.get("EXON_NUM") or from_code
    if value is None or not value.isdigit():
        return None
    return int(value)


def _breakpoint(row: Row) -> Breakpoint | None:
    chrom = row.text("CHROM")
    pos = row.int("POS")
    if pos is None:
        return None
    bare = chrom[3:] if chrom[:3].lower() == "chr" else chrom
    return Breakpoint("MT" if bare in ("M", "m") else bare, pos)


PARSER = Parser(
    name="oncomine",
    label="Oncomine / Ion Reporter fusion VCF (SVTYPE=Fusion)",
    kind="fusion",
    sniff_rule="a VCF (##fileformat=VCF) whose first records include INFO SVTYPE=Fusion",
    sniff=sniff,
    parse=parse,
)
