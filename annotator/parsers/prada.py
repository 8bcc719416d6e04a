"""PRADA ``prada-fusion`` candidate table (``*.fusion.fq.TAF.tsv`` and the plain fusion list).

Format: PRADA manual (https://sourceforge.net/projects/prada/, "prada-fusion" output) and the
chimeraviz importer. Tab-separated with a header: ``sample Gene_A Gene_B A_chr B_chr A_strand
B_strand Discordant_n JSR_n perfectJSR_n Junc_n Position_Consist Junction Identity Align_Len
Evalue BitScore`` (+ ``TAF_info max_TAF`` in the transcript-allele-fraction file). Seen: the
chimeraviz example (TCGA-OR-A5J1, 10 candidates, CRLF line ends).

Gene_A is the 5' partner and Gene_B the 3' partner; A_strand/B_strand are their gene strands
(``1``/``-1``). ``Junction`` lists each junction as ``GENE:CHR:POS_GENE:CHR:POS,reads`` joined by
``|``: the best-supported one (the first on a tie) gives the breakpoints (1-based, gene strand)
and the others go to caller notes. Discordant_n -> discordant pairs; JSR_n (junction-spanning
reads over all junctions) -> split reads; Position_Consist -> caller note. A candidate with no
junction has no breakpoints.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.models import Breakpoint, FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser, SampleChoice
from annotator.parsers.fusion_tables import Strand, chromosome, gene, note, strand
from annotator.parsers.sample_choice import pick_rows
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = ("Gene_A", "Gene_B", "A_strand", "B_strand", "Discordant_n", "JSR_n", "Junction")
_JUNCTION = re.compile(
    r"^(?P<gene5>[^:]+):(?P<chrom5>[^:_]+):(?P<pos5>\d+)"
    r"_(?P<gene3>[^:]+):(?P<chrom3>[^:]+):(?P<pos3>\d+),(?P<reads>\d+)$"
)


def sniff(head: Head) -> bool:
    return header_matches(head, "sample\tGene_A\tGene_B\t", ("Discordant_n", "JSR_n"))


def _junctions(row: Row) -> list[re.Match[str]]:
    value = row.get("Junction")
    if value is None:
        return []
    found = []
    offset = 0
    for item in value.split("|"):
        m = _JUNCTION.match(item)
        if m is None or int(m.group("pos5")) < 1 or int(m.group("pos3")) < 1:
            raise row.error(
                "Junction",
                f"expected junctions like 'GENE:CHR:POS_GENE:CHR:POS,READS', got {item!r}",
                span=(offset, max(len(item), 1)),
            )
        found.append(m)
        offset += len(item) + 1
    return found


def _label(m: re.Match[str]) -> str:
    return (
        f"{m.group('gene5')} {m.group('chrom5')}:{m.group('pos5')} - "
        f"{m.group('gene3')} {m.group('chrom3')}:{m.group('pos3')} ({m.group('reads')} reads)"
    )


def _call(row: Row, path: str) -> FusionCall:
    strand5: Strand | None = strand(row, "A_strand", ("1", "+"), ("-1", "-"))
    strand3: Strand | None = strand(row, "B_strand", ("1", "+"), ("-1", "-"))
    junctions = _junctions(row)
    best = max(junctions, key=lambda m: int(m.group("reads")), default=None)
    bp5 = bp3 = None
    notes = note("Position_Consist", row.get("Position_Consist"))
    if best is not None:
        bp5 = Breakpoint(chromosome(best.group("chrom5")), int(best.group("pos5")), strand5)
        bp3 = Breakpoint(chromosome(best.group("chrom3")), int(best.group("pos3")), strand3)
        notes += tuple(f"other junction: {_label(m)}" for m in junctions if m is not best)
    return FusionCall(
        caller="PRADA",
        gene5_field=gene(row, "Gene_A"),
        gene3_field=gene(row, "Gene_B"),
        bp5=bp5,
        bp3=bp3,
        split_reads=row.int("JSR_n"),
        discordant_reads=row.int("Discordant_n"),
        caller_notes=notes,
        source=SourceRef(path, row.line, row.raw()),
    )


def parse(path: Path, samples: SampleChoice | None = None) -> ParsedInput:
    table = read_table(path, required=REQUIRED)
    calls = tuple(_call(row, table.path) for row in table.rows)
    rows = [(c.source.line, c.source.raw_dict().get("sample", "")) for c in calls]
    taf = "max_TAF" in table.header
    parsed = ParsedInput(
        path=table.path,
        format="prada",
        format_label=f"PRADA fusion candidates{' with TAF' if taf else ''}",
        kind="fusion",
        records=calls,
        details=(("caller", "PRADA"),),
    )
    return pick_rows(parsed, rows, samples)


PARSER = Parser(
    name="prada",
    label="PRADA prada-fusion candidates (with or without TAF columns)",
    kind="fusion",
    sniff_rule="header starting 'sample<TAB>Gene_A<TAB>Gene_B' with Discordant_n and JSR_n",
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(path, options.samples),
)
