"""EricScript ``<sample>.results.total.tsv`` / ``results.filtered.tsv``.

Format: EricScript manual (https://sites.google.com/site/bioericscript/, results section).
Tab-separated ``GeneName1 GeneName2 chr1 Breakpoint1 strand1 chr2 Breakpoint2 strand2
EnsemblGene1 EnsemblGene2 crossingreads spanningreads mean.insertsize homology fusiontype
[Blacklist] InfoGene1 InfoGene2 JunctionSequence GeneExpr1 GeneExpr2 GeneExpr_Fused ES GJS US
EricScore``. Seen: the nf-core fusion-report test (0.5.x, 25 columns) and chimeraviz's
SRR1657556 example (26 columns, with ``Blacklist``).

EricScript's read-count names are the reverse of the usual meaning: ``spanningreads`` counts
reads over the junction (split reads) and ``crossingreads`` read pairs with one mate on each
gene (discordant pairs); they are mapped by meaning, not by name. GeneName1 is the 5' partner;
breakpoints come from chr/Breakpoint/strand columns (1-based, Ensembl contigs, gene strand).
fusiontype (``inter-chromosomal``, ``intra-chromosomal``, ``Read-Through``) -> fusion type; a
Blacklist entry -> filter; EricScore (0-1) -> caller note.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import breakpoint_from_columns
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = (
    "GeneName1",
    "GeneName2",
    "chr1",
    "Breakpoint1",
    "chr2",
    "Breakpoint2",
    "crossingreads",
    "spanningreads",
)


def sniff(head: Head) -> bool:
    return header_matches(
        head, "GeneName1\tGeneName2\t", ("spanningreads", "crossingreads", "Breakpoint1")
    )


def _call(row: Row, path: str) -> FusionCall:
    score = row.float("EricScore")
    blacklist = row.get("Blacklist")
    return FusionCall(
        caller="EricScript",
        gene5_field=row.text("GeneName1"),
        gene3_field=row.text("GeneName2"),
        bp5=breakpoint_from_columns(row, "chr1", "Breakpoint1", "strand1"),
        bp3=breakpoint_from_columns(row, "chr2", "Breakpoint2", "strand2"),
        # EricScript's names are inverted: spanningreads = junction reads.
        split_reads=row.int("spanningreads"),
        discordant_reads=row.int("crossingreads"),
        fusion_type=row.get("fusiontype"),
        filters=(f"Blacklist: {blacklist}",) if blacklist else (),
        caller_notes=(f"EricScore: {row.get('EricScore')}",) if score is not None else (),
        source=SourceRef(path, row.line, row.raw()),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED)
    calls = tuple(_call(row, table.path) for row in table.rows)
    return ParsedInput(
        path=table.path,
        format="ericscript",
        format_label=f"EricScript results.total.tsv ({len(table.header)} columns)",
        kind="fusion",
        records=calls,
        details=(("caller", "EricScript"),),
    )


PARSER = Parser(
    name="ericscript",
    label="EricScript results.total.tsv / results.filtered.tsv",
    kind="fusion",
    sniff_rule="header line starting 'GeneName1<TAB>GeneName2' with Breakpoint1, crossingreads "
    "and spanningreads columns",
    sniff=sniff,
    parse=parse,
)
