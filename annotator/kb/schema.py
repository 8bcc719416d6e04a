"""Records of the knowledgebase YAML files (the validation edge; pydantic validates them).

One file per concern under ``knowledgebase/``: reference entities here (sources, diseases and
sites, genes, drugs, biomarkers and their match rules), clinical records in
:mod:`annotator.kb.records`. Every clinical statement carries citations, the fact sheet's
certainty and a last-reviewed date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from annotator.kb.fields import After, Certainty, Check, Citation, KBDate, Pmid, Strict
from annotator.kb.records import (
    Approval,
    CaseTable,
    Correction,
    Evidence,
    Frequency,
    GuidelineListing,
    PublishedCase,
    Trial,
)

__all__ = [
    "FILE_MODELS",
    "Approval",
    "Biomarker",
    "CaseTable",
    "Certainty",
    "Correction",
    "Disease",
    "Drug",
    "Evidence",
    "Frequency",
    "Gene",
    "GuidelineListing",
    "Manifest",
    "PublishedCase",
    "Site",
    "Source",
    "Trial",
]


@dataclass(frozen=True, kw_only=True)
class Manifest(Strict):
    name: str
    version: Annotated[str, Check(pattern=r"^\d{4}\.\d{2}\.\d+$")]
    released: KBDate
    description: str
    files: list[str]


@dataclass(frozen=True, kw_only=True)
class Source(Strict):
    """A citable source: a paper (PMID/DOI), a regulator's action, a guideline, a KB snapshot."""

    id: Citation
    kind: Literal["paper", "regulatory", "guideline", "knowledgebase", "trial_registry", "web"]
    citation: str
    year: int | None = None
    pmid: Pmid | None = None
    doi: Annotated[str, Check(pattern=r"^10\.\S+$")] | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class OncoTreeCode(Strict):
    """An OncoTree code that resolves to a disease entity, with the site it implies."""

    code: str
    site: str | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Disease(Strict):
    id: str
    name: str
    scope: Literal["imt", "tumour_agnostic", "other"]
    parent: str | None = None  # EIMS -> IMT: a subtype inherits its parent's evidence
    oncotree: tuple[OncoTreeCode, ...] = ()
    synonyms: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Site(Strict):
    """An anatomical site a sample or an evidence restriction can name."""

    id: str
    name: str
    groups: tuple[str, ...] = ()  # broader regions it belongs to ("thoracic", "abdominopelvic")
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Gene(Strict):
    symbol: str
    role: Literal[
        "fusion_kinase", "oncogene", "tumour_suppressor", "amplified_oncogene", "expression_marker"
    ]
    fusion_kinase: bool = False  # the kinase is the 3' partner of its oncogenic fusions
    report_mutations: bool = False
    report_copy_number: tuple[Literal["amplification", "deletion"], ...] = ()
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Drug(Strict):
    id: str
    name: str
    drug_class: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FusionMatch(Strict):
    kind: Literal["fusion"]
    gene: str  # the 3' kinase
    partner: str | None = None  # None = any partner
    partner_exon: int | None = None  # last exon of the 5' partner kept
    gene_exon: int | None = None  # first exon of the kinase kept


@dataclass(frozen=True, kw_only=True)
class MutationMatch(Strict):
    kind: Literal["mutation"]
    gene: str
    protein_change: Annotated[str, Check(pattern=r"^[A-Z*]\d+[A-Z*]$")] | None = None
    codon: int | None = None  # any protein-altering change at this residue
    insertion: bool = False  # with codon: only in-frame insertions/duplications starting there
    exon: int | None = None  # any protein-altering change in this (MANE) exon
    any_protein_altering: bool = False  # any protein-altering change of the gene


@dataclass(frozen=True, kw_only=True)
class CopyNumberMatch(Strict):
    kind: Literal["copy_number"]
    gene: str
    direction: Literal["amplification", "deletion"]


@dataclass(frozen=True, kw_only=True)
class ProfileMatch(Strict):
    kind: Literal["profile"]
    all_of: Annotated[list[str], Check(min_length=2)]  # biomarker ids that must all be present


@dataclass(frozen=True, kw_only=True)
class NonSequencingMatch(Strict):
    """A marker outside the gene-level rules: IHC, TMB, arm-level copy number.

    IHC and signatures are never matched (the inputs cannot show them); their evidence is kept
    searchable (``kb show``). A ``cytogenetic`` marker with ``chromosome`` and ``change`` is
    matched by the arm-level copy-number events computed from segments: ``arm`` p or q, or
    none for the whole chromosome (both arms). Without them it is never matched.
    """

    kind: Literal["ihc", "signature", "cytogenetic"]
    gene: str | None = None
    description: str
    chromosome: str | None = None
    arm: Literal["p", "q"] | None = None
    change: Literal["loss", "gain"] | None = None


def _non_empty_name(name: str) -> str:
    if not name.strip():
        raise ValueError("name must not be empty")
    return name


MatchRule = Annotated[
    FusionMatch | MutationMatch | CopyNumberMatch | ProfileMatch | NonSequencingMatch,
    Check(discriminator="kind"),
]


@dataclass(frozen=True, kw_only=True)
class Biomarker(Strict):
    id: Annotated[str, Check(pattern=r"^[A-Z0-9][A-Z0-9_]*$")]
    name: Annotated[str, After(_non_empty_name)]
    match: MatchRule
    note: str | None = None


# file -> (top-level key -> item model). Items are validated one by one, so one bad record
# never hides the problems of the others.
FILE_MODELS: dict[str, dict[str, type[Strict]]] = {
    "sources.yaml": {"sources": Source},
    "diseases.yaml": {"diseases": Disease, "sites": Site},
    "genes.yaml": {"genes": Gene},
    "drugs.yaml": {"drugs": Drug},
    "biomarkers.yaml": {"biomarkers": Biomarker},
    "regulatory.yaml": {"approvals": Approval},
    "guidelines.yaml": {"guidelines": GuidelineListing},
    "evidence.yaml": {"evidence": Evidence},
    "cases.yaml": {"tables": CaseTable, "cases": PublishedCase},
    "trials.yaml": {"trials": Trial},
    "corrections.yaml": {"corrections": Correction},
}
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    name: tuple(k for k in keys if k not in ("sites", "tables"))
    for name, keys in FILE_MODELS.items()
}
