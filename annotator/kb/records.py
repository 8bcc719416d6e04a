"""Clinical records of the knowledgebase: approvals, guideline listings, evidence, published
cases, trials and corrections of the seed review.

Each carries citations (ids defined in ``sources.yaml``), the fact sheet's certainty (V verified,
R from the review only, U uncertain), a last-reviewed date and, once superseded, a retirement
note instead of being deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from annotator.kb.fields import AgeGroup, Check, Citations, Curated, KBDate, Level, Strict

Agency = Literal["FDA", "EMA", "EC", "PMDA", "NMPA", "MHRA"]


@dataclass(frozen=True, kw_only=True)
class Approval(Curated):
    """One regulatory action: drug x biomarker x labelled disease x agency x date."""

    id: str
    drug: str
    biomarker: str
    disease: str  # labelled context: IMT, SOLID (tumour-agnostic) or another disease
    agency: Agency
    date: KBDate | None
    status: Literal["approved", "extended", "withdrawn", "not_approved"]
    population: str
    # Labelled ages, [min, max) in years; None = no bound. A patient outside them is shown the
    # approval with its restriction, but the approval does not set a level-A tier.
    min_age_years: float | None = None
    max_age_years: float | None = None
    # The label excludes tumours with a known acquired resistance mutation (or a prior
    # inhibitor of the same kinase): not applicable when such a mutation is in the sample.
    excludes_resistance_mutation: bool = False


@dataclass(frozen=True, kw_only=True)
class GuidelineListing(Curated):
    """A guideline's position on a drug (or on management) for a biomarker in a disease."""

    id: str
    guideline: str  # e.g. "NCCN Soft Tissue Sarcoma"
    version: str | None = None  # e.g. "v2.2023"
    year: int | None = None
    biomarker: str | None = None  # None = management of the disease, no molecular marker
    disease: str
    drugs: tuple[str, ...] = ()
    action: Literal["added", "listed", "recommends", "not_found"]
    category: str | None = None  # NCCN category of evidence, where verified
    statement: str
    age_group: AgeGroup = "any"
    max_age_years: float | None = None


@dataclass(frozen=True, kw_only=True)
class Frequency(Strict):
    """How often an alteration occurs in a population, as one source reported it."""

    population: str
    count: int | None = None
    total: int | None = None
    percent: float | None = None
    citations: Citations
    certainty: Literal["V", "R", "U"]
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Evidence(Curated):
    """One biomarker x disease x drug (or drug-free) statement."""

    id: str
    biomarker: str | None  # None = about the disease itself (no molecular marker)
    disease: str  # the context the evidence comes FROM (levels are not pre-down-graded)
    type: Literal["predictive", "prognostic", "diagnostic"]
    # no_response: one patient who did not respond, without a resistance mechanism. Shown beside
    # the drug's option as an outcome; a resistance option only if nothing else names the drug.
    effect: Literal[
        "sensitivity",
        "resistance",
        "no_response",
        "poor_outcome",
        "no_difference",
        "supports_diagnosis",
        "note",
    ]
    drugs: tuple[str, ...] = ()
    level: Level | None  # AMP/ASCO/CAP 2017 level in the evidence's own disease context
    counts_for_tier: bool = True
    escat: str | None = None
    oncokb: str | None = None  # cross-reference, only where verified
    age_group: AgeGroup = "any"  # restriction: applies only to this age group
    min_age_years: float | None = None  # restriction: labelled ages [min, max) it restates
    max_age_years: float | None = None
    sites: tuple[str, ...] = ()  # restriction: applies only to these sites / site groups
    excludes_resistance_mutation: bool = False
    statement: str
    outcome: str | None = None
    frequencies: tuple[Frequency, ...] = ()
    review_ref: Annotated[str, Check(pattern=r"^\[\d+(-\d+)?(,\d+)*\]$")] | None = None


@dataclass(frozen=True, kw_only=True)
class PublishedCase(Curated):
    """A published patient, or one row of a published case table (several patients)."""

    id: str
    biomarker: str  # the most specific biomarker every patient of the row shares
    disease: str
    report: str | None = None  # "Butrynski 2010"; None when the review's OCR is illegible
    table: str | None = None  # id of the case table the row comes from
    review_ref: Annotated[str, Check(pattern=r"^\[\d+\]$|^REV$")] | None = None
    patients: Annotated[int, Check(ge=1)] = 1
    fusion: str | None = None  # HGNC label shared by every patient of the row
    # Partner counts where a row mixes partners or the count is unclear (None = not stated).
    fusions: dict[str, int | None] = field(default_factory=dict)
    also: tuple[str, ...] = ()  # further biomarkers the patients carry (e.g. a resistance mutation)
    age: str | None = None
    sex: Literal["M", "F"] | None = None
    males: int | None = None
    females: int | None = None
    site: str | None = None
    treatment: str | None = None
    recurrence: str | None = None
    died_of_disease: str | None = None
    alk_ihc: str | None = None
    outcome: str | None = None


@dataclass(frozen=True, kw_only=True)
class CaseTable(Curated):
    """A published table of cases and the totals its authors state (which may not add up)."""

    id: str
    title: str
    disease: str | None = None  # the disease every row of the table has
    stated_patients: int | None = None
    stated_fusions: dict[str, int] = field(default_factory=dict)
    stated_unknown_partner: int | None = None
    consistency: tuple[str, ...] = ()  # where the stated totals disagree with the rows


@dataclass(frozen=True, kw_only=True)
class Trial(Curated):
    id: str
    name: str
    phase: str | None = None
    population: str
    biomarkers: tuple[str, ...] = ()  # empty = a disease-level trial (not attached to findings)
    disease: str = "IMT"
    identifiers: tuple[str, ...] = ()  # registry ids defined in sources.yaml, verified
    uncertain_identifiers: tuple[str, ...] = ()  # registry ids linked to the trial only by hearsay
    imt_specific: bool = True
    status: Literal["completed", "recruiting", "active", "unknown"]


@dataclass(frozen=True, kw_only=True)
class Correction(Curated):
    """Where the seed review is out of date or wrong: the corrected fact and where it lives."""

    id: str
    kind: Literal["outdated", "error", "misattribution", "omission", "inconsistency"]
    topic: str
    review_location: str | None = None  # section or reference number in the review
    corrected: str
    records: tuple[str, ...] = ()  # ids of KB records that carry the corrected fact
