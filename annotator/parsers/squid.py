"""SQUID transcriptomic structural variants: raw ``<prefix>_sv.txt`` and the output of SQUID's
``AnnotateSQUIDOutput.py`` (``_annotated.txt``).

Format: https://github.com/Kingsford-Group/squid (README, "Output specification"). BEDPE-like,
tab-separated ``chrom1 start1 end1 chrom2 start2 end2 name score strand1 strand2`` followed by
``num_concordantfrag_bp1 num_concordantfrag_bp2`` (raw) or ``Type FusedGenes`` (annotated, header
``# chrom1 …``). Seen: chimeraviz's HCC1954 ``_sv.txt`` and the nf-core fusion-report annotated
test file. All positions are 0-based; each row joins two segments, and strand is the
**segment's orientation in the joined molecule, not the gene strand** (NTRK3 is ``+`` here):
with ``+`` the junction is the segment's right end (``end``, which is also the 1-based last
base), with ``-`` its left end (``start + 1`` in 1-based terms). Breakpoints carry no strand.

Segments are listed in genomic order, not 5'->3'. The annotated FusedGenes ``A:B[,C:D]`` names
the 5' gene first (SQUID's annotator puts first the gene whose strand matches its segment's), but
not which segment is whose. The parser pairs them through the bundled MANE gene models (either
build): a listed gene whose model contains exactly one segment's breakpoint places that segment.
The IMT kinases are all modelled, so their calls are placed; otherwise both breakpoints are left
unset and stated in a caller note rather than guessed. Several pairs give ``,`` lists of 5' and
3' genes, kept raw. Raw ``_sv.txt`` rows and ``non-fusion-gene`` rows name no genes: their
breakpoints are kept in file order with the call marked as not stating a 5'/3' order (genes then
come from the gene models at the breakpoints). Score (SQUID's weighted count of supporting
reads) -> total reads; Type -> fusion type.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import Breakpoint, FusionCall, ParsedInput, SourceRef
from annotator.normalize.genes import current_symbol
from annotator.parsers.base import Parser
from annotator.parsers.textio import Head, Row, read_table
from annotator.reference.genes import BUILDS, gene_models

BEDPE = ("chrom1", "start1", "end1", "chrom2", "start2", "end2", "name", "score", "strand1",
         "strand2")  # fmt: skip
RAW_EXTRA = "num_concordantfrag_bp1"
ANNOTATED_EXTRA = "FusedGenes"
# How far outside a MANE model a SQUID breakpoint may lie and still place that gene: SQUID's own
# annotator allows 50 bp, and other isoforms can reach past the MANE transcript's ends.
MODEL_MARGIN = 1000


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None:
        return False
    columns = tuple(c.strip() for c in first.lstrip("#").split("\t"))
    return columns[: len(BEDPE)] == BEDPE and (RAW_EXTRA in columns or ANNOTATED_EXTRA in columns)


def _position(row: Row, column: str) -> int:
    value = row.int(column)
    if value is None:
        raise row.error(column, "expected a 0-based position, got nothing")
    if value < 0:
        raise row.error(column, f"expected a 0-based position, got {value}")
    return value


def _segment(row: Row, n: int) -> Breakpoint:
    """The junction end of segment ``n`` as a 1-based breakpoint (no strand: not the gene's)."""
    start, end = _position(row, f"start{n}"), _position(row, f"end{n}")
    if end < start:
        raise row.error(f"end{n}", f"expected an end >= start ({start}), got {end}")
    orientation = row.get(f"strand{n}")
    if orientation not in ("+", "-"):
        raise row.error(f"strand{n}", f"expected a segment strand '+' or '-', got {orientation!r}")
    chrom = row.text(f"chrom{n}").removeprefix("chr")
    return Breakpoint("MT" if chrom == "M" else chrom, end if orientation == "+" else start + 1)


def _pairs(row: Row) -> list[tuple[str, str]]:
    value = row.get(ANNOTATED_EXTRA)
    if value is None:
        return []
    pairs = []
    for item in value.split(","):
        gene5, sep, gene3 = item.strip().partition(":")
        if not sep or not gene5 or not gene3:
            raise row.error(ANNOTATED_EXTRA, f"expected 'GENE1:GENE2[,…]', got {value!r}")
        pairs.append((gene5, gene3))
    return pairs


def _first_is_5prime(
    genes5: list[str], genes3: list[str], a: Breakpoint, b: Breakpoint
) -> bool | None:
    """Whether segment ``a`` is the 5' gene's, from the bundled models; None when undecided."""
    votes = set()
    for build in BUILDS:
        models = gene_models(build)
        for genes, is_5prime in ((genes5, True), (genes3, False)):
            for gene in genes:
                model = models.get(current_symbol(gene))
                if model is None:
                    continue
                in_a = model.contains(a.chrom, a.pos, MODEL_MARGIN)
                in_b = model.contains(b.chrom, b.pos, MODEL_MARGIN)
                if in_a != in_b:
                    votes.add(in_a == is_5prime)
    return votes.pop() if len(votes) == 1 else None


def _unique(items: list[str]) -> str:
    return ",".join(dict.fromkeys(items))


def _call(row: Row, path: str) -> FusionCall:
    a, b = _segment(row, 1), _segment(row, 2)
    pairs = _pairs(row)
    genes5, genes3 = [p[0] for p in pairs], [p[1] for p in pairs]
    bp5: Breakpoint | None = a
    bp3: Breakpoint | None = b
    notes: tuple[str, ...] = ()
    if pairs:
        first5 = _first_is_5prime(genes5, genes3, a, b)
        if first5 is None:
            bp5 = bp3 = None
            notes = (f"segment breakpoints {a} and {b}; which gene each belongs to is not stated",)
        elif not first5:
            bp5, bp3 = b, a
    score = row.float("score")
    return FusionCall(
        caller="SQUID",
        gene5_field=_unique(genes5),
        gene3_field=_unique(genes3),
        bp5=bp5,
        bp3=bp3,
        split_reads=None,
        discordant_reads=None,
        total_reads=round(score) if score is not None else None,
        fusion_type=row.get("Type"),
        name_field=row.get(ANNOTATED_EXTRA),
        caller_notes=notes,
        source=SourceRef(path, row.line, row.raw()),
        # Without a gene pair the two segments are in genomic order, not 5'->3'.
        ordered=bool(pairs),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, header_prefix="#", required=BEDPE)
    calls = tuple(_call(row, table.path) for row in table.rows)
    annotated = ANNOTATED_EXTRA in table.header
    return ParsedInput(
        path=table.path,
        format="squid",
        format_label=f"SQUID {'annotated' if annotated else '_sv.txt'} transcriptomic SVs",
        kind="fusion",
        records=calls,
        details=(
            ("caller", "SQUID"),
            ("strands", "segment orientations, not gene strands"),
        ),
    )


PARSER = Parser(
    name="squid",
    label="SQUID _sv.txt and annotated transcriptomic SVs (BEDPE-like)",
    kind="fusion",
    sniff_rule="header 'chrom1 start1 end1 chrom2 start2 end2 name score strand1 strand2' "
    "(optionally after '#') with num_concordantfrag_bp1 or FusedGenes",
    sniff=sniff,
    parse=parse,
)
