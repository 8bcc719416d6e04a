"""AMP/ASCO/CAP 2017 evidence levels and the tiers they set (Li et al., J Mol Diagn 2017).

Level A: FDA-approved therapy or professional guideline for this tumour type (tumour-agnostic
approvals included); B: well-powered studies with consensus; C: approved for a different tumour
type, or multiple small studies; D: preclinical data or case reports. Tier I = A or B,
Tier II = C or D, Tier III = unknown significance. Only contributions applicable to the patient
(``counts``) set the tier; restricted ones are shown but never raise it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from annotator.models import Alteration, TherapyOption

if TYPE_CHECKING:
    from annotator.kb.therapies import Contribution

LEVELS = ("A", "B", "C", "D")
_TIERS = {"A": "IA", "B": "IB", "C": "IIC", "D": "IID"}


def best_level(levels: Iterable[str]) -> str:
    return min(levels, key=LEVELS.index)


def cap_level(level: str, cap: str | None) -> str:
    """The weaker of ``level`` and ``cap`` (``cap`` None means no cap)."""
    if cap is None:
        return level
    return max(level, cap, key=LEVELS.index)


def tier_for_level(level: str) -> str:
    return _TIERS[level]


def tier_and_rationale(
    kb_version: str,
    alt: Alteration,
    contributions: Sequence[Contribution],
    therapies: Sequence[TherapyOption],
) -> tuple[str, str]:
    """The finding's tier and a sentence naming the evidence that set it."""
    counting = [c for c in contributions if c.counts]
    restricted = list(dict.fromkeys(c.short for c in contributions if c.restriction))
    aside = (
        f" Shown but not applicable to this patient: {'; '.join(restricted[:3])}"
        + (f" and {len(restricted) - 3} more" if len(restricted) > 3 else "")
        + "."
        if restricted
        else ""
    )
    if not counting and alt.kind == "fusion" and alt.kinase_retained is False:
        return (
            "III",
            f"Tier III: {alt.label} joins {alt.gene} exon {alt.gene_exon}, after the start of its "
            "kinase domain, so it is not predicted to produce an active kinase fusion; "
            "fusion evidence was not applied.",
        )
    if not counting:
        return (
            "III",
            f"Tier III: {alt.label} is an alteration in an IMT target gene with no evidence "
            f"that sets a tier in knowledgebase {kb_version} (variant of unknown significance "
            f"for IMT).{aside}",
        )
    level = best_level(c.level for c in counting)
    tier = tier_for_level(level)
    # One deciding record per drug (the first: approvals come before guidelines and evidence).
    first: dict[str | None, str] = {}
    for c in counting:
        if c.level == level:
            first.setdefault(c.drug if c.drug is not None else c.record_id, c.short)
    deciding = list(dict.fromkeys(first.values()))
    named = "; ".join(deciding[:5]) + (
        f"; and {len(deciding) - 5} more" if len(deciding) > 5 else ""
    )
    drugs = list(dict.fromkeys(t.drug for t in therapies if t.level == level))
    lead = f"level {level} evidence" + (f" for {', '.join(drugs)}" if drugs else "")
    return tier, f"Tier {tier}: {lead} — {named}.{aside}"
