"""OncoKB annotator copy-number inputs: GISTIC-style wide table and the individual (long) table.

Formats: oncokb/oncokb-annotator ``README.md`` and ``CnaAnnotator.py``:

- **GISTIC wide** (``example_cna.txt``): ``Gene Symbol  Locus ID  Cytoband  <sample> ...``,
  the layout of GISTIC 2.0's ``all_thresholded.by_genes.txt``; values -2..2;
- **individual** (``example_individual_cna.txt``): ``Tumor_Sample_Barcode Hugo_Symbol
  Copy_Number_Alteration``, one row per sample and gene, the value either -2..2 or one of the
  words ``Amplification``, ``Gain``, ``Loss``, ``Deletion`` (read as 2, 1, -1, -2; the word is
  kept as the caller's call).

Files seen: the two OncoKB annotator examples (``oncokb/oncokb-annotator`` ``data/``), two
samples each; the individual file is CRLF without a final newline. Both list CDK4 twice for one
sample with different values (-2 and -1; 2 and 2): as in cBioPortal, the first value for a gene
and sample stands and the repeat is listed under skipped. Reading follows the cBioPortal
discrete tables (``annotator.parsers.cbioportal_cna``): gene-level records with ``discrete``,
the same skip rules, and ``parse(path, sample=...)`` for multi-sample files (without a choice
all samples are read and a warning names them).
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import ParsedInput
from annotator.parsers.base import Parser, SampleChoice
from annotator.parsers.cbioportal_cna import (
    Layout,
    cells,
    content_lines,
    read_discrete,
    wide_values_are_discrete,
)
from annotator.parsers.textio import Head, numbered_lines

GISTIC = Layout(
    "oncokb_cna",
    "OncoKB annotator CNA, GISTIC-style wide (genes x samples, -2..2)",
    "Gene Symbol",
    "Locus ID",
    frozenset({"Gene Symbol", "Locus ID", "Cytoband"}),
)
INDIVIDUAL = Layout(
    "oncokb_cna",
    "OncoKB annotator individual CNA (sample, gene, -2..2 or Amplification/Deletion...)",
    "Hugo_Symbol",
    None,
    frozenset(),
    sample="Tumor_Sample_Barcode",
    value="Copy_Number_Alteration",
    words=True,
)

SNIFF_RULE = (
    "tab-separated header 'Gene Symbol, Locus ID, Cytoband' followed by sample columns holding "
    "-2..2 (GISTIC-style), or a header with Tumor_Sample_Barcode, Hugo_Symbol and "
    "Copy_Number_Alteration (OncoKB individual CNA)"
)


def _layout(header: list[str]) -> Layout | None:
    if header[:3] == ["Gene Symbol", "Locus ID", "Cytoband"]:
        return GISTIC
    if {"Tumor_Sample_Barcode", "Hugo_Symbol", "Copy_Number_Alteration"} <= set(header):
        return INDIVIDUAL
    return None


def sniff(head: Head) -> bool:
    lines = [line for _, line in content_lines(enumerate(head.lines, start=1))]
    if not lines:
        return False
    layout = _layout(cells(lines[0]))
    if layout is GISTIC:
        return wide_values_are_discrete(lines, GISTIC.annotations)
    return layout is INDIVIDUAL


def parse(path: Path, sample: str | SampleChoice | None = None) -> ParsedInput:
    head = next(content_lines(numbered_lines(path)), (0, ""))[1]
    layout = _layout(cells(head)) or INDIVIDUAL  # read_discrete names missing columns
    return read_discrete(path, layout, sample)


PARSER = Parser(
    name="oncokb_cna",
    label="OncoKB annotator CNA (GISTIC-style wide or individual table)",
    kind="copy_number",
    sniff_rule=SNIFF_RULE,
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(path, sample=options.samples),
)
