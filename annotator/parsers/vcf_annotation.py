"""What callers and annotators write in a VCF: tumour sample, read counts, versions, CSQ, ANN.

Used by :mod:`annotator.parsers.vcf`, which does the reading; this module interprets.

Tumour sample and VAF follow each caller's own conventions (Mutect2 ``##tumor_sample``
and FORMAT AF, bcbio ``##SAMPLE``/``##PEDIGREE``, Strelka tier-1 AU/CU/GU/TU and TAR/TIR,
VarScan FREQ percent with AD = alt depth, VarDict AF/VD, PCGR ADT/DPT).

Annotations: Ensembl VEP ``CSQ`` and SnpEff ``ANN``. Both keys hold one ``|``-separated entry
per allele x feature, in the order named by the header's INFO Description (the text after
``Format:`` for VEP, the quoted list after ``Functional annotations:`` for SnpEff). The order is
never assumed: VEP 82 (``Consequence|Codons|...``, no Allele field), VEP 95/101/105 (with and
without ``PICK``, ``CANONICAL``, ``MANE_SELECT``, ``ALLELE_NUM``) and SnpEff 4.1-4.3 lists were
all seen in the samples. Field meanings: VEP "Output format" docs
(ensembl.org/info/docs/tools/vep/vep_formats.html) and the SnpEff ANN specification
(pcingola.github.io/SnpEff, "VCF ANN field"); field guide section 2.

Values are URL-decoded (VEP escapes ``=`` as ``%3D`` unless run with ``--no_escape``, see
Ensembl/ensembl-vep#1552). Legacy SnpEff ``EFF`` is deliberately not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal
from urllib.parse import unquote

from annotator.models import TranscriptConsequence

AnnotationSource = Literal["VEP", "SnpEff"]

# The 16 fields of the 2015 ANN standard; used only when a header's ANN Description has no list.
SNPEFF_FIELDS = (
    "Allele",
    "Annotation",
    "Annotation_Impact",
    "Gene_Name",
    "Gene_ID",
    "Feature_Type",
    "Feature_ID",
    "Transcript_BioType",
    "Rank",
    "HGVS.c",
    "HGVS.p",
    "cDNA.pos / cDNA.length",
    "CDS.pos / CDS.length",
    "AA.pos / AA.length",
    "Distance",
    "ERRORS / WARNINGS / INFO",
)

# TranscriptConsequence attribute -> field name, per tool. MANE_SELECT was called MANE in VEP 103.
_VEP_NAMES: dict[str, tuple[str, ...]] = {
    "allele": ("Allele",),
    "gene": ("SYMBOL",),
    "transcript": ("Feature",),
    "consequence": ("Consequence",),
    "impact": ("IMPACT",),
    "hgvsc": ("HGVSc",),
    "hgvsp": ("HGVSp",),
    "exon": ("EXON",),
    "biotype": ("BIOTYPE",),
    "mane_select": ("MANE_SELECT", "MANE"),
}
_SNPEFF_NAMES: dict[str, tuple[str, ...]] = {
    "allele": ("Allele",),
    "gene": ("Gene_Name",),
    "transcript": ("Feature_ID",),
    "consequence": ("Annotation",),
    "impact": ("Annotation_Impact",),
    "hgvsc": ("HGVS.c",),
    "hgvsp": ("HGVS.p",),
    "exon": ("Rank",),
    "biotype": ("Transcript_BioType",),
}


@dataclass(frozen=True, slots=True)
class Schema:
    """The field list of one annotation INFO key, as its header declares it."""

    source: AnnotationSource
    key: str  # INFO key: "CSQ" or "ANN"
    fields: tuple[str, ...]

    @property
    def has_allele(self) -> bool:
        return "Allele" in self.fields

    @property
    def has_allele_num(self) -> bool:
        return "ALLELE_NUM" in self.fields


@dataclass(frozen=True, slots=True)
class Entry:
    consequence: TranscriptConsequence
    allele_num: int | None  # VEP --allele_number: 1-based index into ALT


def schema_from_description(key: str, description: str) -> Schema | None:
    """Read the field list out of a CSQ/ANN INFO Description; None when it has no list."""
    source: AnnotationSource = "VEP" if key == "CSQ" else "SnpEff"
    # Match on "Format:" rather than on the wording around it, which changed between VEP
    # releases ("Consequence type as predicted by VEP" vs "Consequence annotations from ...").
    found = re.search(r"Format:\s*(.*)$", description, flags=re.IGNORECASE | re.DOTALL)
    if found:
        text = found.group(1)
    elif ":" in description:
        text = description.split(":", 1)[1]
    else:
        text = ""
    fields = tuple(f.strip() for f in text.strip().strip("'\"").split("|"))
    if len(fields) < 2 or not all(fields):
        return Schema(source, key, SNPEFF_FIELDS) if source == "SnpEff" else None
    return Schema(source, key, fields)


def _decode(value: str) -> str | None:
    value = unquote(value.strip())
    return value or None


def attribute_fields(source: AnnotationSource) -> dict[str, tuple[str, ...]]:
    """TranscriptConsequence attribute -> the annotation fields that fill it, per tool."""
    return _VEP_NAMES if source == "VEP" else _SNPEFF_NAMES


# Fields read besides the attribute fields: allele number, transcript flags, SnpEff row kind.
_EXTRA_FIELDS = ("ALLELE_NUM", "PICK", "CANONICAL", "Annotation", "Feature_Type")
_READ_FIELDS = {
    source: frozenset({n for ns in names.values() for n in ns} | set(_EXTRA_FIELDS))
    for source, names in (("VEP", _VEP_NAMES), ("SnpEff", _SNPEFF_NAMES))
}


@cache
def _field_positions(
    schema: Schema, names: frozenset[str]
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """(field name, its positions, last first) for the ``names`` a schema lists.

    Decoding only the fields read, not all 30-odd CSQ fields, is most of the parser's speed.
    When a name is listed twice the last position present in an entry wins, as a dict built
    over every field would have it.
    """
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(schema.fields):
        if name in names:
            positions.setdefault(name, []).insert(0, i)
    return tuple((name, tuple(found)) for name, found in positions.items())


def _read_fields(
    parts: list[str], wanted: tuple[tuple[str, tuple[int, ...]], ...]
) -> dict[str, str | None]:
    """Decode the wanted fields of one entry split on ``|`` (absent: not in the dict)."""
    row: dict[str, str | None] = {}
    for name, positions in wanted:
        for i in positions:
            if i < len(parts):
                row[name] = _decode(parts[i])
                break
    return row


def parse_entries(schema: Schema, values: Iterable[str]) -> list[Entry]:
    """Turn the comma-separated INFO values into entries (SnpEff non-transcript rows dropped)."""
    names = attribute_fields(schema.source)
    wanted = _field_positions(schema, _READ_FIELDS[schema.source])
    entries: list[Entry] = []
    for value in values:
        row = _read_fields(value.split("|"), wanted)
        if schema.source == "SnpEff":
            # sequence_feature rows (domain:SH2, helix...) and intergenic/regulatory rows
            # describe a region, not a transcript consequence.
            if row.get("Annotation") == "sequence_feature":
                continue
            if (row.get("Feature_Type") or "").lower() != "transcript":
                continue
        attrs: dict[str, str | None] = {}
        for attr, field_names in names.items():
            found = None
            for name in field_names:
                found = row.get(name)
                if found:
                    break
            attrs[attr] = found
        allele_num = row.get("ALLELE_NUM")
        entries.append(
            Entry(
                TranscriptConsequence(
                    allele=attrs["allele"],
                    gene=attrs["gene"],
                    transcript=attrs.get("transcript"),
                    consequence=attrs.get("consequence"),
                    impact=attrs.get("impact"),
                    hgvsc=attrs.get("hgvsc"),
                    hgvsp=attrs.get("hgvsp"),
                    exon=attrs.get("exon"),
                    biotype=attrs.get("biotype"),
                    mane_select=attrs.get("mane_select"),
                    pick=row.get("PICK") == "1",
                    canonical=row.get("CANONICAL") == "YES",
                ),
                int(allele_num) if allele_num and allele_num.isdigit() else None,
            )
        )
    return entries


def vep_alleles(ref: str, alts: Sequence[str]) -> list[str]:
    """The allele strings VEP writes in CSQ for each VCF ALT (default, non ``--minimal`` run).

    Mirrors ``Bio::EnsEMBL::VEP::Parser::VCF``: only when some allele differs in length from
    REF (an indel) and REF and every ALT (ignoring ``*``) start with the same base, that base is
    removed from all of them; an allele left empty is written ``-``.
    """
    if all(len(a) == len(ref) for a in alts):
        return list(alts)  # no indel: alleles as in the VCF
    first_bases = {a[:1] for a in (ref, *alts) if "*" not in a}
    if len(first_bases) != 1:
        return list(alts)
    return [a if "*" in a else (a[1:] or "-") for a in alts]


def entries_for_allele(
    schema: Schema, entries: Sequence[Entry], ref: str, alts: Sequence[str], index: int
) -> list[TranscriptConsequence]:
    """The entries that describe ALT number ``index`` (0-based) of a record."""
    if schema.has_allele_num and any(e.allele_num is not None for e in entries):
        return [e.consequence for e in entries if e.allele_num == index + 1]
    if not schema.has_allele:
        return [e.consequence for e in entries]  # e.g. VEP 82 lists: no way to tell alleles
    key = vep_alleles(ref, alts)[index] if schema.source == "VEP" else alts[index]
    matched = [e.consequence for e in entries if e.consequence.allele == key]
    if not matched and len(alts) == 1:
        # With one ALT every entry is about it, whatever allele spelling the tool used
        # (VEP --minimal trims differently); SnpEff -cancer "ALT-REF" rows never get here
        # because the plain-ALT rows match.
        return [e.consequence for e in entries]
    return matched


_PREFERENCE = (("MANE_SELECT", "mane_select"), ("PICK", "pick"), ("CANONICAL", "canonical"))


def choose_per_gene(
    entries: Sequence[TranscriptConsequence],
) -> list[tuple[TranscriptConsequence, str]]:
    """One transcript per gene: MANE_SELECT > PICK > CANONICAL > first listed.

    Returns (entry, reason) in order of each gene's first appearance. Entries without a gene
    symbol (intergenic, regulatory, motif) count only when no entry names a gene.
    """
    genic = [e for e in entries if e.gene]
    groups: dict[str | None, list[TranscriptConsequence]] = {}
    for entry in genic or entries:
        groups.setdefault(entry.gene, []).append(entry)
    chosen: list[tuple[TranscriptConsequence, str]] = []
    for group in groups.values():
        for reason, attr in _PREFERENCE:
            hit = next((e for e in group if getattr(e, attr)), None)
            if hit is not None:
                chosen.append((hit, reason))
                break
        else:
            chosen.append((group[0], "first listed"))
    return chosen


def tumour_sample(
    samples: list[str],
    generic: dict[str, list[str]],
    structured: list[tuple[str, dict[str, str]]],
) -> tuple[str | None, list[str]]:
    """(tumour column, warnings), from the header in this order: ``##tumor_sample``; the
    other of two columns when ``##normal_sample`` names one; ``##SAMPLE=<Genomes=Tumor>`` or
    ``##PEDIGREE=<Derived=>``; a column named TUMOR; the only column; else the first column not
    known to be normal, with a warning (Mutect2 often writes the normal first)."""
    if not samples:
        return None, []  # sites-only VCF
    warnings: list[str] = []
    named = generic.get("tumor_sample", [None])[0]
    if named in samples:
        return named, warnings
    if named:
        # PURPLE/umccrise rename the column (SEQCII_50pc__T_x) but keep the caller's name.
        warnings.append(f"##tumor_sample={named} is not a sample column; ignored")
    normals = set(generic.get("normal_sample", []))
    tumours: list[str] = []
    for key, items in structured:
        genomes = items.get("Genomes", "").lower()
        if key == "SAMPLE" and genomes in ("germline", "normal"):
            normals.add(items.get("ID", ""))
        elif key == "SAMPLE" and genomes == "tumor":
            tumours.append(items.get("ID", ""))
        elif key == "PEDIGREE":
            tumours.append(items.get("Derived", ""))
            normals.add(items.get("Original", ""))
    named_normal = generic.get("normal_sample", [None])[0]
    if named_normal in samples and len(samples) == 2:
        return next(s for s in samples if s != named_normal), warnings
    for choice in [*tumours, "TUMOR", "tumor", "Tumor"]:
        if choice in samples:
            return choice, warnings
    if len(samples) == 1:
        return samples[0], warnings
    candidates = [s for s in samples if s not in normals and s.lower() != "normal"] or samples
    warnings.append(
        f"the header does not say which sample is the tumour; took column '{candidates[0]}' "
        f"(sample {samples.index(candidates[0]) + 1} of {len(samples)})"
    )
    return candidates[0], warnings


def _values(sample: Any, key: str) -> list[Any]:
    value = sample.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, tuple) else [value]


def _number(value: Any) -> float | None:
    """A FORMAT value as a number; strings (PCGR ADT, VarScan FREQ) included, '.' -> None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        number = float(str(value).strip().rstrip("%"))
    except ValueError:
        return None
    return None if number != number else number  # "nan" is as good as missing


def allele_counts(
    rec: Any, sample: Any, index: int, n_alts: int
) -> tuple[float | None, int | None, int | None]:
    """(VAF, depth, alt reads) of ALT ``index`` in the tumour sample, by caller convention."""
    keys = set(rec.format.keys())
    alt = str(rec.alts[index])

    def nums(key: str) -> list[float | None]:
        return [_number(v) for v in _values(sample, key)] if key in keys else []

    vaf: float | None = None
    alt_reads: float | None = None
    ad_total: float | None = None
    ad = nums("AD") or nums("ADT")  # ADT: PCGR's tumour AD in a combined T_N column
    if len(ad) == n_alts + 1:  # Number=R: ref then each ALT
        alt_reads = ad[index + 1]
        ad_total = sum(v for v in ad if v is not None) if None not in ad else None
    tir, tar = nums("TIR"), nums("TAR")
    tiers = {base: nums(f"{base}U") for base in "ACGT"}
    strelka_vaf: float | None = None
    if tir and tar and tir[0] is not None and tar[0] is not None:  # Strelka indel, tier 1
        alt_reads = tir[0] if alt_reads is None else alt_reads
        strelka_vaf = tir[0] / (tar[0] + tir[0]) if tar[0] + tir[0] else None
    elif alt in tiers and all(tiers.values()):  # Strelka SNV: {ALT}U tier 1 over all bases
        tier1 = [t[0] for t in tiers.values()]
        if None not in tier1:
            alt_reads = tiers[alt][0] if alt_reads is None else alt_reads
            total = sum(v for v in tier1 if v is not None)
            strelka_vaf = (tiers[alt][0] or 0) / total if total else None
    if alt_reads is None and len(ad) == 1 and n_alts == 1 and "RD" in keys:
        alt_reads = ad[0]  # VarScan: AD is the alt depth (Number=1) and RD the ref depth
        rd = nums("RD")
        if ad[0] is not None and rd and rd[0] is not None:
            ad_total = ad[0] + rd[0]
    if alt_reads is None and n_alts == 1:
        alt_reads = next(iter(nums("VD")), None)  # VarDict

    af = nums("AF") or nums("FA")  # Mutect2 (Number=A), VarDict (Number=1), MuTect1 FA
    if len(af) == n_alts or (n_alts == 1 and af):
        vaf = af[index if len(af) == n_alts else 0]
    if vaf is None and n_alts == 1 and "FREQ" in keys:  # VarScan "48.7%" (or escaped %25)
        raw = next(iter(_values(sample, "FREQ")), None)
        text = "" if raw is None else str(raw).replace("%25", "%")
        value = _number(text)
        if value is not None:
            vaf = value / 100 if "%" in text or value > 1 else value
    if vaf is None:
        vaf = strelka_vaf
    if vaf is None and alt_reads is not None and ad_total:
        vaf = alt_reads / ad_total

    dp = nums("DP") or nums("DPT")
    depth = dp[0] if dp and dp[0] is not None else ad_total
    return (
        round(vaf, 4) if vaf is not None else None,
        int(depth) if depth is not None else None,
        int(alt_reads) if alt_reads is not None else None,
    )


def header_details(generic: dict[str, list[str]], schemas: list[Schema]) -> list[tuple[str, str]]:
    """("caller", ...) from ``##source``/``##source_version``; ("annotation", ...) per key."""
    details: list[tuple[str, str]] = []
    sources = list(dict.fromkeys(generic.get("source", [])))
    versions = generic.get("source_version", [])
    if sources:
        caller = ", ".join(sources)
        details.append(
            ("caller", f"{caller} {versions[0]}" if len(sources) == 1 and versions else caller)
        )
    for i, schema in enumerate(schemas):
        note = "" if i == 0 else " (used only where a record has no CSQ)"
        if schema.source == "VEP":
            found = re.match(r'\s*"?v?(\d[\w.]*)', generic.get("VEP", [""])[0])
            label = f"VEP v{found.group(1)}" if found else "VEP (version not stated)"
        else:
            words = generic.get("SnpEffVersion", [""])[0].strip('"').split()
            words = words[1:] if words[:1] == ["SnpEff"] else words
            label = f"SnpEff {words[0]}" if words else "SnpEff (version not stated)"
        details.append(("annotation", label + note))
    return details
