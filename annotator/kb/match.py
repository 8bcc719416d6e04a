"""Match alterations to knowledgebase biomarkers and assemble tiered findings.

Disease context is IMT as an entity: evidence recorded for IMT or its EIMS subtype, and
tumour-agnostic evidence, keep their level; evidence from another tumour type (e.g. a ROS1
approval in NSCLC) is at most level C here, as AMP/ASCO/CAP 2017 prescribes for therapies
approved in a different tumour type. A lung IMT (OncoTree IMTL) therefore never inherits NSCLC
evidence as if it were on-label. Age, site and subtype restrictions and the resistance-mutation
context are applied per record (see :mod:`annotator.kb.therapies`).
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.kb import schema as s
from annotator.kb.cases import case_summary, cases_for
from annotator.kb.context import (
    Applicability,
    PatientContext,
    age_applicability,
    group_applicability,
    patient_context,
    site_applicability,
    subtype_applicability,
)
from annotator.kb.load import Knowledgebase
from annotator.kb.rules import matching_biomarkers, profile_parts, profiles_present, specificity
from annotator.kb.therapies import Contribution, TherapyTables, context_summary, therapy_options
from annotator.kb.tiers import cap_level, tier_and_rationale
from annotator.models import Alteration, Finding, Statement

__all__ = ["approval_text", "guideline_text", "match_findings", "matching_biomarkers"]
CONTEXT_RANK = 100  # evidence from a co-occurring mutation on the fusion's kinase
_TIER_ORDER = ("IA", "IB", "IIC", "IID", "III", "IV")


def match_findings(
    kb: Knowledgebase, alterations: Iterable[Alteration], disease: str | PatientContext
) -> list[Finding]:
    """One finding per alteration, tiered, in report order (tier, then label).

    ``disease`` is a patient context, or a disease id / OncoTree code / synonym.
    """
    ctx = disease if isinstance(disease, PatientContext) else patient_context(kb, disease)
    alts = list(alterations)
    own = [matching_biomarkers(kb, a) or _cytogenetic(kb, a) for a in alts]
    profiles = profiles_present(kb, {bid for ids in own for bid in ids})
    built = []
    for i, alt in enumerate(alts):
        ranks = {bid: specificity(kb, bid) for bid in own[i]}
        for p in profiles:
            if profile_parts(kb, p) & set(own[i]):
                ranks[p] = specificity(kb, p)
        # Resistance context: a kinase-domain mutation found with a fusion of the same kinase
        # brings its predictive evidence to the fusion finding (see annotator.kb.therapies).
        via: dict[str, str] = {}
        partners = [
            j
            for j, other in enumerate(alts)
            if alt.kind == "fusion" and other.kind == "mutation" and other.gene == alt.gene
        ]
        for j in partners:
            for bid in own[j]:
                ranks.setdefault(bid, CONTEXT_RANK + specificity(kb, bid))
                via.setdefault(bid, alts[j].label)
        for p in profiles:
            parts = profile_parts(kb, p)
            labels = [alts[j].label for j in partners if parts & set(own[j])]
            if labels and p not in ranks:
                ranks[p] = CONTEXT_RANK + specificity(kb, p)
                via[p] = " + ".join(labels)
        mutations = tuple(alts[j].label for j in partners if own[j])
        built.append(_finding(kb, ctx, alt, own[i], ranks, via, mutations))
    built.sort(key=lambda f: (_TIER_ORDER.index(f.tier), f.alteration.label))
    return [_numbered(f, n) for n, f in enumerate(built, start=1)]


def _cytogenetic(kb: Knowledgebase, alt: Alteration) -> list[str]:
    """An arm-level copy-number event (``normalize.chromosome_arms``) matches the
    ``cytogenetic`` biomarkers naming its chromosome, arm (none: whole chromosome) and change."""
    if alt.kind != "copy_number" or alt.direction is not None:
        return []
    chrom, arm, change = (alt.details.get(k) for k in ("chromosome", "arm", "call"))
    return cytogenetic_biomarkers(kb, str(chrom), arm if isinstance(arm, str) else None, change)


def cytogenetic_biomarkers(
    kb: Knowledgebase, chrom: str, arm: str | None, change: object
) -> list[str]:
    return [
        bid
        for bid, marker in kb.biomarkers.items()
        if isinstance(marker.match, s.NonSequencingMatch)
        and marker.match.kind == "cytogenetic"
        and marker.match.chromosome == chrom
        and marker.match.arm == arm
        and marker.match.change == change
    ]


def _numbered(f: Finding, n: int) -> Finding:
    return Finding(
        f"F{n}",
        f.alteration,
        f.biomarkers,
        f.tier,
        f.tier_rationale,
        f.therapies,
        f.diagnostic,
        f.prognostic,
        f.cases,
        f.trials,
        f.matched_biomarker,
        f.case_summary,
        f.resistance_context,
    )


def _where(kb: Knowledgebase, disease_id: str) -> tuple[str | None, str]:
    disease = kb.diseases[disease_id]
    if disease.scope == "imt":
        return None, disease.name
    if disease.scope == "tumour_agnostic":
        return None, "tumour-agnostic"
    return "C", f"{disease.name}, another tumour type"


def _combine(*checks: Applicability) -> Applicability:
    notes = [c.note for c in checks if c.note]
    return Applicability(all(c.applies for c in checks), "; ".join(notes) or None)


def _resistance_check(flag: bool, resistance: tuple[str, ...]) -> Applicability:
    if not flag or not resistance:
        return Applicability(True)
    found = ", ".join(resistance)
    return Applicability(
        False, f"label excludes tumours with a known acquired resistance mutation ({found})"
    )


def approval_text(ap: s.Approval) -> str:
    when = ap.date.isoformat() if ap.date else "date not verified"
    return f"{ap.agency} {when}: {ap.status.replace('_', ' ')} for {ap.disease} — {ap.population}"


def guideline_text(gl: s.GuidelineListing) -> str:
    version = gl.version or (str(gl.year) if gl.year else "")
    category = f", category {gl.category}" if gl.category else ""
    action = gl.action.replace("_", " ")
    return f"{gl.guideline}{' ' + version if version else ''}: {action} ({gl.disease}{category})"


def _contribution(
    kb: Knowledgebase,
    record_id: str,
    disease: str,
    level: str,
    check: Applicability,
    rank: int,
    text: str,
    short: str,
    *,
    drug: str | None,
    effect: str | None,
    citations: tuple[str, ...],
    counts: bool = True,
    approved: bool = False,
    escat: str | None = None,
    oncokb: str | None = None,
    via: str | None = None,
    outcome: str | None = None,
) -> Contribution:
    """A record's contribution after the disease cap and the patient restrictions."""
    cap, where = _where(kb, disease)
    capped = cap_level(level, cap)
    there = f", level {level} there" if capped != level else ""
    if not check.applies:
        capped = cap_level(capped, "C")
    basis = f"{record_id} ({where}{there}): {text}"
    if not check.applies:
        basis += f" [not applicable to this patient: {check.note}]"
    return Contribution(
        record_id=record_id,
        drug=drug,
        effect=effect,
        level=capped,
        counts=counts and check.applies,
        rank=rank,
        basis=basis,
        short=f"{short} ({where}{there})" if there or where == "tumour-agnostic" else short,
        citations=citations,
        escat=escat,
        oncokb=oncokb,
        approved=approved and check.applies and capped == "A",
        restriction=None if check.applies else check.note,
        via=via,
        outcome=outcome,
    )


def _finding(
    kb: Knowledgebase,
    ctx: PatientContext,
    alt: Alteration,
    own: list[str],
    ranks: dict[str, int],
    via: dict[str, str],
    resistance: tuple[str, ...],
) -> Finding:
    found: list[Contribution] = []
    statements: list[tuple[Statement, Contribution | None]] = []
    tables = TherapyTables({d: kb.drugs[d].name for d in kb.drugs}, {}, {})
    for ap in kb.approvals:
        if not ap.active or ap.biomarker not in ranks or ap.biomarker in via:
            continue
        check = _combine(
            age_applicability(ctx, ap.min_age_years, ap.max_age_years),
            _resistance_check(ap.excludes_resistance_mutation, resistance),
        )
        line = approval_text(ap) + (f" — {check.note}" if check.note else "")
        tables.regulatory.setdefault(ap.drug, []).append(line)
        if ap.status in ("approved", "extended"):
            when = ap.date.isoformat() if ap.date else "(date not verified)"
            short = f"{ap.drug} {ap.status} by {ap.agency} {when} in {ap.disease}"
            found.append(
                _contribution(
                    kb, ap.id, ap.disease, "A", check, ranks[ap.biomarker], approval_text(ap),
                    short, drug=ap.drug, effect="sensitivity", citations=tuple(ap.citations),
                    approved=True,
                )
            )  # fmt: skip
    for gl in kb.guidelines:
        if not gl.active or gl.biomarker is None or gl.biomarker not in ranks:
            continue
        if gl.biomarker in via:
            continue
        check = _combine(
            group_applicability(ctx, gl.age_group),
            age_applicability(ctx, None, gl.max_age_years, "recommended for"),
        )
        for drug in gl.drugs:
            tables.guidelines.setdefault(drug, []).append(guideline_text(gl))
            if gl.action == "not_found":
                continue
            found.append(
                _contribution(
                    kb, gl.id, gl.disease, "A", check, ranks[gl.biomarker], gl.statement,
                    f"{drug} {gl.action} in {gl.guideline} {gl.version or gl.year or ''}".strip(),
                    drug=drug, effect="sensitivity", citations=tuple(gl.citations),
                )
            )  # fmt: skip
    for ev in kb.evidence:
        if not ev.active or ev.biomarker is None or ev.biomarker not in ranks:
            continue
        check = _combine(
            subtype_applicability(kb, ctx, ev.disease),
            group_applicability(ctx, ev.age_group),
            age_applicability(ctx, ev.min_age_years, ev.max_age_years),
            site_applicability(ctx, ev.sites),
            _resistance_check(ev.excludes_resistance_mutation, resistance),
        )
        origin = via.get(ev.biomarker)
        if ev.type == "predictive":
            if ev.level is None:
                continue
            text = f"{origin} in this sample: {ev.statement}" if origin else ev.statement
            for drug in ev.drugs:
                found.append(
                    _contribution(
                        kb, ev.id, ev.disease, ev.level, check, ranks[ev.biomarker], text, ev.id,
                        drug=drug, effect=ev.effect if ev.effect in ("resistance", "no_response")
                        else "sensitivity", citations=tuple(ev.citations), escat=ev.escat,
                        oncokb=ev.oncokb, via=origin, outcome=ev.outcome,
                        counts=ev.counts_for_tier,
                    )
                )  # fmt: skip
        elif origin is None:
            statements.append(_statement(kb, ev, check, ranks[ev.biomarker]))
    return _assemble(kb, alt, own, ranks, via, resistance, found, statements, tables)


def _statement(
    kb: Knowledgebase, ev: s.Evidence, check: Applicability, rank: int
) -> tuple[Statement, Contribution | None]:
    contribution = None
    if ev.level is not None:
        contribution = _contribution(
            kb, ev.id, ev.disease, ev.level, check, rank, ev.statement, ev.id,
            drug=None, effect=None, citations=tuple(ev.citations), counts=ev.counts_for_tier,
        )  # fmt: skip
    frequencies = tuple(
        f"{_fraction(f)} in {f.population} [{f.certainty}; {', '.join(f.citations)}]"
        for f in ev.frequencies
    )
    statement = Statement(
        ev.id,
        ev.type,
        ev.statement,
        contribution.level if contribution else ev.level,
        ev.certainty,
        tuple(dict.fromkeys([*ev.citations, *(c for f in ev.frequencies for c in f.citations)])),
        kb.diseases[ev.disease].name,
        restriction=None if check.applies else check.note,
        outcome=ev.outcome,
        frequencies=frequencies,
    )
    return statement, contribution


def _fraction(f: s.Frequency) -> str:
    parts = []
    if f.percent is not None:
        parts.append(f"{f.percent:g}%")
    if f.count is not None and f.total is not None:
        parts.append(f"({f.count}/{f.total})" if parts else f"{f.count}/{f.total}")
    return " ".join(parts) or "reported"


def _assemble(
    kb: Knowledgebase,
    alt: Alteration,
    own: list[str],
    ranks: dict[str, int],
    via: dict[str, str],
    resistance: tuple[str, ...],
    found: list[Contribution],
    statements: list[tuple[Statement, Contribution | None]],
    tables: TherapyTables,
) -> Finding:
    therapies, kept = therapy_options(found, tables)
    stated = [c for _, c in statements if c is not None]
    tier, rationale = tier_and_rationale(kb.version, alt, kept + stated, therapies)
    summary = context_summary(therapies)
    if summary:
        rationale = f"{rationale} {summary}"
    matched = [b for b in sorted(ranks, key=lambda b: -ranks[b]) if b not in via]
    primary = own[0] if own else None
    case_ids = cases_for(kb, alt, own, primary)
    biomarker_set = set(matched)
    return Finding(
        "",
        alt,
        tuple(matched),
        tier,
        rationale,
        tuple(therapies),
        tuple(st for st, _ in statements if st.type == "diagnostic"),
        tuple(st for st, _ in statements if st.type == "prognostic"),
        case_ids,
        tuple(t.id for t in kb.trials if t.active and biomarker_set & set(t.biomarkers)),
        primary,
        case_summary(kb, alt, case_ids),
        resistance,
    )
