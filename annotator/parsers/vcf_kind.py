"""Which kind of VCF a file is: small variants, structural variants or copy-number segments.

Three parsers read VCF (``vcf``, ``sv_vcf``, ``cnv_vcf``) and each claims only its own kind, so
detection stays unambiguous. The decision uses the header's ``##source`` and the first records:

* copy number: ``##source`` names a copy-number caller (CNVkit, DRAGEN CNV, GATK
  CNV, PURPLE's CNV output), or the sampled records are symbolic ``<DEL>``/``<DUP>``/``<CNV>``
  carrying a copy-number value (``FOLD_CHANGE``, ``FOLD_CHANGE_LOG``, FORMAT ``CN``/``SM``);
* structural variants: most sampled records are breakends (``N[2:29223528[``, single
  breakends ``.N``), symbolic alleles or carry ``SVTYPE``; or, with no records, ``##source``
  (GRIDSS: ``##gridssVersion``) names an SV or fusion caller or the header declares the breakend
  key ``MATEID`` (Arriba's VCF has no ``##source``): a header-only SV VCF must not be read as a
  small-variant VCF that found nothing;
* Oncomine (Ion Reporter) panel VCFs: any sampled record carries ``SVTYPE=Fusion``, a type no
  other caller writes; they mix fusions, small variants and CNV records and have their reader;
* small variants: everything else, including a header-only VCF.
"""

from __future__ import annotations

import gzip
import re
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from annotator.parsers.textio import GZIP_MAGIC, VCF_FIRST_LINE, Head

VcfKind = Literal["small", "sv", "cnv", "oncomine"]

SAMPLED_RECORDS = 50
CNV_SOURCES = re.compile(r"cnvkit|dragen[ _-]?cnv|gatk.*(copynumber|cnv)|canvas|purple.*cnv", re.I)
SV_SOURCES = re.compile(
    r"GenerateSVCandidates|manta|gridss|delly|lumpy|svaba|fusioncatcher|arriba|dragen[ _-]?sv",
    re.I,
)
SOURCE_LINES = ("##source=", "##DRAGENCommandLine", "##gridssVersion", "##INFO=<ID=MATEID,")
CN_INFO = re.compile(r"(?:^|;)(?:FOLD_CHANGE|FOLD_CHANGE_LOG|SM|CN)=")
SYMBOLIC_CN = frozenset({"<DEL>", "<DUP>", "<CNV>", "<DUP:TANDEM>"})


def vcf_kind(head: Head) -> VcfKind | None:
    """The kind of VCF at ``head.path``, or None when the file is not a VCF."""
    first = head.first_content_line()
    if first is None or not first.startswith(VCF_FIRST_LINE):
        return None
    path = Path(head.path)
    try:
        stat = path.stat()
    except OSError:
        return "small"
    return _classify(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _classify(path: str, size: int, mtime_ns: int) -> VcfKind:
    sources: list[str] = []
    records: list[list[str]] = []
    try:
        for line in _lines(Path(path)):
            if line.startswith("##"):
                if line.startswith(SOURCE_LINES):
                    sources.append(line)
                continue
            if line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) >= 8:
                records.append(fields)
            if len(records) >= SAMPLED_RECORDS:
                break
    except (OSError, EOFError, zlib.error, UnicodeDecodeError):
        pass  # the parser that claims the file reports the damage with its line
    source = " ".join(sources)
    if any("SVTYPE=Fusion" in r[7].split(";") for r in records):
        return "oncomine"
    if CNV_SOURCES.search(source) or (records and all(_cnv_record(r) for r in records)):
        return "cnv"
    sv = sum(1 for r in records if _sv_record(r))
    if records and sv * 2 > len(records):
        return "sv"
    if not records and (SV_SOURCES.search(source) or "##INFO=<ID=MATEID," in source):
        return "sv"
    return "small"


def _lines(path: Path) -> list[str]:
    with path.open("rb") as raw:
        gz = raw.read(2) == GZIP_MAGIC
    out: list[str] = []
    data = 0
    with path.open("rb") as raw, gzip.open(raw) if gz else raw as stream:
        for bytes_line in stream:
            line = bytes_line.decode("utf-8")
            line = line.rstrip("\r\n")
            out.append(line)
            if not line.startswith("#"):
                data += 1
                if data >= SAMPLED_RECORDS:
                    break
    return out


def _sv_record(fields: list[str]) -> bool:
    alt = fields[4]
    single = len(alt) > 1 and (alt.startswith(".") or alt.endswith("."))
    return alt.startswith("<") or "[" in alt or "]" in alt or single or "SVTYPE=" in fields[7]


def _cnv_record(fields: list[str]) -> bool:
    alt = fields[4]
    if alt not in SYMBOLIC_CN and not alt.startswith("<CNV"):
        return False
    has_cn_format = len(fields) > 8 and any(k in ("CN", "SM") for k in fields[8].split(":"))
    return bool(CN_INFO.search(fields[7])) or has_cn_format
