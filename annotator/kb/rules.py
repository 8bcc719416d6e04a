"""Biomarker match rules: which rules an alteration satisfies, and how specific each rule is.

Specificity orders the biomarkers one alteration matches, so the report can show the most
specific one (RANBP2::ALK exon 18::exon 20 before RANBP2::ALK before "ALK fusion, any partner")
while evidence recorded for the general ones still applies.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.kb import schema as s
from annotator.kb.load import Knowledgebase
from annotator.models import Alteration

# Profiles outrank any single-alteration rule; evidence that arrives through a profile or from
# a co-occurring alteration can therefore decide a drug's effect (see annotator.kb.therapies).
PROFILE_RANK = 50


def rule_matches(rule: s.MatchRule, alt: Alteration) -> bool:
    """Whether one alteration satisfies a single-alteration rule (profiles never match here)."""
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
            inserted = alt.protein_change is not None and (
                "ins" in alt.protein_change or "dup" in alt.protein_change
            )
            return (
                rule.codon == alt.protein_position
                and alt.protein_altering
                and (inserted or not rule.insertion)
            )
        if rule.exon is not None:
            return rule.exon == alt.exon and alt.protein_altering
        return rule.any_protein_altering and alt.protein_altering
    if isinstance(rule, s.CopyNumberMatch):
        return (
            alt.kind == "copy_number" and rule.gene == alt.gene and rule.direction == alt.direction
        )
    return False  # profiles: over a whole sample; cytogenetic: kb.match; IHC/TMB: never


def specificity(kb: Knowledgebase, biomarker_id: str) -> int:
    """Higher = more specific. A profile ranks above every rule it combines."""
    rule = kb.biomarkers[biomarker_id].match
    if isinstance(rule, s.FusionMatch):
        exons = (rule.partner_exon is not None) + (rule.gene_exon is not None)
        return 10 + (10 if rule.partner else 0) + 5 * exons
    if isinstance(rule, s.MutationMatch):
        if rule.protein_change is not None:
            return 30
        if rule.codon is not None:
            return 27 if rule.insertion else 25
        return 20 if rule.exon is not None else 10
    if isinstance(rule, s.ProfileMatch):
        return PROFILE_RANK + len(rule.all_of)
    return 10


def matching_biomarkers(kb: Knowledgebase, alteration: Alteration) -> list[str]:
    """Ids of the biomarkers this single alteration satisfies, most specific first."""
    found = [bid for bid, m in kb.biomarkers.items() if rule_matches(m.match, alteration)]
    return sorted(found, key=lambda bid: -specificity(kb, bid))


def profiles_present(kb: Knowledgebase, present: Iterable[str]) -> list[str]:
    """Profile biomarkers whose parts are all present in the sample (profiles may nest)."""
    have = set(present)
    found: list[str] = []
    changed = True
    while changed:
        changed = False
        for bid, marker in kb.biomarkers.items():
            rule = marker.match
            if isinstance(rule, s.ProfileMatch) and bid not in have and set(rule.all_of) <= have:
                have.add(bid)
                found.append(bid)
                changed = True
    return found


def profile_parts(kb: Knowledgebase, biomarker_id: str) -> set[str]:
    """Every single-alteration biomarker a profile is built from (through nested profiles)."""
    rule = kb.biomarkers[biomarker_id].match
    if not isinstance(rule, s.ProfileMatch):
        return {biomarker_id}
    out: set[str] = set()
    for part in rule.all_of:
        out |= profile_parts(kb, part)
    return out


def describe_rule(kb: Knowledgebase, biomarker_id: str) -> str:
    """A one-line human description of what a biomarker matches."""
    rule = kb.biomarkers[biomarker_id].match
    if isinstance(rule, s.FusionMatch):
        if rule.partner is None:
            return f"{rule.gene} fusion, any partner"
        exons = ""
        if rule.partner_exon is not None or rule.gene_exon is not None:
            exons = f", exon {rule.partner_exon or '?'} :: exon {rule.gene_exon or '?'}"
        return f"{rule.partner}::{rule.gene} fusion{exons}"
    if isinstance(rule, s.MutationMatch):
        if rule.protein_change:
            return f"{rule.gene} p.{rule.protein_change}"
        if rule.codon is not None:
            what = "in-frame insertion" if rule.insertion else "any protein-altering change"
            return f"{rule.gene} {what} at codon {rule.codon}"
        if rule.exon is not None:
            return f"{rule.gene} any protein-altering change in exon {rule.exon}"
        return f"{rule.gene} any protein-altering mutation"
    if isinstance(rule, s.CopyNumberMatch):
        return f"{rule.gene} {rule.direction}"
    if isinstance(rule, s.ProfileMatch):
        return "profile: " + " AND ".join(rule.all_of)
    if rule.kind == "cytogenetic" and rule.chromosome and rule.change:
        where = f"{rule.chromosome}{rule.arm}" if rule.arm else f"chromosome {rule.chromosome}"
        return f"cytogenetic: {where} {rule.change} (from copy-number segments)"
    return f"{rule.kind}: {rule.description} (not assessed from sequencing inputs)"
