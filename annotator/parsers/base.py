"""The parser contract: a declared sniff rule plus a pure parse function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.models import InputKind, ParsedInput
from annotator.parsers.textio import Head


@dataclass(frozen=True, slots=True)
class SampleChoice:
    """Which sample to read from a file that holds several (SEG, cBioPortal/OncoKB tables)."""

    explicit: str | None = None  # given by the user: must be in the file
    report: str | None = None  # the report's sample id: read alone when the file has it


@dataclass(frozen=True, slots=True)
class VcfOptions:
    """How to read a small-variant VCF: the tumour column and the backend, when the user says."""

    tumor_sample: str | None = None
    backend: str | None = None  # "pysam", "pyvcf3", "auto"; None: IMT_ANNOTATOR_VCF_BACKEND


@dataclass(frozen=True, slots=True)
class Parser:
    name: str  # registry key, e.g. "arriba"
    label: str  # what users read, e.g. "Arriba fusions.tsv (1.x and 2.x)"
    kind: InputKind
    sniff_rule: str  # one sentence: what the content must look like
    sniff: Callable[[Head], bool]
    parse: Callable[[Path], ParsedInput]
    # Optional faster read for when only some genes matter: records that concern none of them
    # may be read light (still counted, with position, alleles and gene). None: use ``parse``.
    parse_genes: Callable[[Path, frozenset[str]], ParsedInput] | None = None
    # ``parse_genes`` with the user's VCF options (small-variant VCFs only).
    parse_vcf: Callable[[Path, frozenset[str], VcfOptions], ParsedInput] | None = None
    # For files holding several samples: read the chosen one. None: the format has one sample.
    parse_samples: Callable[[Path, SampleChoice], ParsedInput] | None = None
