"""Fusion calls -> fusion events: HGNC ``5'::3'`` labels, the kinase as 3' partner, exons joined.

Why the kinase is 3': in every oncogenic IMT fusion the partner contributes the promoter and
an oligomerisation domain and the receptor tyrosine kinase contributes its intact kinase
domain, so the product is partner::kinase. A caller row with the kinase 5' is the reciprocal
product of the same rearrangement; it is relabelled, flagged and merged with its event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.models import Breakpoint, FusionCall
from annotator.normalize.genes import GeneField, parse_gene_field
from annotator.reference.genes import Build, GeneModel, gene_models

# ROS1: MANE Select (NM_001378902.1) has one extra 5' exon compared with the NM_002944
# transcript the literature numbers exons on, so literature exon k (k >= 4) is MANE exon k+1.
ROS1_LITERATURE_OFFSET_FROM_MANE_EXON = 5


@dataclass(frozen=True, slots=True)
class ExonJoin:
    exon: int | None  # MANE exon number retained at the junction (last 5' / first 3' exon)
    location: str | None  # "exon boundary", "within exon 20", "intron 19", "outside gene"
    transcript: str | None
    literature_exon: int | None = None  # where literature numbering differs (ROS1)


@dataclass(frozen=True, slots=True)
class FusionEvent:
    gene5: str
    gene3: str
    kinase: str | None
    calls: tuple[FusionCall, ...]
    reoriented: tuple[bool, ...]  # per call: the caller reported the kinase as 5'
    join5: ExonJoin
    join3: ExonJoin
    kinase_domain_retained: bool | None
    notes: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.gene5}::{self.gene3}"


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
    return field.symbols[0] if field.symbols else "?"


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
            return _join(model, exon.number, where)
    # intronic: the last exon upstream (transcription order) of the breakpoint
    upstream = [e for e in model.exons if (e.end < bp.pos if plus else e.start > bp.pos)]
    last = max(upstream, key=lambda e: e.number).number if upstream else 0
    number = last if side == "5" else last + 1
    return _join(model, number if number >= 1 else None, f"intron {last}")


def _join(model: GeneModel, exon: int | None, where: str) -> ExonJoin:
    literature = None
    if (
        model.symbol == "ROS1"
        and exon is not None
        and exon >= ROS1_LITERATURE_OFFSET_FROM_MANE_EXON
    ):
        literature = exon - 1
    return ExonJoin(exon, where, model.transcript, literature)


def _domain_retained(model: GeneModel | None, join3: ExonJoin) -> bool | None:
    if model is None or model.kinase is None or join3.exon is None:
        return None
    return join3.exon <= model.kinase.first_exon


def normalize_fusions(
    calls: Iterable[FusionCall], kinases: frozenset[str], build: Build
) -> list[FusionEvent]:
    """Label, orient and merge fusion calls; one event per ``5'::3'`` label, in first-seen order."""
    models = gene_models(build)
    grouped: dict[tuple[str, str], list[tuple[FusionCall, bool]]] = {}
    for call in calls:
        g5 = _pick_symbol(parse_gene_field(call.gene5_field), kinases, models)
        g3 = _pick_symbol(parse_gene_field(call.gene3_field), kinases, models)
        flipped = g5 in kinases and g3 not in kinases
        key = (g3, g5) if flipped else (g5, g3)
        grouped.setdefault(key, []).append((call, flipped))
    events = []
    for (g5, g3), members in grouped.items():
        events.append(_event(g5, g3, members, kinases, models))
    return events


def _event(
    g5: str,
    g3: str,
    members: list[tuple[FusionCall, bool]],
    kinases: frozenset[str],
    models: dict[str, GeneModel],
) -> FusionEvent:
    notes: list[str] = []
    # Exons are read from the best-supported call in the kinase-3' orientation; reciprocal
    # rows join other exons and would mislabel the junction.
    forward = [c for c, flipped in members if not flipped]
    best = max(forward, key=_support) if forward else None
    m5, m3 = models.get(g5), models.get(g3)
    join5 = exon_join(m5, best.bp5 if best else None, "5")
    join3 = exon_join(m3, best.bp3 if best else None, "3")
    for call, flipped in members:
        if flipped:
            notes.append(
                f"{call.caller} line {call.source.line} reported {g3}::{g5} (kinase 5'); "
                f"treated as the reciprocal product of the {g5}::{g3} rearrangement"
            )
        for field in (call.gene5_field, call.gene3_field):
            parsed = parse_gene_field(field)
            if len(parsed.symbols) > 1:
                kind = "intergenic breakpoint near" if parsed.intergenic else "gene field lists"
                notes.append(f"{call.caller} line {call.source.line}: {kind} {field!r}")
            for old, new in parsed.renamed:
                notes.append(f"previous symbol {old} read as {new}")
    retained = _domain_retained(m3, join3) if g3 in kinases else None
    if best is not None and best.retained_domains3 is not None and retained is not None:
        says = any("kinase" in d.lower() for d in best.retained_domains3)
        if says != retained:
            listed = ", ".join(best.retained_domains3) or "none"
            notes.append(
                f"{best.caller} retained-domain list ({listed})"
                f" disagrees with the gene model (kinase domain {'kept' if retained else 'lost'})"
            )
    kinase = g3 if g3 in kinases else g5 if g5 in kinases else None
    return FusionEvent(
        g5,
        g3,
        kinase,
        tuple(c for c, _ in members),
        tuple(f for _, f in members),
        join5,
        join3,
        retained,
        tuple(dict.fromkeys(notes)),
    )


def _support(call: FusionCall) -> int:
    return (call.split_reads or 0) + (call.discordant_reads or 0)


def boundary_hits(calls: Iterable[FusionCall], build: Build) -> int:
    """How many breakpoints fall exactly on an exon boundary of a bundled gene (build check)."""
    models = gene_models(build)
    hits = 0
    for call in calls:
        for bp in (call.bp5, call.bp3):
            if bp is None:
                continue
            for model in models.values():
                if model.contains(bp.chrom, bp.pos) and any(
                    bp.pos in (e.start, e.end) for e in model.exons
                ):
                    hits += 1
                    break
    return hits
