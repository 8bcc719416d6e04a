"""Transcript annotations in a VCF: Ensembl VEP ``CSQ``, SnpEff ``ANN`` and legacy ``EFF``.

Used by :mod:`annotator.parsers.vcf`, which does the reading; this module interprets (tumour
sample and VAF: :mod:`annotator.parsers.vcf_samples`; EFF entries:
:mod:`annotator.parsers.vcf_eff`).

``CSQ`` and ``ANN`` hold one ``|``-separated entry per allele x feature, in the order named by
the header's INFO Description (the text after ``Format:`` for VEP, the quoted list after
``Functional annotations:`` for SnpEff). The order is never assumed: VEP 82
(``Consequence|Codons|...``, no Allele field), VEP 95/101/105 (with and without ``PICK``,
``CANONICAL``, ``MANE_SELECT``, ``ALLELE_NUM``) and SnpEff 4.1-4.3 lists were all seen in the
samples. Field meanings: VEP "Output format" docs
(ensembl.org/info/docs/tools/vep/vep_formats.html) and the SnpEff ANN specification
(pcingola.github.io/SnpEff, "VCF ANN field").

Values are URL-decoded (VEP escapes ``=`` as ``%3D``, ``;`` as ``%3B`` and ``,`` as ``%2C``
unless run with ``--no_escape``, see Ensembl/ensembl-vep#1552).

One transcript per gene: MANE_SELECT > PICK > CANONICAL > longest protein (VEP
``Protein_position`` or SnpEff ``AA.pos / AA.length`` written as ``pos/length``, EFF
``Amino_Acid_length``; else the CDS length from ``CDS_position``/``CDS.pos / CDS.length``) >
first listed; the rule that chose is kept as ``SmallVariant.transcript_choice``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal
from urllib.parse import unquote

from annotator.models import TranscriptConsequence
from annotator.parsers.vcf_eff import eff_entries, eff_fields

AnnotationSource = Literal["VEP", "SnpEff", "SnpEff EFF"]

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
    key: str  # INFO key: "CSQ", "ANN" or "EFF"
    fields: tuple[str, ...]

    @property
    def has_allele(self) -> bool:
        return "Allele" in self.fields

    @property
    def has_allele_num(self) -> bool:
        return "ALLELE_NUM" in self.fields or (
            self.source == "SnpEff EFF" and "genotype_number" in {f.lower() for f in self.fields}
        )


@dataclass(frozen=True, slots=True)
class Entry:
    consequence: TranscriptConsequence
    allele_num: int | None  # VEP --allele_number, EFF Genotype_Number: 1-based index into ALT
    length: float | None = None  # protein length (or CDS length / 3), for the "longest" rule


def schema_from_description(key: str, description: str) -> Schema | None:
    """Read the field list out of a CSQ/ANN/EFF INFO Description; None when it has no list."""
    if key == "EFF":
        return Schema("SnpEff EFF", key, eff_fields(description))
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


# Fields read besides the attribute fields: allele number, transcript flags, SnpEff row kind,
# protein and CDS lengths.
_LENGTHS = {
    "VEP": ("Protein_position", "CDS_position"),
    "SnpEff": ("AA.pos / AA.length", "CDS.pos / CDS.length"),
}
_EXTRA_FIELDS = (
    "ALLELE_NUM",
    "PICK",
    "CANONICAL",
    "Annotation",
    "Feature_Type",
    *_LENGTHS["VEP"],
    *_LENGTHS["SnpEff"],
)
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


def _length(row: dict[str, str | None], source: AnnotationSource) -> float | None:
    """Protein length from "pos/length" (or CDS length / 3); None when not written."""
    protein, cds = _LENGTHS.get(source, ("", ""))
    for name, scale in ((protein, 1.0), (cds, 3.0)):
        _, slash, total = (row.get(name) or "").partition("/")
        if slash and total.isdigit():
            return int(total) / scale
    return None


def parse_entries(schema: Schema, values: Iterable[str]) -> list[Entry]:
    """Turn the comma-separated INFO values into entries (SnpEff non-transcript rows dropped)."""
    if schema.source == "SnpEff EFF":
        decoded = (unquote(v) if "%" in v else v for v in values)
        return [
            Entry(c, n, float(length) if length else None)
            for c, n, length in eff_entries(schema.fields, decoded)
        ]
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
                _length(row, schema.source),
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
) -> list[Entry]:
    """The entries that describe ALT number ``index`` (0-based) of a record."""
    if schema.has_allele_num and any(e.allele_num is not None for e in entries):
        return [e for e in entries if e.allele_num == index + 1]
    if not schema.has_allele:
        return list(entries)  # e.g. VEP 82 lists, EFF before 3.2: no way to tell alleles
    key = vep_alleles(ref, alts)[index] if schema.source == "VEP" else alts[index]
    matched = [e for e in entries if e.consequence.allele == key]
    if not matched and len(alts) == 1:
        # With one ALT every entry is about it, whatever allele spelling the tool used
        # (VEP --minimal trims differently); SnpEff -cancer "ALT-REF" rows never get here
        # because the plain-ALT rows match.
        return list(entries)
    return matched


_PREFERENCE = (("MANE_SELECT", "mane_select"), ("PICK", "pick"), ("CANONICAL", "canonical"))


def choose_per_gene(entries: Sequence[Entry]) -> list[tuple[TranscriptConsequence, str]]:
    """One transcript per gene: MANE_SELECT > PICK > CANONICAL > longest > first listed.

    Returns (entry, reason) in order of each gene's first appearance. Entries without a gene
    symbol (intergenic, regulatory, motif) count only when no entry names a gene. "longest"
    applies when two or more of the gene's entries state a length (ties: the first listed).
    """
    genic = [e for e in entries if e.consequence.gene]
    groups: dict[str | None, list[Entry]] = {}
    for entry in genic or entries:
        groups.setdefault(entry.consequence.gene, []).append(entry)
    chosen: list[tuple[TranscriptConsequence, str]] = []
    for group in groups.values():
        for reason, attr in _PREFERENCE:
            hit = next((e for e in group if getattr(e.consequence, attr)), None)
            if hit is not None:
                chosen.append((hit.consequence, reason))
                break
        else:
            sized = [e for e in group if e.length is not None]
            if len(sized) >= 2:
                longest = max(sized, key=lambda e: e.length or 0.0)
                chosen.append((longest.consequence, "longest"))
            else:
                chosen.append((group[0].consequence, "first listed"))
    return chosen


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
        earlier = "/".join(s.key for s in schemas[:i])
        note = f" (used only where a record has no {earlier})" if earlier else ""
        if schema.source == "VEP":
            found = re.match(r'\s*"?v?(\d[\w.]*)', generic.get("VEP", [""])[0])
            label = f"VEP v{found.group(1)}" if found else "VEP (version not stated)"
        else:
            words = generic.get("SnpEffVersion", [""])[0].strip('"').split()
            words = words[1:] if words[:1] == ["SnpEff"] else words
            label = f"SnpEff {words[0]}" if words else "SnpEff (version not stated)"
            label += " EFF" if schema.key == "EFF" else ""
        details.append(("annotation", label + note))
    return details
