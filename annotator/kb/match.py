"""Match alterations to knowledgebase biomarkers and assemble tiered findings.

Disease context is IMT as an entity: evidence recorded for IMT or its EIMS subtype, and
tumour-agnostic evidence, keep their level; evidence from another tumour type (e.g. a ROS1
approval in NSCLC) is at most level C here, as AMP/ASCO/CAP 2017 prescribes for therapies
approved in a different tumour type. A lung IMT therefore never inherits NSCLC evidence as if
it were on-label.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.kb import schema as s
from annotator.kb.load import Knowledgebase
from annotator.kb.tiers import LEVELS, best_level, cap_level, tier_for_level
from annotator.models import Alteration, Finding, Statement, TherapyOption


@dataclass(frozen=True, slots=True)
class _Contribution:
    level: str
    basis: str  # full sentence, shown beside the therapy
    short: str  # a few words, for the tier rationale
    evidence_id: str
    citations: tuple[str, ...]
    escat: str | None
    oncokb: str | None


def matching_biomarkers(kb: Knowledgebase, alteration: Alteration) -> list[str]:
    """Biomarker ids whose rule this single alteration satisfies (profiles excluded)."""
    found = []
    for bid, marker in kb.biomarkers.items():
        if _rule_matches(marker.match, alteration):
            found.append(bid)
    return found


def _rule_matches(rule: s.MatchRule, alt: Alteration) -> bool:
    if isinstance(rule, s.FusionMatch):
        # A fusion that joins the kinase after its kinase domain cannot drive kinase signalling:
        # it is reported (Tier III, with the reason) but matches no fusion biomarker.
        return (
            alt.kind == "fusion"
            and alt.kinase_retained is not False
            and rule.gene == alt.gene
            and (rule.partner is None or rule.partner == alt.partner)
            and (rule.partner_exon is None or rule.partner_exon == alt.partner_exon)
            and (rule.gene_exon is None or rule.gene_exon == alt.gene_exon)
        )
    if isinstance(rule, s.MutationMatch):
        if alt.kind != "mutation" or rule.gene != alt.gene:
            return False
        if rule.protein_change is not None:
            return rule.protein_change == alt.protein_change
        if rule.codon is not None:
            return rule.codon == alt.protein_position and alt.protein_altering
        if rule.exon is not None:
            return rule.exon == alt.exon and alt.protein_altering
        return rule.any_protein_altering and alt.protein_altering
    if isinstance(rule, s.CopyNumberMatch):
        return (
            alt.kind == "copy_number" and rule.gene == alt.gene and rule.direction == alt.direction
        )
    return False


def _context(kb: Knowledgebase, disease_id: str) -> tuple[str | None, str]:
    disease = kb.diseases[disease_id]
    if disease.scope == "imt":
        return None, disease.name
    if disease.scope == "tumour_agnostic":
        return None, "tumour-agnostic"
    return "C", f"{disease.name}, another tumour type"


def _evidence_contribution(kb: Knowledgebase, ev: s.Evidence) -> _Contribution | None:
    if ev.level is None or not ev.counts_for_tier:
        return None
    cap, where = _context(kb, ev.disease)
    level = cap_level(ev.level, cap)
    capped = f", level {ev.level} there" if level != ev.level else ""
    return _Contribution(
        level,
        f"{ev.id} ({where}{capped}): {ev.statement}",
        f"{ev.id} ({where}{capped})",
        ev.id,
        tuple(ev.citations),
        ev.escat,
        ev.oncokb,
    )


def _approval_text(kb: Knowledgebase, ap: s.Approval) -> str:
    when = ap.date.isoformat() if ap.date else "date not verified"
    return f"{ap.agency} {when}: {ap.status.replace('_', ' ')} for {ap.disease} — {ap.population}"


def _approval_contribution(kb: Knowledgebase, ap: s.Approval) -> _Contribution | None:
    if ap.status not in ("approved", "extended"):
        return None
    cap, where = _context(kb, ap.disease)
    level = cap_level("A", cap)
    when = ap.date.isoformat() if ap.date else "date not verified"
    return _Contribution(
        level,
        f"{ap.id} ({where}): {_approval_text(kb, ap)}",
        f"{ap.drug} {ap.status.replace('_', ' ')} by {ap.agency} {when} in {ap.disease}",
        ap.id,
        tuple(ap.citations),
        None,
        None,
    )


def match_findings(
    kb: Knowledgebase, alterations: Iterable[Alteration], disease: str
) -> list[Finding]:
    """One finding per alteration, tiered, in report order (tier, then label)."""
    if disease not in kb.diseases:
        raise ValueError(f"unknown disease {disease!r}")
    alts = list(alterations)
    per_alt = [matching_biomarkers(kb, a) for a in alts]
    present = {bid for ids in per_alt for bid in ids}
    for bid, marker in kb.biomarkers.items():
        rule = marker.match
        if isinstance(rule, s.ProfileMatch) and set(rule.all_of) <= present:
            for ids in per_alt:
                if set(rule.all_of) & set(ids):
                    ids.append(bid)
    built = [_finding(kb, a, ids) for a, ids in zip(alts, per_alt, strict=True)]
    built.sort(key=lambda f: (_TIER_ORDER.index(f.tier), f.alteration.label))
    return [
        Finding(
            f"F{i}",
            f.alteration,
            f.biomarkers,
            f.tier,
            f.tier_rationale,
            f.therapies,
            f.diagnostic,
            f.prognostic,
            f.cases,
            f.trials,
        )
        for i, f in enumerate(built, start=1)
    ]


_TIER_ORDER = ("IA", "IB", "IIC", "IID", "III", "IV")


def _finding(kb: Knowledgebase, alt: Alteration, ids: list[str]) -> Finding:
    idset = set(ids)
    options: dict[tuple[str, str], list[_Contribution]] = {}
    regulatory: dict[str, list[str]] = {}
    approved: set[str] = set()  # approvals that give level A in this disease context
    for ap in kb.approvals:
        if ap.biomarker not in idset:
            continue
        regulatory.setdefault(ap.drug, []).append(_approval_text(kb, ap))
        contribution = _approval_contribution(kb, ap)
        if contribution is not None:
            options.setdefault((ap.drug, "sensitivity"), []).append(contribution)
            if contribution.level == "A":
                approved.add(ap.id)
    diagnostic: list[Statement] = []
    prognostic: list[Statement] = []
    tier_contributions: list[_Contribution] = []
    for ev in kb.evidence:
        if ev.biomarker not in idset:
            continue
        contribution = _evidence_contribution(kb, ev)
        if ev.type == "predictive":
            effect = "resistance" if ev.effect == "resistance" else "sensitivity"
            for drug in ev.drugs:
                if contribution is not None:
                    options.setdefault((drug, effect), []).append(contribution)
            continue
        statement = Statement(
            ev.id,
            ev.type,
            ev.statement,
            contribution.level if contribution else ev.level,
            ev.certainty,
            tuple(ev.citations),
            kb.diseases[ev.disease].name,
        )
        (diagnostic if ev.type == "diagnostic" else prognostic).append(statement)
        if contribution is not None:
            tier_contributions.append(contribution)
    paired = [
        (_therapy(kb, drug, effect, contribs, regulatory.get(drug, [])), contribs)
        for (drug, effect), contribs in options.items()
    ]
    # Within a level, a therapy approved by a regulator in this context comes before one that
    # is guideline-listed or trial-backed (crizotinib before the NCCN-listed ALK inhibitors).
    paired.sort(
        key=lambda pair: (
            pair[0].effect != "sensitivity",
            LEVELS.index(pair[0].level),
            not any(e in approved for e in pair[0].evidence_ids),
            pair[0].drug,
        )
    )
    therapies = [t for t, _ in paired]
    tier_contributions = [c for _, contribs in paired for c in contribs] + tier_contributions
    tier, rationale = _tier(kb, alt, tier_contributions, therapies)
    cases = tuple(c.id for c in kb.cases if c.biomarker in idset)
    trials = tuple(t.id for t in kb.trials if idset & set(t.biomarkers))
    return Finding(
        "",
        alt,
        tuple(ids),
        tier,
        rationale,
        tuple(therapies),
        tuple(diagnostic),
        tuple(prognostic),
        cases,
        trials,
    )


def _therapy(
    kb: Knowledgebase,
    drug: str,
    effect: str,
    contribs: list[_Contribution],
    regulatory: list[str],
) -> TherapyOption:
    level = best_level(c.level for c in contribs)
    best = next(c for c in contribs if c.level == level)
    escat = next((c.escat for c in contribs if c.escat), None)
    oncokb = next((c.oncokb for c in contribs if c.oncokb), None)
    citations = tuple(sorted({cite for c in contribs for cite in c.citations}))
    return TherapyOption(
        drug=kb.drugs[drug].name,
        effect="resistance" if effect == "resistance" else "sensitivity",
        level=level,
        escat=escat,
        oncokb=oncokb,
        regulatory=tuple(regulatory),
        evidence_ids=tuple(dict.fromkeys(c.evidence_id for c in contribs)),
        citations=citations,
        basis=best.basis,
    )


def _tier(
    kb: Knowledgebase,
    alt: Alteration,
    contributions: list[_Contribution],
    therapies: list[TherapyOption],
) -> tuple[str, str]:
    if not contributions and alt.kind == "fusion" and alt.kinase_retained is False:
        return (
            "III",
            f"Tier III: {alt.label} joins {alt.gene} exon {alt.gene_exon}, after the start of its "
            "kinase domain, so it is not predicted to produce an active kinase fusion; "
            "fusion evidence was not applied.",
        )
    if not contributions:
        return (
            "III",
            f"Tier III: {alt.label} is an alteration in an IMT target gene with no evidence "
            f"that sets a tier in knowledgebase {kb.version} (variant of unknown significance "
            "for IMT).",
        )
    level = best_level(c.level for c in contributions)
    tier = tier_for_level(level)
    deciding = list(dict.fromkeys(c.short for c in contributions if c.level == level))
    named = "; ".join(deciding[:4]) + (
        f"; and {len(deciding) - 4} more" if len(deciding) > 4 else ""
    )
    drugs = list(dict.fromkeys(t.drug for t in therapies if t.level == level))
    lead = f"level {level} evidence" + (f" for {', '.join(drugs)}" if drugs else "")
    return tier, f"Tier {tier}: {lead} — {named}"
