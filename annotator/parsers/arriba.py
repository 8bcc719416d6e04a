"""Arriba ``fusions.tsv`` (and ``fusions.discarded.tsv``), versions 1.x and 2.x.

Format: https://arriba.readthedocs.io/en/latest/output-files/ . Columns moved between versions
(1.x: 24 columns, direction before split reads, no tags/domains/ids; 2.x: 30 columns), so every
column is addressed by name. gene1 is the 5' partner, gene2 the 3' partner; breakpoints are
``CONTIG:POS`` (1-based, contig as in the BAM). Seen: Arriba 1.1 (nf-core fusion-report test),
2.1-2.4 (Arriba repository test, umccr RNAsum).
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import breakpoint, frame
from annotator.parsers.textio import Head, header_matches, read_table

REQUIRED = (
    "gene1",
    "gene2",
    "breakpoint1",
    "breakpoint2",
    "split_reads1",
    "split_reads2",
    "discordant_mates",
)


def sniff(head: Head) -> bool:
    return header_matches(head, "#gene1\tgene2\t", ("breakpoint1", "split_reads1"))


def _domains3(value: str | None) -> tuple[str, ...] | None:
    """3' side of ``retained_protein_domains`` (``5'doms|3'doms``), domain names only."""
    if value is None or "|" not in value:
        return None
    three = value.split("|", 1)[1]
    names = []
    for item in three.split(","):
        item = item.strip()
        if item:
            names.append(item.rsplit("(", 1)[0] if item.endswith("%)") else item)
    return tuple(names)


def parse(path: Path) -> ParsedInput:
    table = read_table(path, header_prefix="#", required=REQUIRED)
    version = "2.x" if "retained_protein_domains" in table.header else "1.x"
    calls = []
    for row in table.rows:
        split1, split2 = row.int("split_reads1"), row.int("split_reads2")
        calls.append(
            FusionCall(
                caller="Arriba",
                gene5_field=row.text("gene1"),
                gene3_field=row.text("gene2"),
                bp5=breakpoint(row, "breakpoint1"),
                bp3=breakpoint(row, "breakpoint2"),
                split_reads=(split1 or 0) + (split2 or 0)
                if split1 is not None or split2 is not None
                else None,
                discordant_reads=row.int("discordant_mates"),
                frame=frame(row.get("reading_frame")),
                site5=row.get("site1"),
                site3=row.get("site2"),
                confidence=row.get("confidence"),
                fusion_type=row.get("type"),
                transcript5=row.get("transcript_id1"),
                transcript3=row.get("transcript_id2"),
                retained_domains3=_domains3(row.get("retained_protein_domains")),
                source=SourceRef(table.path, row.line, _raw_without_reads(row.raw())),
            )
        )
    return ParsedInput(
        path=table.path,
        format="arriba",
        format_label=f"Arriba fusions.tsv ({version} layout, {len(table.header)} columns)",
        kind="fusion",
        records=tuple(calls),
        details=(("caller", f"Arriba {version}"),),
    )


def _raw_without_reads(raw: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    # read_identifiers can hold thousands of read names; the report keeps everything else.
    return tuple((k, v) for k, v in raw if k != "read_identifiers")


PARSER = Parser(
    name="arriba",
    label="Arriba fusions.tsv (1.x and 2.x)",
    kind="fusion",
    sniff_rule="header line starting '#gene1<TAB>gene2' with breakpoint1 and split_reads1 columns",
    sniff=sniff,
    parse=parse,
)
