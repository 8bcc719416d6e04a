"""Therapy options for one finding: what each approval, guideline listing and evidence item
contributes in the patient's context, and how conflicting effects are settled.

Levels: the record's own level in its own disease context; evidence from another tumour type is
capped at C (AMP/ASCO/CAP 2017); a record restricted to another age group, site or subtype, or
whose label excludes a resistance mutation present in the sample, is shown with the restriction,
capped at C and never sets the tier.

Effects: a finding keeps sensitivity and resistance to the same drug side by side when both come
from the alteration's own biomarkers (one case that progressed does not override a label). When
evidence arrives through a profile or from a co-occurring resistance mutation on the same kinase
(rank >= PROFILE_RANK), the most specific such evidence decides the drug's effect and the
contrary, less specific evidence is listed as superseded: an ALK fusion with ALK G1202R shows
crizotinib as resistance (naming G1202R) and lorlatinib as retained. On a tie, resistance wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from annotator.kb.rules import PROFILE_RANK
from annotator.kb.tiers import LEVELS, best_level
from annotator.models import TherapyOption


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one knowledgebase record contributes to a finding."""

    record_id: str
    drug: str | None  # None for diagnostic/prognostic statements
    effect: str | None  # "sensitivity" | "resistance" for therapies
    level: str
    counts: bool  # may set the tier (False when restricted or flagged counts_for_tier: false)
    rank: int  # specificity of the biomarker it came through (+100 from a co-occurring one)
    basis: str  # full sentence shown beside the therapy
    short: str  # a few words for the tier rationale
    citations: tuple[str, ...]
    escat: str | None = None
    oncokb: str | None = None
    approved: bool = False  # a regulatory approval applicable to this patient at level A
    restriction: str | None = None  # why it does not apply to this patient
    via: str | None = None  # label of the co-occurring alteration it came from
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class TherapyTables:
    """Per-drug lines that accompany every option for that drug."""

    names: dict[str, str]  # drug id -> display name
    regulatory: dict[str, list[str]]
    guidelines: dict[str, list[str]]


def settle(contribs: list[Contribution]) -> tuple[list[Contribution], list[Contribution]]:
    """(kept, superseded) for one drug, by the rule in the module docstring."""
    decisive = [c for c in contribs if c.rank >= PROFILE_RANK]
    if not decisive:
        return contribs, []
    top = max(c.rank for c in decisive)
    effects = {c.effect for c in decisive if c.rank == top}
    winner = "resistance" if "resistance" in effects else "sensitivity"
    kept = [c for c in contribs if c.effect == winner]
    return kept, [c for c in contribs if c.effect != winner]


def therapy_options(
    contributions: Iterable[Contribution], tables: TherapyTables
) -> tuple[list[TherapyOption], list[Contribution]]:
    """Options in report order, and the contributions they kept (for the tier)."""
    by_drug: dict[str, list[Contribution]] = {}
    for c in contributions:
        if c.drug is not None:
            by_drug.setdefault(c.drug, []).append(c)
    built: list[tuple[TherapyOption, list[Contribution]]] = []
    for drug, every in by_drug.items():
        # A single patient's non-response sits beside the drug's option as an outcome; it is a
        # resistance option of its own only when nothing else names the drug.
        quiet = [c for c in every if c.effect == "no_response"]
        contribs = [c for c in every if c.effect != "no_response"]
        if not contribs:
            contribs, quiet = [_as_resistance(c) for c in quiet], []
        kept, superseded = settle(contribs)
        lead = "sensitivity" if any(c.effect == "sensitivity" for c in kept) else "resistance"
        kept += [_as_outcome(c, lead) for c in quiet]
        both = {c.effect for c in kept} == {"sensitivity", "resistance"}
        for effect in ("sensitivity", "resistance"):
            group = [c for c in kept if c.effect == effect]
            if group:
                # When a drug has both options, its label and guideline lines go with the
                # sensitivity one only (they describe where it is indicated).
                lines = not (both and effect == "resistance")
                built.append((_option(drug, effect, group, superseded, tables, lines), group))
    # Within a level, a therapy approved by a regulator for this patient comes before one that
    # is guideline-listed or trial-backed (crizotinib before the NCCN-listed ALK inhibitors).
    built.sort(
        key=lambda pair: (
            pair[0].effect != "sensitivity",
            LEVELS.index(pair[0].level),
            not any(c.approved for c in pair[1]),
            pair[0].drug,
        )
    )
    return [t for t, _ in built], [c for _, group in built for c in group]


def _as_resistance(c: Contribution) -> Contribution:
    return replace(c, effect="resistance")


def _as_outcome(c: Contribution, effect: str) -> Contribution:
    """A non-response joins the drug's option without weighing on its level or the tier."""
    return replace(c, effect=effect, counts=False, level="D", rank=-1, approved=False)


def _option(
    drug: str,
    effect: str,
    contribs: list[Contribution],
    superseded: list[Contribution],
    tables: TherapyTables,
    lines: bool,
) -> TherapyOption:
    counting = [c for c in contribs if c.counts]
    weighed = counting or [c for c in contribs if c.rank >= 0] or contribs
    level = best_level(c.level for c in weighed)
    best = next(c for c in weighed if c.level == level)
    return TherapyOption(
        drug=tables.names[drug],
        effect="resistance" if effect == "resistance" else "sensitivity",
        level=level,
        escat=next((c.escat for c in counting if c.escat), None)
        or next((c.escat for c in contribs if c.escat), None),
        oncokb=next((c.oncokb for c in counting if c.oncokb), None),
        regulatory=tuple(tables.regulatory.get(drug, []) if lines else ()),
        evidence_ids=tuple(dict.fromkeys(c.record_id for c in contribs)),
        citations=tuple(sorted({cite for c in contribs for cite in c.citations})),
        basis=best.basis,
        outcomes=tuple(dict.fromkeys(f"{c.record_id}: {c.outcome}" for c in contribs if c.outcome)),
        guidelines=tuple(tables.guidelines.get(drug, []) if lines else ()),
        restrictions=tuple(
            dict.fromkeys(f"{c.short}: {c.restriction}" for c in contribs if c.restriction)
        ),
        context=tuple(dict.fromkeys(c.via for c in contribs if c.via)),
        superseded=tuple(
            dict.fromkeys(f"{c.effect}, level {c.level}: {c.short}" for c in superseded)
        ),
    )


def context_summary(therapies: Iterable[TherapyOption]) -> str | None:
    """One sentence on how co-occurring resistance mutations re-ranked the options."""
    lost: dict[str, list[str]] = {}
    kept: dict[str, list[str]] = {}
    for t in therapies:
        for label in t.context:
            (lost if t.effect == "resistance" else kept).setdefault(label, []).append(t.drug)
    if not lost and not kept:
        return None
    labels = list(dict.fromkeys([*lost, *kept]))
    parts = []
    for label in labels:
        bits = []
        if lost.get(label):
            bits.append(f"resistance to {', '.join(dict.fromkeys(lost[label]))}")
        if kept.get(label):
            bits.append(f"activity retained by {', '.join(dict.fromkeys(kept[label]))}")
        parts.append(f"{label} in this sample: {'; '.join(bits)}")
    return "Re-ranked for co-occurring kinase mutations — " + " | ".join(parts) + "."
