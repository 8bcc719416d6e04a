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
class ReadOptions:
    """What ``annotate`` knows before reading an input, for parsers that can use it."""

    genes: frozenset[str] = frozenset()  # only these genes' variants are interpreted
    samples: SampleChoice = SampleChoice()
    vcf: VcfOptions = VcfOptions()


@dataclass(frozen=True, slots=True)
class Parser:
    name: str  # registry key, e.g. "arriba"
    label: str  # what users read, e.g. "Arriba fusions.tsv (1.x and 2.x)"
    kind: InputKind
    sniff_rule: str  # one sentence: what the content must look like
    sniff: Callable[[Head], bool]
    parse: Callable[[Path], ParsedInput]
    # ``parse`` informed by ``ReadOptions``: records that concern none of ``genes`` may be only
    # counted; a file holding several samples reads the chosen one; VCF reader options.
    # None: ``parse`` (the format has nothing to gain from them).
    read: Callable[[Path, ReadOptions], ParsedInput] | None = None
