"""OncoKB annotator fusion input (``FusionAnnotator.py``): one fusion a row, by name.

Format: oncokb-annotator README and ``AnnotatorCore.py`` (github.com/oncokb/oncokb-annotator);
seen: its ``data/example_fusions.txt`` (the annotated output, with OncoKB columns appended, has
the same input columns and is read the same way). Headers are matched case-insensitively, as
the annotator does: sample ``Tumor_Sample_Barcode`` or ``Sample_Id``; ``Fusion`` holds
``GENEA-GENEB``, ``GENEA-GENEB Fusion`` or ``GENE-intragenic``. When gene columns are present
(``GeneA``/``Gene1``/``Site1_Gene`` and ``GeneB``/``Gene2``/``Site2_Gene``) they win over the
name, as in the annotator.

OncoKB does not fix which gene is 5': it queries both orders, and its own example writes
``ALK-EML4``. The genes are kept in file order (``gene5_field`` = first written) and the call
is marked unordered, so the kinase is put 3' during normalisation. ``GENE-intragenic`` rows
(an intragenic rearrangement of one gene) and names of one gene are not fusions of two genes:
skipped with the reason. No breakpoints or read counts are given. The file may hold several
samples: one is read as :mod:`annotator.parsers.sample_choice` describes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.normalize.fusion_names import FusionNameError, split_fusion_name
from annotator.parsers.base import Parser, SampleChoice
from annotator.parsers.fusion_list import SkippedRows, name_error
from annotator.parsers.sample_choice import pick_rows
from annotator.parsers.textio import Head, Row, read_table

CALLER = "OncoKB fusion list"
SAMPLE_COLUMNS = ("SAMPLE_ID", "TUMOR_SAMPLE_BARCODE")
GENE_A_COLUMNS = ("SITE1_GENE", "GENEA", "GENE1")
GENE_B_COLUMNS = ("SITE2_GENE", "GENEB", "GENE2")
INTRAGENIC = "intragenic rearrangement of one gene (GENE-intragenic), not a fusion of two genes"
ONE_GENE = "names one gene, not a gene pair"


def upper_columns(names: Iterable[str]) -> dict[str, str]:
    """Upper-cased header name -> the name as written (OncoKB files vary the case)."""
    return {c.strip().upper(): c for c in names}


def pick_column(columns: dict[str, str], candidates: tuple[str, ...]) -> str | None:
    """The first of ``candidates`` (upper case) the header has, as written."""
    return next((columns[c] for c in candidates if c in columns), None)


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None:
        return False
    columns = upper_columns(first.split("\t"))
    # A Hugo_Symbol column means cBioPortal's deprecated data_fusions.txt (one row per partner
    # gene, Fusion often just the word "Fusion"): a different layout, not claimed.
    return (
        "FUSION" in columns
        and any(c in columns for c in SAMPLE_COLUMNS)
        and "HUGO_SYMBOL" not in columns
    )


def parse(path: Path, samples: SampleChoice | None = None) -> ParsedInput:
    table = read_table(path, ragged=True)
    columns = upper_columns(table.header)
    fusion = columns.get("FUSION")
    if fusion is None:
        raise InputFormatError(
            path,
            f"missing required column 'Fusion'; columns present: {', '.join(table.header)}",
            line=table.header_line,
        )
    sample = pick_column(columns, SAMPLE_COLUMNS)
    gene_a, gene_b = pick_column(columns, GENE_A_COLUMNS), pick_column(columns, GENE_B_COLUMNS)
    calls: list[FusionCall] = []
    warnings: list[str] = []
    skipped = SkippedRows()
    rows: list[tuple[int, str]] = []
    for row in table.rows:
        rows.append((row.line, (row.get(sample) or "") if sample else ""))
        name = row.get(fusion) or ""
        if gene_a and gene_b and row.get(gene_a) and row.get(gene_b):
            five, three = row.text(gene_a), row.text(gene_b)
        else:
            pair = _pair(row, fusion, warnings)
            if isinstance(pair, str):
                skipped.add(pair, row.line, name)
                continue
            five, three = pair
        calls.append(
            FusionCall(
                caller=CALLER,
                gene5_field=five,
                gene3_field=three,
                bp5=None,
                bp3=None,
                split_reads=None,
                discordant_reads=None,
                name_field=name or None,
                source=SourceRef(table.path, row.line, row.raw()),
                ordered=False,
            )
        )
    parsed = ParsedInput(
        path=table.path,
        format="oncokb_fusion",
        format_label="OncoKB annotator fusion input (Fusion column)",
        kind="fusion",
        records=tuple(calls),
        warnings=tuple(warnings),
        skipped=skipped.entries(table.path),
        details=(("caller", "OncoKB annotator fusion list (gene order not stated)"),),
    )
    return pick_rows(parsed, rows, samples)


def _pair(row: Row, column: str, warnings: list[str]) -> tuple[str, str] | str:
    """The two genes of an OncoKB fusion name, or the reason the row is not a fusion."""
    text = row.text(column)
    if text.lower().endswith(" fusion"):
        text = text[: -len(" fusion")].rstrip()
    if text.lower().endswith("-intragenic"):
        return INTRAGENIC
    try:
        split = split_fusion_name(text)
    except FusionNameError as e:
        raise name_error(row, column, e) from None
    if split.ambiguous:
        warnings.append(f"{row.path}:{row.line}: {split.ambiguous}")
    if not split.is_fusion:
        return ONE_GENE
    return split.gene5 or "", split.gene3 or ""


PARSER = Parser(
    name="oncokb_fusion",
    label="OncoKB annotator fusion input (Tumor_Sample_Barcode, Fusion)",
    kind="fusion",
    sniff_rule="tab-separated header with a Fusion column and Tumor_Sample_Barcode or Sample_Id "
    "(any case)",
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(path, options.samples),
)
