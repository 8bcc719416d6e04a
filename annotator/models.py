"""Core typed records passed between the stages: parse -> normalize -> match -> tier -> render.

Coordinates are 1-based and inclusive throughout; chromosome names are kept without a ``chr``
prefix once normalised (``Breakpoint.chrom``). Missing values are ``None``, never ``'NA'``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Kind = Literal["fusion", "mutation", "copy_number"]
InputKind = Literal["fusion", "variant", "copy_number"]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a record came from: the file, its 1-based line and the caller's own columns."""

    path: str
    line: int
    raw: tuple[tuple[str, str], ...]

    def raw_dict(self) -> dict[str, str]:
        return dict(self.raw)


@dataclass(frozen=True, slots=True)
class Breakpoint:
    chrom: str  # without "chr" prefix
    pos: int  # 1-based
    strand: Literal["+", "-"] | None = None  # gene strand, where the caller states it

    def __str__(self) -> str:
        suffix = f":{self.strand}" if self.strand else ""
        return f"{self.chrom}:{self.pos}{suffix}"


@dataclass(frozen=True, slots=True)
class FusionCall:
    """One row of a fusion caller, genes still as the caller wrote them (normalised later)."""

    caller: str  # e.g. "Arriba", "STAR-Fusion"
    gene5_field: str  # raw 5' gene field, e.g. "RANBP2", "EML4^ENSG00000143924.14", "A(12),B(40)"
    gene3_field: str
    bp5: Breakpoint | None
    bp3: Breakpoint | None
    split_reads: int | None
    discordant_reads: int | None
    frame: str | None = None  # caller's frame statement, vocabulary normalised
    site5: str | None = None
    site3: str | None = None
    confidence: str | None = None
    fusion_type: str | None = None
    transcript5: str | None = None
    transcript3: str | None = None
    retained_domains3: tuple[str, ...] | None = None  # caller's own 3' domain list, if any
    name_field: str | None = None  # caller's fusion name column (e.g. "EML4--ALK")
    source: SourceRef = field(default_factory=lambda: SourceRef("", 0, ()))
    # Support as one triple: split (junction) reads, discordant (spanning) pairs and, for
    # callers that give only a total (vendor panels, long reads), that total.
    total_reads: int | None = None
    # The caller's own exon statement (its transcript's numbering), e.g. Archer "EML4 exon 13".
    exon5: int | None = None
    exon3: int | None = None
    filters: tuple[str, ...] = ()  # caller's filter/flag values; () when it states none
    caller_notes: tuple[str, ...] = ()  # facts the caller states that the report should show
    # False when the format does not say which gene is 5' (OncoKB "ALK-EML4", DNA breakends):
    # a kinase listed first is then simply put 3', not read as a reciprocal product.
    ordered: bool = True
    # "DNA" for genomic breakpoints (SV callers): an intronic breakpoint then splices at the
    # flanking exons. None: an RNA junction or not stated.
    molecule: Literal["DNA"] | None = None

    @property
    def support(self) -> tuple[int | None, int | None, int | None]:
        """(split reads, discordant pairs, total) with the total derived when not given."""
        total = self.total_reads
        if total is None and (self.split_reads is not None or self.discordant_reads is not None):
            total = (self.split_reads or 0) + (self.discordant_reads or 0)
        return self.split_reads, self.discordant_reads, total


@dataclass(frozen=True, slots=True)
class TranscriptConsequence:
    """One VEP CSQ / SnpEff ANN entry, fields named as in VEP."""

    allele: str | None
    gene: str | None
    transcript: str | None
    consequence: str | None  # "&"-joined SO terms as written
    impact: str | None
    hgvsc: str | None
    hgvsp: str | None
    exon: str | None  # "n/total"
    biotype: str | None
    mane_select: str | None = None
    pick: bool = False
    canonical: bool = False


@dataclass(frozen=True, slots=True)
class SmallVariant:
    chrom: str  # without "chr" prefix
    pos: int
    ref: str
    alt: str
    filters: tuple[str, ...]  # ("PASS",) or failing filter names; () when FILTER is "."
    tumor_sample: str | None
    vaf: float | None
    depth: int | None
    alt_reads: int | None
    annotation: TranscriptConsequence | None  # the chosen transcript
    # what the annotation was read or derived from: "VEP", "SnpEff", "SnpEff EFF", "MAF",
    # "TSO500", "bundled hotspot coordinates", ...
    annotation_source: str | None
    transcript_choice: str | None  # why that transcript: "MANE_SELECT", "PICK", ...
    source: SourceRef


@dataclass(frozen=True, slots=True)
class CopyNumberSegment:
    chrom: str  # without "chr" prefix
    start: int  # 1-based inclusive
    end: int
    genes: tuple[str, ...]  # genes the caller lists for the segment
    log2: float | None
    copies: int | None
    probes: int | None
    source: SourceRef


@dataclass(frozen=True, slots=True)
class GeneLevelCopyNumber:
    """A gene-level copy-number value as a caller or table states it (no segment given).

    PURPLE gene copy number, cBioPortal/OncoKB discrete tables and the TSO500 amplification
    list report per gene. ``discrete`` is the GISTIC-style call (-2 deep deletion, -1 loss,
    0 neutral, 1 gain, 2 amplification) when that is what the file gives.
    """

    gene: str
    chrom: str | None  # without "chr" prefix, when stated
    start: int | None
    end: int | None
    log2: float | None = None
    copies: float | None = None
    fold_change: float | None = None
    discrete: int | None = None
    caller_call: str | None = None  # the file's own word ("AMP", "Amplification", "HOMDEL")
    source: SourceRef = field(default_factory=lambda: SourceRef("", 0, ()))


class PassengerVariant(NamedTuple):
    """A small variant outside the genes a parser was asked about (``maf.parse(genes=...)``).

    One per ALT and gene, as for SmallVariant, read from the row's text alone: the report
    counts and lists it under ``skipped`` like any variant outside the target genes. A
    NamedTuple rather than a frozen dataclass because a somatic file holds thousands of them
    and a tuple is about five times cheaper to build; it is just as immutable. (The VCF parser
    does not build these: it counts its passengers, see ``annotator.passengers``.)
    """

    path: str
    line: int  # 1-based line in the file
    chrom: str  # without "chr" prefix
    pos: int
    ref: str
    alt: str
    gene: str | None  # None: intergenic entries only, or no annotation
    annotated: bool  # False: no CSQ/ANN entry describes this ALT


Record = FusionCall | SmallVariant | CopyNumberSegment | GeneLevelCopyNumber | PassengerVariant


@dataclass(frozen=True, slots=True)
class Skipped:
    """Rows not used, with the reason; reports list them so nothing disappears silently."""

    path: str
    reason: str
    lines: tuple[int, ...]
    count: int
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedInput:
    path: str
    format: str  # parser name in PARSERS
    format_label: str  # human label, e.g. "Arriba 2.x fusions.tsv"
    kind: InputKind
    records: tuple[Record, ...]
    warnings: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    genome_hint: str | None = None  # "GRCh37" / "GRCh38" when the file itself says so
    sample_hint: str | None = None  # e.g. VCF tumour sample
    details: tuple[tuple[str, str], ...] = ()  # format facts worth printing (caller version...)
    # Other kinds of result the file reports besides ``kind`` (a TSO500 CombinedVariantOutput
    # holds fusions, small variants and amplifications): negatives are stated for these too.
    also: tuple[InputKind, ...] = ()


JSONValue = str | int | float | bool | None | list["JSONValue"] | dict[str, "JSONValue"]


@dataclass(frozen=True, slots=True)
class Alteration:
    """A normalised alteration, what the knowledgebase is matched against."""

    kind: Kind
    label: str  # "RANBP2::ALK", "ALK p.G1202R", "MDM2 amplification"
    gene: str  # the gene the knowledgebase keys on (the kinase for fusions)
    genes: tuple[str, ...]
    partner: str | None = None  # fusion partner of ``gene``
    partner_exon: int | None = None
    gene_exon: int | None = None
    protein_change: str | None = None  # "G1202R"
    protein_position: int | None = None
    protein_altering: bool = False
    exon: int | None = None  # mutated exon (MANE numbering as annotated)
    direction: Literal["amplification", "deletion"] | None = None
    kinase_retained: bool | None = None  # fusions: False when the 3' kinase domain is lost
    details: dict[str, JSONValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Statement:
    """A diagnostic or prognostic statement attached to a finding."""

    evidence_id: str
    type: str
    statement: str
    level: str | None
    certainty: str
    citations: tuple[str, ...]
    disease: str
    restriction: str | None = None  # why it does not apply to this patient (age, site, subtype)
    outcome: str | None = None  # figures as reported (counts, rates)
    frequencies: tuple[str, ...] = ()  # how often the alteration occurs, per source


@dataclass(frozen=True, slots=True)
class TherapyOption:
    drug: str
    effect: Literal["sensitivity", "resistance"]
    level: str  # A..D after applying the disease context
    escat: str | None
    oncokb: str | None
    regulatory: tuple[str, ...]
    evidence_ids: tuple[str, ...]
    citations: tuple[str, ...]
    basis: str  # one line: why this level
    outcomes: tuple[str, ...] = ()  # outcome figures of the evidence behind it
    guidelines: tuple[str, ...] = ()  # guideline listings ("NCCN Soft Tissue Sarcoma v2.2023 ...")
    restrictions: tuple[str, ...] = ()  # records shown but not applicable to this patient
    # Co-occurring alterations whose evidence decided or confirmed this option (a resistance
    # mutation on the fusion's kinase), and the evidence it overrode.
    context: tuple[str, ...] = ()
    superseded: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    alteration: Alteration
    biomarkers: tuple[str, ...]
    tier: str
    tier_rationale: str
    therapies: tuple[TherapyOption, ...]
    diagnostic: tuple[Statement, ...]
    prognostic: tuple[Statement, ...]
    cases: tuple[str, ...]  # published case ids
    trials: tuple[str, ...] = ()  # trial ids
    matched_biomarker: str | None = None  # the most specific single-alteration biomarker
    case_summary: str | None = None  # e.g. how many published patients share this fusion
    resistance_context: tuple[str, ...] = ()  # co-occurring resistance mutations applied
