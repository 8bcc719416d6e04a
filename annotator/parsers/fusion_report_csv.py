"""nf-core fusion-report ``<sample>.fusions.csv``: one fusion a row, one column per tool.

Format: fusion-report (github.com/Clinical-Genomics/fusion-report), its ``docs/example``
output; seen: the docs example (CRLF, quoted cells, newer "Fusion Indication Index (FII)"
columns; older runs write ``Score``/``Explained score`` instead). Columns: ``Fusion`` (``A--B``,
5' gene first), ``Databases`` (comma list, quoted), the index and its explanation, then one
column per tool holding ``key: value`` pairs joined by commas (``position: 4:1806934#4:1727977,
split_reads1: 88,…``), empty when the tool did not find the fusion.

Each filled tool cell becomes one FusionCall, caller ``<Tool> (via fusion-report)``, so the
report sees which tools agree; the support fields of each tool map as described in
``fusion_report_tools``. The index and databases are kept as caller notes. fusion-report's
other outputs: ``fusions.json`` is read by ``fusion_report_json``; ``fusion_list*.tsv`` are
plain lists (``fusion_list``); the MultiQC ``fusion_genes_mqc.json`` holds only counts of
fusions per database (a bar plot), no fusions, and is not read.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.models import FusionCall, ParsedInput
from annotator.normalize.fusion_names import FusionNameError, split_fusion_name
from annotator.parsers.base import Parser
from annotator.parsers.fusion_list import SkippedRows, name_error
from annotator.parsers.fusion_report_tools import ToolValueError, tool_call
from annotator.parsers.textio import Head, Row, read_table, split_line

SUMMARY_COLUMNS = frozenset(
    {"Fusion", "Databases", "Fusion Indication Index (FII)", "Explained FII", "Score",
     "Explained score"}
)  # fmt: skip
INDEX_COLUMNS = ("Fusion Indication Index (FII)", "Score")
_PAIR_START = re.compile(r",\s*(?=[A-Za-z0-9_.\-]+: )")


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None or not first.startswith("Fusion,Databases,"):
        return False
    columns = [c.strip() for c in split_line(first, ",", True)]
    return any(c in columns for c in INDEX_COLUMNS)


def parse(path: Path) -> ParsedInput:
    table = read_table(path, delimiter=",", quoted=True, required=("Fusion", "Databases"))
    tools = [c for c in table.header if c and c not in SUMMARY_COLUMNS]
    index = next((c for c in INDEX_COLUMNS if c in table.header), None)
    calls: list[FusionCall] = []
    skipped = SkippedRows()
    for row in table.rows:
        row_calls = _row_calls(row, tools, index)
        if not row_calls:
            skipped.add("no tool column filled for this fusion", row.line, row.text("Fusion"))
        calls.extend(row_calls)
    return ParsedInput(
        path=table.path,
        format="fusion_report_csv",
        format_label=f"fusion-report fusions.csv ({len(tools)} tools: {', '.join(tools)})",
        kind="fusion",
        records=tuple(calls),
        skipped=skipped.entries(table.path),
        details=(("caller", f"fusion-report summary of {', '.join(tools)}"),),
    )


def _row_calls(row: Row, tools: list[str], index: str | None) -> list[FusionCall]:
    name = row.text("Fusion")
    try:
        split = split_fusion_name(name)
    except FusionNameError as e:
        raise name_error(row, "Fusion", e) from None
    if not split.is_fusion:
        raise row.error("Fusion", f"expected a fusion name 'GENE1--GENE2', got {name!r}")
    summary = [("Fusion", name), ("Databases", row.get("Databases") or "")]
    notes = [f"fusion-report Databases: {row.get('Databases') or 'none'}"]
    if index and row.get(index):
        summary.append((index, row.text(index)))
        notes.append(f"fusion-report {index}: {row.text(index)}")
    calls = []
    for tool in tools:
        cell = row.get(tool)
        if cell is None:
            continue
        fields = _fields(row, tool, cell)
        try:
            calls.append(
                tool_call(
                    tool,
                    fields,
                    gene5=split.gene5 or "",
                    gene3=split.gene3 or "",
                    name=name,
                    notes=tuple(notes),
                    path=row.path,
                    line=row.line,
                    summary=tuple(summary),
                )
            )
        except ToolValueError as e:
            raise row.error(tool, e.problem, span=_span(cell, e.key)) from None
    return calls


def _fields(row: Row, tool: str, cell: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in _PAIR_START.split(cell.strip()):
        key, sep, value = part.partition(": ")
        if not sep:
            raise row.error(
                tool, f"expected 'key: value' pairs, got {part!r}", span=_span(cell, part)
            )
        fields[key.strip()] = value.strip()
    return fields


def _span(cell: str, key: str) -> tuple[int, int]:
    text = cell.strip()
    start = text.find(f"{key}: ")
    if start < 0:
        start = max(text.find(key), 0)
    end = text.find(",", start)
    return start, (end if end > start else len(text)) - start


PARSER = Parser(
    name="fusion_report_csv",
    label="fusion-report fusions.csv (per-tool summary of nf-core/rnafusion)",
    kind="fusion",
    sniff_rule="comma-separated header starting 'Fusion,Databases,' with a 'Fusion Indication "
    "Index (FII)' or 'Score' column",
    sniff=sniff,
    parse=parse,
)
