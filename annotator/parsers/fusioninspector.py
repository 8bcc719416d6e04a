"""FusionInspector ``<prefix>.FusionInspector.fusions.abridged.tsv`` (and the older
``finspector.fusion_predictions.final.abridged(.FFPM)``).

Format: https://github.com/FusionInspector/FusionInspector/wiki . Like STAR-Fusion the header
starts ``#FusionName`` and columns are addressed by name, but FusionInspector adds
``LeftLocalBreakpoint``/``RightLocalBreakpoint`` (positions on its fusion mini-contigs, not
used here). Seen: a modern 35-column file (nf-core test data: est_J/est_S, annots, coding-effect
columns, ``NO_JUNCTION_READS_IDENTIFIED`` rows with every coding column ``.``) and the old 2016
layout (FAF_left, J_FFPM/S_FFPM, bare symbols, hg19 ``chr`` contigs).

Mapping: LeftGene/RightGene (5'/3', ``SYMBOL^ENSG…`` kept raw) -> genes; Left/RightBreakpoint
``chr:pos:strand`` (gene strand) -> breakpoints; JunctionReadCount -> split reads;
SpanningFragCount -> discordant pairs; PROT_FUSION_TYPE (INFRAME/FRAMESHIFT) -> frame;
SpliceType -> fusion type; CDS_LEFT_ID/CDS_RIGHT_ID -> transcripts; LargeAnchorSupport ``NO``
-> caller note. CTAT-LR-Fusion (``num_LR``) shares the header start and is a separate parser.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import breakpoint, frame
from annotator.parsers.textio import Head, Row, read_table

REQUIRED = (
    "FusionName",
    "JunctionReadCount",
    "SpanningFragCount",
    "LeftGene",
    "LeftBreakpoint",
    "RightGene",
    "RightBreakpoint",
)


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None or not first.startswith("#FusionName\t"):
        return False
    columns = first[1:].split("\t")
    return (
        "LeftLocalBreakpoint" in columns
        and "LeftBreakpoint" in columns
        and "JunctionReadCount" in columns
        and "num_LR" not in columns
    )


def _notes(row: Row) -> tuple[str, ...]:
    anchor = row.get("LargeAnchorSupport")
    if anchor is not None and anchor.upper() == "NO":
        return ("LargeAnchorSupport: NO (no junction read with a long anchor on both sides)",)
    return ()


def _call(row: Row, path: str) -> FusionCall:
    return FusionCall(
        caller="FusionInspector",
        gene5_field=row.text("LeftGene"),
        gene3_field=row.text("RightGene"),
        bp5=breakpoint(row, "LeftBreakpoint"),
        bp3=breakpoint(row, "RightBreakpoint"),
        split_reads=row.int("JunctionReadCount"),
        discordant_reads=row.int("SpanningFragCount"),
        frame=frame(row.get("PROT_FUSION_TYPE")),
        fusion_type=row.get("SpliceType"),
        transcript5=row.get("CDS_LEFT_ID"),
        transcript3=row.get("CDS_RIGHT_ID"),
        name_field=row.text("FusionName"),
        source=SourceRef(path, row.line, row.raw()),
        caller_notes=_notes(row),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, header_prefix="#", required=REQUIRED)
    calls = tuple(_call(row, table.path) for row in table.rows)
    layout = "modern" if "est_J" in table.header or "annots" in table.header else "old"
    return ParsedInput(
        path=table.path,
        format="fusioninspector",
        format_label=f"FusionInspector fusions.abridged ({layout} layout, "
        f"{len(table.header)} columns)",
        kind="fusion",
        records=calls,
        details=(("caller", "FusionInspector"),),
    )


PARSER = Parser(
    name="fusioninspector",
    label="FusionInspector fusions.abridged.tsv (old and modern layouts)",
    kind="fusion",
    sniff_rule="header line starting '#FusionName' with LeftLocalBreakpoint, LeftBreakpoint and "
    "JunctionReadCount columns (no num_LR, which is CTAT-LR-Fusion)",
    sniff=sniff,
    parse=parse,
)
