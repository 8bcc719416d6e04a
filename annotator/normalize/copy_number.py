"""Copy-number segments and gene-level values -> gene calls (amplification ... deletion).

Two kinds of record reach this module:

* **segments** (:class:`~annotator.models.CopyNumberSegment`: CNVkit ``.cns``, SEG, GATK,
  PURPLE somatic, PCGR, CNV VCFs), with a log2 ratio and/or an integer copy number;
* **gene-level values** (:class:`~annotator.models.GeneLevelCopyNumber`: PURPLE gene table,
  CNVkit bins summarised per gene, cBioPortal/OncoKB discrete tables, TSO500), with copies,
  log2, fold change or a discrete GISTIC-style value.

A gene is assigned its records in this order:

1. **named**: gene-level values for the gene, and segments whose own gene list names it. CNVkit
   lists the genes of the bins inside a segment as the panel BED named them, so each entry is
   split on ``;`` and ``,`` (``NTRK1;SH2D2A_CGH``), the ``_CGH`` suffix some panels give
   backbone probes is dropped and previous symbols are mapped (``normalize.genes``);
2. **gene coordinates**: otherwise, any segment on the same chromosome overlapping the gene's
   MANE Select extent in the chosen build (``reference.genes``). This catches segments whose
   bins carry no gene label (CNVkit ``-``, off-target bins, SEG files) but span the gene.

When several records cover one gene (a breakpoint inside it, focal and broad segments both
listing it, two input files) the most extreme is reported (see ``_severity``), so an amplicon
that covers only part of a gene is not hidden by a neutral segment over the rest.

Each record is called on one value, the first it has of: absolute copy number, log2 ratio,
fold change, discrete value. The call shows that value and its basis. Copy numbers given as
decimals (PURPLE) are rounded half up before the copy cut-offs apply, so fewer than 0.5 copies
is a deletion (PURPLE's own deletion rule) and 5.5 or more an amplification. Sex chromosomes
get no special baseline: none of the IMT genes lie on X or Y.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.errors import UsageError
from annotator.models import CopyNumberSegment, GeneLevelCopyNumber, ParsedInput, SourceRef
from annotator.normalize.genes import current_symbol, parse_gene_field
from annotator.reference.genes import Build, gene_models

Call = Literal["amplification", "gain", "neutral", "loss", "deletion"]
Basis = Literal["copies", "log2", "fold change", "discrete"]
HowAssigned = Literal["caller gene column", "gene-level value", "gene coordinates"]
CopyNumberRecord = CopyNumberSegment | GeneLevelCopyNumber

# Some panel BEDs (e.g. the one behind CNVkit's nv3 test file) label copy-number backbone probes
# "<GENE>_CGH"; they measure the gene's copy number just the same.
CGH_SUFFIX = "_CGH"
# ``ParsedInput.details`` entry a parser sets on a germline copy-number file (PURPLE
# ``purple.cnv.germline.tsv``): its records are listed but never called as tumour changes.
GERMLINE_DETAIL = ("copy_number_origin", "germline")

# GISTIC-style discrete values (cBioPortal, OncoKB): fixed meaning, not a setting.
DISCRETE_CALLS: dict[int, Call] = {
    2: "amplification",
    1: "gain",
    0: "neutral",
    -1: "loss",
    -2: "deletion",
}


@dataclass(frozen=True, slots=True)
class CopyNumberThresholds:
    """Cut-offs from values to calls; a lab may change any of them.

    Copy-number cut-offs apply to an absolute copy number (CNVkit ``cn``, PURPLE, PCGR), log2
    cut-offs to a log2 ratio, fold-change cut-offs to a linear ratio (TSO500, DRAGEN ``SM``).
    Comparisons are inclusive: ``copies >= amplification_copies`` is an amplification. Ratio
    defaults assume a diploid genome and a pure tumour; impurity pulls ratios towards 0 (fold
    change towards 1), so a low-purity sample may need gentler cut-offs.
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
    # Fold change is the linear ratio to the diploid baseline (copies / 2 in a pure tumour, as
    # Illumina's TSO500/TST170 documentation defines it). Illumina's own cut-offs are per gene
    # and not published; its TST170 guide works the example of MET at 2.2x in a 30%-purity
    # sample (10 copies), reported amplified. Fold changes come from FFPE panels whose purity
    # is rarely corrected for, so amplification starts at 2.0 (4 copies at full purity, 10 at
    # 30%); gain, loss and deletion are the log2 cut-offs above on the linear scale:
    # 2^0.32 = 1.25, 2^-0.41 = 0.75, 2^-1.1 = 0.47.
    amplification_fold_change: float = 2.0
    gain_fold_change: float = 1.25
    loss_fold_change: float = 0.75
    deletion_fold_change: float = 0.47
    # Arm-level calls (normalize.chromosome_arms): an arm is lost or gained when segments so
    # called cover at least this fraction of its length (TCGA arm-level cut-off, PMID 29622463).
    arm_fraction: float = 0.8

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
        if not (
            0 < self.deletion_fold_change < self.loss_fold_change < 1 < self.gain_fold_change
            and self.gain_fold_change <= self.amplification_fold_change
        ):
            problems.append(
                "fold-change thresholds must satisfy 0 < deletion < loss < 1 < gain <= "
                f"amplification, got deletion={self.deletion_fold_change}, "
                f"loss={self.loss_fold_change}, gain={self.gain_fold_change}, "
                f"amplification={self.amplification_fold_change}"
            )
        if not 0.5 <= self.arm_fraction <= 1:
            problems.append(
                f"arm-level fraction must be between 0.5 and 1, got {self.arm_fraction}"
            )
        if problems:
            raise UsageError("; ".join(problems))

    def classify_copies(self, copies: float) -> Call:
        whole = math.floor(copies + 0.5)  # round half up: 5.5 -> 6, 0.49 -> 0
        if whole >= self.amplification_copies:
            return "amplification"
        if whole >= self.gain_copies:
            return "gain"
        if whole <= self.deletion_copies:
            return "deletion"
        if whole <= self.loss_copies:
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

    def classify_fold_change(self, fold_change: float) -> Call:
        if fold_change >= self.amplification_fold_change:
            return "amplification"
        if fold_change >= self.gain_fold_change:
            return "gain"
        if fold_change <= self.deletion_fold_change:
            return "deletion"
        if fold_change <= self.loss_fold_change:
            return "loss"
        return "neutral"


DEFAULT_THRESHOLDS = CopyNumberThresholds()


@dataclass(frozen=True, slots=True)
class GeneCopyNumber:
    """The copy-number call for one gene, with the record and value it came from."""

    gene: str  # the symbol as requested
    call: Call
    basis: Basis  # which value decided the call
    value: float  # that value, as the file states it
    log2: float | None
    copies: float | None  # absolute copy number (an int for segment callers)
    fold_change: float | None
    discrete: int | None
    how_assigned: HowAssigned
    source: SourceRef
    segment: CopyNumberSegment | None = None  # the segment, when the call came from one
    gene_level: GeneLevelCopyNumber | None = None  # the gene-level value, when from one

    @property
    def evidence(self) -> str:
        """The deciding value as the report shows it, e.g. ``log2 2.82`` or ``copies 17``."""
        if self.basis == "discrete":
            return f"discrete {self.value:+g} (GISTIC-style -2..2)"
        return f"{self.basis} {self.value:g}"

    @property
    def region(self) -> str | None:
        """``chrom:start-end`` of the segment or gene-level record, when known."""
        if self.segment is not None:
            s = self.segment
            return f"{s.chrom}:{s.start}-{s.end}"
        g = self.gene_level
        if g is not None and g.chrom is not None and g.start is not None and g.end is not None:
            return f"{g.chrom}:{g.start}-{g.end}"
        return None

    @property
    def probes(self) -> int | None:
        return self.segment.probes if self.segment is not None else None

    @property
    def caller_call(self) -> str | None:
        return self.gene_level.caller_call if self.gene_level is not None else None


def record_symbols(record: CopyNumberRecord) -> frozenset[str]:
    """Current HGNC symbols a segment's gene column or a gene-level record names."""
    entries = record.genes if isinstance(record, CopyNumberSegment) else (record.gene,)
    symbols: set[str] = set()
    for entry in entries:
        for part in parse_gene_field(entry).symbols:
            symbols.add(current_symbol(part.removesuffix(CGH_SUFFIX)))
    return frozenset(symbols)


segment_symbols = record_symbols  # the name the segment-only version had


def _deciding_value(record: CopyNumberRecord) -> tuple[Basis, float] | None:
    if record.copies is not None:
        return "copies", record.copies
    if record.log2 is not None:
        return "log2", record.log2
    if isinstance(record, GeneLevelCopyNumber):
        if record.fold_change is not None:
            return "fold change", record.fold_change
        if record.discrete is not None:
            return "discrete", record.discrete
    return None


def classify(record: CopyNumberRecord, thresholds: CopyNumberThresholds) -> tuple[Call, Basis]:
    """The call for one record and the value it rests on (ValueError when it has none)."""
    decided = _deciding_value(record)
    if decided is None:
        raise ValueError(f"copy-number record at {record.source.path}:{record.source.line}")
    basis, value = decided
    if basis == "copies":
        return thresholds.classify_copies(value), basis
    if basis == "log2":
        return thresholds.classify_log2(value), basis
    if basis == "fold change":
        return thresholds.classify_fold_change(value), basis
    return DISCRETE_CALLS[int(value)], basis


def classify_segment(segment: CopyNumberSegment, thresholds: CopyNumberThresholds) -> Call | None:
    """The call for a segment, or None when it carries no value."""
    return classify(segment, thresholds)[0] if _has_value(segment) else None


def _has_value(record: CopyNumberRecord) -> bool:
    # A record without any value measured nothing (e.g. "nan" in the file): it neither gives a
    # call nor counts as covering a gene.
    return _deciding_value(record) is not None


def _covering(
    records: Sequence[CopyNumberRecord],
    symbols: Sequence[frozenset[str]],
    gene: str,
    build: Build,
) -> list[tuple[CopyNumberRecord, HowAssigned]]:
    """Records covering ``gene``: those naming it, else segments overlapping its extent."""
    symbol = current_symbol(gene)
    named: list[tuple[CopyNumberRecord, HowAssigned]] = [
        (r, "gene-level value" if isinstance(r, GeneLevelCopyNumber) else "caller gene column")
        for r, names in zip(records, symbols, strict=True)
        if symbol in names
    ]
    if named:
        return named
    model = gene_models(build).get(symbol)
    if model is None:
        return []
    return [
        (r, "gene coordinates")
        for r in records
        if isinstance(r, CopyNumberSegment) and model.overlaps(r.chrom, r.start, r.end)
    ]


# How far a call is from neutral: high-level changes first, then single-copy changes.
_CALL_RANK: dict[Call, int] = {
    "amplification": 2,
    "deletion": 2,
    "gain": 1,
    "loss": 1,
    "neutral": 0,
}


def _ratio_distance(record: CopyNumberRecord) -> float:
    """|log2 ratio|, from the log2 value or else the fold change."""
    if record.log2 is not None:
        return abs(record.log2)
    fold = record.fold_change if isinstance(record, GeneLevelCopyNumber) else None
    if fold is not None:
        return math.inf if fold <= 0 else abs(math.log2(fold))
    return 0.0


def _severity(
    record: CopyNumberRecord, call: Call
) -> tuple[int, float, float, int, str, int, str, int, int]:
    """Sort key, smallest = most extreme; ties are broken by file position, so it is stable.

    Order: call level (amplification/deletion, then gain/loss, then neutral); distance of the
    copy number from 2; |log2 ratio| (the highest ratio wins among gains, the lowest among
    losses); |discrete value|; then source file, line and coordinates.
    """
    copies_distance = abs(record.copies - 2) if record.copies is not None else 0
    discrete = record.discrete if isinstance(record, GeneLevelCopyNumber) else None
    return (
        -_CALL_RANK[call],
        -copies_distance,
        -_ratio_distance(record),
        -abs(discrete or 0),
        record.source.path,
        record.source.line,
        record.chrom or "",
        record.start or 0,
        record.end or 0,
    )


def _gene_call(
    gene: str, record: CopyNumberRecord, how: HowAssigned, call: Call, basis: Basis
) -> GeneCopyNumber:
    decided = _deciding_value(record)
    assert decided is not None
    gene_level = record if isinstance(record, GeneLevelCopyNumber) else None
    return GeneCopyNumber(
        gene=gene,
        call=call,
        basis=basis,
        value=decided[1],
        log2=record.log2,
        copies=record.copies,
        fold_change=gene_level.fold_change if gene_level else None,
        discrete=gene_level.discrete if gene_level else None,
        how_assigned=how,
        source=record.source,
        segment=record if isinstance(record, CopyNumberSegment) else None,
        gene_level=gene_level,
    )


def gene_calls(
    records: Iterable[CopyNumberRecord],
    genes: Iterable[str],
    build: Build,
    thresholds: CopyNumberThresholds = DEFAULT_THRESHOLDS,
) -> list[GeneCopyNumber]:
    """One call per requested gene that some record covers, in the order the genes were given.

    Genes no record covers are absent; ``covered_genes`` gives the covered set for negatives.
    A gene requested twice is reported once.
    """
    usable = [r for r in records if _has_value(r)]
    symbols = [record_symbols(r) for r in usable]
    calls: list[GeneCopyNumber] = []
    for gene in dict.fromkeys(genes):
        covering = _covering(usable, symbols, gene, build)
        if not covering:
            continue
        classified = [(r, how, *classify(r, thresholds)) for r, how in covering]
        record, how, call, basis = min(classified, key=lambda c: _severity(c[0], c[2]))
        calls.append(_gene_call(gene, record, how, call, basis))
    return calls


def covered_genes(
    records: Iterable[CopyNumberRecord], genes: Iterable[str], build: Build
) -> set[str]:
    """The requested genes (as given) that at least one record with a value covers."""
    usable = [r for r in records if _has_value(r)]
    symbols = [record_symbols(r) for r in usable]
    return {gene for gene in genes if _covering(usable, symbols, gene, build)}


def tumour_records(inputs: Iterable[ParsedInput]) -> list[CopyNumberRecord]:
    """Segments and gene-level values of every input, except inputs marked germline."""
    return [
        r
        for parsed in inputs
        if GERMLINE_DETAIL not in parsed.details
        for r in parsed.records
        if isinstance(r, CopyNumberSegment | GeneLevelCopyNumber)
    ]
