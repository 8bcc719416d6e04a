"""nf-core fusion-report ``<sample>.fusions.json``: a JSON array, one object a fusion.

Format: fusion-report (github.com/Clinical-Genomics/fusion-report), its ``docs/example``
output; seen: the docs example (an older run: ``Score``/``Explained score``, nine tools, the
whole array on one line). Each object has ``Fusion`` (``A--B``, 5' gene first),
``Databases`` (list), the index (``Score`` or ``Fusion Indication Index (FII)``) and its
explanation, and one object per tool that found the fusion, e.g. ``"arriba": {"position":
"4:1806934#4:1727977", "split_reads1": "88", …}``.

Each tool object becomes one FusionCall, caller ``<Tool> (via fusion-report)``; support
fields map as described in ``fusion_report_tools``. The line of a call is the line of its
``"Fusion"`` key when the JSON is pretty-printed, else 1; the raw record names the entry
(``entry`` = its 1-based position in the array). The MultiQC ``fusion_genes_mqc.json`` (an
object with ``plot_type``, counts per database, no fusions) is not this format.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from annotator.errors import InputFormatError
from annotator.models import FusionCall, ParsedInput
from annotator.normalize.fusion_names import FusionNameError, split_fusion_name
from annotator.parsers.base import Parser
from annotator.parsers.fusion_list import SkippedRows
from annotator.parsers.fusion_report_tools import ToolValueError, tool_call
from annotator.parsers.textio import Head, open_text

SUMMARY_KEYS = ("Fusion", "Databases", "Fusion Indication Index (FII)", "Score")
_FUSION_KEY = re.compile(r'"Fusion"\s*:')
SNIFF_CHARS = 4096


def _start(head: Head) -> str:
    text = "".join(line.strip() for line in head.lines)[:SNIFF_CHARS]
    if text or not head.path:
        return text
    # One line longer than the sniffing window: read its start directly.
    with open_text(Path(head.path)) as fh:
        return fh.read(SNIFF_CHARS).strip()


def sniff(head: Head) -> bool:
    text = _start(head)
    return bool(re.match(r'^\[\s*\{\s*"Fusion"\s*:', text)) and '"Databases"' in text


def parse(path: Path) -> ParsedInput:
    with open_text(path) as fh:
        text = fh.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputFormatError(path, f"not valid JSON ({e.msg})", line=e.lineno) from e
    if not isinstance(data, list):
        raise InputFormatError(path, "expected a JSON array of fusions", line=1)
    lines = _entry_lines(text, len(data))
    calls: list[FusionCall] = []
    skipped = SkippedRows()
    tools: dict[str, None] = {}
    for number, (entry, line) in enumerate(zip(data, lines, strict=True), start=1):
        entry_calls = _entry_calls(path, number, line, entry)
        if not entry_calls:
            skipped.add("no tool reported this fusion", line, str(entry.get("Fusion")))
        calls.extend(entry_calls)
        tools.update((k, None) for k, v in entry.items() if isinstance(v, dict))
    return ParsedInput(
        path=str(path),
        format="fusion_report_json",
        format_label=f"fusion-report fusions.json ({len(tools)} tools: {', '.join(tools)})",
        kind="fusion",
        records=tuple(calls),
        skipped=skipped.entries(str(path)),
        details=(("caller", f"fusion-report summary of {', '.join(tools)}"),),
    )


def _entry_lines(text: str, count: int) -> list[int]:
    """Line of each entry's ``"Fusion"`` key, or 1 for all when they cannot be told apart."""
    found = [
        lineno
        for lineno, line in enumerate(text.splitlines(), start=1)
        for _ in _FUSION_KEY.finditer(line)
    ]
    return found if len(found) == count and len(set(found)) == count else [1] * count


def _entry_calls(path: Path, number: int, line: int, entry: Any) -> list[FusionCall]:
    where = f"entry {number}"
    if not isinstance(entry, dict) or not isinstance(entry.get("Fusion"), str):
        raise InputFormatError(path, f"{where}: expected an object with a 'Fusion' name", line=line)
    name = entry["Fusion"]
    try:
        split = split_fusion_name(name)
    except FusionNameError as e:
        raise InputFormatError(path, f"{where}: {e.problem}", line=line) from None
    if not split.is_fusion:
        raise InputFormatError(
            path, f"{where}: expected a fusion name 'GENE1--GENE2', got {name!r}", line=line
        )
    summary = _summary(entry, number)
    notes = tuple(f"fusion-report {k}: {v}" for k, v in summary if k in SUMMARY_KEYS[1:])
    calls = []
    for tool, fields in entry.items():
        if not isinstance(fields, dict):
            continue
        try:
            calls.append(
                tool_call(
                    tool,
                    {str(k): _text(v) for k, v in fields.items()},
                    gene5=split.gene5 or "",
                    gene3=split.gene3 or "",
                    name=name,
                    notes=notes,
                    path=str(path),
                    line=line,
                    summary=summary,
                )
            )
        except ToolValueError as e:
            raise InputFormatError(path, f"{where} ({name}): {tool}.{e.problem}", line=line) from e
    return calls


def _summary(entry: dict[str, Any], number: int) -> tuple[tuple[str, str], ...]:
    out = [("entry", str(number))]
    for key in SUMMARY_KEYS:
        if key in entry:
            out.append((key, _text(entry[key])))
    return tuple(out)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value) if value else ""
    return "" if value is None else str(value)


PARSER = Parser(
    name="fusion_report_json",
    label="fusion-report fusions.json (per-tool summary of nf-core/rnafusion)",
    kind="fusion",
    sniff_rule='a JSON array whose first object starts with a "Fusion" key and has "Databases"',
    sniff=sniff,
    parse=parse,
)
