"""pizzly fusion table, as flattened from pizzly's JSON by its ``flatten_json.py`` script.

Format: https://github.com/pmelsted/pizzly (README, "Output"). pizzly writes JSON; pipelines
(nf-core/rnafusion, fusion-report) read the flat table ``geneA.name geneA.id geneB.name geneB.id
paircount splitcount transcripts.list``. Seen: the nf-core fusion-report test file. geneA is the
5' partner. pizzly aligns to a transcriptome, so the table has **no genomic breakpoints**: only
``;``-separated transcript pairs ``ENST…_start:end_ENST…_start:end`` (transcript coordinates),
kept in the raw row. Calls therefore name genes and support but not exons or frame.

Mapping: geneA.name/geneB.name -> 5'/3' genes; splitcount -> split reads; paircount ->
discordant pairs; the number of transcript pairs -> caller note.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = ("geneA.name", "geneB.name", "paircount", "splitcount")


def sniff(head: Head) -> bool:
    return header_matches(head, "geneA.name\t", ("geneB.name", "paircount", "splitcount"))


def _notes(row: Row) -> tuple[str, ...]:
    transcripts = row.get("transcripts.list")
    if transcripts is None:
        return ()
    pairs = sum(1 for t in transcripts.split(";") if t.strip())
    return (f"{pairs} transcript pair{'s' if pairs != 1 else ''}; no genomic breakpoints",)


def _call(row: Row, path: str) -> FusionCall:
    return FusionCall(
        caller="pizzly",
        gene5_field=row.text("geneA.name"),
        gene3_field=row.text("geneB.name"),
        bp5=None,
        bp3=None,
        split_reads=row.int("splitcount"),
        discordant_reads=row.int("paircount"),
        caller_notes=_notes(row),
        source=SourceRef(path, row.line, row.raw()),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED)
    calls = tuple(_call(row, table.path) for row in table.rows)
    return ParsedInput(
        path=table.path,
        format="pizzly",
        format_label="pizzly flattened fusion table (transcript coordinates only)",
        kind="fusion",
        records=calls,
        details=(("caller", "pizzly"), ("breakpoints", "none (transcriptome alignment)")),
    )


PARSER = Parser(
    name="pizzly",
    label="pizzly flattened fusion table (flatten_json.py output)",
    kind="fusion",
    sniff_rule="header line starting 'geneA.name' with geneB.name, paircount and splitcount "
    "columns",
    sniff=sniff,
    parse=parse,
)
