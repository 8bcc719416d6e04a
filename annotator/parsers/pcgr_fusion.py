"""PCGR RNA-fusion input (``--input_rna_fusion``, PCGR 2.x): one fusion a row with breakpoints.

Format: PCGR documentation, "Input: RNA fusions", and its input validator
(github.com/sigven/pcgr): tab-separated, required ``FusionGene LeftBreakpoint RightBreakpoint
SplitReads``, optional ``Score`` (a number). Seen: PCGR ``examples/T001-BRCA.grch37.fusions.tsv``
and ``.grch38.fusions.tsv``; the build is only in the file name, which is never read, so no
build is set from these files (it comes from ``--genome`` or the breakpoints).

Mapping: ``FusionGene`` ``A--B`` or ``A::B`` (5' gene first; ``--ALK``/``FGFR2::`` leave a
partner unnamed, its gene is then found from the breakpoint) -> genes and name;
``LeftBreakpoint``/``RightBreakpoint`` ``[chr]N:pos`` (``.`` = not given) -> 5'/3'
breakpoints; ``SplitReads`` -> split (junction) reads; ``Score`` -> caller note. PCGR states no
discordant pairs, frame or exons.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.normalize.fusion_names import FusionNameError, split_fusion_name
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import breakpoint
from annotator.parsers.fusion_list import name_error
from annotator.parsers.textio import Head, Row, read_table

CALLER = "PCGR fusion input"
REQUIRED = ("FusionGene", "LeftBreakpoint", "RightBreakpoint", "SplitReads")


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None or not first.startswith("FusionGene\t"):
        return False
    columns = [c.strip() for c in first.split("\t")]
    return all(c in columns for c in REQUIRED)


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED)
    calls: list[FusionCall] = []
    for row in table.rows:
        name, five, three = _genes(row)
        split = row.int("SplitReads")
        if split is not None and split < 0:
            raise row.error("SplitReads", f"expected a read count of 0 or more, got {split}")
        score = row.float("Score")
        calls.append(
            FusionCall(
                caller=CALLER,
                gene5_field=five,
                gene3_field=three,
                bp5=breakpoint(row, "LeftBreakpoint"),
                bp3=breakpoint(row, "RightBreakpoint"),
                split_reads=split,
                discordant_reads=None,
                name_field=name,
                caller_notes=(f"Score {row.get('Score')}",) if score is not None else (),
                source=SourceRef(table.path, row.line, row.raw()),
            )
        )
    return ParsedInput(
        path=table.path,
        format="pcgr_fusion",
        format_label="PCGR RNA fusion input (FusionGene, LeftBreakpoint, RightBreakpoint, "
        "SplitReads)",
        kind="fusion",
        records=tuple(calls),
        details=(("caller", "PCGR fusion input (caller not named by the file)"),),
    )


def _genes(row: Row) -> tuple[str, str, str]:
    name = row.text("FusionGene")
    try:
        split = split_fusion_name(name)
    except FusionNameError as e:
        raise name_error(row, "FusionGene", e) from None
    if split.separator not in ("--", "::"):
        raise row.error(
            "FusionGene", f"expected a fusion name 'GENE1--GENE2' or 'GENE1::GENE2', got {name!r}"
        )
    return name, split.gene5 or "", split.gene3 or ""


PARSER = Parser(
    name="pcgr_fusion",
    label="PCGR RNA fusion input (FusionGene, LeftBreakpoint, RightBreakpoint, SplitReads)",
    kind="fusion",
    sniff_rule="tab-separated header starting 'FusionGene' (no '#') with LeftBreakpoint, "
    "RightBreakpoint and SplitReads columns",
    sniff=sniff,
    parse=parse,
)
