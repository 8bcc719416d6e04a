"""JAFFA ``jaffa_results.csv`` (JAFFA, JAFFAL and JAFFA-hybrid summary table).

Format: https://github.com/Oshlack/JAFFA/wiki/OutputDescription . Comma-separated with a header
whose names contain spaces: ``sample, fusion genes, chrom1, base1, [strand1,] chrom2, base2,
[strand2,] gap (kb), spanning pairs, spanning reads, inframe, aligns, rearrangement, contig,
contig break, classification, known``. Seen: JAFFA 2.x (nf-core fusion-report test, with
strands, unquoted) and an older release (chimeraviz example: no strand columns, strings quoted,
one file holding two samples). Cells are read with CSV quoting rules.

There are no separate gene columns: ``fusion genes`` is split on JAFFA's ``:`` separator, 5'
gene first; a three-gene name ``A:B:C`` gives A (5') and C (3') with a caller note. Mapping:
chrom/base/strand -> breakpoints (1-based, ``chr`` dropped, strand of the gene's transcript);
spanning reads -> split reads; spanning pairs -> discordant pairs (``-`` = not counted);
inframe ``TRUE``/``FALSE``/``NA`` -> in-frame/out-of-frame/not stated; classification
(HighConfidence, MediumConfidence, LowConfidence seen; the wiki also lists
PotentialTransSplicing) -> confidence; known and rearrangement -> caller notes. ``gap (kb)``
(``Inf`` between chromosomes) stays in the raw row.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser, SampleChoice
from annotator.parsers.fusion_common import breakpoint_from_columns
from annotator.parsers.sample_choice import pick_rows
from annotator.parsers.textio import Head, Row, read_table, split_line

REQUIRED = (
    "fusion genes",
    "chrom1",
    "base1",
    "chrom2",
    "base2",
    "spanning pairs",
    "spanning reads",
)
FRAMES = {"TRUE": "in-frame", "FALSE": "out-of-frame"}
NOT_COUNTED = "-"


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None or "fusion genes" not in first:
        return False
    columns = [c.strip() for c in split_line(first, ",", True)]
    return all(c in columns for c in ("fusion genes", "base1", "spanning reads"))


def _count(row: Row, column: str) -> int | None:
    return None if row.get(column) == NOT_COUNTED else row.int(column)


def _frame(row: Row) -> str | None:
    value = row.get("inframe")
    if value is None:
        return None
    if value.upper() not in FRAMES:
        raise row.error("inframe", f"expected TRUE, FALSE or NA, got {value!r}")
    return FRAMES[value.upper()]


def _genes(row: Row) -> tuple[str, str, tuple[str, ...]]:
    name = row.text("fusion genes")
    parts = name.split(":")
    if len(parts) < 2 or not all(parts):
        raise row.error("fusion genes", f"expected 'GENE1:GENE2', got {name!r}")
    notes = (f"three-gene fusion {name}: first and last gene used",) if len(parts) > 2 else ()
    return parts[0], parts[-1], notes


def _notes(row: Row) -> tuple[str, ...]:
    notes = []
    for column in ("known", "rearrangement"):
        value = row.get(column)
        if value is not None and value != NOT_COUNTED:
            notes.append(f"{column}: {value}")
    return tuple(notes)


def _call(row: Row, path: str) -> FusionCall:
    gene5, gene3, gene_notes = _genes(row)
    return FusionCall(
        caller="JAFFA",
        gene5_field=gene5,
        gene3_field=gene3,
        bp5=breakpoint_from_columns(row, "chrom1", "base1", "strand1"),
        bp3=breakpoint_from_columns(row, "chrom2", "base2", "strand2"),
        split_reads=_count(row, "spanning reads"),
        discordant_reads=_count(row, "spanning pairs"),
        frame=_frame(row),
        confidence=row.get("classification"),
        name_field=row.text("fusion genes"),
        caller_notes=gene_notes + _notes(row),
        source=SourceRef(path, row.line, row.raw()),
    )


def parse(path: Path, samples: SampleChoice | None = None) -> ParsedInput:
    table = read_table(path, required=REQUIRED, delimiter=",", quoted=True)
    calls: list[FusionCall] = []
    rows: list[tuple[int, str]] = []  # (line, sample)
    for row in table.rows:
        calls.append(_call(row, table.path))
        rows.append((row.line, row.get("sample") or ""))
    layout = "2.x layout with strands" if "strand1" in table.header else "layout without strands"
    parsed = ParsedInput(
        path=table.path,
        format="jaffa",
        format_label=f"JAFFA jaffa_results.csv ({layout})",
        kind="fusion",
        records=tuple(calls),
        details=(("caller", "JAFFA"),),
    )
    return pick_rows(parsed, rows, samples)


PARSER = Parser(
    name="jaffa",
    label="JAFFA jaffa_results.csv (with and without strand columns)",
    kind="fusion",
    sniff_rule="comma-separated header with 'fusion genes', 'base1' and 'spanning reads' columns",
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(path, options.samples),
)
