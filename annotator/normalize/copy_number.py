"""Copy-number segments -> gene-level calls (amplification, gain, neutral, loss, deletion).

A gene is assigned to segments in two ways, in this order:

1. **caller gene column**: the segment's own gene list names the gene. CNVkit lists the genes of
   the bins inside the segment, written as the panel BED named them, so each entry is split on
   ``;`` and ``,`` (``NTRK1;SH2D2A_CGH``), the ``_CGH`` suffix some panels give backbone probes
   is dropped and previous symbols are mapped (``normalize.genes``).
2. **gene coordinates**: otherwise, any segment on the same chromosome overlapping the gene's
   MANE Select extent in the chosen build (``reference.genes``). This catches segments whose
   bins carry no gene label (CNVkit ``-``, off-target "antitarget" bins) but span the gene.

When several segments cover one gene (a breakpoint inside it, or focal and broad segments
both listing it) the most extreme one is reported (see ``_severity``), so an amplicon that
covers only part of a gene is not hidden by a neutral segment over the rest.

The call uses the absolute integer copy number when the caller gives one (CNVkit ``call``
``cn``, which may already include purity and ploidy corrections) and the log2 ratio otherwise.
Sex chromosomes get no special baseline: none of the IMT genes lie on X or Y.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.errors import UsageError
from annotator.models import CopyNumberSegment
from annotator.normalize.genes import current_symbol, parse_gene_field
from annotator.reference.genes import Build, gene_models

Call = Literal["amplification", "gain", "neutral", "loss", "deletion"]
Basis = Literal["copies", "log2"]
HowAssigned = Literal["caller gene column", "gene coordinates"]

# Some panel BEDs (e.g. the one behind CNVkit's nv3 test file) label copy-number backbone probes
# "<GENE>_CGH"; they measure the gene's copy number just the same.
CGH_SUFFIX = "_CGH"


@dataclass(frozen=True, slots=True)
class CopyNumberThresholds:
    """Cut-offs from segment values to calls; a lab may change any of them.

    Copy-number cut-offs apply to an absolute integer copy number (CNVkit ``cn``); log2 cut-offs
    apply to the segment log2 ratio when no copy number is given. Comparisons are inclusive:
    ``copies >= amplification_copies`` or ``log2 >= amplification_log2`` is an amplification.
    The log2 defaults assume a diploid genome and a pure tumour; impurity pulls ratios towards
    0, so a low-purity sample may need lower cut-offs (or CNVkit ``call --purity``).
    """

    # >= 6 copies (>= 3x the diploid baseline): a commonly used cut-off for focal amplification
    # (e.g. MDM2/CDK4), well above the 3-4 copies of broad arm-level or whole-chromosome gains.
    amplification_copies: int = 6
    # log2(6 / 2) = 1.585: the ratio 6 copies give in a diploid genome.
    amplification_log2: float = 1.58
    # 3-5 copies: one or more extra copies, below the amplification level.
    gain_copies: int = 3
    # log2(2.5 / 2) = 0.32: halfway (in copies) between 2 and 3, so a clonal single-copy gain in
    # a pure tumour (log2 0.585) is called and noise around 0 is not.
    gain_log2: float = 0.32
    # <= 1 copy: single-copy (heterozygous) loss.
    loss_copies: int = 1
    # log2(1.5 / 2) = -0.415: halfway between 2 and 1 copies; a clonal one-copy loss in a pure
    # tumour gives -1.0.
    loss_log2: float = -0.41
    # 0 copies: homozygous (deep) deletion.
    deletion_copies: int = 0
    # -1.1: CNVkit's own default cut-off for 0 copies in ``call`` (thresholds -1.1,-0.25,0.2,0.7).
    # A true homozygous deletion has no reads (log2 -> -inf), but contaminating normal tissue
    # keeps the observed ratio well above that, hence a cut-off just below a one-copy loss.
    deletion_log2: float = -1.1

    def __post_init__(self) -> None:
        problems: list[str] = []
        if not (
            0 <= self.deletion_copies < self.loss_copies < 2 < self.gain_copies
            and self.gain_copies <= self.amplification_copies
        ):
            problems.append(
                "copy-number thresholds must satisfy 0 <= deletion < loss < 2 < gain <= "
                f"amplification, got deletion={self.deletion_copies}, loss={self.loss_copies}, "
                f"gain={self.gain_copies}, amplification={self.amplification_copies}"
            )
        if not (
            self.deletion_log2 < self.loss_log2 < 0 < self.gain_log2
            and self.gain_log2 <= self.amplification_log2
        ):
            problems.append(
                "log2 thresholds must satisfy deletion < loss < 0 < gain <= amplification, got "
                f"deletion={self.deletion_log2}, loss={self.loss_log2}, gain={self.gain_log2}, "
                f"amplification={self.amplification_log2}"
            )
        if problems:
            raise UsageError("; ".join(problems))

    def classify_copies(self, copies: int) -> Call:
        if copies >= self.amplification_copies:
            return "amplification"
        if copies >= self.gain_copies:
            return "gain"
        if copies <= self.deletion_copies:
            return "deletion"
        if copies <= self.loss_copies:
            return "loss"
        return "neutral"

    def classify_log2(self, log2: float) -> Call:
        if log2 >= self.amplification_log2:
            return "amplification"
        if log2 >= self.gain_log2:
            return "gain"
        if log2 <= self.deletion_log2:
            return "deletion"
        if log2 <= self.loss_log2:
            return "loss"
        return "neutral"


DEFAULT_THRESHOLDS = CopyNumberThresholds()


@dataclass(frozen=True, slots=True)
class GeneCopyNumber:
    """The copy-number call for one gene, with the segment it came from."""

    gene: str  # the symbol as requested
    call: Call
    log2: float | None  # the segment's log2 ratio, as the caller wrote it
    copies: int | None  # the segment's absolute copy number, when the caller gives one
    segment: CopyNumberSegment
    basis: Basis  # which value decided the call
    how_assigned: HowAssigned


def segment_symbols(segment: CopyNumberSegment) -> frozenset[str]:
    """Current HGNC symbols named in a segment's gene column."""
    symbols: set[str] = set()
    for entry in segment.genes:
        for part in parse_gene_field(entry).symbols:
            symbols.add(current_symbol(part.removesuffix(CGH_SUFFIX)))
    return frozenset(symbols)


def _has_value(segment: CopyNumberSegment) -> bool:
    # A segment without log2 and copies measured nothing (e.g. "nan" in the file): it neither
    # gives a call nor counts as covering a gene.
    return segment.copies is not None or segment.log2 is not None


def _covering(
    segments: Sequence[CopyNumberSegment],
    symbols: Sequence[frozenset[str]],
    gene: str,
    build: Build,
) -> tuple[list[CopyNumberSegment], HowAssigned]:
    """Segments covering ``gene``: those naming it, else those overlapping its coordinates."""
    symbol = current_symbol(gene)
    named = [s for s, names in zip(segments, symbols, strict=True) if symbol in names]
    if named:
        return named, "caller gene column"
    model = gene_models(build).get(symbol)
    if model is None:
        return [], "gene coordinates"
    return [s for s in segments if model.overlaps(s.chrom, s.start, s.end)], "gene coordinates"


def _classify(segment: CopyNumberSegment, thresholds: CopyNumberThresholds) -> tuple[Call, Basis]:
    if segment.copies is not None:
        return thresholds.classify_copies(segment.copies), "copies"
    if segment.log2 is not None:
        return thresholds.classify_log2(segment.log2), "log2"
    raise ValueError(f"segment {segment.chrom}:{segment.start}-{segment.end} has no value")


# How far a call is from neutral: high-level changes first, then single-copy changes.
_CALL_RANK: dict[Call, int] = {
    "amplification": 2,
    "deletion": 2,
    "gain": 1,
    "loss": 1,
    "neutral": 0,
}


def _severity(
    segment: CopyNumberSegment, call: Call
) -> tuple[int, int, float, str, int, str, int, int]:
    """Sort key, smallest = most extreme; ties are broken by file position, so it is stable.

    Order: call level (amplification/deletion, then gain/loss, then neutral); distance of the
    copy number from 2; |log2| (the highest ratio wins among gains, the lowest among losses);
    then source file, line and coordinates.
    """
    copies_distance = abs(segment.copies - 2) if segment.copies is not None else 0
    log2_distance = abs(segment.log2) if segment.log2 is not None else 0.0
    return (
        -_CALL_RANK[call],
        -copies_distance,
        -log2_distance,
        segment.source.path,
        segment.source.line,
        segment.chrom,
        segment.start,
        segment.end,
    )


def gene_calls(
    segments: Iterable[CopyNumberSegment],
    genes: Iterable[str],
    build: Build,
    thresholds: CopyNumberThresholds = DEFAULT_THRESHOLDS,
) -> list[GeneCopyNumber]:
    """One call per requested gene that some segment covers, in the order the genes were given.

    Genes no segment covers are absent; ``covered_genes`` gives the covered set for negatives.
    A gene requested twice is reported once.
    """
    usable = [s for s in segments if _has_value(s)]
    symbols = [segment_symbols(s) for s in usable]
    calls: list[GeneCopyNumber] = []
    for gene in dict.fromkeys(genes):
        covering, how = _covering(usable, symbols, gene, build)
        if not covering:
            continue
        classified = [(s, *_classify(s, thresholds)) for s in covering]
        segment, call, basis = min(classified, key=lambda c: _severity(c[0], c[1]))
        calls.append(
            GeneCopyNumber(
                gene=gene,
                call=call,
                log2=segment.log2,
                copies=segment.copies,
                segment=segment,
                basis=basis,
                how_assigned=how,
            )
        )
    return calls


def covered_genes(
    segments: Iterable[CopyNumberSegment], genes: Iterable[str], build: Build
) -> set[str]:
    """The requested genes (as given) that at least one segment with a value covers."""
    usable = [s for s in segments if _has_value(s)]
    symbols = [segment_symbols(s) for s in usable]
    return {gene for gene in genes if _covering(usable, symbols, gene, build)[0]}
