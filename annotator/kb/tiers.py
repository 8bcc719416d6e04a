"""AMP/ASCO/CAP 2017 evidence levels and the tiers they set (Li et al., J Mol Diagn 2017).

Level A: FDA-approved therapy or professional guideline for this tumour type (tumour-agnostic
approvals included); B: well-powered studies with consensus; C: approved for a different tumour
type, or multiple small studies; D: preclinical data or case reports. Tier I = A or B,
Tier II = C or D, Tier III = unknown significance.
"""

from __future__ import annotations

from collections.abc import Iterable

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
