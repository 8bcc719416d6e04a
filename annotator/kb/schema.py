"""Pydantic models of the knowledgebase YAML files (the validation edge).

One file per concern under ``knowledgebase/``. Every clinical statement carries citations
(ids defined in ``sources.yaml``), the fact sheet's certainty (V verified, R from the review
only, U uncertain) and a last-reviewed date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Certainty = Literal["V", "R", "U"]
Level = Literal["A", "B", "C", "D"]
CITATION = re.compile(r"^(PMID:\d+|DOI:10\.\S+|PMC\d+|[A-Z][A-Za-z0-9]*:[A-Za-z0-9._\-/:]+)$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Manifest(Strict):
    name: str
    version: str = Field(pattern=r"^\d{4}\.\d{2}\.\d+$")
    released: dt.date
    description: str
    files: list[str]


class Source(Strict):
    """A citable source: a paper (PMID/DOI), a regulator's action, a guideline, a KB snapshot."""

    id: str
    kind: Literal["paper", "regulatory", "guideline", "knowledgebase", "trial_registry", "web"]
    citation: str
    year: int | None = None
    pmid: str | None = Field(default=None, pattern=r"^\d+$")
    doi: str | None = Field(default=None, pattern=r"^10\.\S+$")
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _id_form(cls, v: str) -> str:
        if not CITATION.match(v):
            raise ValueError(
                f"citation id {v!r} must look like PMID:123, DOI:10.x/..., or AGENCY:key"
            )
        return v


class Disease(Strict):
    id: str
    name: str
    scope: Literal["imt", "tumour_agnostic", "other"]
    parent: str | None = None  # EIMS -> IMT
    oncotree: list[str] = []  # codes that map to this entity (IMT, IMTL, IMTB ...)
    synonyms: list[str] = []
    note: str | None = None


class Gene(Strict):
    symbol: str
    role: Literal["fusion_kinase", "oncogene", "tumour_suppressor", "amplified_oncogene"]
    fusion_kinase: bool = False  # the kinase is the 3' partner of its oncogenic fusions
    report_mutations: bool = False
    report_copy_number: list[Literal["amplification", "deletion"]] = []
    note: str | None = None


class Drug(Strict):
    id: str
    name: str
    drug_class: str
    synonyms: list[str] = []


class FusionMatch(Strict):
    kind: Literal["fusion"]
    gene: str  # the 3' kinase
    partner: str | None = None  # None = any partner
    partner_exon: int | None = None
    gene_exon: int | None = None


class MutationMatch(Strict):
    kind: Literal["mutation"]
    gene: str
    protein_change: str | None = Field(default=None, pattern=r"^[A-Z*]\d+[A-Z*]$")
    codon: int | None = None
    exon: int | None = None
    any_protein_altering: bool = False


class CopyNumberMatch(Strict):
    kind: Literal["copy_number"]
    gene: str
    direction: Literal["amplification", "deletion"]


class ProfileMatch(Strict):
    kind: Literal["profile"]
    all_of: list[str]  # biomarker ids that must all be present


MatchRule = Annotated[
    FusionMatch | MutationMatch | CopyNumberMatch | ProfileMatch, Field(discriminator="kind")
]


class Biomarker(Strict):
    id: str
    name: str
    match: MatchRule
    note: str | None = None


class Approval(Strict):
    id: str
    drug: str
    biomarker: str
    disease: str
    agency: Literal["FDA", "EMA", "EC", "PMDA", "NMPA", "MHRA"]
    date: dt.date | None
    status: Literal["approved", "extended", "withdrawn", "not_approved"]
    population: str
    citations: list[str] = Field(min_length=1)
    certainty: Certainty
    last_reviewed: dt.date
    note: str | None = None


class Evidence(Strict):
    id: str
    biomarker: str
    disease: str
    type: Literal["predictive", "prognostic", "diagnostic"]
    effect: Literal["sensitivity", "resistance", "poor_outcome", "supports_diagnosis", "note"]
    drugs: list[str] = []
    level: Level | None  # AMP/ASCO/CAP 2017 level in the evidence's own disease context
    counts_for_tier: bool = True
    escat: str | None = None
    oncokb: str | None = None  # cross-reference, only where verified
    age_group: Literal["any", "paediatric", "adult"] = "any"
    statement: str
    outcome: str | None = None
    citations: list[str] = Field(min_length=1)
    certainty: Certainty
    last_reviewed: dt.date
    note: str | None = None


class PublishedCase(Strict):
    id: str
    biomarker: str
    disease: str
    fusion: str | None = None  # HGNC label, e.g. RANBP2::ALK
    age: str | None = None
    sex: Literal["M", "F"] | None = None
    site: str | None = None
    treatment: str | None = None
    outcome: str | None = None
    citations: list[str] = Field(min_length=1)
    certainty: Certainty
    note: str | None = None


class Trial(Strict):
    id: str
    name: str
    phase: str | None = None
    population: str
    biomarkers: list[str] = Field(min_length=1)
    identifiers: list[str] = []  # registry ids, defined in sources.yaml
    citations: list[str] = Field(min_length=1)
    status: Literal["completed", "recruiting", "active", "unknown"]
    certainty: Certainty
    last_reviewed: dt.date
    note: str | None = None


class SourcesFile(Strict):
    sources: list[Source]


class DiseasesFile(Strict):
    diseases: list[Disease]


class GenesFile(Strict):
    genes: list[Gene]


class DrugsFile(Strict):
    drugs: list[Drug]


class BiomarkersFile(Strict):
    biomarkers: list[Biomarker]


class RegulatoryFile(Strict):
    approvals: list[Approval]


class EvidenceFile(Strict):
    evidence: list[Evidence]


class CasesFile(Strict):
    cases: list[PublishedCase]


class TrialsFile(Strict):
    trials: list[Trial]


FILE_MODELS: dict[str, type[Strict]] = {
    "sources.yaml": SourcesFile,
    "diseases.yaml": DiseasesFile,
    "genes.yaml": GenesFile,
    "drugs.yaml": DrugsFile,
    "biomarkers.yaml": BiomarkersFile,
    "regulatory.yaml": RegulatoryFile,
    "evidence.yaml": EvidenceFile,
    "cases.yaml": CasesFile,
    "trials.yaml": TrialsFile,
}
