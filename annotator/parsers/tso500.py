"""Illumina TruSight Oncology 500 ``{Pair_ID}_CombinedVariantOutput.tsv`` (Local App 2.x, DRAGEN
TSO 500 2.x; TST170 writes the same layout (verify)).

No public file with calls could be used (the test fixtures of InPreD/tsoppy carry no licence), so
this reader follows Illumina's "Combined Variant Output" page of the DRAGEN TSO 500 guide and
three independent public readers (InPreD/tsoppy, eastgenomics TSO500R, SACGF variantgrid), and
is tested on fixtures written from that layout. A title line ("TruSight Oncology 500 - Combined
Variant Output"; DRAGEN: "DRAGEN TruSight Oncology 500 v2.6.2 Analysis Software - ...") and a
research-use line come first; then sections, each a ``[Name]`` line followed by either
``key<TAB>value`` lines or a header line and table rows, ending at a blank line. Lines may be
right-padded with tabs to the widest section; an empty table holds a lone ``NA`` row (Local App)
or no row (DRAGEN). The file states no genome build (TSO500 runs on hg19).

Sections and how they map:

- ``[Analysis Details]`` (``[Header]`` in older layouts (verify)): Pair ID -> sample_hint (else
  DNA Sample ID); DNA/RNA Sample ID, Pipeline/Module Version, Output Date -> details. A missing
  RNA (DNA) sample means fusions (variants, copy number) were not assessed: warned, and the kind
  is then not listed in ``also``. ``[Sequencing Run Details]``, ``[TMB]`` (Total TMB, Coding
  Region Size in Megabases, Number of Passing Eligible Variants), ``[MSI]`` (Usable MSI Sites,
  Total MSI Sites Unstable, Percent Unstable MSI Sites) and ``[GIS]`` (DRAGEN 2.6: Genomic
  Instability Score, Tumor Fraction, Ploidy) -> details as "TMB: Total TMB" etc.
- ``[Small Variants]`` Gene, Chromosome, Genomic Position, Reference Call, Alternative Call
  (VCF-style), Allele Frequency (0-1), Depth, P-Dot Notation (``NP_…:p.(Gly1202Arg)``), C-Dot
  Notation (``NM_…:c.…``, its accession is the transcript), Consequence(s) (SO terms; any of
  ``, ; : &`` between several (verify)), Affected Exon(s) (kept as written (verify)) ->
  SmallVariant, annotation source "TSO500". Only passing calls are listed: filters ().
- ``[Fusions]`` Gene Pair (``EML4-ALK``; 5' gene first; ``/`` or ``;`` list alternative genes of
  one side), Breakpoint 1/2 (``chr2:42522656``), Fusion Supporting Reads (-> total reads),
  Gene 1/2 Reference Reads (-> caller notes) -> FusionCall, caller "TSO500". A pair with more
  than one ``-`` cannot be split safely: its gene fields are left empty, so the genes are taken
  from the breakpoints, and a note says why.
- ``[Gene Amplifications]`` Gene, Fold Change -> GeneLevelCopyNumber (caller_call
  "Amplification"); DRAGEN 2.6 ``[Copy Number Variants]`` Gene, Fold Change, Copy Number Variant
  (``<DUP>``/``<DEL>``, kept as the caller call), Absolute Copy Number (verify).
- ``[Splice Variants]`` (Gene, Affected Exon, Breakpoint 1/2, Splice Supporting Reads, Reference
  Reads Transcript): intragenic exon skipping (MET exon 14, EGFRvIII, AR-V7), not fusions:
  skipped with the reason. ``[Large Rearrangements]``/``[Exon-Level CNVs]`` (BRCA1/2 exon
  copy number), loss-of-heterozygosity sections and any section not named here: skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import (
    FusionCall,
    GeneLevelCopyNumber,
    InputKind,
    ParsedInput,
    Record,
    Skipped,
    SmallVariant,
    SourceRef,
    TranscriptConsequence,
)
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import breakpoint
from annotator.parsers.textio import MISSING, Head, Row, numbered_lines

KEY_VALUE = ("Header", "Analysis Details", "Sequencing Run Details", "TMB", "MSI", "GIS")
MEASURES = ("TMB", "MSI", "GIS")
DETAIL_KEYS = ("DNA Sample ID", "RNA Sample ID", "Pipeline Version", "Module Version",
               "Output Date")  # fmt: skip
TABLE_COLUMNS = {
    "Small Variants": ("Gene", "Chromosome", "Genomic Position", "Reference Call",
                       "Alternative Call", "Allele Frequency", "Depth", "P-Dot Notation",
                       "C-Dot Notation", "Consequence(s)", "Affected Exon(s)"),
    "Fusions": ("Gene Pair", "Breakpoint 1", "Breakpoint 2", "Fusion Supporting Reads"),
    "Gene Amplifications": ("Gene", "Fold Change"),
    "Copy Number Variants": ("Gene", "Fold Change"),
}  # fmt: skip
SPLICE = (
    "splice variant (exon skipping within one gene, e.g. MET exon 14, EGFRvIII): not a fusion, "
    "not interpreted"
)
NOT_READ = "section [{name}] is not read (not a small-variant, fusion or gene copy-number list)"
STARTS = ("[Analysis Details]", "[Header]")
CALL_SECTIONS = ("[TMB]", "[MSI]", "[Small Variants]", "[Fusions]", "[Gene Amplifications]",
                 "[Copy Number Variants]", "[Splice Variants]")  # fmt: skip
_SEPARATORS = re.compile(r"[,;:&]")


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()  # padding to the widest section
    return cells


def sniff(head: Head) -> bool:
    firsts = {_cells(line)[0] for line in head.lines if line.strip()}
    return bool(firsts & set(STARTS)) and bool(firsts & set(CALL_SECTIONS))


@dataclass
class _Section:
    name: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)


def _sections(path: Path) -> tuple[list[str], list[_Section], list[int]]:
    """(lines before the first section, sections in file order, stray line numbers)."""
    preamble: list[str] = []
    sections: list[_Section] = []
    stray: list[int] = []
    current: _Section | None = None
    for lineno, line in numbered_lines(path):
        cells = _cells(line)
        if not cells:
            current = None
        elif cells[0].startswith("[") and cells[0].endswith("]") and len(cells) == 1:
            current = _Section(cells[0][1:-1].strip(), lineno)
            sections.append(current)
        elif current is not None:
            current.lines.append((lineno, line))
        elif sections:
            stray.append(lineno)
        else:
            preamble.append(cells[0])
    return preamble, sections, stray


def _key_values(section: _Section) -> dict[str, str]:
    values: dict[str, str] = {}
    for _, line in section.lines:
        cells = _cells(line)
        value = cells[1] if len(cells) > 1 else ""
        if cells and cells != ["NA"]:
            values[cells[0]] = "" if value in MISSING else value
    return values


def _table(path: Path, section: _Section) -> Iterator[Row]:
    """Rows of a table section, addressed by its header; the ``NA`` sentinel row is no row."""
    if not section.lines:
        return
    header_line, header_text = section.lines[0]
    header = _cells(header_text)
    missing = [c for c in TABLE_COLUMNS.get(section.name, ()) if c not in header]
    if missing:
        raise InputFormatError(
            path,
            f"section [{section.name}]: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; columns present: {', '.join(header)}",
            line=header_line,
        )
    index = {name: i for i, name in enumerate(header)}
    for lineno, text in section.lines[1:]:
        values = text.split("\t")
        if len(values) > len(header):
            extra = values[len(header) :]
            if any(v.strip() for v in extra):
                raise InputFormatError(
                    path,
                    f"section [{section.name}]: expected {len(header)} tab-separated fields as "
                    f"in its header, got {len(_cells(text))}",
                    line=lineno,
                    excerpt=text[:100].replace("\t", " "),
                    caret=(0, min(len(text), 100)),
                )
            values = values[: len(header)]
        values += [""] * (len(header) - len(values))
        if _cells(text) == ["NA"]:
            continue
        yield Row(str(path), lineno, index, values, text)


def _chrom(value: str) -> str:
    bare = value[3:] if value[:3].lower() == "chr" else value
    return "MT" if bare in ("M", "m") else bare


def _raw(row: Row) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in row.raw() if v.strip())


def _small_variant(row: Row, sample: str | None) -> SmallVariant:
    vaf = row.float("Allele Frequency")
    if vaf is not None and not 0 <= vaf <= 1:
        raise row.error("Allele Frequency", f"expected a fraction between 0 and 1, got {vaf:g}")
    pos = row.int("Genomic Position")
    if pos is None or pos < 1:
        raise row.error("Genomic Position", "expected a 1-based position, got nothing")
    hgvsc = row.get("C-Dot Notation")
    consequence = row.get("Consequence(s)")
    annotation = TranscriptConsequence(
        allele=row.text("Alternative Call"),
        gene=row.get("Gene"),
        transcript=hgvsc.split(":", 1)[0] if hgvsc and ":" in hgvsc else None,
        consequence="&".join(t.strip() for t in _SEPARATORS.split(consequence) if t.strip())
        if consequence
        else None,
        impact=None,
        hgvsc=hgvsc,
        hgvsp=row.get("P-Dot Notation"),
        exon=row.get("Affected Exon(s)"),
        biotype=None,
    )
    return SmallVariant(
        chrom=_chrom(row.text("Chromosome")),
        pos=pos,
        ref=row.text("Reference Call"),
        alt=row.text("Alternative Call"),
        filters=(),
        tumor_sample=sample,
        vaf=vaf,
        depth=row.int("Depth"),
        alt_reads=None,
        annotation=annotation,
        annotation_source="TSO500",
        transcript_choice="TSO500 report transcript (canonical RefSeq)",
        source=SourceRef(row.path, row.line, _raw(row)),
    )


def _fusion(row: Row) -> FusionCall:
    pair = row.text("Gene Pair")
    notes = []
    if pair.count("-") == 1:
        gene5, gene3 = (side.replace("/", ";") for side in pair.split("-"))
    else:
        gene5 = gene3 = ""
        notes.append(f"gene pair {pair!r} cannot be split into two genes; genes from breakpoints")
    for number in (1, 2):
        reads = row.int(f"Gene {number} Reference Reads")
        if reads is not None:
            notes.append(f"gene {number} reference reads: {reads}")
    return FusionCall(
        caller="TSO500",
        gene5_field=gene5,
        gene3_field=gene3,
        bp5=breakpoint(row, "Breakpoint 1"),
        bp3=breakpoint(row, "Breakpoint 2"),
        split_reads=None,
        discordant_reads=None,
        name_field=pair,
        total_reads=row.int("Fusion Supporting Reads"),
        caller_notes=tuple(notes),
        source=SourceRef(row.path, row.line, _raw(row)),
    )


def _copy_number(row: Row, section: str) -> GeneLevelCopyNumber:
    fold = row.float("Fold Change")
    if fold is not None and fold < 0:
        raise row.error("Fold Change", f"expected a positive fold change, got {fold:g}")
    copies = row.float("Absolute Copy Number")
    call = row.get("Copy Number Variant") if section == "Copy Number Variants" else None
    return GeneLevelCopyNumber(
        gene=row.text("Gene"),
        chrom=None,
        start=None,
        end=None,
        fold_change=fold,
        copies=copies,
        caller_call=call or "Amplification",
        source=SourceRef(row.path, row.line, _raw(row)),
    )


class _Skips:
    def __init__(self, path: str) -> None:
        self.path = path
        self.rows: dict[str, tuple[list[int], list[str]]] = {}

    def add(self, reason: str, line: int, example: str) -> None:
        lines, examples = self.rows.setdefault(reason, ([], []))
        lines.append(line)
        if len(examples) < 3:
            examples.append(example)

    def entries(self) -> tuple[Skipped, ...]:
        return tuple(
            Skipped(self.path, reason, tuple(lines), len(lines), tuple(examples))
            for reason, (lines, examples) in self.rows.items()
        )


def parse(path: Path) -> ParsedInput:
    preamble, sections, stray = _sections(path)
    info: dict[str, str] = {}
    details: list[tuple[str, str]] = [("title", preamble[0])] if preamble else []
    for section in sections:
        if section.name in KEY_VALUE:
            values = _key_values(section)
            if section.name in MEASURES:
                details += [(f"{section.name}: {k}", v) for k, v in values.items() if v]
            else:
                info.update(values)
    details += [(k, info[k]) for k in DETAIL_KEYS if info.get(k)]
    sample = info.get("Pair ID") or info.get("DNA Sample ID") or None
    records: list[Record] = []
    skips = _Skips(str(path))
    names = {s.name for s in sections}
    for section in sections:
        if section.name in KEY_VALUE:
            continue
        for row in _table(path, section):
            if section.name == "Small Variants":
                records.append(_small_variant(row, sample))
            elif section.name == "Fusions":
                records.append(_fusion(row))
            elif section.name in ("Gene Amplifications", "Copy Number Variants"):
                records.append(_copy_number(row, section.name))
            elif section.name == "Splice Variants":
                example = f"{row.get('Gene')} exon {row.get('Affected Exon') or '?'}"
                skips.add(SPLICE, row.line, example)
            else:
                skips.add(NOT_READ.format(name=section.name), row.line, row.values[0])
    also, warnings = _coverage(info, names)
    if stray:
        warnings.append(f"lines outside any [section] ignored: {', '.join(map(str, stray))}")
    return ParsedInput(
        path=str(path),
        format=PARSER.name,
        format_label=PARSER.label,
        kind="variant",
        records=tuple(records),
        warnings=tuple(warnings),
        skipped=skips.entries(),
        sample_hint=sample,
        details=tuple(details),
        also=also,
    )


def _coverage(info: dict[str, str], names: set[str]) -> tuple[tuple[InputKind, ...], list[str]]:
    """Which kinds of result the file speaks for, and warnings for those it cannot."""
    has_dna = info.get("DNA Sample ID", "?") != ""  # "?": older layouts name no arms
    has_rna = info.get("RNA Sample ID", "?") != ""
    warnings = []
    also: list[InputKind] = []
    if not has_dna:
        warnings.append(
            "no DNA sample in this TSO500 run: small variants and copy number were not assessed"
        )
    elif "Small Variants" not in names:
        warnings.append("no [Small Variants] section: small variants were not reported here")
    if has_dna and names & {"Gene Amplifications", "Copy Number Variants"}:
        also.append("copy_number")
    if not has_rna:
        warnings.append("no RNA sample in this TSO500 run: fusions were not assessed")
    elif "Fusions" in names:
        also.insert(0, "fusion")
    return tuple(also), warnings


PARSER = Parser(
    name="tso500",
    label="Illumina TSO500/TST170 CombinedVariantOutput.tsv",
    kind="variant",
    sniff_rule=(
        "a '[Analysis Details]' or '[Header]' section line and one of [TMB], [MSI], "
        "[Small Variants], [Fusions], [Gene Amplifications], [Copy Number Variants], "
        "[Splice Variants]"
    ),
    sniff=sniff,
    parse=parse,
)
