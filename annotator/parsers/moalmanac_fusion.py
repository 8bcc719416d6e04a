"""MOAlmanac simplified input (``simplified_input.py --input``): one alteration a row.

Format: MOAlmanac ``docs/description-of-inputs.md``, "Simplified input"
(github.com/vanallenlab/moalmanac). Seen: its ``example_data/example_patient.simplified_input.txt``
(CRLF, no final newline). Columns ``feature_type``, ``feature`` (or ``gene``),
``alteration_type``, ``alteration``. The list mixes kinds; each row is read as follows:

* ``Rearrangement`` (``Fusion``/``Translocation``): ``alteration`` is the fusion ``A--B`` (5'
  gene first) -> FusionCall; an empty alteration gives ``feature`` with an unnamed partner
  (unordered, so a kinase is put 3'). A name that does not contain ``feature`` is warned about.
* ``Copy Number`` (``Amplification``/``Deletion``, alteration blank) -> a gene-level copy-number
  record (GISTIC-style ``discrete`` 2 / -2, the word kept as the caller's call); no segment or
  copy number is given.
* ``Somatic Variant``/``Germline Variant`` give a gene and a protein change only, without
  position or alleles, so they cannot become small-variant records: skipped with the reason
  (read the VCF or MAF instead). Other feature types are skipped likewise.

No breakpoints, read counts or build are stated.
"""

from __future__ import annotations

from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import FusionCall, GeneLevelCopyNumber, ParsedInput, Record, SourceRef
from annotator.normalize.fusion_names import FusionNameError, split_fusion_name
from annotator.parsers.base import Parser
from annotator.parsers.fusion_list import SkippedRows, name_error
from annotator.parsers.textio import Head, Row, read_table

CALLER = "MOAlmanac list"
COPY_NUMBER = {"amplification": 2, "deletion": -2}
VARIANT_TYPES = ("somatic variant", "germline variant")


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None:
        return False
    columns = {c.strip() for c in first.split("\t")}
    return {"feature_type", "alteration_type", "alteration"} <= columns and bool(
        columns & {"feature", "gene"}
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, ragged=True)
    gene_column = "feature" if "feature" in table.header else "gene"
    if "feature_type" not in table.header or gene_column not in table.header:
        raise InputFormatError(
            path,
            "missing the MOAlmanac columns feature_type and feature (or gene); "
            f"columns present: {', '.join(table.header)}",
            line=table.header_line,
        )
    records: list[Record] = []
    warnings: list[str] = []
    skipped = SkippedRows()
    for row in table.rows:
        kind = (row.get("feature_type") or "").lower()
        gene = row.text(gene_column)
        example = " ".join(
            v for v in (gene, row.get("alteration_type"), row.get("alteration")) if v
        )
        if kind == "rearrangement":
            records.append(_fusion(row, gene, warnings))
        elif kind == "copy number" and (row.get("alteration_type") or "").lower() in COPY_NUMBER:
            records.append(_copy_number(row, gene))
        elif kind in VARIANT_TYPES:
            skipped.add(
                f"{row.get('feature_type')} rows give gene and protein change only (no position "
                "or alleles), not read as variants: give the VCF or MAF",
                row.line,
                example,
            )
        else:
            what = f"{row.get('feature_type') or '(no feature_type)'}"
            skipped.add(f"feature type {what!r} not read", row.line, example)
    return ParsedInput(
        path=table.path,
        format="moalmanac_fusion",
        format_label="MOAlmanac simplified input (feature_type, feature, alteration_type, "
        "alteration)",
        kind="fusion",
        records=tuple(records),
        warnings=tuple(warnings),
        skipped=skipped.entries(table.path),
        details=(("caller", "MOAlmanac simplified input (gene-level list)"),),
    )


def _fusion(row: Row, gene: str, warnings: list[str]) -> FusionCall:
    name = row.get("alteration")
    five, three, ordered = gene, "", False
    if name:
        try:
            split = split_fusion_name(name)
        except FusionNameError as e:
            raise name_error(row, "alteration", e) from None
        if not split.is_fusion:
            raise row.error("alteration", f"expected a fusion 'GENE1--GENE2', got {name!r}")
        five, three = split.gene5 or "", split.gene3 or ""
        ordered = split.separator in ("--", "::")
        if gene not in (five, three):
            warnings.append(
                f"{row.path}:{row.line}: feature {gene!r} is not one of the genes of {name!r}; "
                "the fusion name was used"
            )
    return FusionCall(
        caller=CALLER,
        gene5_field=five,
        gene3_field=three,
        bp5=None,
        bp3=None,
        split_reads=None,
        discordant_reads=None,
        fusion_type=row.get("alteration_type"),
        name_field=name,
        source=SourceRef(row.path, row.line, row.raw()),
        ordered=ordered,
    )


def _copy_number(row: Row, gene: str) -> GeneLevelCopyNumber:
    word = row.text("alteration_type")
    return GeneLevelCopyNumber(
        gene=gene,
        chrom=None,
        start=None,
        end=None,
        discrete=COPY_NUMBER[word.lower()],
        caller_call=word,
        source=SourceRef(row.path, row.line, row.raw()),
    )


PARSER = Parser(
    name="moalmanac_fusion",
    label="MOAlmanac simplified input (fusions; gene-level copy number)",
    kind="fusion",
    sniff_rule="tab-separated header with feature_type, feature (or gene), alteration_type and "
    "alteration columns",
    sniff=sniff,
    parse=parse,
)
