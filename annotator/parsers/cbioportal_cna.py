"""cBioPortal discrete copy-number tables (``data_cna.txt``, wide and long).

Format: cBioPortal "File Formats", "Discrete Copy Number Data" (docs.cbioportal.org): values are
GISTIC-style -2 (deep/homozygous deletion), -1 (shallow/hemizygous), 0 (neutral), 1 (gain),
2 (high-level amplification).

- **wide** (``datatype: DISCRETE``): ``Hugo_Symbol [Entrez_Gene_Id] <sample> <sample> ...``, one
  row per gene, one column per sample;
- **long** (``datatype: DISCRETE_LONG``): ``Hugo_Symbol Entrez_Gene_Id Sample_Id Value
  [cbp_driver cbp_driver_annotation cbp_driver_tiers cbp_driver_tiers_annotation]``, one row per
  gene and sample.

Files seen: cBioPortal's import fixtures (``cBioPortal/cbioportal-core`` test resources):
``data_cna_discrete.txt`` (wide, 3 samples), ``data_cna_discrete_long.txt`` and
``data_cna_discrete_import_test.txt`` (long), ``panCancerStudySummary_data_CNA.txt`` (wide,
19 samples, CRLF). They exercise the importer's rules, which are followed here: ``#`` lines are
comments; the symbol is cut at ``|`` (``AKT2|TEST`` -> ``AKT2``); ``-1.5`` ("partial deletion")
is read as -2; a row naming several genes (``AKT1 /// AKT2``) is skipped; a gene-sample pair
seen before is skipped (the first value stands); a row with an Entrez ID but no symbol is
skipped (genes are matched by symbol and no Entrez table is bundled). Missing values (``NA``,
empty) are skipped per sample. Every skip is listed with its reason.

Each value becomes a gene-level record (``discrete``; no coordinates, the table gives none);
the row shown with it holds the gene columns, the sample and the value. The ``meta_*.txt``
files beside these tables (study metadata, ``datatype``, ``reference_genome_id``) are not data
and are not read; nor is ``data_cna_pd_annotations.txt`` (driver annotations keyed by sample
and Entrez ID, no copy-number values). Continuous (linear or log2) cBioPortal CNA tables share
the wide layout but hold decimals and are not recognised.

Several samples: ``parse(path, sample=...)`` reads one; without a choice a one-sample table is
read as is, and a multi-sample table is read whole with a warning naming the samples (their
values are pooled into one set of calls).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import GeneLevelCopyNumber, ParsedInput, Record, SourceRef
from annotator.parsers.base import Parser, SampleChoice
from annotator.parsers.copy_number_rows import (
    DISCRETE_VALUES,
    SkipLog,
    discrete_value,
)
from annotator.parsers.sample_choice import choose_samples
from annotator.parsers.textio import MISSING, Head, Row, numbered_lines

SEVERAL_GENES = "row names several genes ('///'); cBioPortal ignores such rows"
NO_SYMBOL = "no gene symbol (Entrez ID only); genes are matched by symbol"
NO_GENE = "no gene symbol or Entrez ID"
NO_VALUE = "no value for the sample (NA or empty)"
REPEATED = "gene and sample already read on an earlier line (the first value stands)"


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a discrete table keeps genes, samples and values."""

    name: str  # parser name
    label: str
    gene: str
    entrez: str | None
    annotations: frozenset[str]  # wide: the columns that are not samples
    sample: str | None = None  # long: the sample column
    value: str | None = None  # long: the value column
    words: bool = False  # OncoKB: Amplification/Gain/Loss/Deletion accepted


WIDE = Layout(
    "cbioportal_cna",
    "cBioPortal discrete CNA, wide (genes x samples, -2..2)",
    "Hugo_Symbol",
    "Entrez_Gene_Id",
    frozenset({"Hugo_Symbol", "Entrez_Gene_Id"}),
)
LONG = Layout(
    "cbioportal_cna",
    "cBioPortal discrete CNA, long (one row per gene and sample, -2..2)",
    "Hugo_Symbol",
    "Entrez_Gene_Id",
    frozenset(),
    sample="Sample_Id",
    value="Value",
)

SNIFF_RULE = (
    "tab-separated header starting with Hugo_Symbol (or Entrez_Gene_Id), then either Sample_Id "
    "and Value columns (long) or sample columns whose values are -2, -1.5, -1, 0, 1, 2 or "
    "missing (wide); '#' lines are comments"
)


def content_lines(lines: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Lines that are neither blank nor ``#`` comments."""
    for lineno, line in lines:
        if line.strip() and not line.startswith("#"):
            yield lineno, line


def cells(line: str) -> list[str]:
    fields = [f.strip() for f in line.split("\t")]
    while fields and not fields[-1]:
        fields.pop()
    return fields


def wide_values_are_discrete(lines: list[str], annotations: frozenset[str]) -> bool:
    """True when the head's data rows hold only discrete values in the sample columns."""
    header = cells(lines[0])
    samples = [i for i, h in enumerate(header) if h not in annotations]
    if not samples or len(lines) < 2:
        return False
    for line in lines[1:]:
        row = line.split("\t")
        for i in samples:
            value = row[i].strip() if i < len(row) else ""
            if value not in MISSING and value.removesuffix(".0") not in DISCRETE_VALUES:
                return False
    return True


def sniff(head: Head) -> bool:
    lines = [line for _, line in content_lines(enumerate(head.lines, start=1))]
    if not lines:
        return False
    header = cells(lines[0])
    if not header or header[0] not in ("Hugo_Symbol", "Entrez_Gene_Id"):
        return False
    if "Sample_Id" in header and "Value" in header:
        return True
    return wide_values_are_discrete(lines, WIDE.annotations)


class _Reader:
    """Reads the rows of one discrete table into gene-level records."""

    def __init__(self, path: Path, layout: Layout, header: list[str], header_line: int) -> None:
        self.path = path
        self.layout = layout
        self.header = header
        self.index = {name: i for i, name in enumerate(header) if name}
        self.skips = SkipLog(str(path))
        self.seen: set[tuple[str, str]] = set()
        self.records: list[tuple[str, GeneLevelCopyNumber]] = []
        missing = [c for c in (layout.gene, layout.sample, layout.value) if c and c not in header]
        if missing:
            raise InputFormatError(
                path,
                f"missing required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(c) for c in missing)}; columns present: {', '.join(header)}",
                line=header_line,
            )

    def row(self, lineno: int, line: str) -> Row | None:
        values = line.split("\t")
        at = self.index[self.layout.gene]
        gene_cell = values[at] if at < len(values) else ""
        if "///" in gene_cell:
            self.skips.add(SEVERAL_GENES, lineno, line[:200].replace("\t", " "))
            return None
        width = len(self.header)
        if len(values) > width and all(not v.strip() for v in values[width:]):
            values = values[:width]
        if len(values) < width:
            values += [""] * (width - len(values))  # trailing empty cells left off
        if len(values) != width:
            raise InputFormatError(
                self.path,
                f"expected {width} tab-separated fields as in the header, got {len(values)}",
                line=lineno,
                excerpt=line[:100].replace("\t", " "),
                caret=(0, min(len(line), 100)),
            )
        return Row(str(self.path), lineno, self.index, values, line)

    def gene(self, row: Row) -> str | None:
        symbol = row.get(self.layout.gene)
        if symbol is not None:
            return symbol.split("|", 1)[0].strip()
        entrez = row.get(self.layout.entrez) if self.layout.entrez else None
        example = "\t".join(row.values)[:200]
        self.skips.add(NO_SYMBOL if entrez else NO_GENE, row.line, example)
        return None

    def add(self, row: Row, gene: str, sample: str, column: str, shown: tuple[str, ...]) -> None:
        example = f"{gene} {sample} {row.values[self.index[column]]}"
        value = discrete_value(row, column, words=self.layout.words)
        if value is None:
            self.skips.add(NO_VALUE, row.line, example)
            return
        if (gene, sample) in self.seen:
            self.skips.add(REPEATED, row.line, example)
            return
        self.seen.add((gene, sample))
        written = row.text(column)
        raw = (
            *((c, row.values[self.index[c]]) for c in shown),
            ("sample", sample),
            ("value", written),
        )
        self.records.append(
            (
                sample,
                GeneLevelCopyNumber(
                    gene=gene,
                    chrom=None,
                    start=None,
                    end=None,
                    discrete=value,
                    caller_call=None if written.lstrip("+") == str(value) else written,
                    source=SourceRef(row.path, row.line, raw),
                ),
            )
        )


def read_discrete(path: Path, layout: Layout, sample: str | SampleChoice | None) -> ParsedInput:
    """Read a wide or long discrete table with ``layout``; see the module docstring."""
    lines = content_lines(numbered_lines(path))
    first = next(lines, None)
    if first is None:
        raise InputFormatError(path, "no header line found")
    header_line, header_text = first
    header = [h.strip() for h in header_text.split("\t")]
    while header and not header[-1]:
        header.pop()
    reader = _Reader(path, layout, header, header_line)
    shown = tuple(c for c in (layout.gene, layout.entrez) if c and c in header)
    wide_samples = [h for h in header if h not in layout.annotations] if not layout.sample else []
    chosen: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    if not layout.sample:
        chosen, warnings = choose_samples(str(path), wide_samples, sample)
    for lineno, line in lines:
        row = reader.row(lineno, line)
        if row is None:
            continue
        gene = reader.gene(row)
        if gene is None:
            continue
        if layout.sample and layout.value:
            name = row.text(layout.sample)
            extra = tuple(c for c in header if c not in (*shown, layout.sample, layout.value))
            reader.add(row, gene, name, layout.value, shown + extra)
        else:
            for name in chosen:
                reader.add(row, gene, name, name, shown)
    if layout.sample:
        present = list(dict.fromkeys(s for s, _ in reader.records))
        chosen, warnings = choose_samples(str(path), present, sample)
        for name, record in reader.records:
            if name not in chosen:
                reason = f"value of another sample ({name}); sample {chosen[0]} was selected"
                reader.skips.add(reason, record.source.line, f"{record.gene} {name}")
    records: list[Record] = [r for s, r in reader.records if s in chosen]
    if not records:
        warnings += (f"{path}: no copy-number values after the header line",)
    samples = wide_samples or list(dict.fromkeys(s for s, _ in reader.records))
    return ParsedInput(
        path=str(path),
        format=layout.name,
        format_label=layout.label,
        kind="copy_number",
        records=tuple(records),
        warnings=warnings,
        skipped=reader.skips.entries(),
        sample_hint=chosen[0] if len(chosen) == 1 else None,
        details=(("columns", ", ".join(header[:12])), ("samples", ", ".join(samples))),
    )


def parse(path: Path, sample: str | SampleChoice | None = None) -> ParsedInput:
    head = next(content_lines(numbered_lines(path)), (0, ""))[1]
    layout = LONG if {"Sample_Id", "Value"} <= set(cells(head)) else WIDE
    return read_discrete(path, layout, sample)


PARSER = Parser(
    name="cbioportal_cna",
    label="cBioPortal discrete copy-number table (wide or long, -2..2)",
    kind="copy_number",
    sniff_rule=SNIFF_RULE,
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(path, sample=options.samples),
)
