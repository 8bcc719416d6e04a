"""STAR-Fusion ``star-fusion.fusion_predictions(.abridged).tsv`` and the older
``star-fusion.fusion_candidates.final(.abridged)(.FFPM)``.

Format: https://github.com/STAR-Fusion/STAR-Fusion/wiki . Every version starts ``#FusionName``;
columns were added over time (FFPM, breakpoint dinucleotides, annots, est_J/est_S, coding-effect
columns), so columns are addressed by name. Genes are ``SYMBOL^ENSG…``, breakpoints
``chr:pos:strand`` with the gene strand. Seen: v0.x ``fusion_candidates.final`` (kickstart,
BT474, fuco), ~1.5-1.8 predictions (nf-core fusion-report test), chimeraviz abridged and
coding-effect files, and MOAlmanac's hand-made copy whose second column is ``JunctionReads``
and whose rows end with a tab. FusionInspector output (``LeftLocalBreakpoint``) is a different
format and is not claimed here.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.normalize.genes import parse_gene_field
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import breakpoint, frame
from annotator.parsers.textio import Head, Row, read_table

REQUIRED = ("FusionName", "LeftGene", "LeftBreakpoint", "RightGene", "RightBreakpoint")
READ_NAME_COLUMNS = ("JunctionReads", "SpanningFrags")


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None or not first.startswith("#FusionName\t"):
        return False
    columns = first[1:].split("\t")
    return (
        "LeftBreakpoint" in columns
        and "RightBreakpoint" in columns
        and "LeftLocalBreakpoint" not in columns
    )


def _junction_column(header: tuple[str, ...]) -> str | None:
    if "JunctionReadCount" in header:
        return "JunctionReadCount"
    # MOAlmanac's copy names the count column JunctionReads (elsewhere a read-name list).
    return "JunctionReads" if "JunctionReads" in header else None


def parse(path: Path) -> ParsedInput:
    table = read_table(path, header_prefix="#", required=REQUIRED)
    junction = _junction_column(table.header)
    keep_read_names = junction == "JunctionReads"
    warnings: list[str] = []
    calls = []
    for row in table.rows:
        name = row.text("FusionName")
        _check_name(row, name, warnings)
        raw = tuple((k, v) for k, v in row.raw() if keep_read_names or k not in READ_NAME_COLUMNS)
        calls.append(
            FusionCall(
                caller="STAR-Fusion",
                gene5_field=row.text("LeftGene"),
                gene3_field=row.text("RightGene"),
                bp5=breakpoint(row, "LeftBreakpoint"),
                bp3=breakpoint(row, "RightBreakpoint"),
                split_reads=row.int(junction) if junction else None,
                discordant_reads=row.int("SpanningFragCount"),
                frame=frame(row.get("PROT_FUSION_TYPE")),
                site5=None,
                site3=None,
                confidence=None,
                fusion_type=row.get("SpliceType") or row.get("Splice_type"),
                transcript5=row.get("CDS_LEFT_ID"),
                transcript3=row.get("CDS_RIGHT_ID"),
                name_field=name,
                source=SourceRef(table.path, row.line, raw),
            )
        )
    layout = "fusion_predictions" if "annots" in table.header else "fusion_candidates.final"
    return ParsedInput(
        path=table.path,
        format="star_fusion",
        format_label=f"STAR-Fusion {layout} ({len(table.header)} columns)",
        kind="fusion",
        records=tuple(calls),
        warnings=tuple(warnings),
        details=(("caller", "STAR-Fusion"),),
    )


def _check_name(row: Row, name: str, warnings: list[str]) -> None:
    """Warn when FusionName disagrees with LeftGene/RightGene; the gene columns are used."""
    if "--" not in name:
        return
    left, right = name.split("--", 1)
    genes5 = parse_gene_field(row.text("LeftGene")).symbols
    genes3 = parse_gene_field(row.text("RightGene")).symbols
    named5 = parse_gene_field(left).symbols
    named3 = parse_gene_field(right).symbols
    if set(named5) & set(genes5) and set(named3) & set(genes3):
        return
    warnings.append(
        f"{row.path}:{row.line}: FusionName {name!r} disagrees with LeftGene/RightGene "
        f"({'/'.join(genes5)}, {'/'.join(genes3)}); the gene columns were used"
    )


PARSER = Parser(
    name="star_fusion",
    label="STAR-Fusion fusion_predictions / fusion_candidates.final (all versions)",
    kind="fusion",
    sniff_rule="header line starting '#FusionName' with LeftBreakpoint and RightBreakpoint "
    "columns (no LeftLocalBreakpoint, which is FusionInspector)",
    sniff=sniff,
    parse=parse,
)
