"""Illumina DRAGEN RNA gene-fusion calls ``<prefix>.fusion_candidates.final`` (and
``.preliminary``, same layout).

Format: DRAGEN RNA pipeline guide, "Gene Fusion Detection"
(https://help.dragen.illumina.com). Two layouts, both starting ``#FusionGene Score
LeftBreakpoint RightBreakpoint``:

* old (DRAGEN <= 3.x; nf-core fusion-report test): ``… ReadNames`` only; Score is an integer
  equal to the number of read names, so the read count is the only support given (total reads);
* new (3.9+/4.x; umccr RNAsum test): ``Gene1Location Gene2Location Gene1Sense Gene2Sense Gene1Id
  Gene2Id NumSplitReads NumSoftClippedReads NumPairedReads ReadNames``, Score an ML probability.
  DRAGEN 4.x documents targeted-panel options and may add a filter column (not seen in a real
  file); a ``Filter``/``FILTER`` column, when present, becomes the call's filters.

There are no gene-symbol columns: the FusionGene name is split on DRAGEN's ``--`` separator
(5' gene first). A partner overlapping several genes is a ``;`` list (``AF127577.4;LINC02246``)
and is kept raw. Breakpoints ``chr:pos:strand`` carry the gene strand, ``chr`` dropped.
Mapping (new layout): NumSplitReads -> split reads, NumPairedReads -> discordant pairs,
NumSoftClippedReads -> caller note (reads clipped at the junction without a split alignment),
Gene1Location/Gene2Location -> sites, a ``False`` Sense -> caller note, Score -> caller note.
ReadNames is not copied into reports.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import breakpoint
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = ("FusionGene", "Score", "LeftBreakpoint", "RightBreakpoint")
NEW_LAYOUT = "NumSplitReads"
FILTER_COLUMNS = ("Filter", "FILTER")


def sniff(head: Head) -> bool:
    return header_matches(head, "#FusionGene\t", ("LeftBreakpoint", "RightBreakpoint", "Score"))


def _genes(row: Row) -> tuple[str, str, str]:
    name = row.text("FusionGene")
    gene5, sep, gene3 = name.partition("--")
    if not sep or not gene5 or not gene3:
        raise row.error("FusionGene", f"expected a fusion name 'GENE1--GENE2', got {name!r}")
    return name, gene5, gene3


def _read_count(row: Row) -> int | None:
    names = row.get("ReadNames")
    return None if names is None else sum(1 for n in names.split(";") if n.strip())


def _filters(row: Row) -> tuple[str, ...]:
    for column in FILTER_COLUMNS:
        value = row.get(column)
        if value is not None:
            return tuple(x.strip() for x in value.replace(",", ";").split(";") if x.strip())
    return ()


def _notes(row: Row) -> tuple[str, ...]:
    notes = []
    if row.float("Score") is not None:  # validated: a malformed score is an error
        notes.append(f"Score: {row.get('Score')}")
    clipped = row.int("NumSoftClippedReads")
    if clipped:
        notes.append(f"NumSoftClippedReads: {clipped}")
    for column in ("Gene1Sense", "Gene2Sense"):
        value = row.get(column)
        if value is not None and "False" in value.split(";"):
            notes.append(f"{column}: {value}")
    return tuple(notes)


def _call(row: Row, path: str, new: bool) -> FusionCall:
    name, gene5, gene3 = _genes(row)
    raw = tuple((k, v) for k, v in row.raw() if k != "ReadNames")
    return FusionCall(
        caller="DRAGEN",
        gene5_field=gene5,
        gene3_field=gene3,
        bp5=breakpoint(row, "LeftBreakpoint"),
        bp3=breakpoint(row, "RightBreakpoint"),
        split_reads=row.int("NumSplitReads") if new else None,
        discordant_reads=row.int("NumPairedReads") if new else None,
        total_reads=None if new else _read_count(row),
        site5=row.get("Gene1Location"),
        site3=row.get("Gene2Location"),
        name_field=name,
        filters=_filters(row),
        caller_notes=_notes(row),
        source=SourceRef(path, row.line, raw),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, header_prefix="#", required=REQUIRED)
    new = NEW_LAYOUT in table.header
    calls = tuple(_call(row, table.path, new) for row in table.rows)
    layout = "3.9+ layout" if new else "<=3.x layout, read names only"
    return ParsedInput(
        path=table.path,
        format="dragen_fusion",
        format_label=f"DRAGEN RNA fusion_candidates ({layout}, {len(table.header)} columns)",
        kind="fusion",
        records=calls,
        details=(("caller", "DRAGEN RNA gene fusion"),),
    )


PARSER = Parser(
    name="dragen_fusion",
    label="DRAGEN RNA fusion_candidates.final / .preliminary (old and 3.9+ layouts)",
    kind="fusion",
    sniff_rule="header line starting '#FusionGene' with Score, LeftBreakpoint and "
    "RightBreakpoint columns",
    sniff=sniff,
    parse=parse,
)
