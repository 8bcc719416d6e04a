"""CTAT-LR-Fusion (Trinity CTAT long-read fusion finder) ``*.fusion_predictions.tsv``.

Format: https://github.com/TrinityCTAT/CTAT-LR-fusion/wiki . Header ``#FusionName num_LR
LeftGene LeftLocalBreakpoint LeftBreakpoint RightGene RightLocalBreakpoint RightBreakpoint
SpliceType LR_accessions LR_FFPM annots max_LR_FFPM frac_dom_iso above_frac_dom_iso``. Seen:
the nf-core fusion-report test file, whose ``annots`` cell is CSV-quoted JSON
(``"[""Cosmic"",…]"``) and whose LR_accessions column is empty; cells are therefore read with
CSV quoting rules.

Mapping: LeftGene/RightGene (5'/3', ``SYMBOL^ENSG…`` kept raw) -> genes; Left/RightBreakpoint
``chr:pos:strand`` (gene strand) -> breakpoints; num_LR (long reads through the junction) ->
total reads, since long reads are neither split short reads nor pairs; SpliceType -> fusion
type. LR_accessions (read names) is not copied into reports.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import breakpoint
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = ("FusionName", "num_LR", "LeftGene", "LeftBreakpoint", "RightGene", "RightBreakpoint")
READ_NAMES = "LR_accessions"


def sniff(head: Head) -> bool:
    return header_matches(head, "#FusionName\t", ("num_LR", "LeftBreakpoint", "RightBreakpoint"))


def _call(row: Row, path: str) -> FusionCall:
    raw = tuple((k, v) for k, v in row.raw() if k != READ_NAMES)
    return FusionCall(
        caller="CTAT-LR-Fusion",
        gene5_field=row.text("LeftGene"),
        gene3_field=row.text("RightGene"),
        bp5=breakpoint(row, "LeftBreakpoint"),
        bp3=breakpoint(row, "RightBreakpoint"),
        split_reads=None,
        discordant_reads=None,
        total_reads=row.int("num_LR"),
        fusion_type=row.get("SpliceType"),
        name_field=row.text("FusionName"),
        source=SourceRef(path, row.line, raw),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, header_prefix="#", required=REQUIRED, quoted=True)
    calls = tuple(_call(row, table.path) for row in table.rows)
    return ParsedInput(
        path=table.path,
        format="ctat_lr_fusion",
        format_label=f"CTAT-LR-Fusion fusion predictions ({len(table.header)} columns)",
        kind="fusion",
        records=calls,
        details=(("caller", "CTAT-LR-Fusion"), ("reads", "long reads (num_LR)")),
    )


PARSER = Parser(
    name="ctat_lr_fusion",
    label="CTAT-LR-Fusion fusion predictions (long reads)",
    kind="fusion",
    sniff_rule="header line starting '#FusionName' with num_LR, LeftBreakpoint and "
    "RightBreakpoint columns",
    sniff=sniff,
    parse=parse,
)
