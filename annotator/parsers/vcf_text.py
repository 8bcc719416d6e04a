"""Passenger records told apart from their text, before any backend decodes them.

A somatic exome VCF holds thousands of records, of which a handful touch the genes a report
interprets. Decoding a record's FORMAT values through a backend (htslib or PyVCF3) and every
CSQ field costs tens of microseconds; reading the allele and gene out of the raw text costs a
few. So :mod:`annotator.parsers.vcf` gives every annotated record line (and every other one
its byte-level count cannot settle) to ``PassengerTest.view`` first: a record none of whose
annotation entries names a gene asked for is counted from its text alone, one variant per ALT
and gene, as the full read would skip them; every other record, and any record whose text is
not plain enough to be sure of giving the full read's values, is read in full. Passenger lines
are checked only for their column count and POS (a backend checks the rest of the records it
decodes).
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple
from urllib.parse import unquote

from annotator.parsers.vcf_annotation import Schema, attribute_fields, vep_alleles

# VCF column indexes (0-based) of the fixed columns read here
CHROM, POS, REF, ALT, INFO = 0, 1, 3, 4, 7
SPLIT = INFO + 1  # maxsplit of a record line that separates the fixed columns read here
LightEntry = tuple[str | None, str | None, int | None]  # allele, gene, ALLELE_NUM


class LightView(NamedTuple):
    """A passenger record as its text gives it: the same values the full read would."""

    chrom: str
    pos: int
    ref: str
    alts: tuple[str, ...]
    schema: Schema | None  # the annotation key present (CSQ before ANN), None if unannotated
    entries: list[LightEntry]
    layout: _Layout | None  # where the schema's light fields sit
    genes: list[str | None] | None  # the one ALT's genes, when worked out already (SNVs)


class _Layout(NamedTuple):
    """Where the light fields sit in one schema's entries (positions a dict would keep)."""

    allele: tuple[int, ...]  # positions of the allele fields, in order of preference
    gene: tuple[int, ...]
    number: int | None  # ALLELE_NUM
    annotation: int | None  # SnpEff: Annotation and Feature_Type mark region rows
    feature_type: int | None
    split: int  # maxsplit that still separates every field read
    usable: bool  # False when a field read is named twice: then records are read in full
    simple: bool  # one allele and one gene field, nothing else to read (VEP without ALLELE_NUM)
    has_allele: bool
    has_allele_num: bool


@cache
def _layout(schema: Schema) -> _Layout:
    position = {name: i for i, name in enumerate(schema.fields)}
    names = attribute_fields(schema.source)
    read = [*names["allele"], *names["gene"], "ALLELE_NUM"]
    if schema.source == "SnpEff":
        read += ["Annotation", "Feature_Type"]
    # parse_entries takes a repeated name's last position present in the entry: not mirrored;
    # EFF entries are read in full (a legacy format, seldom seen)
    usable = schema.source != "SnpEff EFF" and all(schema.fields.count(n) <= 1 for n in read)
    allele = tuple(position[n] for n in names["allele"] if n in position)
    gene = tuple(position[n] for n in names["gene"] if n in position)
    number, annotation, feature_type = (
        position.get(n) if n in read else None for n in ("ALLELE_NUM", "Annotation", "Feature_Type")
    )
    used = [position[n] for n in read if n in position]
    split = max(used, default=0) + 1
    simple = len(allele) == 1 and len(gene) == 1 and number is annotation is feature_type is None
    return _Layout(
        allele,
        gene,
        number,
        annotation,
        feature_type,
        split,
        usable,
        simple,
        schema.has_allele,
        schema.has_allele_num,
    )


def _field(parts: list[str], i: int | None) -> str | None:
    """A field as ``parse_entries`` decodes it (stripped, %-decoded, empty is None)."""
    if i is None or i >= len(parts):
        return None
    value = parts[i].strip()
    if "%" in value:
        value = unquote(value)
    return value or None


def _first(parts: list[str], positions: tuple[int, ...]) -> str | None:
    for i in positions:
        value = _field(parts, i)
        if value:
            return value
    return None


def light_entries(schema: Schema, text: str, layout: _Layout) -> list[LightEntry]:
    """``parse_entries`` reduced to what tells genes and alleles apart, as plain tuples, from
    the raw ``KEY=`` value (``layout`` is the schema's ``_layout``)."""
    out: list[LightEntry] = []
    if layout.simple and "%" not in text:  # the common VEP case, without a call per field
        allele_at, gene_at, split = layout.allele[0], layout.gene[0], layout.split
        for value in text.split(","):
            parts = value.split("|", split)
            n = len(parts)
            allele = parts[allele_at].strip() if allele_at < n else ""
            gene = parts[gene_at].strip() if gene_at < n else ""
            out.append((allele or None, gene or None, None))
        return out
    for value in text.split(","):
        parts = value.split("|", layout.split)
        if layout.annotation is not None or layout.feature_type is not None:
            if _field(parts, layout.annotation) == "sequence_feature":
                continue  # region rows, as parse_entries drops them
            if (_field(parts, layout.feature_type) or "").lower() != "transcript":
                continue
        number = _field(parts, layout.number)
        out.append(
            (
                _first(parts, layout.allele),
                _first(parts, layout.gene),
                int(number) if number and number.isdigit() else None,
            )
        )
    return out


def light_genes(view: LightView, index: int) -> list[str | None]:
    """The genes ALT ``index`` has one variant for: one per gene, in order of first entry.

    The rules of ``entries_for_allele`` and ``choose_per_gene``, on light entries: [None] when
    only intergenic entries describe the ALT, [] when none does (an unannotated variant).
    """
    entries, layout, alts = view.entries, view.layout, view.alts
    if view.schema is None or layout is None:
        return []
    if view.genes is not None:
        return view.genes
    if layout.has_allele_num and any(e[2] is not None for e in entries):
        matched = [e for e in entries if e[2] == index + 1]
    elif not layout.has_allele:
        matched = entries
    else:
        alt = alts[index]
        if view.schema.source == "VEP" and not (len(alts) == 1 and len(alt) == len(view.ref)):
            alt = vep_alleles(view.ref, alts)[index]
        matched = [e for e in entries if e[0] == alt]
        if not matched and len(alts) == 1:
            matched = entries
    genic = [e[1] for e in matched if e[1]]
    if genic:
        return list(dict.fromkeys(genic))
    return [None] if matched else []


def _snv_genes(
    text: str, alt: str, layout: _Layout, genes: frozenset[str]
) -> list[str | None] | None:
    """``light_entries`` and ``light_genes`` in one pass, for the common record: one SNV/MNV
    ALT (its own key in VEP's Allele field), simple VEP entries without %-escapes. None when an
    entry names one of ``genes``: the record is then read in full."""
    allele_at, gene_at, split = layout.allele[0], layout.gene[0], layout.split
    matched = False
    genic: list[str] = []  # genes of the entries for this ALT
    others: list[str] = []  # genes of the other entries, all of its own if none is for it
    for value in text.split(","):
        parts = value.split("|", split)
        n = len(parts)
        gene = parts[gene_at].strip() if gene_at < n else ""
        if gene in genes:
            return None
        if (parts[allele_at].strip() if allele_at < n else "") == alt:
            matched = True
            if gene:
                genic.append(gene)
        elif gene:
            others.append(gene)
    found = genic if matched else others
    return list(dict.fromkeys(found)) if found else [None]


class PassengerTest:
    """Decides from a record's text whether it is a passenger, for one file's schemas."""

    def __init__(self, schemas: list[Schema], genes: frozenset[str]) -> None:
        # (schema, "KEY=", where its fields sit): worked out once, not per record
        self.keys = [(s, s.key + "=", _layout(s)) for s in schemas]
        self.genes = genes

    def view(self, columns: list[str], pos: int) -> LightView | None:
        """The light view of a record (its line split on the first ``SPLIT`` tabs, POS read),
        or None when the record is read in full: an entry names a gene asked for, or the text
        is not plain (an annotation key that is empty, '.', repeated or a bare flag)."""
        info = columns[INFO]
        alt = columns[ALT]
        schema: Schema | None = None
        layout: _Layout | None = None
        entries: list[LightEntry] = []
        genes = self.genes
        for candidate, token, candidate_layout in self.keys:
            value = _info_value(info, token)
            if value is None:
                continue
            if value in ("", ".") or not candidate_layout.usable:
                return None
            if (
                candidate_layout.simple
                and "%" not in value
                and alt.isalpha()  # one ALT of bases: not '.', '*', symbolic or several
                and len(alt) == len(columns[REF])
            ):
                found = _snv_genes(value, alt, candidate_layout, genes)
                if found is None:
                    return None
                ref = columns[REF]
                return LightView(columns[CHROM], pos, ref, (alt,), candidate, [], None, found)
            entries = light_entries(candidate, value, candidate_layout)
            for entry in entries:
                if entry[1] in genes:
                    return None
            schema, layout = candidate, candidate_layout
            break
        return LightView(
            chrom=columns[CHROM],
            pos=pos,
            ref=columns[REF],
            alts=() if alt == "." else tuple(alt.split(",")),
            schema=schema,
            entries=entries,
            layout=layout,
            genes=None,
        )


def _info_value(info: str, token: str) -> str | None:
    """The value of ``KEY=`` (``token``) in an INFO column; None when the key is absent, ""
    when it is there in another form (a flag, or twice), which sends the record to the full read."""
    at = info.find(token)
    while at > 0 and info[at - 1] != ";":
        at = info.find(token, at + 1)
    if at < 0:
        name = token[:-1]
        return "" if name in info and name in info.split(";") else None
    start = at + len(token)
    end = info.find(";", start)
    if end < 0:
        return info[start:]
    if ";" + token in info[end:]:
        return ""  # the key twice: which value htslib keeps is not for this module to guess
    return info[start:end]
