"""deFuse ``results.tsv`` / ``results.classify.tsv`` / ``results.filtered.tsv``.

Format: deFuse README, "Output" (https://github.com/amcpherson/defuse): one prediction a line,
columns addressed by name (``cluster_id splitr_sequence splitr_count ... gene_name1 gene_name2
... genomic_break_pos1 genomic_break_pos2 genomic_strand1 genomic_strand2 ... span_count ...
transcript1 transcript2 [probability]``; the classified/filtered files add ``probability``). Seen:
deFuse 0.7 ``results.filtered.tsv`` (chimeraviz 833KE example, 68 columns) and an unclassified
``results.tsv`` (MAVIS test data, 67 columns).

Gene 1 and gene 2 are not in 5'->3' order. deFuse documents ``genomic_strand``: "retained
sequence upstream on this strand, breakpoint is downstream", so a gene whose genomic strand equals
its gene strand keeps its 5' part (it is the 5' partner) and one whose strands differ keeps its
3' part. When exactly one side is 5' the genes are put 5' first (a caller note says so when that
swaps them); otherwise (5'-5', 3'-3' or a strand missing) file order is kept and the call is marked
unordered. Mapping: gene_name -> genes; gene_chromosome + genomic_break_pos -> breakpoints
(1-based) with gene_strand; splitr_count -> split reads; span_count (spanning read pairs) ->
discordant pairs; orf ``Y`` -> in-frame (``N`` is not read as out-of-frame: it is also what
non-coding fusions get); gene_location -> sites; transcript (``ENSG…|ENST…``) -> transcript ids;
the Y/N flags interchromosomal, deletion, inversion, eversion, read_through, adjacent and
altsplice -> fusion type; probability -> caller note. The split-read sequence stays out of the
raw row.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import Breakpoint, FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_tables import gene, located, note, strand, without
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = (
    "gene_name1", "gene_name2", "gene_chromosome1", "gene_chromosome2", "gene_strand1",
    "gene_strand2", "genomic_break_pos1", "genomic_break_pos2", "genomic_strand1",
    "genomic_strand2", "splitr_count", "span_count",
)  # fmt: skip
FLAGS = ("interchromosomal", "deletion", "inversion", "eversion", "read_through", "adjacent",
         "altsplice")  # fmt: skip
BULKY = ("splitr_sequence", "denovo_sequence")


def sniff(head: Head) -> bool:
    return header_matches(
        head, "cluster_id\t", ("splitr_sequence", "gene_name1", "genomic_break_pos1")
    )


def _keeps_5prime(row: Row, n: int) -> bool | None:
    """Whether gene ``n`` keeps its 5' part (upstream of the break on its own strand)."""
    gene_strand, genomic = strand(row, f"gene_strand{n}"), strand(row, f"genomic_strand{n}")
    if gene_strand is None or genomic is None:
        return None
    return gene_strand == genomic


def _flag(row: Row, column: str) -> bool:
    value = row.get(column)
    if value not in (None, "Y", "N"):
        raise row.error(column, f"expected Y or N, got {value!r}")
    return value == "Y"


def _transcript(row: Row, column: str) -> str | None:
    value = row.get(column)
    return value.rsplit("|", 1)[-1] if value else None


def _breakpoint(row: Row, n: int) -> Breakpoint | None:
    sign = strand(row, f"gene_strand{n}")
    return located(row, f"gene_chromosome{n}", f"genomic_break_pos{n}", sign)


def _call(row: Row, path: str) -> FusionCall:
    sides = (1, 2)
    first5, second5 = _keeps_5prime(row, 1), _keeps_5prime(row, 2)
    ordered = first5 is not None and second5 is not None and first5 != second5
    notes: tuple[str, ...] = ()
    if ordered and second5:
        sides = (2, 1)
        notes = ("gene 2 keeps its 5' part (deFuse genomic/gene strands): listed 5' first",)
    elif not ordered:
        notes = ("deFuse strands do not make one gene 5' and the other 3'; genes in file order",)
    a, b = sides
    orf = _flag(row, "orf")
    types = [f for f in FLAGS if _flag(row, f)]
    return FusionCall(
        caller="deFuse",
        gene5_field=gene(row, f"gene_name{a}"),
        gene3_field=gene(row, f"gene_name{b}"),
        bp5=_breakpoint(row, a),
        bp3=_breakpoint(row, b),
        split_reads=row.int("splitr_count"),
        discordant_reads=row.int("span_count"),
        frame="in-frame" if orf else None,
        site5=row.get(f"gene_location{a}"),
        site3=row.get(f"gene_location{b}"),
        fusion_type=",".join(types) or None,
        transcript5=_transcript(row, f"transcript{a}"),
        transcript3=_transcript(row, f"transcript{b}"),
        caller_notes=note("probability", row.get("probability")) + notes,
        source=SourceRef(path, row.line, without(row.raw(), BULKY)),
        ordered=ordered,
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED)
    calls = tuple(_call(row, table.path) for row in table.rows)
    classified = "probability" in table.header
    return ParsedInput(
        path=table.path,
        format="defuse",
        format_label=f"deFuse results{' (classified)' if classified else ''} "
        f"({len(table.header)} columns)",
        kind="fusion",
        records=calls,
        details=(("caller", "deFuse"),),
    )


PARSER = Parser(
    name="defuse",
    label="deFuse results.tsv / results.classify.tsv / results.filtered.tsv",
    kind="fusion",
    sniff_rule="header starting 'cluster_id<TAB>' with splitr_sequence, gene_name1 and "
    "genomic_break_pos1 columns",
    sniff=sniff,
    parse=parse,
)
