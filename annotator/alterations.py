"""Normalised events -> the ``Alteration`` records the knowledgebase is matched against.

Also decides what is not an IMT-relevant alteration, and records it under ``skipped`` with the
reason, so that nothing read from an input disappears without a trace.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from annotator.errors import AnnotatorError
from annotator.kb.load import Knowledgebase
from annotator.kb.match import cytogenetic_biomarkers
from annotator.models import (
    Alteration,
    Breakpoint,
    FusionCall,
    JSONValue,
    ParsedInput,
    PassengerVariant,
    Skipped,
    SmallVariant,
)
from annotator.normalize.chromosome_arms import ArmEvent
from annotator.normalize.copy_number import GeneCopyNumber
from annotator.normalize.fusions import UNKNOWN, FusionEvent, Junction, OrientedCall
from annotator.normalize.variants import is_protein_altering, protein_change
from annotator.passengers import NOT_ANNOTATED, OUTSIDE_TARGETS, PassengerSkipped, Tally
from annotator.reference.genes import Build
from annotator.reference.hotspots import derive_protein_change, literature_hgvsp

VariantItem = SmallVariant | PassengerVariant | PassengerSkipped


class SkipLog:
    """Collects skipped rows per (input, reason): the count of all, the first line numbers and
    the first distinct examples (``annotator.passengers.Tally``), in the order reasons appear."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], Tally] = defaultdict(Tally)

    def add(self, path: str, reason: str, line: int, example: str) -> None:
        self._rows[(path, reason)].add(line, example)

    def absorb(self, counted: PassengerSkipped) -> None:
        """A parser's count of variants outside the target genes, merged with what was skipped
        here for the same input and reason."""
        self._rows[(counted.path, counted.reason)].merge(counted)

    def entries(self) -> list[Skipped]:
        return [tally.skipped(path, reason) for (path, reason), tally in self._rows.items()]


def variant_items(parsed: ParsedInput) -> list[VariantItem]:
    """An input's variants and the parser's counts of variants outside the target genes, in line
    order (a count at its first line): ``variant_alterations`` then meets every reason where a
    read of every record would, so both reads list the skipped variants in the same order."""
    variants: list[VariantItem] = [
        r for r in parsed.records if isinstance(r, SmallVariant | PassengerVariant)
    ]
    counted = [s for s in parsed.skipped if isinstance(s, PassengerSkipped) and s.count]
    if not counted:
        return variants
    return sorted([*variants, *counted], key=_line)


def _line(item: VariantItem) -> int:
    if isinstance(item, SmallVariant):
        return item.source.line
    if isinstance(item, PassengerVariant):
        return item.line
    return item.lines[0] if item.lines else 0


def _where(call: FusionCall) -> str:
    """A skipped call as the skipped table shows it: its breakpoints, else its gene fields."""
    if call.bp5 is not None or call.bp3 is not None:
        return f"{call.bp5 or '?'} / {call.bp3 or '?'}"
    return f"{call.gene5_field or '?'} / {call.gene3_field or '?'}"


def fusion_alterations(
    events: Iterable[FusionEvent], kb: Knowledgebase, skips: SkipLog
) -> list[Alteration]:
    out = []
    for ev in events:
        if ev.gene5 == ev.gene3:
            for call in ev.calls:
                skips.add(
                    call.source.path,
                    f"intragenic rearrangement (both breakpoints in {ev.gene3}), not a fusion",
                    call.source.line,
                    _where(call),
                )
            continue
        if ev.kinase is None:
            for call in ev.calls:
                skips.add(
                    call.source.path,
                    "fusion without an IMT target kinase (ALK, ROS1, NTRK1-3, RET, PDGFRB)",
                    call.source.line,
                    ev.label,
                )
            continue
        partner = ev.gene5 if ev.kinase == ev.gene3 else ev.gene3
        best = max(ev.calls, key=lambda c: c.support[2] or 0)
        split, discordant, total = best.support
        primary = ev.primary
        details: dict[str, JSONValue] = {
            "gene_5prime": ev.gene5,
            "gene_3prime": ev.gene3,
            "kinase": ev.kinase,
            "breakpoint_5prime": _bp(primary.bp5 if primary else best.bp5),
            "breakpoint_3prime": _bp(primary.bp3 if primary else best.bp3),
            "exon_5prime": ev.join5.exon,
            "exon_3prime": ev.join3.exon,
            "exon_3prime_literature": ev.join3.literature_exon,
            "location_5prime": ev.join5.location,
            "location_3prime": ev.join3.location,
            "transcript_5prime": ev.join5.transcript,
            "transcript_3prime": ev.join3.transcript,
            "frame": _caller_frame(ev),
            "frame_derived": primary.frame if primary else None,
            "frame_basis": primary.frame_basis if primary else "no call in kinase-3' orientation",
            "kinase_domain_retained": ev.kinase_domain_retained,
            "split_reads": split,
            "discordant_reads": discordant,
            "total_reads": total,
            "low_support": ev.low_support,
            "callers": list[JSONValue](sorted({c.caller for c in ev.calls})),
            "caller_support": _caller_support(ev),
            "junctions": [_junction(j, ev) for j in ev.junctions],
            "calls": [_call(oc) for oc in ev.oriented],
            "notes": list[JSONValue](ev.notes),
        }
        out.append(
            Alteration(
                kind="fusion",
                label=ev.label,
                gene=ev.kinase,
                genes=tuple(g for g in (ev.gene5, ev.gene3) if g != UNKNOWN),
                partner=None if partner == UNKNOWN else partner,
                partner_exon=ev.join5.exon if ev.kinase == ev.gene3 else None,
                gene_exon=ev.join3.exon if ev.kinase == ev.gene3 else None,
                kinase_retained=ev.kinase_domain_retained,
                details=details,
            )
        )
    return out


def _bp(bp: Breakpoint | None) -> str | None:
    return str(bp) if bp else None


def _caller_frame(ev: FusionEvent) -> str | None:
    """The frame the best-supported caller states for the primary junction (its own word)."""
    primary = ev.primary
    calls = [oc.call for oc in primary.calls] if primary else list(ev.calls)
    return next((c.frame for c in calls if c.frame), None)


def _caller_support(ev: FusionEvent) -> list[JSONValue]:
    """Per caller, its best-supported call as one (split, discordant, total) triple."""
    best: dict[str, FusionCall] = {}
    for call in ev.calls:
        if call.caller not in best or (call.support[2] or 0) > (best[call.caller].support[2] or 0):
            best[call.caller] = call
    out: list[JSONValue] = []
    for caller, call in sorted(best.items()):
        split, discordant, total = call.support
        out.append(
            {
                "caller": caller,
                "split_reads": split,
                "discordant_reads": discordant,
                "total_reads": total,
                "confidence": call.confidence,
                "calls": sum(1 for c in ev.calls if c.caller == caller),
            }
        )
    return out


def _junction(j: Junction, ev: FusionEvent) -> JSONValue:
    return {
        "breakpoint_5prime": _bp(j.bp5),
        "breakpoint_3prime": _bp(j.bp3),
        "exon_5prime": j.join5.exon,
        "exon_3prime": j.join3.exon,
        "exon_3prime_literature": j.join3.literature_exon,
        "location_5prime": j.join5.location,
        "location_3prime": j.join3.location,
        "frame_derived": j.frame,
        "frame_basis": j.frame_basis,
        "caller_frames": list[JSONValue](
            sorted({f"{oc.call.caller}: {oc.call.frame}" for oc in j.calls if oc.call.frame})
        ),
        "kinase_domain_retained": j.kinase_domain_retained if ev.kinase == ev.gene3 else None,
        "callers": list[JSONValue](sorted({oc.call.caller for oc in j.calls})),
        "support": j.support,
    }


def _call(oc: OrientedCall) -> JSONValue:
    call = oc.call
    split, discordant, total = call.support
    return {
        "caller": call.caller,
        "input": call.source.path,
        "line": call.source.line,
        "reported_as": f"{call.gene5_field or '(no gene)'} / {call.gene3_field or '(no gene)'}",
        "orientation": "reciprocal (kinase 5')" if oc.reoriented else "as labelled",
        "breakpoint_5prime": _bp(call.bp5),
        "breakpoint_3prime": _bp(call.bp3),
        "split_reads": split,
        "discordant_reads": discordant,
        "total_reads": total,
        "low_support": oc.low_support,
        "frame": call.frame,
        "exon_5prime_caller": call.exon5,
        "exon_3prime_caller": call.exon3,
        "confidence": call.confidence,
        "filters": list[JSONValue](call.filters),
        "type": call.fusion_type,
        "caller_notes": list[JSONValue](call.caller_notes),
        "raw": dict[str, JSONValue](call.source.raw),
    }


def variant_alterations(
    variants: Iterable[VariantItem],
    kb: Knowledgebase,
    skips: SkipLog,
    *,
    include_filtered: bool,
    build: Build | None = None,
) -> list[Alteration]:
    """Mutation alterations of the target genes; everything else goes to ``skips``, including
    the counts a parser made of the variants outside the targets (see ``variant_items``)."""
    genes = {g.symbol for g in kb.genes.values() if g.report_mutations}
    out: list[Alteration] = []
    seen: set[tuple[str, str]] = set()
    for v in variants:
        if isinstance(v, PassengerSkipped):
            skips.absorb(v)
            continue
        where = f"{v.chrom}:{v.pos} {v.ref}>{v.alt}"
        if isinstance(v, PassengerVariant):
            if v.gene in genes:  # the parser was asked about these very genes
                raise AnnotatorError(f"internal error: {v.path}:{v.line}: {v.gene} read light")
            skips.add(v.path, OUTSIDE_TARGETS if v.annotated else NOT_ANNOTATED, v.line, where)
            continue
        ann = v.annotation
        extra: dict[str, JSONValue] = {}
        # A raw VCF, or an annotation without a protein change (older MAFs): the knowledgebase's
        # codons still count.
        if build is not None and (ann is None or not ann.hgvsp) and v.pos:
            derived = derive_protein_change(v.chrom, v.pos, v.ref, v.alt, build)
            if derived is not None and (ann is None or ann.gene == derived.annotation.gene):
                v, ann, extra = derived.applied_to(v), derived.annotation, derived.details
        gene = ann.gene if ann else None
        if gene not in genes:
            skips.add(
                v.source.path, OUTSIDE_TARGETS if ann else NOT_ANNOTATED, v.source.line, where
            )
            continue
        assert ann is not None and gene is not None
        if v.filters and v.filters != ("PASS",) and not include_filtered:
            skips.add(
                v.source.path,
                f"{gene} variant not PASS (FILTER {';'.join(v.filters)})",
                v.source.line,
                where,
            )
            continue
        if not is_protein_altering(ann.consequence):
            skips.add(
                v.source.path,
                f"{gene} variant not protein-altering ({ann.consequence or 'no consequence'})",
                v.source.line,
                where,
            )
            continue
        hgvsp, numbering = literature_hgvsp(gene, ann.transcript, ann.hgvsp)  # ROS1: NM_002944
        change = protein_change(hgvsp)
        label = f"{gene} p.{change.short}" if change else f"{gene} {_c_dot(ann.hgvsc) or where}"
        if (label, where) in seen:
            continue
        seen.add((label, where))
        exon = _exon_number(ann.exon)
        out.append(
            Alteration(
                kind="mutation",
                label=label,
                gene=gene,
                genes=(gene,),
                protein_change=change.short if change else None,
                protein_position=change.position if change else None,
                protein_altering=True,
                exon=exon,
                details={
                    "chrom": v.chrom,
                    "pos": v.pos,
                    "ref": v.ref,
                    "alt": v.alt,
                    "hgvsp": ann.hgvsp,
                    "hgvsc": ann.hgvsc,
                    "transcript": ann.transcript,
                    "transcript_choice": v.transcript_choice,
                    "consequence": ann.consequence,
                    "exon": ann.exon,
                    "vaf": v.vaf,
                    "depth": v.depth,
                    "alt_reads": v.alt_reads,
                    "filters": list(v.filters),
                    "tumor_sample": v.tumor_sample,
                    "annotation_source": v.annotation_source,
                    "input": v.source.path,
                    "line": v.source.line,
                    **numbering,
                    **extra,
                },
            )
        )
    return out


def _c_dot(hgvsc: str | None) -> str | None:
    return hgvsc.rsplit(":", 1)[-1] if hgvsc else None


def _exon_number(exon: str | None) -> int | None:
    if not exon:
        return None
    head = exon.split("/", 1)[0].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def copy_number_alterations(
    calls: Iterable[GeneCopyNumber], kb: Knowledgebase, events: Iterable[ArmEvent] = ()
) -> list[Alteration]:
    """Gene amplifications/deletions the knowledgebase reports, and the arm-level events it
    names (a ``cytogenetic`` biomarker whose name is the event's label, e.g. "chromosome 19
    loss"). Other arm-level events are not alterations: ``annotate`` lists them as observations.
    """
    out = []
    for call in calls:
        gene = kb.genes.get(call.gene)
        direction = (
            "amplification"
            if call.call == "amplification"
            else "deletion"
            if call.call == "deletion"
            else None
        )
        if gene is None or direction is None or direction not in gene.report_copy_number:
            continue
        out.append(
            Alteration(
                kind="copy_number",
                label=f"{call.gene} {direction}",
                gene=call.gene,
                genes=(call.gene,),
                direction=direction,
                details={
                    "call": call.call,
                    "evidence": call.evidence,
                    "basis": call.basis,
                    "log2": call.log2,
                    "copies": call.copies,
                    "fold_change": call.fold_change,
                    "discrete": call.discrete,
                    "caller_call": call.caller_call,
                    "gene_assigned_by": call.how_assigned,
                    "segment": call.region,
                    "segment_probes": call.probes,
                    "input": call.source.path,
                    "line": call.source.line,
                },
            )
        )
    for event in events:
        arm = None if event.whole_chromosome else event.arms[0].arm
        if not cytogenetic_biomarkers(kb, event.chrom, arm, event.direction):
            continue
        segments = event.segments()
        out.append(
            Alteration(
                kind="copy_number",
                label=event.label,
                gene=f"chr{event.chrom}",  # pseudo-gene: the chromosome
                genes=(f"chr{event.chrom}",),
                details={
                    "call": event.direction,
                    "chromosome": event.chrom,
                    "arm": arm,
                    "evidence": event.summary(),
                    "basis": "fraction of the arm length in segments called "
                    f"{event.direction} (cut-off {event.threshold:g})",
                    "log2": None,
                    "copies": None,
                    "gene_assigned_by": f"chromosome arms ({event.build} centromeres)",
                    "segment": ", ".join(
                        f"{event.chrom}{a.arm} {a.start}-{a.end}" for a in event.arms
                    ),
                    "segment_probes": sum(s.probes or 0 for s in segments) or None,
                    "arms": [
                        {
                            "arm": f"{event.chrom}{a.arm}",
                            "start": a.start,
                            "end": a.end,
                            "fraction": round(event.fraction(a), 4),
                            "assessed_fraction": round(a.assessed_fraction, 4),
                        }
                        for a in event.arms
                    ],
                    "segments": [
                        {
                            "segment": f"{s.chrom}:{s.start}-{s.end}",
                            "log2": s.log2,
                            "copies": s.copies,
                            "input": s.source.path,
                            "line": s.source.line,
                        }
                        for s in segments
                    ],
                    "input": segments[0].source.path if segments else None,
                    "line": segments[0].source.line if segments else None,
                },
            )
        )
    return out
