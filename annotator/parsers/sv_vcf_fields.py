"""The fields of one structural-variant call taken from its VCF records, for ``sv_vcf``.

Genes (FusionCatcher INFO GENE5/GENE3, Arriba GENE_NAME per breakend, SnpEff ``ANN``/umccrise
``SIMPLE_ANN`` gene fusions), read support per caller (Manta/DRAGEN FORMAT ``SR``/``PR``
"ref,alt" pairs, GRIDSS ``SR``/``RP``/``VF``, FusionCatcher INFO ``SR``/``SP``), FILTER values,
caller notes (QUAL, SOMATICSCORE, IMPRECISE, Manta INV3/INV5, FusionCatcher DESC), the breakend
orientation and junction type, and the raw columns kept in ``SourceRef``. The rules are set out
in ``sv_vcf``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.parsers.sv_vcf_records import Breakend, Header, Rec, bare_chrom, info_int
from annotator.parsers.textio import Span

NO_COUNTS = "no per-sample read counts (FORMAT or the tumour column is '.')"
FUSION_EFFECTS = frozenset({"gene_fusion", "bidirectional_gene_fusion"})
ARRIBA_ID = re.compile(r"^\d+[ab]$")
LONG_VALUE = 100  # INFO values longer than this (assembled contigs) are shortened in raw


def short(text: str, width: int = 24) -> str:
    return text if len(text) <= width else f"{text[: width - 1]}…"


def raw_columns(rec: Rec, prefix: str = "") -> list[tuple[str, str]]:
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


def filters(recs: Iterable[Rec]) -> tuple[str, ...]:
    names: list[str] = []
    for rec in recs:
        value = rec.col("FILTER")
        if value not in ("", "."):
            names.extend(n for n in value.split(";") if n and n not in names)
    return tuple(names) if names == ["PASS"] else tuple(n for n in names if n != "PASS")


def orientation(rec: Rec, bnd: Breakend) -> str:
    here = "up to" if bnd.keeps_before else "from"
    there = "up to" if bnd.mate_keeps_before else "from"
    return (
        f"ALT {short(rec.alt, 40)}: the sequence {here} {bare_chrom(rec.chrom)}:{rec.pos} joins "
        f"the sequence {there} {bare_chrom(bnd.chrom)}:{bnd.pos}"
    )


def bnd_type(rec: Rec, bnd: Breakend) -> str:
    if bare_chrom(bnd.chrom) != bare_chrom(rec.chrom):
        return "translocation"
    low, high = (bnd.keeps_before, bnd.mate_keeps_before)
    if rec.pos > bnd.pos:
        low, high = high, low
    if low == high:
        return "inversion"
    # the lower breakend keeping what precedes it joins the upper one keeping what follows it
    return "deletion" if low else "duplication"


def _fusion_names(recs: Iterable[Rec]) -> list[str]:
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
class Genes:
    gene5: str = ""
    gene3: str = ""
    swap: bool = False  # the second record is the 5' breakend
    name: str | None = None
    notes: list[str] = field(default_factory=list)


def read_genes(first: Rec, second: Rec | None) -> Genes:
    info = first.info
    if "GENE5" in info or "GENE3" in info:  # FusionCatcher: 5'/3' stated, END=5|3 per record
        swap = second is not None and info.get("END") == "3" and second.info.get("END") == "5"
        return Genes(info.get("GENE5", ""), info.get("GENE3", ""), swap, info.get("FUSION"))
    if "GENE_NAME" in info:  # Arriba convert_fusions_to_vcf.sh: gene per breakend
        if second is None:
            return Genes(info["GENE_NAME"])
        ids = (first.ident or "", second.ident or "")
        if all(ARRIBA_ID.match(i) for i in ids):
            swap = ids[0].endswith("b")
            five, three = (second, first) if swap else (first, second)
            return Genes(five.info["GENE_NAME"], three.info.get("GENE_NAME", ""), swap)
        note = "genes are named per breakend but the file does not say which is 5' (file order)"
        return Genes(info["GENE_NAME"], second.info.get("GENE_NAME", ""), notes=[note])
    fused = _fusion_names([first] if second is None else [first, second])
    if not fused:
        return Genes()
    if len(fused) == 1 and "&" not in fused[0]:
        note = f"SnpEff gene fusion within {fused[0]} (both breakends in the gene)"
        return Genes(fused[0], fused[0], notes=[note])
    note = (
        f"SnpEff gene fusion {', '.join(fused)}: the annotation does not tie the genes to the "
        "breakends; genes taken from the gene models at the breakpoints"
    )
    return Genes(name=", ".join(fused), notes=[note])


@dataclass(slots=True)
class Support:
    split: int | None = None
    discordant: int | None = None
    total: int | None = None
    note: str | None = None


def _sample_values(rec: Rec, sample: str) -> dict[str, tuple[str, Span]] | None:
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


def _count(rec: Rec, column: str, value: str, span: Span, *, alt_of_pair: bool) -> int | None:
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


def read_support(rec: Rec, header: Header) -> Support:
    if header.caller == "FusionCatcher" or "SP" in rec.info:
        return Support(info_int(rec, "SR"), info_int(rec, "SP"))
    gridss = header.caller == "GRIDSS"
    sample = header.tumour
    if sample is None:
        if gridss and not header.columns[9:]:  # sites-only GRIDSS: the INFO totals
            return Support(info_int(rec, "SR"), info_int(rec, "RP"), info_int(rec, "VF"))
        return Support()
    values = _sample_values(rec, sample)
    if values is None:
        return Support(note=NO_COUNTS)

    def read(key: str) -> int | None:
        found = values.get(key)
        if found is None:
            return None
        return _count(rec, sample, found[0], found[1], alt_of_pair=not gridss)

    if gridss:
        return Support(read("SR"), read("RP"), read("VF"))
    return Support(read("SR"), read("PR"))


def record_notes(rec: Rec, header: Header) -> list[str]:
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
