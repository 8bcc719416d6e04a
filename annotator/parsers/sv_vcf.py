"""Structural-variant VCFs read as fusion calls: Manta, DRAGEN SV, GRIDSS, FusionCatcher, Arriba.

Format: VCF 4.1-4.3 (samtools.github.io/hts-specs/VCFv4.3.pdf, section 5.4 "Specifying complex
rearrangements with breakends"). Seen: Manta 1.0 somatic (MAVIS test, COLO829) and Manta 1.5
with PURPLE/BPI/SnpEff ``SIMPLE_ANN`` (umccrise), GRIDSS 2.8 somatic (COLO829), FusionCatcher 1.20
VCF. DRAGEN SV is Manta-derived (same INFO/FORMAT); Arriba VCFs are those written by its
``convert_fusions_to_vcf.sh`` (no ``##source``; IDs ``<n>a``/``<n>b``, INFO GENE_NAME/GENE_ID).

One junction, one FusionCall:

* Breakend (BND) records are paired through ``MATEID`` (``PARID`` in older GRIDSS; ``EVENT`` when
  neither is given); the pair is one call on the first record's line, both records kept in
  ``raw`` (the mate's columns prefixed ``MATE_``). A BND with no mate reference at all is read
  from its own ALT (the partner position is in the brackets); one whose named mate never appears
  is skipped. Pairs sharing a Manta/GRIDSS ``EVENT`` with other pairs say so in a caller note.
* Symbolic ``<DEL>``, ``<DUP>``, ``<DUP:TANDEM>``, ``<INV>`` give breakpoints POS and INFO END on
  one chromosome as written (a ``<DEL>`` joins POS to END+1; intronic DNA breakpoints lie in the
  same intron either way); Manta ``INV3``/``INV5`` are noted. ``<INS>``, other symbolic alleles,
  sequence-resolved indels (Manta writes small DEL/INS with explicit REF/ALT) and single
  breakends (ALT ``.N``/``N.``: no partner position) are skipped with their reason.
* The ALT bracket form gives the orientation (``t[p[``: the sequence up to POS joins the sequence
  from p on; ``]p]t``: the sequence up to p joins the sequence from POS on; ``t]p]``/``[p[t``
  join reverse-complemented); it is stated in a caller note and sets ``fusion_type``
  (translocation / deletion / duplication / inversion). FusionCatcher's brackets are not
  spec-consistent, so for it only GENE5/GENE3/END are trusted.

Genes. FusionCatcher INFO GENE5/GENE3 (5'/3' stated; END=5|3 says which record is which,
STRAND is the gene strand); Arriba GENE_NAME per breakend (record ``a`` is gene1, the 5' end).
SnpEff ``ANN``/umccrise ``SIMPLE_ANN`` ``gene_fusion``/``bidirectional_gene_fusion`` entries
name ``A&B`` in hash order, not tied to either breakend: a single gene (both breakends inside
it) fills both fields, two genes are kept in ``name_field`` and a caller note only. **Contract
with normalisation:** when the file names no gene for a breakend, ``gene5_field`` and
``gene3_field`` are ``""``; genes are then taken from the bundled gene models at the breakpoints
for the chosen build and the kinase put 3' (DNA breakends carry no transcript orientation:
``bp5``/``bp3`` are simply in file order).

Support. Manta/DRAGEN FORMAT ``PR``/``SR`` are "ref,alt": split_reads = SR alt, discordant_reads
= PR alt. GRIDSS FORMAT ``SR``, ``RP``, ``VF`` = split, discordant, total fragments (INFO, the
totals over all samples, only in a sites-only file).
FusionCatcher INFO ``SR``/``SP``. The tumour column is, in order: the one ``##tumor_sample``
names; the other of two when ``##normal_sample`` names one; one named ``tumor*``/``tumour*``;
the only column; the last of two (Manta and GRIDSS somatic runs write the normal first).
FILTER values are kept (non-PASS included); QUAL, SOMATICSCORE and IMPRECISE go to caller notes;
Arriba's QUAL 0.5/2/5 is its confidence low/medium/high. Genome build from ``##reference``,
``##assembly`` or the chr1 ``##contig`` length; chromosome names lose their ``chr`` prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import Breakpoint, FusionCall, ParsedInput, Skipped, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import frame
from annotator.parsers.textio import Head, Row, Span, numbered_lines
from annotator.parsers.vcf_kind import vcf_kind

FIXED = ("CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO")
JUNCTION_ALLELES = {
    "<DEL>": "deletion",
    "<DUP>": "duplication",
    "<DUP:TANDEM>": "tandem duplication",
    "<INV>": "inversion",
}
SINGLE = "single breakend (no partner position)"
MATE_MISSING = "breakend whose mate record (MATEID) is not in the file"
INSERTION = "insertion (<INS>), not a fusion junction"
INDEL = "sequence-resolved indel (explicit REF/ALT), not a fusion junction"
SMALL = "small variant without SVTYPE, not a fusion junction"
OTHER_SYMBOLIC = "symbolic allele that is not a junction (<CNV>, <INS:ME>, ...)"
NO_END = "symbolic allele without INFO END"
NO_ALT = "no ALT allele"
NO_COUNTS = "no per-sample read counts (FORMAT or the tumour column is '.')"
MULTI_ALT = "several ALT alleles in one structural-variant record (not read)"
FUSION_EFFECTS = frozenset({"gene_fusion", "bidirectional_gene_fusion"})
ARRIBA_QUAL = {"0.5": "low", "2": "medium", "5": "high"}
ARRIBA_ID = re.compile(r"^\d+[ab]$")
CHR1_LENGTH = {248956422: "GRCh38", 249250621: "GRCh37"}
GRCH38 = re.compile(r"grch38|hg38|gca_000001405\.(?:1[5-9]|2\d)", re.I)
GRCH37 = re.compile(r"grch37|hg19|hs37d5|\bb37\b|g1k_v37", re.I)
_BRACKETS = re.compile(
    r"^(?P<pre>[^\[\]]*)(?P<b>[\[\]])(?P<mate>[^\[\]]*)(?P=b)(?P<post>[^\[\]]*)$"
)
_ATTRIBUTE = re.compile(r"(\w+)=([^,>]+)")
# Manta and GRIDSS place the two records of a junction a few bases apart (homology, CIPOS);
# only a mate record further than this from the ALT's partner position is worth a note.
MATE_SLACK = 1000
LONG_VALUE = 100  # INFO values longer than this (assembled contigs) are shortened in raw


@dataclass(frozen=True, slots=True)
class Breakend:
    """A bracket ALT: the partner position and which side of each position is joined."""

    chrom: str  # as written (``chr`` prefix kept)
    pos: int
    keeps_before: bool  # this record keeps the sequence up to POS (``t[p[``, ``t]p]``)
    mate_keeps_before: bool  # the partner keeps the sequence up to p (``]p]``)


@dataclass(slots=True)
class _Rec:
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
class _Header:
    meta: dict[str, list[str]] = field(default_factory=dict)
    info_ids: set[str] = field(default_factory=set)
    columns: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    caller: str = "SV VCF"
    version: str = ""
    tumour: str | None = None
    tumour_rule: str = ""


def sniff(head: Head) -> bool:
    return vcf_kind(head) == "sv"


def _chrom(name: str) -> str:
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


def _info_span(rec: _Rec, key: str) -> Span | None:
    offset = 0
    for item in rec.col("INFO").split(";"):
        name, eq, value = item.partition("=")
        if name == key:
            return offset + len(name) + len(eq), max(len(value), 1)
        offset += len(item) + 1
    return None


def _info_int(rec: _Rec, key: str) -> int | None:
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


def _read_meta(header: _Header, line: str) -> None:
    key, _, value = line[2:].partition("=")
    header.meta.setdefault(key, []).append(value)
    if key == "INFO":
        found = re.search(r"ID=([^,>]+)", value)
        if found:
            header.info_ids.add(found.group(1))


def _caller(header: _Header) -> tuple[str, str]:
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


def _tumour(header: _Header, samples: list[str]) -> tuple[str | None, str]:
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


def _genome(meta: dict[str, list[str]]) -> tuple[str | None, str | None]:
    """(build, warning); header sources that disagree give no build."""
    found: dict[str, str] = {}
    for key in ("reference", "assembly"):
        for value in meta.get(key, []):
            build = _build_named(value)
            if build:
                found.setdefault(f"##{key}", build)
    for value in meta.get("contig", []):
        attributes = dict(_ATTRIBUTE.findall(value))
        if _chrom(attributes.get("ID", "")) != "1":
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


def _breakend(rec: _Rec) -> Breakend:
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


def _record(path: str, line: int, text: str, header: _Header) -> _Rec:
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
    rec = _Rec(path, line, text, fields, header.index, fields[0].strip(), 0, None, "", {})
    if not pos.isdigit():
        raise rec.error("POS", f"expected a 1-based integer position, got {pos!r}")
    ident = fields[2].strip()
    rec.pos, rec.ident = int(pos), None if ident in ("", ".") else ident
    rec.alt, rec.info = fields[4].strip(), _info(fields[7].strip())
    return rec


def _skip_reason(rec: _Rec) -> str | None:
    """Why the record is not a junction, or None for a breakend or junction symbolic allele."""
    alt, svtype = rec.alt, rec.info.get("SVTYPE", "")
    if alt in ("", ".", "*", "<*>", "<NON_REF>"):
        return NO_ALT
    if "," in alt:
        return MULTI_ALT
    if "[" in alt or "]" in alt:
        return None
    if alt.startswith("<"):
        if alt in JUNCTION_ALLELES:
            return None if rec.info.get("END", ".") not in ("", ".") else NO_END
        return INSERTION if alt.startswith("<INS") else OTHER_SYMBOLIC
    if len(alt) > 1 and (alt.startswith(".") or alt.endswith(".")):
        return SINGLE
    return INDEL if svtype else SMALL


def _short(text: str, width: int = 24) -> str:
    return text if len(text) <= width else f"{text[: width - 1]}…"


def _raw(rec: _Rec, prefix: str = "") -> list[tuple[str, str]]:
    raw: list[tuple[str, str]] = []
    for name, i in rec.index.items():
        value = rec.fields[i]
        if name == "INFO":
            value = ";".join(_shorten_item(item) for item in value.split(";"))
        raw.append((prefix + name, value))
    return raw


def _shorten_item(item: str) -> str:
    key, eq, value = item.partition("=")
    if len(value) <= LONG_VALUE:
        return item
    return f"{key}{eq}{value[:20]}…({len(value)} characters)"


def _filters(recs: Iterable[_Rec]) -> tuple[str, ...]:
    names: list[str] = []
    for rec in recs:
        value = rec.col("FILTER")
        if value not in ("", "."):
            names.extend(n for n in value.split(";") if n and n not in names)
    return tuple(names) if names == ["PASS"] else tuple(n for n in names if n != "PASS")


def _orientation(rec: _Rec, bnd: Breakend) -> str:
    here = "up to" if bnd.keeps_before else "from"
    there = "up to" if bnd.mate_keeps_before else "from"
    return (
        f"ALT {_short(rec.alt, 40)}: the sequence {here} {_chrom(rec.chrom)}:{rec.pos} joins "
        f"the sequence {there} {_chrom(bnd.chrom)}:{bnd.pos}"
    )


def _bnd_type(rec: _Rec, bnd: Breakend) -> str:
    if _chrom(bnd.chrom) != _chrom(rec.chrom):
        return "translocation"
    low, high = (bnd.keeps_before, bnd.mate_keeps_before)
    if rec.pos > bnd.pos:
        low, high = high, low
    if low == high:
        return "inversion"
    # the lower breakend keeping what precedes it joins the upper one keeping what follows it
    return "deletion" if low else "duplication"


def _fusion_names(recs: Iterable[_Rec]) -> list[str]:
    """Gene names of SnpEff ``gene_fusion`` entries (ANN or umccrise SIMPLE_ANN), in file order."""
    names: list[str] = []
    for rec in recs:
        for key, gene_at in (("ANN", 3), ("SIMPLE_ANN", 2)):
            for entry in rec.info.get(key, "").split(","):
                parts = entry.split("|")
                if len(parts) <= gene_at or not FUSION_EFFECTS & set(parts[1].split("&")):
                    continue
                if parts[gene_at] and parts[gene_at] not in names:
                    names.append(parts[gene_at])
    return names


@dataclass(slots=True)
class _Genes:
    gene5: str = ""
    gene3: str = ""
    swap: bool = False  # the second record is the 5' breakend
    name: str | None = None
    notes: list[str] = field(default_factory=list)


def _genes(first: _Rec, second: _Rec | None) -> _Genes:
    info = first.info
    if "GENE5" in info or "GENE3" in info:  # FusionCatcher: 5'/3' stated, END=5|3 per record
        swap = second is not None and info.get("END") == "3" and second.info.get("END") == "5"
        return _Genes(info.get("GENE5", ""), info.get("GENE3", ""), swap, info.get("FUSION"))
    if "GENE_NAME" in info:  # Arriba convert_fusions_to_vcf.sh: gene per breakend
        if second is None:
            return _Genes(info["GENE_NAME"])
        ids = (first.ident or "", second.ident or "")
        if all(ARRIBA_ID.match(i) for i in ids):
            swap = ids[0].endswith("b")
            five, three = (second, first) if swap else (first, second)
            return _Genes(five.info["GENE_NAME"], three.info.get("GENE_NAME", ""), swap)
        note = "genes are named per breakend but the file does not say which is 5' (file order)"
        return _Genes(info["GENE_NAME"], second.info.get("GENE_NAME", ""), notes=[note])
    fused = _fusion_names([first] if second is None else [first, second])
    if not fused:
        return _Genes()
    if len(fused) == 1 and "&" not in fused[0]:
        note = f"SnpEff gene fusion within {fused[0]} (both breakends in the gene)"
        return _Genes(fused[0], fused[0], notes=[note])
    note = (
        f"SnpEff gene fusion {', '.join(fused)}: the annotation does not tie the genes to the "
        "breakends; genes taken from the gene models at the breakpoints"
    )
    return _Genes(name=", ".join(fused), notes=[note])


@dataclass(slots=True)
class _Support:
    split: int | None = None
    discordant: int | None = None
    total: int | None = None
    note: str | None = None


def _sample_values(rec: _Rec, sample: str) -> dict[str, tuple[str, Span]] | None:
    """FORMAT key -> (value, span in the sample cell); None when the record has no sample data."""
    keys, cell = rec.col("FORMAT"), rec.col(sample)
    if keys in ("", ".") or cell in ("", "."):
        return None
    out: dict[str, tuple[str, Span]] = {}
    offset = 0
    for key, value in zip(keys.split(":"), cell.split(":"), strict=False):
        out[key] = (value, (offset, max(len(value), 1)))
        offset += len(value) + 1
    return out


def _count(rec: _Rec, column: str, value: str, span: Span, *, alt_of_pair: bool) -> int | None:
    """An integer count; ``alt_of_pair``: Manta's "ref,alt" pair, whose alt is read."""
    parts = value.split(",")
    if alt_of_pair and len(parts) == 2:
        value, span = parts[1], (span[0] + len(parts[0]) + 1, max(len(parts[1]), 1))
    if value.strip() in ("", "."):
        return None
    if not value.strip().isdigit():
        what = "a count or 'ref,alt' counts" if alt_of_pair else "an integer count"
        raise rec.error(column, f"expected {what}, got {value!r}", span=span)
    return int(value)


def _support(rec: _Rec, header: _Header) -> _Support:
    if header.caller == "FusionCatcher" or "SP" in rec.info:
        return _Support(_info_int(rec, "SR"), _info_int(rec, "SP"))
    gridss = header.caller == "GRIDSS"
    sample = header.tumour
    if sample is None:
        if gridss and not header.columns[9:]:  # sites-only GRIDSS: the INFO totals
            return _Support(_info_int(rec, "SR"), _info_int(rec, "RP"), _info_int(rec, "VF"))
        return _Support()
    values = _sample_values(rec, sample)
    if values is None:
        return _Support(note=NO_COUNTS)

    def read(key: str) -> int | None:
        found = values.get(key)
        if found is None:
            return None
        return _count(rec, sample, found[0], found[1], alt_of_pair=not gridss)

    if gridss:
        return _Support(read("SR"), read("RP"), read("VF"))
    return _Support(read("SR"), read("PR"))


def _notes(rec: _Rec, header: _Header) -> list[str]:
    notes: list[str] = []
    qual = rec.col("QUAL")
    if qual not in ("", ".") and header.caller != "Arriba":
        notes.append(f"QUAL {qual}")
    if rec.info.get("SOMATICSCORE"):
        notes.append(f"somatic score {rec.info['SOMATICSCORE']}")
    if "IMPRECISE" in rec.info:
        ci = rec.info.get("CIPOS")
        notes.append("imprecise breakpoints" + (f" (CIPOS {ci})" if ci else ""))
    for flag, side in (("INV3", "3'"), ("INV5", "5'")):
        if flag in rec.info:
            notes.append(f"Manta {flag}: inversion breakends open {side} of the reported positions")
    if rec.info.get("DESC"):
        notes.append(f"FusionCatcher description: {rec.info['DESC']}")
    return notes


def _breakpoint(rec: _Rec) -> Breakpoint:
    strand = rec.info.get("STRAND")  # FusionCatcher: the gene strand
    return Breakpoint(
        _chrom(rec.chrom), rec.pos, "+" if strand == "+" else "-" if strand == "-" else None
    )


def _call(path: str, header: _Header, first: _Rec, second: _Rec | None) -> FusionCall:
    """One junction: a breakend pair, a breakend read from its ALT alone, or a symbolic record."""
    genes = _genes(first, second)
    recs = [first] if second is None else [first, second]
    notes = list(genes.notes)
    bnd = first.bnd
    if bnd is None:  # symbolic <DEL>/<DUP>/<INV>
        end = _info_int(first, "END") or first.pos  # END is given: see _skip_reason
        bp5, bp3 = _breakpoint(first), Breakpoint(_chrom(first.chrom), end)
        fusion_type = JUNCTION_ALLELES[first.alt]
    else:
        bp5 = _breakpoint(first)
        bp3 = _breakpoint(second) if second else Breakpoint(_chrom(bnd.chrom), bnd.pos)
        if genes.swap:
            bp5, bp3 = bp3, bp5
        if header.caller == "FusionCatcher":
            # its mate brackets contradict VCF 4.2; GENE5/GENE3/END say what is joined
            fusion_type = "translocation" if bp5.chrom != bp3.chrom else "intrachromosomal"
        else:
            fusion_type = _bnd_type(first, bnd)
            notes.append(_orientation(first, bnd))
        if second is None:
            notes.append("no mate record; the partner position is read from the ALT")
        elif _chrom(second.chrom) != _chrom(bnd.chrom) or abs(second.pos - bnd.pos) > MATE_SLACK:
            notes.append(
                f"ALT points to {_chrom(bnd.chrom)}:{bnd.pos}, mate record is at "
                f"{_chrom(second.chrom)}:{second.pos}"
            )
    support = _support(first, header)
    if support.note:
        notes.append(support.note)
    notes.extend(n for n in _notes(first, header) if n not in notes)
    raw = _raw(first)
    if second is not None:
        raw += [("MATE_LINE", str(second.line)), *_raw(second, "MATE_")]
    effect = first.info.get("EFFECT")
    return FusionCall(
        caller=header.caller,
        gene5_field=genes.gene5,
        gene3_field=genes.gene3,
        bp5=bp5,
        bp3=bp3,
        split_reads=support.split,
        discordant_reads=support.discordant,
        total_reads=support.total,
        frame=frame(effect) if effect else None,
        confidence=ARRIBA_QUAL.get(first.col("QUAL")) if header.caller == "Arriba" else None,
        fusion_type=fusion_type,
        name_field=genes.name,
        source=SourceRef(path, first.line, tuple(raw)),
        filters=_filters(recs),
        caller_notes=tuple(notes),
        # RNA callers' VCFs name the 5' gene; DNA breakends have no 5'/3' order and their
        # intronic breakpoints splice at the flanking exons
        ordered=header.caller in RNA_CALLERS,
        molecule=None if header.caller in RNA_CALLERS else "DNA",
    )


RNA_CALLERS = frozenset({"FusionCatcher", "Arriba"})


class _Reader:
    """Reads records in file order, pairs breakends and collects calls, skips and warnings."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.header = _Header()
        self.calls: list[FusionCall] = []
        self.events: dict[str, list[int]] = {}  # EVENT -> indexes into calls
        self.pending: dict[str, _Rec] = {}  # breakends waiting for the mate their MATEID names
        self.by_event: dict[str, _Rec] = {}  # breakends without MATEID waiting for their EVENT
        self.skipped: dict[str, tuple[list[int], list[str]]] = {}
        self.no_counts: list[int] = []  # lines of calls whose tumour column is '.'
        self.records = 0

    def feed(self, line: int, text: str) -> None:
        if not text.strip():
            return
        if text.startswith("##"):
            _read_meta(self.header, text)
        elif text.startswith("#"):
            self._columns(line, text)
        elif not self.header.columns:
            raise InputFormatError(self.path, "record before the '#CHROM' header line", line=line)
        else:
            self.records += 1
            rec = _record(self.path, line, text, self.header)
            reason = _skip_reason(rec)
            if reason is not None:
                self._skip(reason, rec)
            elif rec.alt.startswith("<"):
                self._add(rec, None)
            else:
                rec.bnd = _breakend(rec)
                self._pair(rec)

    def _columns(self, line: int, text: str) -> None:
        columns = [c.strip() for c in text[1:].split("\t")]
        while columns and not columns[-1]:
            columns.pop()
        if tuple(columns[:8]) != FIXED:
            raise InputFormatError(
                self.path,
                f"expected the VCF header '#{chr(9).join(FIXED)}', got {text[:80]!r}",
                line=line,
            )
        h = self.header
        h.columns = columns
        h.index = {name: i for i, name in enumerate(columns)}
        h.caller, h.version = _caller(h)
        h.tumour, h.tumour_rule = _tumour(h, columns[9:])

    def _pair(self, rec: _Rec) -> None:
        mate_ids = rec.mate_ids()
        for mate_id in mate_ids:
            mate = self.pending.pop(mate_id, None)
            if mate is not None:
                self._add(mate, rec)
                return
        if mate_ids:
            self.pending[rec.ident or f"line {rec.line}"] = rec
            return
        event = rec.info.get("EVENT")
        if not event:
            self._add(rec, None)
        elif event in self.by_event:
            self._add(self.by_event.pop(event), rec)
        else:
            self.by_event[event] = rec

    def _add(self, first: _Rec, second: _Rec | None) -> None:
        event = first.info.get("EVENT")
        if event:
            self.events.setdefault(event, []).append(len(self.calls))
        call = _call(self.path, self.header, first, second)
        if NO_COUNTS in call.caller_notes:
            self.no_counts.append(call.source.line)
        self.calls.append(call)

    def _skip(self, reason: str, rec: _Rec) -> None:
        lines, examples = self.skipped.setdefault(reason, ([], []))
        lines.append(rec.line)
        if len(examples) < 5:
            examples.append(f"{_chrom(rec.chrom)}:{rec.pos} {_short(rec.alt)}")

    def finish(self) -> ParsedInput:
        if not self.header.columns:
            raise InputFormatError(self.path, "no '#CHROM' header line; not a complete VCF")
        for rec in self.pending.values():
            self._skip(MATE_MISSING, rec)
        for rec in self.by_event.values():
            self._add(rec, None)
        self._note_events()
        order = sorted(range(len(self.calls)), key=lambda i: self.calls[i].source.line)
        return ParsedInput(
            path=self.path,
            format=PARSER.name,
            format_label=f"{self.header.caller} structural-variant VCF",
            kind="fusion",
            records=tuple(self.calls[i] for i in order),
            warnings=tuple(self._warnings()),
            skipped=tuple(
                Skipped(self.path, reason, tuple(lines), len(lines), tuple(examples))
                for reason, (lines, examples) in self.skipped.items()
            ),
            genome_hint=_genome(self.header.meta)[0],
            sample_hint=self.header.tumour,
            details=tuple(self._details()),
        )

    def _note_events(self) -> None:
        for event, indexes in self.events.items():
            if len(indexes) < 2:
                continue
            lines = ", ".join(str(n) for n in sorted(self.calls[i].source.line for i in indexes))
            note = f"one of {len(indexes)} junctions of EVENT {event} (lines {lines})"
            for i in indexes:
                call = self.calls[i]
                self.calls[i] = replace(call, caller_notes=(*call.caller_notes, note))

    def _warnings(self) -> list[str]:
        warnings: list[str] = []
        build_warning = _genome(self.header.meta)[1]
        if build_warning:
            warnings.append(build_warning)
        if self.header.columns[9:] and self.header.tumour is None:
            warnings.append(
                f"{len(self.header.columns) - 9} sample columns and none named as the tumour; "
                "read support not taken from FORMAT"
            )
        for reason in (SINGLE, MATE_MISSING):
            if reason in self.skipped:
                lines = self.skipped[reason][0]
                warnings.append(f"{len(lines)} × {reason} ignored (lines {_lines(lines)})")
        if self.no_counts:
            warnings.append(
                f"calls without read support: {NO_COUNTS} (lines {_lines(self.no_counts)})"
            )
        return warnings

    def _details(self) -> list[tuple[str, str]]:
        h = self.header
        details = [("caller", f"{h.caller} {h.version}".strip())]
        fileformat = h.meta.get("fileformat", [""])[0]
        if fileformat:
            details.append(("format", fileformat))
        if h.tumour:
            details.append(("tumour sample", f"{h.tumour} ({h.tumour_rule})"))
        snpeff = h.meta.get("SnpEffVersion", [""])[0].strip('"').split()
        if snpeff:
            details.append(("annotation", f"SnpEff {snpeff[0]}"))
        details.append(("records", str(self.records)))
        return details


def _lines(lines: list[int]) -> str:
    return ", ".join(map(str, lines[:10])) + (", ..." if len(lines) > 10 else "")


def parse(path: Path) -> ParsedInput:
    reader = _Reader(path)
    for line, text in numbered_lines(path):
        reader.feed(line, text)
    return reader.finish()


PARSER = Parser(
    name="sv_vcf",
    label="Structural-variant VCF (Manta, DRAGEN SV, GRIDSS, FusionCatcher, Arriba)",
    kind="fusion",
    sniff_rule=(
        "first line '##fileformat=VCFv4.x', records are mostly breakends, symbolic alleles or "
        "carry SVTYPE (or ##source names an SV/fusion caller)"
    ),
    sniff=sniff,
    parse=parse,
)
