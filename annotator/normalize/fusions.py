"""Fusion calls -> fusion events: HGNC ``5'::3'`` labels, the kinase as 3' partner, exons joined.

Why the kinase is 3': in every oncogenic IMT fusion the partner contributes the promoter and
an oligomerisation domain and the receptor tyrosine kinase contributes its intact kinase
domain, so the product is partner::kinase. A caller row with the kinase 5' is the reciprocal
product of the same rearrangement; it is relabelled, flagged and merged with its event.

One event, one finding. Calls merge into one event when, after orientation, they join the same
gene pair: calls of several callers, isoforms (other exon junctions of the same pair) and
reciprocal rows. A call whose gene field names a non-coding neighbour (an accession-named
lncRNA, LINC, antisense or clone locus) while its breakpoint lies inside a bundled kinase model
(``CD74--AL132671.2`` at the ROS1 junction) is read as the kinase. Within an event, calls whose
breakpoints lie within ``FusionSettings.window`` bp of each other are one junction (callers
disagree by a few bases for the same junction); junctions further apart are listed as
isoforms. Structural-variant VCFs without gene annotation give empty gene fields: genes then
come from the bundled gene models at the breakpoints.

For each junction the exons joined, the breakpoint location (exon boundary, within an exon,
intron), the reading frame where the coding offsets allow it, and whether the 3' kinase domain
is retained are derived from MANE Select models of the chosen build; the callers' own frame
and domain statements are kept beside them and disagreements are noted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.errors import UsageError
from annotator.models import Breakpoint, FusionCall
from annotator.normalize.genes import GeneField, parse_gene_field
from annotator.reference.genes import Build, GeneModel, gene_models

# ROS1: MANE Select (NM_001378902.1) has one extra 5' exon compared with the NM_002944
# transcript the literature numbers exons on, so literature exon k (k >= 4) is MANE exon k+1.
ROS1_LITERATURE_OFFSET_FROM_MANE_EXON = 5
UNKNOWN = "?"  # a partner no gene field names and no bundled model covers
# Names of non-coding or clone-based loci (GenBank-accession lncRNAs such as AL132671.2, LINC,
# antisense, RP11- clones): when one is named at a breakpoint inside a bundled kinase model,
# the protein-coding kinase is meant. Protein-coding names are never overridden this way.
NON_CODING_NAME = re.compile(r"^(?:[A-Z]{1,2}\d{6}\.\d+|LINC\d+|.+-AS\d+|RP\d+-.+|CT[AC]-.+)$")


@dataclass(frozen=True, slots=True)
class FusionSettings:
    """How calls are merged and when support counts as low; a lab may change any of them."""

    # Callers place the same junction a few bases apart (EML4::ALK at 2:42301391 by
    # FusionCatcher, 2:42301394 by Arriba; EricScript and JAFFA are often 1 bp off).
    window: int = 10
    # Fewer supporting reads (split + discordant, or the caller's total) than this: the call is
    # reported, flagged "low support", never dropped.
    min_total_reads: int = 3
    # Fewer split (junction) reads than this, where the caller counts them: also low support.
    # 0 = not applied (DNA callers may support a real event by read pairs alone).
    min_split_reads: int = 0

    def __post_init__(self) -> None:
        if self.window < 0:
            raise UsageError(f"fusion merge window must be >= 0 bp, got {self.window}")
        if self.min_total_reads < 0 or self.min_split_reads < 0:
            raise UsageError("fusion support thresholds must be >= 0")

    def low_support(self, call: FusionCall) -> str | None:
        """Why ``call`` counts as low support, or None."""
        split, _, total = call.support
        if total is not None and total < self.min_total_reads:
            return f"{total} supporting read{'s' if total != 1 else ''} < {self.min_total_reads}"
        if self.min_split_reads and split is not None and split < self.min_split_reads:
            return f"{split} split read{'s' if split != 1 else ''} < {self.min_split_reads}"
        return None


@dataclass(frozen=True, slots=True)
class ExonJoin:
    exon: int | None  # MANE exon number retained at the junction (last 5' / first 3' exon)
    location: str | None  # "exon boundary", "within exon 20", "intron 19", "outside gene"
    transcript: str | None
    literature_exon: int | None = None  # where literature numbering differs (ROS1)
    coding_offset: int | None = None  # coding bases of the gene 5' of the junction (see below)
    coding: str | None = None  # "CDS", "5' UTR", "3' UTR", "non-coding": where the join falls


NO_JOIN = ExonJoin(None, None, None)


@dataclass(frozen=True, slots=True)
class OrientedCall:
    """A caller row with its genes resolved and put in kinase-3' orientation."""

    call: FusionCall
    gene5: str
    gene3: str
    bp5: Breakpoint | None  # in the oriented event's terms (reciprocal rows: as reported)
    bp3: Breakpoint | None
    reoriented: bool  # the caller reported the kinase as 5' (reciprocal product)
    notes: tuple[str, ...]
    low_support: str | None


@dataclass(frozen=True, slots=True)
class Junction:
    """One exon junction (isoform) of an event, with everything derived for it."""

    bp5: Breakpoint | None
    bp3: Breakpoint | None
    join5: ExonJoin
    join3: ExonJoin
    frame: str | None  # derived from the gene models: "in-frame" / "out-of-frame"
    frame_basis: str  # how, or why not
    kinase_domain_retained: bool | None
    calls: tuple[OrientedCall, ...]

    @property
    def support(self) -> int:
        return max((_support(c.call) for c in self.calls), default=0)


@dataclass(frozen=True, slots=True)
class FusionEvent:
    gene5: str
    gene3: str
    kinase: str | None
    oriented: tuple[OrientedCall, ...]  # every call, in input order
    junctions: tuple[Junction, ...]  # forward junctions, best-supported first
    notes: tuple[str, ...]

    @property
    def label(self) -> str:
        if self.gene5 == UNKNOWN and self.kinase:
            return f"{self.kinase} rearrangement (partner not identified)"
        return f"{self.gene5}::{self.gene3}"

    @property
    def calls(self) -> tuple[FusionCall, ...]:
        return tuple(oc.call for oc in self.oriented)

    @property
    def reoriented(self) -> tuple[bool, ...]:
        """Per call: the caller reported the kinase as 5'."""
        return tuple(oc.reoriented for oc in self.oriented)

    @property
    def primary(self) -> Junction | None:
        return self.junctions[0] if self.junctions else None

    @property
    def join5(self) -> ExonJoin:
        return self.junctions[0].join5 if self.junctions else NO_JOIN

    @property
    def join3(self) -> ExonJoin:
        return self.junctions[0].join3 if self.junctions else NO_JOIN

    @property
    def kinase_domain_retained(self) -> bool | None:
        """Of the primary junction, when the kinase is the 3' partner."""
        if not self.junctions or self.kinase is None or self.kinase != self.gene3:
            return None
        return self.junctions[0].kinase_domain_retained

    @property
    def low_support(self) -> bool:
        """Every call is below the support thresholds."""
        return all(oc.low_support for oc in self.oriented)


def _pick_symbol(field: GeneField, prefer: frozenset[str], models: dict[str, GeneModel]) -> str:
    """One symbol from a multi-gene field: a kinase first, then a modelled gene, then nearest."""
    for symbol in field.symbols:
        if symbol in prefer:
            return symbol
    for symbol in field.symbols:
        if symbol in models:
            return symbol
    if field.intergenic:
        ranked = sorted(
            zip(field.symbols, field.distances, strict=True),
            key=lambda sd: abs(sd[1]) if sd[1] is not None else 1 << 62,
        )
        return ranked[0][0]
    return field.symbols[0] if field.symbols else UNKNOWN


def _model_at(bp: Breakpoint | None, models: dict[str, GeneModel], prefer: frozenset[str]) -> str:
    """The bundled gene whose model contains ``bp`` (a kinase first), or UNKNOWN."""
    if bp is None:
        return UNKNOWN
    inside = [m.symbol for m in models.values() if m.contains(bp.chrom, bp.pos)]
    inside.sort(key=lambda s: (s not in prefer, s))
    return inside[0] if inside else UNKNOWN


def exon_join(model: GeneModel | None, bp: Breakpoint | None, side: str) -> ExonJoin:
    """Which exon of ``model`` ends (side '5') or starts (side '3') the fusion at ``bp``."""
    if model is None or bp is None:
        return ExonJoin(None, None, None)
    if bp.chrom != model.chrom or not model.contains(bp.chrom, bp.pos):
        return ExonJoin(None, "outside gene", model.transcript)
    plus = model.strand == "+"
    for exon in model.exons:
        if exon.start <= bp.pos <= exon.end:
            donor = exon.end if plus else exon.start
            acceptor = exon.start if plus else exon.end
            boundary = bp.pos == (donor if side == "5" else acceptor)
            where = "exon boundary" if boundary else f"within exon {exon.number}"
            return _join(model, exon.number, where, bp.pos, side)
    # intronic: the last exon upstream (transcription order) of the breakpoint
    upstream = [e for e in model.exons if (e.end < bp.pos if plus else e.start > bp.pos)]
    last = max(upstream, key=lambda e: e.number).number if upstream else 0
    number = last if side == "5" else last + 1
    return _join(model, number if number >= 1 else None, f"intron {last}", bp.pos, side)


def _join(model: GeneModel, exon: int | None, where: str, pos: int, side: str) -> ExonJoin:
    literature = None
    if (
        model.symbol == "ROS1"
        and exon is not None
        and exon >= ROS1_LITERATURE_OFFSET_FROM_MANE_EXON
    ):
        literature = exon - 1
    offset, coding = _coding_offset(model, pos, side)
    return ExonJoin(exon, where, model.transcript, literature, offset, coding)


def _coding_offset(model: GeneModel, pos: int, side: str) -> tuple[int | None, str]:
    """Coding bases 5' of the junction: kept up to ``pos`` (side '5') or skipped before it ('3').

    Side '5' counts the partner's coding bases that end up in the fusion transcript (``pos``
    included when it lies in an exon); side '3' counts the kinase's coding bases upstream of the
    first retained base. The fusion is in frame when the two agree modulo 3. A junction before
    the start codon or after the stop codon has no coding offset (the phase is then not
    derivable from the models: a 3' partner joined in its 5' UTR may start at its own ATG).
    """
    plus = model.strand == "+"
    cds = [(e.cds_start, e.cds_end) for e in model.exons if e.cds_start and e.cds_end]
    if not cds:
        return None, "non-coding"
    total = sum(end - start + 1 for start, end in cds)
    count = 0
    for start, end in cds:
        if plus:
            last = pos if side == "5" else pos - 1  # highest position counted
            count += max(0, min(end, last) - start + 1)
        else:
            first = pos if side == "5" else pos + 1  # lowest position counted
            count += max(0, end - max(start, first) + 1)
    cds_first = min(s for s, _ in cds) if plus else max(e for _, e in cds)
    before_start = pos < cds_first if plus else pos > cds_first
    if side == "5":
        if count == 0:
            return None, "5' UTR"
        if count >= total:
            return None, "3' UTR"
        return count, "CDS"
    if count == 0 and before_start:
        return None, "5' UTR"
    if count >= total:
        return None, "3' UTR"
    return count, "CDS"


def _frame(join5: ExonJoin, join3: ExonJoin) -> tuple[str | None, str]:
    if join5.exon is None or join3.exon is None:
        return None, "not derivable: a breakpoint lies outside the bundled gene models"
    if join5.coding_offset is None or join3.coding_offset is None:
        where = join5.coding if join5.coding_offset is None else join3.coding
        side = "5'" if join5.coding_offset is None else "3'"
        return None, f"not derivable: the {side} junction falls in the {where}"
    phase5, phase3 = join5.coding_offset % 3, join3.coding_offset % 3
    frame = "in-frame" if phase5 == phase3 else "out-of-frame"
    return frame, f"MANE coding phase {phase5} (5') and {phase3} (3')"


def _domain_retained(model: GeneModel | None, join3: ExonJoin) -> bool | None:
    if model is None or model.kinase is None or join3.exon is None:
        return None
    return join3.exon <= model.kinase.first_exon


def _orient(
    call: FusionCall,
    kinases: frozenset[str],
    models: dict[str, GeneModel],
    settings: FusionSettings,
) -> OrientedCall:
    notes: list[str] = []
    where = f"{call.caller} line {call.source.line}"
    fields = (parse_gene_field(call.gene5_field), parse_gene_field(call.gene3_field))
    genes: list[str] = []
    for field, bp in zip(fields, (call.bp5, call.bp3), strict=True):
        if not field.symbols:
            gene = _model_at(bp, models, kinases)
            if gene != UNKNOWN:
                notes.append(f"{where}: no gene named; {gene} from the gene model at {bp}")
            genes.append(gene)
            continue
        gene = _pick_symbol(field, kinases, models)
        at = _model_at(bp, models, kinases)
        if gene not in kinases and at in kinases and NON_CODING_NAME.match(gene):
            notes.append(f"{where}: breakpoint {bp} lies in {at}; caller named {gene}")
            gene = at
        genes.append(gene)
        if len(field.symbols) > 1:
            kind = "intergenic breakpoint near" if field.intergenic else "gene field lists"
            raw = call.gene5_field if field is fields[0] else call.gene3_field
            notes.append(f"{where}: {kind} {raw!r}")
        for old, new in field.renamed:
            notes.append(f"previous symbol {old} read as {new}")
    g5, g3 = genes
    flipped = g5 in kinases and g3 not in kinases
    if flipped:
        # Formats without a 5'/3' order (OncoKB lists, DNA breakends): put the kinase 3'.
        if not call.ordered or (not call.gene5_field and not call.gene3_field):
            if call.ordered:
                notes.append(f"{where}: genes put kinase-3' (DNA breakends have no 5'/3' order)")
            else:
                notes.append(f"{where}: listed {g5} first; the format does not state 5'/3'")
            return OrientedCall(
                call, g3, g5, call.bp3, call.bp5, False, tuple(notes), settings.low_support(call)
            )
        notes.append(
            f"{where} reported {g5}::{g3} (kinase 5'); "
            f"treated as the reciprocal product of the {g3}::{g5} rearrangement"
        )
        return OrientedCall(
            call, g3, g5, call.bp5, call.bp3, True, tuple(notes), settings.low_support(call)
        )
    return OrientedCall(
        call, g5, g3, call.bp5, call.bp3, False, tuple(notes), settings.low_support(call)
    )


def normalize_fusions(
    calls: Iterable[FusionCall],
    kinases: frozenset[str],
    build: Build,
    settings: FusionSettings | None = None,
) -> list[FusionEvent]:
    """Label, orient and merge fusion calls; one event per ``5'::3'`` pair, in first-seen order."""
    settings = settings or FusionSettings()
    models = gene_models(build)
    grouped: dict[tuple[str, str], list[OrientedCall]] = {}
    for call in calls:
        oriented = _orient(call, kinases, models, settings)
        key = (oriented.gene5, oriented.gene3)
        if UNKNOWN in key and key[0] == key[1]:
            key = (f"{UNKNOWN}{len(grouped)}", UNKNOWN)  # nothing known: never merge
        grouped.setdefault(key, []).append(oriented)
    return [
        _event(g5, g3, members, kinases, models, settings) for (g5, g3), members in grouped.items()
    ]


def _junctions(
    forward: list[OrientedCall], models: dict[str, GeneModel], g5: str, g3: str, window: int
) -> list[Junction]:
    clusters: list[list[OrientedCall]] = []
    for oc in sorted(forward, key=_oriented_support, reverse=True):
        for cluster in clusters:
            if _near(cluster[0], oc, window):
                cluster.append(oc)
                break
        else:
            clusters.append([oc])
    out = []
    m5, m3 = models.get(g5), models.get(g3)
    for cluster in clusters:
        best = cluster[0]
        join5 = exon_join(m5, best.bp5, "5")
        join3 = exon_join(m3, best.bp3, "3")
        frame, basis = _frame(join5, join3)
        intronic = [j for j in (join5, join3) if j.location and j.location.startswith("intron")]
        if intronic and best.call.molecule != "DNA":
            # an RNA junction inside an intron carries intronic bases; splicing at the flanking
            # exon (what the phase count assumes) only holds for genomic breakpoints
            frame = None
            basis = f"not derived: RNA junction in {intronic[0].location}, not at a splice site"
        elif intronic and frame is not None:
            basis += "; intronic breakpoints splice at the flanking exons"
        out.append(
            Junction(
                best.bp5,
                best.bp3,
                join5,
                join3,
                frame,
                basis,
                _domain_retained(m3, join3),
                tuple(cluster),
            )
        )
    return out


def _near(a: OrientedCall, b: OrientedCall, window: int) -> bool:
    for x, y in ((a.bp5, b.bp5), (a.bp3, b.bp3)):
        if x is None or y is None:
            if x is not y:
                return False
            continue
        if x.chrom != y.chrom or abs(x.pos - y.pos) > window:
            return False
    return True


def _event(
    g5: str,
    g3: str,
    members: list[OrientedCall],
    kinases: frozenset[str],
    models: dict[str, GeneModel],
    settings: FusionSettings,
) -> FusionEvent:
    g5 = UNKNOWN if g5.startswith(UNKNOWN) else g5
    notes: list[str] = [n for oc in members for n in oc.notes]
    # Exons are read in the kinase-3' orientation; reciprocal rows join other exons and would
    # mislabel the junction.
    forward = [oc for oc in members if not oc.reoriented]
    junctions = _junctions(forward, models, g5, g3, settings.window)
    if len(junctions) > 1:
        listed = ", ".join(
            f"{g5} e{j.join5.exon or '?'}::{g3} e{j.join3.exon or '?'}" for j in junctions
        )
        notes.append(f"{len(junctions)} junctions (isoforms) called: {listed}")
    for junction in junctions:
        notes += _disagreements(junction, g3 in kinases)
    for oc in members:
        if oc.low_support:
            notes.append(
                f"{oc.call.caller} line {oc.call.source.line}: low support ({oc.low_support})"
            )
    kinase = g3 if g3 in kinases else g5 if g5 in kinases else None
    unique_notes = tuple(dict.fromkeys(notes))
    return FusionEvent(g5, g3, kinase, tuple(members), tuple(junctions), unique_notes)


def _disagreements(junction: Junction, kinase3: bool) -> list[str]:
    notes = []
    for oc in junction.calls:
        call = oc.call
        if call.frame in ("in-frame", "out-of-frame") and junction.frame not in (None, call.frame):
            notes.append(
                f"{call.caller} says {call.frame}; the gene models give {junction.frame} "
                f"({junction.frame_basis})"
            )
        if kinase3 and call.retained_domains3 is not None:
            says = any("kinase" in d.lower() for d in call.retained_domains3)
            retained = junction.kinase_domain_retained
            if retained is not None and says != retained:
                listed = ", ".join(call.retained_domains3) or "none"
                notes.append(
                    f"{call.caller} retained-domain list ({listed}) disagrees with the gene "
                    f"model (kinase domain {'kept' if retained else 'lost'})"
                )
    return notes


def _support(call: FusionCall) -> int:
    return call.support[2] or 0


def _oriented_support(oc: OrientedCall) -> int:
    return _support(oc.call)


def boundary_hits(calls: Iterable[FusionCall], build: Build) -> list[str]:
    """Breakpoints that fall exactly on an exon boundary of a bundled gene (build evidence)."""
    calls = list(calls)
    if not calls:  # the models of a build are not even read
        return []
    models = gene_models(build)
    hits = []
    for call in calls:
        for bp in (call.bp5, call.bp3):
            if bp is None:
                continue
            for model in models.values():
                if not model.contains(bp.chrom, bp.pos):
                    continue
                exon = next((e for e in model.exons if bp.pos in (e.start, e.end)), None)
                if exon is not None:
                    hits.append(f"{bp.chrom}:{bp.pos} ({model.symbol} exon {exon.number})")
                    break
    return hits
