"""OncoKB annotator structural-variant input (``StructuralVariantAnnotator.py``): gene pairs.

Format: oncokb-annotator README and ``AnnotatorCore.py`` (github.com/oncokb/oncokb-annotator);
seen: its ``data/example_sv.txt``. Headers are matched case-insensitively, as the annotator does:
sample ``Tumor_Sample_Barcode`` or ``Sample_Id``; genes ``GeneA``/``Gene1``/``Site1_Gene`` and
``GeneB``/``Gene2``/``Site2_Gene``; type ``Sv_Type``/``SV_Class_Name``/``Class`` with values
``DELETION TRANSLOCATION DUPLICATION INSERTION INVERSION FUSION UNKNOWN`` (others read as
UNKNOWN, as the annotator does). A file with cBioPortal's ``Site1_Hugo_Symbol`` columns is a
cBioPortal SV file and is left to that parser.

Two different genes make a fusion candidate whatever the type (OncoKB annotates any two-gene
SV as a fusion); the type is kept as ``fusion_type``. The same gene on both sides (an
intragenic deletion or duplication) or a single gene is not a fusion of two genes: skipped with
the reason. OncoKB does not say which gene is 5': genes are kept in file order and the call is
marked unordered (the kinase is put 3' during normalisation). No breakpoints or read counts.
The file may hold several samples: one is read as :mod:`annotator.parsers.sample_choice`
describes.
"""

from __future__ import annotations

from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser, SampleChoice
from annotator.parsers.fusion_list import SkippedRows
from annotator.parsers.oncokb_fusion import (
    GENE_A_COLUMNS,
    GENE_B_COLUMNS,
    SAMPLE_COLUMNS,
    pick_column,
    upper_columns,
)
from annotator.parsers.sample_choice import pick_rows
from annotator.parsers.textio import Head, read_table

CALLER = "OncoKB SV list"
TYPE_COLUMNS = ("SV_CLASS_NAME", "SV_TYPE", "CLASS")
SV_TYPES = frozenset(
    {"DELETION", "TRANSLOCATION", "DUPLICATION", "INSERTION", "INVERSION", "FUSION", "UNKNOWN"}
)


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None:
        return False
    columns = upper_columns(first.split("\t"))
    return (
        pick_column(columns, GENE_A_COLUMNS) is not None
        and pick_column(columns, GENE_B_COLUMNS) is not None
        and pick_column(columns, SAMPLE_COLUMNS) is not None
        and "FUSION" not in columns  # an OncoKB fusion list with gene columns
        and "SITE1_HUGO_SYMBOL" not in columns  # cBioPortal SV
    )


def parse(path: Path, samples: SampleChoice | None = None) -> ParsedInput:
    table = read_table(path, ragged=True)
    columns = upper_columns(table.header)
    gene_a, gene_b = pick_column(columns, GENE_A_COLUMNS), pick_column(columns, GENE_B_COLUMNS)
    if gene_a is None or gene_b is None:
        raise InputFormatError(
            path,
            "missing the gene columns GeneA and GeneB (or Gene1/Gene2, Site1_Gene/Site2_Gene); "
            f"columns present: {', '.join(table.header)}",
            line=table.header_line,
        )
    sample, svtype = pick_column(columns, SAMPLE_COLUMNS), pick_column(columns, TYPE_COLUMNS)
    calls: list[FusionCall] = []
    skipped = SkippedRows()
    rows: list[tuple[int, str]] = []
    for row in table.rows:
        rows.append((row.line, (row.get(sample) or "") if sample else ""))
        five, three = row.get(gene_a), row.get(gene_b)
        kind = ((row.get(svtype) or "") if svtype else "").upper()
        kind = kind if kind in SV_TYPES else "UNKNOWN"
        example = f"{five or '?'} / {three or '?'} {kind}"
        if not five or not three:
            skipped.add(
                "one gene only (a two-gene fusion needs GeneA and GeneB)", row.line, example
            )
            continue
        if five == three:
            skipped.add(
                f"same gene on both sides ({kind.lower()} within one gene), not a fusion",
                row.line,
                example,
            )
            continue
        calls.append(
            FusionCall(
                caller=CALLER,
                gene5_field=five,
                gene3_field=three,
                bp5=None,
                bp3=None,
                split_reads=None,
                discordant_reads=None,
                fusion_type=kind.lower(),
                source=SourceRef(table.path, row.line, row.raw()),
                ordered=False,
            )
        )
    parsed = ParsedInput(
        path=table.path,
        format="oncokb_sv",
        format_label="OncoKB annotator structural-variant input (GeneA, GeneB, Sv_Type)",
        kind="fusion",
        records=tuple(calls),
        skipped=skipped.entries(table.path),
        details=(("caller", "OncoKB annotator SV list (gene order not stated)"),),
    )
    return pick_rows(parsed, rows, samples)


PARSER = Parser(
    name="oncokb_sv",
    label="OncoKB annotator structural-variant input (GeneA, GeneB, Sv_Type)",
    kind="fusion",
    sniff_rule="tab-separated header with GeneA/Gene1/Site1_Gene, GeneB/Gene2/Site2_Gene and "
    "Tumor_Sample_Barcode or Sample_Id (any case), no Fusion or Site1_Hugo_Symbol column",
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(path, options.samples),
)
