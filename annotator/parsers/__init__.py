"""Input formats. Each module declares a sniff rule; ``detect`` picks the parser by content.

The registry is an explicit list of modules (no plugin discovery): adding a format means adding
a module and a line here, and the contract test walks every entry. A parser module is imported
when a file is offered to it, so reading a VCF does not import the 41 table readers.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import AmbiguousFormatError, UnknownFormatError
from annotator.parsers.base import Parser
from annotator.parsers.textio import VCF_FIRST_LINE, Head, read_head
from annotator.parsers.vcf_kind import VcfKind, vcf_kind

# One line per parser module (each defines ``PARSER``, named as the module), fusion callers
# first, then variants, then copy number.
_REGISTERED: tuple[str, ...] = (
    "arriba",
    "star_fusion",
    "fusioninspector",
    "fusioncatcher",
    "fusioncatcher_summary",
    "ctat_lr_fusion",
    "dragen_fusion",
    "ericscript",
    "jaffa",
    "pizzly",
    "squid",
    "cicero",
    "defuse",
    "infusion",
    "prada",
    "fusionmap",
    "chimerascan",
    "oncofuse",
    "soapfuse",
    "transabyss",
    "linx",
    "fusion_report_csv",
    "fusion_report_json",
    "fusion_list",
    "oncokb_fusion",
    "oncokb_sv",
    "cbioportal_sv",
    "pcgr_fusion",
    "moalmanac_fusion",
    "archer",
    "oncomine",
    "sv_vcf",
    "vcf",
    "maf",
    "tso500",
    "cnvkit",
    "cnvkit_cnr",
    "seg",
    "gatk_cnv",
    "purple_cnv",
    "purple_gene",
    "cnv_vcf",
    "cbioportal_cna",
    "oncokb_cna",
    "pcgr_cna",
)
# The reader of each kind of VCF (``vcf_kind``: a file whose first line is ``##fileformat=VCF``).
# A VCF is offered to the reader of its kind only, and any other file to the other parsers: a
# VCF is never a caller's table, and detecting one imports one parser module, not 45.
VCF_READERS: dict[VcfKind, str] = {
    "small": "vcf",
    "sv": "sv_vcf",
    "cnv": "cnv_vcf",
    "oncomine": "oncomine",
}

_loaded: dict[str, Parser] = {}  # imported so far; becomes PARSERS, in registry order


def _parser(name: str) -> Parser:
    if name not in _loaded:
        module = importlib.import_module(f"{__name__}.{name}")
        _loaded[name] = module.PARSER
    return _loaded[name]


def _all() -> dict[str, Parser]:
    """Every parser, imported, in registry order (the dict detection reads from)."""
    ordered = {name: _parser(name) for name in _REGISTERED}
    if list(_loaded) != list(ordered):
        _loaded.clear()
        _loaded.update(ordered)
    return _loaded


def __getattr__(name: str) -> dict[str, Parser]:
    """``PARSERS``: every registered parser by name, imported on first use."""
    if name == "PARSERS":
        globals()["PARSERS"] = parsers = _all()
        return parsers
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _candidates(head: Head) -> list[Parser]:
    """The parsers whose sniff rule is asked about the file."""
    if not (head.first_content_line() or "").startswith(VCF_FIRST_LINE):
        readers = set(VCF_READERS.values())
        return [_parser(name) for name in _REGISTERED if name not in readers]
    kind = vcf_kind(head)
    return [_parser(VCF_READERS[kind])] if kind is not None else []


@dataclass(frozen=True, slots=True)
class Detection:
    parser: Parser
    head: Head


def detect(path: Path) -> Detection:
    """Return the one parser whose sniff rule matches the file's content.

    Raises ``UnknownFormatError`` when none matches and ``AmbiguousFormatError`` when several
    do; both name the candidates so the user sees what was expected.
    """
    head = read_head(path)
    matches = [p for p in _candidates(head) if p.sniff(head)]
    if len(matches) == 1:
        return Detection(matches[0], head)
    if not matches:
        first = head.first_content_line() or ""
        shown = first[:60] + ("…" if len(first) > 60 else "")
        expected = "; ".join(f"{p.label}: {p.sniff_rule}" for p in _all().values())
        raise UnknownFormatError(
            path, f"unrecognised format (starts with {shown!r}); formats read: {expected}"
        )
    names = ", ".join(p.name for p in matches)
    raise AmbiguousFormatError(path, f"content matches several formats: {names}")
