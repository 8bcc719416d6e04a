"""Header and data lines of a structural-variant VCF, as the ``sv_vcf`` parser reads them.

The record and header types (a data line's columns addressed by the ``#CHROM`` line's names),
INFO values, the breakend ALT notation of VCF 4.3 section 5.4 (``t[p[``, ``t]p]``, ``]p]t``,
``[p[t``), the caller named by ``##source`` or ``##gridssVersion`` (Arriba's
``convert_fusions_to_vcf.sh`` writes no ``##source``), the tumour sample column, and the genome
build the header states (``##reference``, ``##assembly``, chr1 ``##contig`` length or assembly).
How these map to calls is described in ``sv_vcf``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.errors import InputFormatError
from annotator.parsers.textio import Row, Span

FIXED = ("CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO")
CHR1_LENGTH = {248956422: "GRCh38", 249250621: "GRCh37"}
GRCH38 = re.compile(r"grch38|hg38|gca_000001405\.(?:1[5-9]|2\d)", re.I)
GRCH37 = re.compile(r"grch37|hg19|hs37d5|\bb37\b|g1k_v37", re.I)
_BRACKETS = re.compile(
    r"^(?P<pre>[^\[\]]*)(?P<b>[\[\]])(?P<mate>[^\[\]]*)(?P=b)(?P<post>[^\[\]]*)$"
)
_ATTRIBUTE = re.compile(r"(\w+)=([^,>]+)")


@dataclass(frozen=True, slots=True)
class Breakend:
    """A bracket ALT: the partner position and which side of each position is joined."""

    chrom: str  # as written (``chr`` prefix kept)
    pos: int
    keeps_before: bool  # this record keeps the sequence up to POS (``t[p[``, ``t]p]``)
    mate_keeps_before: bool  # the partner keeps the sequence up to p (``]p]``)


@dataclass(slots=True)
class Rec:
    """One data line, columns addressed by their #CHROM-line names."""

    path: str
    line: int
    text: str
    fields: list[str]
    index: dict[str, int]  # the header's column name -> position
    chrom: str  # as written
    pos: int
    ident: str | None
    alt: str
    info: dict[str, str]
    bnd: Breakend | None = None

    def col(self, name: str) -> str:
        i = self.index.get(name)
        return self.fields[i].strip() if i is not None else ""

    def error(self, column: str, problem: str, span: Span | None = None) -> InputFormatError:
        row = Row(self.path, self.line, self.index, self.fields, self.text)
        return row.error(column, problem, span)

    def mate_ids(self) -> list[str]:
        refs = self.info.get("MATEID") or self.info.get("PARID") or ""
        return [r for r in refs.split(",") if r and r != "."]


@dataclass(slots=True)
class Header:
    meta: dict[str, list[str]] = field(default_factory=dict)
    info_ids: set[str] = field(default_factory=set)
    columns: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    caller: str = "SV VCF"
    version: str = ""
    tumour: str | None = None
    tumour_rule: str = ""


def bare_chrom(name: str) -> str:
    bare = name[3:] if name[:3].lower() == "chr" else name
    return "MT" if bare in ("M", "m") else bare


def _info(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if text in ("", "."):
        return out
    for item in text.split(";"):
        key, _, value = item.partition("=")
        if key:
            out.setdefault(key, value)
    return out


def _info_span(rec: Rec, key: str) -> Span | None:
    offset = 0
    for item in rec.col("INFO").split(";"):
        name, eq, value = item.partition("=")
        if name == key:
            return offset + len(name) + len(eq), max(len(value), 1)
        offset += len(item) + 1
    return None


def info_int(rec: Rec, key: str) -> int | None:
    value = rec.info.get(key, "").strip()
    if value in ("", "."):
        return None
    try:
        return int(value)
    except ValueError:
        raise rec.error(
            "INFO", f"{key}: expected an integer, got {value!r}", span=_info_span(rec, key)
        ) from None


# --- header -------------------------------------------------------------------------------


def read_meta(header: Header, line: str) -> None:
    key, _, value = line[2:].partition("=")
    header.meta.setdefault(key, []).append(value)
    if key == "INFO":
        found = re.search(r"ID=([^,>]+)", value)
        if found:
            header.info_ids.add(found.group(1))


def caller(header: Header) -> tuple[str, str]:
    meta = header.meta
    dragen = any(k.startswith("DRAGEN") for k in meta)
    for source in meta.get("source", []):
        low = source.lower()
        version = re.sub(r"^[^\d]*", "", source).strip()
        if "generatesvcandidates" in low or "manta" in low:
            return ("DRAGEN SV" if dragen else "Manta"), version
        if "dragen" in low:
            return "DRAGEN SV", version
        if "gridss" in low:
            return "GRIDSS", version
        if "fusioncatcher" in low:
            return "FusionCatcher", version
        if "arriba" in low:
            return "Arriba", version
    if "gridssVersion" in meta:
        return "GRIDSS", meta["gridssVersion"][0]
    if not meta.get("source") and {"GENE_NAME", "GENE_ID", "MATEID"} <= header.info_ids:
        return "Arriba", ""  # convert_fusions_to_vcf.sh writes no ##source
    return "SV VCF", ""


def tumour(header: Header, samples: list[str]) -> tuple[str | None, str]:
    named = header.meta.get("tumor_sample", [""])[0]
    if named in samples:
        return named, "named by ##tumor_sample"
    normal = header.meta.get("normal_sample", [""])[0]
    if normal in samples and len(samples) == 2:
        return next(s for s in samples if s != normal), "the column ##normal_sample does not name"
    for sample in samples:
        if sample.lower().startswith(("tumor", "tumour")):
            return sample, "named as the tumour"
    if len(samples) == 1:
        return samples[0], "the only sample column"
    if len(samples) == 2:
        return samples[1], "last of two sample columns; somatic SV callers write the normal first"
    return None, ""


def _build_named(text: str) -> str | None:
    return "GRCh38" if GRCH38.search(text) else "GRCh37" if GRCH37.search(text) else None


def genome(meta: dict[str, list[str]]) -> tuple[str | None, str | None]:
    """(build, warning); header sources that disagree give no build."""
    found: dict[str, str] = {}
    for key in ("reference", "assembly"):
        for value in meta.get(key, []):
            build = _build_named(value)
            if build:
                found.setdefault(f"##{key}", build)
    for value in meta.get("contig", []):
        attributes = dict(_ATTRIBUTE.findall(value))
        if bare_chrom(attributes.get("ID", "")) != "1":
            continue
        length = attributes.get("length", "")
        if length.isdigit() and int(length) in CHR1_LENGTH:
            found.setdefault("##contig 1 length", CHR1_LENGTH[int(length)])
        build = _build_named(attributes.get("assembly", ""))
        if build:
            found.setdefault("##contig assembly", build)
    builds = set(found.values())
    if len(builds) > 1:
        said = "; ".join(f"{where} says {build}" for where, build in found.items())
        return None, f"the header disagrees on the genome build ({said}); no build assumed"
    return next(iter(builds), None), None


# --- records ------------------------------------------------------------------------------


def breakend(rec: Rec) -> Breakend:
    alt = rec.alt
    m = _BRACKETS.match(alt)
    first = min(i for i in (alt.find("["), alt.find("]")) if i >= 0)
    expected = "expected a breakend like 'N[2:29223528[' or ']2:29223528]N'"
    if not m or bool(m.group("pre")) == bool(m.group("post")):
        raise rec.error("ALT", f"{expected}, got {alt!r}", span=(first, len(alt) - first))
    bases = m.group("pre") or m.group("post")
    if not bases.isalpha():
        start = 0 if m.group("pre") else len(alt) - len(bases)
        raise rec.error(
            "ALT", f"{expected}: bases {bases!r} are not a sequence", (start, len(bases))
        )
    chrom, colon, pos = m.group("mate").rpartition(":")
    mate_start = len(m.group("pre")) + 1
    if not colon or not chrom:
        raise rec.error(
            "ALT",
            f"{expected}: no 'chrom:pos' inside the brackets",
            (mate_start, len(m.group("mate")) or 1),
        )
    if not pos.isdigit():
        raise rec.error(
            "ALT",
            f"{expected}: the partner position must be an integer, got {pos!r}",
            span=(mate_start + len(chrom) + 1, max(len(pos), 1)),
        )
    return Breakend(chrom.strip("<>"), int(pos), bool(m.group("pre")), m.group("b") == "]")


def record(path: str, line: int, text: str, header: Header) -> Rec:
    fields = text.split("\t")
    width = len(header.columns)
    while len(fields) > width and not fields[-1].strip():
        fields.pop()
    if len(fields) < len(FIXED) or len(fields) != width:
        what = "at least 8" if len(fields) < len(FIXED) else f"{width} (as in the #CHROM line)"
        raise InputFormatError(
            path,
            f"expected {what} tab-separated VCF columns, got {len(fields)}",
            line=line,
            excerpt=text[:100].replace("\t", " "),
            caret=(0, max(min(len(text), 100), 1)),
        )
    pos = fields[1].strip()
    rec = Rec(path, line, text, fields, header.index, fields[0].strip(), 0, None, "", {})
    if not pos.isdigit():
        raise rec.error("POS", f"expected a 1-based integer position, got {pos!r}")
    ident = fields[2].strip()
    rec.pos, rec.ident = int(pos), None if ident in ("", ".") else ident
    rec.alt, rec.info = fields[4].strip(), _info(fields[7].strip())
    return rec
