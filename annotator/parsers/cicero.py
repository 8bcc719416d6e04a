"""CICERO (St. Jude) fusion tables: ``final_fusions.txt`` / ``final_internal.txt``,
``annotated.fusion.txt`` and the headerless ``unfiltered.fusion.txt`` / ``unfiltered.internal.txt``.

Format: the CICERO repository (https://github.com/stjude/CICERO): ``src/bin/annotate.pl`` writes
the 28-column annotated table (``sample geneA chrA posA ortA featureA geneB chrB posB ortB
featureB sv_ort readsA readsB matchA matchB repeatA repeatB coverageA coverageB ratioA ratioB
qposA qposB total_readsA total_readsB contig type``); the final tables add ``score rating medal
functional effect`` (a header name with a space), ``frame`` and the ``sv_*`` columns of
``sv_inframe.pl`` (comma lists with one entry per RefSeq isoform pair). ``src/bin/Cicero.pl``
prints the unfiltered candidates without a header; their 30 columns are named here after that
script's variables (``sample gene1 gene2 sc_cover sc_cutoff pos1 pos2``, then per breakpoint
``ort chr tstart tend qstart qend qstrand matches percent repeat`` around the contig ``qseq``,
then ``gap same_gene``). Seen: the CICERO repository test output (TCF3-PBX1; final_internal is
header-only).

Final/annotated mapping: geneA/geneB -> 5'/3' genes when ``sv_ort`` is ``>`` (annotate.pl
orients the contig so A is transcribed first); ``?`` means CICERO could not orient the event: file
order is kept and the call marked unordered. chrA/posA, chrB/posB -> breakpoints (1-based,
``chr`` dropped); ortA/ortB (contig strand after orientation, i.e. the transcript strand) ->
breakpoint strands only for ``>``; readsA + readsB (soft-clipped junction reads at each side) ->
split reads; no discordant count. ``frame`` codes of sv_inframe.pl: 1 in-frame, 0 out-of-frame
(frameshift), 2 5'-UTR fusion with the 3' gene's complete CDS, 3 potential 5'-UTR fusion; over
several isoform pairs the most favourable code (1 > 2 > 3 > 0) is reported and its first pair
gives transcript5/3 and exon5/3 (``sv_refseqA/B``, ``sv_refseqA/B_exon``). featureA/B -> sites,
type -> fusion type, rating (HQ/RT/LQ) -> confidence, medal, score and functional effect -> caller
notes. The contig and amino-acid sequences are left out of the raw row.

Unfiltered mapping: gene1/gene2 are the genes at the soft-clipped site and at its partner, not a
5'/3' order (the file lists a junction from both sides), so calls are unordered; sc_cover (reads
soft-clipped at the site, before CICERO re-quantifies the junction) -> split reads, with a note
and a warning that these are pre-filter candidates.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser, SampleChoice
from annotator.parsers.fusion_tables import Strand, gene, located, note, strand, without
from annotator.parsers.sample_choice import pick_rows
from annotator.parsers.textio import Head, Row, read_head, read_table

HEADER_START = "sample\tgeneA\tchrA\tposA\tortA\t"
REQUIRED = ("sample", "geneA", "chrA", "posA", "geneB", "chrB", "posB", "sv_ort", "readsA",
            "readsB")  # fmt: skip
UNFILTERED = (
    "sample", "gene1", "gene2", "sc_cover", "sc_cutoff", "pos1", "pos2",
    "ort1", "chr1", "tstart1", "tend1", "qstart1", "qend1", "qstrand1", "matches1", "percent1",
    "repeat1", "qseq",
    "ort2", "chr2", "tstart2", "tend2", "qstart2", "qend2", "qstrand2", "matches2", "percent2",
    "repeat2", "gap", "same_gene",
)  # fmt: skip
BULKY = ("contig", "qseq", "sv_AA", "sv_interstitial_AA")
# sv_inframe.pl codes, most favourable first.
FRAME_CODES = {
    "1": "in-frame",
    "2": "5'-UTR fusion, 3' gene with complete CDS",
    "3": "potential 5'-UTR fusion",
    "0": "out-of-frame",
}
DNA = frozenset("ACGTNacgtn")


def _unfiltered_line(line: str) -> bool:
    cells = line.split("\t")
    if len(cells) != len(UNFILTERED):
        return False
    cell = dict(zip(UNFILTERED, cells, strict=True))
    return (
        cell["ort1"] in ("1", "-1")
        and cell["ort2"] in ("1", "-1")
        and cell["same_gene"] in ("0", "1")
        and all(cell[c].isdigit() for c in ("sc_cover", "pos1", "pos2", "tstart1", "tstart2"))
        and bool(cell["chr1"]) and bool(cell["chr2"])
        and bool(cell["qseq"]) and set(cell["qseq"]) <= DNA
    )  # fmt: skip


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None:
        return False
    if first.startswith(HEADER_START):
        return True
    return all(_unfiltered_line(line) for line in head.lines if line.strip())


def _frame(row: Row) -> tuple[str | None, int | None, tuple[str, ...]]:
    """(frame, index of the isoform pair it comes from, notes) from the ``frame`` code list."""
    value = row.get("frame")
    if value is None:
        return None, None, ()
    codes = [c.strip() for c in value.split(",")]
    offset = 0
    for code in codes:
        if code and code not in FRAME_CODES:
            raise row.error(
                "frame", f"expected CICERO frame codes 0-3, got {code!r}", span=(offset, len(code))
            )
        offset += len(code) + 1
    given = [c for c in codes if c]
    if not given:
        return None, None, ()
    best = next(c for c in FRAME_CODES if c in given)
    notes: tuple[str, ...] = ()
    if len(set(given)) > 1:
        counts = ", ".join(f"{c} ×{given.count(c)}" for c in FRAME_CODES if c in given)
        notes = (f"frame codes differ between RefSeq isoform pairs ({counts}); best reported",)
    return FRAME_CODES[best], codes.index(best), notes


def _item(row: Row, column: str, index: int | None) -> str | None:
    """Entry ``index`` of a per-isoform-pair comma list."""
    value = row.get(column)
    if value is None or index is None:
        return None
    items = value.split(",")
    if index >= len(items):
        return None
    return items[index].strip() or None


def _exon(row: Row, column: str, index: int | None) -> int | None:
    item = _item(row, column, index)
    if item is None:
        return None
    if not item.isdigit():
        raise row.error(column, f"expected exon numbers, got {item!r}")
    return int(item)


def _orientation(row: Row) -> tuple[bool, Strand | None, Strand | None]:
    """(ordered, 5' strand, 3' strand) from sv_ort and the contig strands."""
    sv_ort = row.text("sv_ort")
    if sv_ort == "?":
        return False, None, None
    if sv_ort != ">":
        raise row.error("sv_ort", f"expected '>' or '?', got {sv_ort!r}")
    return True, strand(row, "ortA"), strand(row, "ortB")


def _split(row: Row, *columns: str) -> int | None:
    counts = [row.int(c) for c in columns]
    if all(c is None for c in counts):
        return None
    return sum(c or 0 for c in counts)


def _final_call(row: Row, path: str) -> FusionCall:
    ordered, strand5, strand3 = _orientation(row)
    frame, pair, frame_notes = _frame(row)
    notes = (
        note("medal", row.get("medal"))
        + note("score", row.get("score"))
        + note("functional effect", row.get("functional effect"))
        + frame_notes
    )
    if not ordered:
        notes += ("CICERO could not orient the fusion (sv_ort '?'); genes in file order",)
    return FusionCall(
        caller="CICERO",
        gene5_field=gene(row, "geneA"),
        gene3_field=gene(row, "geneB"),
        bp5=located(row, "chrA", "posA", strand5),
        bp3=located(row, "chrB", "posB", strand3),
        split_reads=_split(row, "readsA", "readsB"),
        discordant_reads=None,
        frame=frame,
        site5=row.get("featureA"),
        site3=row.get("featureB"),
        confidence=row.get("rating"),
        fusion_type=row.get("type"),
        transcript5=_item(row, "sv_refseqA", pair),
        transcript3=_item(row, "sv_refseqB", pair),
        exon5=_exon(row, "sv_refseqA_exon", pair),
        exon3=_exon(row, "sv_refseqB_exon", pair),
        caller_notes=notes,
        source=SourceRef(path, row.line, without(row.raw(), BULKY)),
        ordered=ordered,
    )


def _unfiltered_call(row: Row, path: str) -> FusionCall:
    same_gene = row.text("same_gene") == "1"
    return FusionCall(
        caller="CICERO",
        gene5_field=gene(row, "gene1"),
        gene3_field=gene(row, "gene2"),
        bp5=located(row, "chr1", "pos1"),
        bp3=located(row, "chr2", "pos2"),
        split_reads=row.int("sc_cover"),
        discordant_reads=None,
        fusion_type="internal (same gene)" if same_gene else None,
        caller_notes=(
            "unfiltered CICERO candidate: genes in the order soft-clipped site, partner "
            "(not 5'->3')",
            "split reads = reads soft-clipped at the first breakpoint, before CICERO's "
            "junction quantification",
        ),
        source=SourceRef(path, row.line, without(row.raw(), BULKY)),
        ordered=False,
    )


def parse(path: Path, samples: SampleChoice | None = None) -> ParsedInput:
    headed = (read_head(path).first_content_line() or "").startswith(HEADER_START)
    if headed:
        table = read_table(path, required=REQUIRED)
        calls = [_final_call(row, table.path) for row in table.rows]
        final = "rating" in table.header
        layout = "final_fusions" if final else "annotated.fusion"
        label = f"CICERO {layout} table ({len(table.header)} columns)"
    else:
        table = read_table(path, names=UNFILTERED)
        calls = [_unfiltered_call(row, table.path) for row in table.rows]
        label = f"CICERO unfiltered candidates (no header, {len(UNFILTERED)} columns)"
    rows = [(c.source.line, c.source.raw_dict().get("sample", "")) for c in calls]
    warnings = (
        ()
        if headed
        else (
            f"{table.path}: unfiltered CICERO candidates (before CICERO's annotation and "
            "filtering); final_fusions.txt is the result to report",
        )
    )
    parsed = ParsedInput(
        path=table.path,
        format="cicero",
        format_label=label,
        kind="fusion",
        records=tuple(calls),
        warnings=warnings,
        details=(("caller", "CICERO"),),
    )
    return pick_rows(parsed, rows, samples)


PARSER = Parser(
    name="cicero",
    label="CICERO final_fusions / annotated.fusion / unfiltered.fusion tables",
    kind="fusion",
    sniff_rule="header starting 'sample<TAB>geneA<TAB>chrA<TAB>posA<TAB>ortA', or headerless "
    "30-column rows of CICERO candidates (orientations 1/-1, contig sequence, same_gene 0/1)",
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(path, options.samples),
)
