"""Protein changes for unannotated small variants at the codons the knowledgebase names, and
the literature/MANE residue numbering of ROS1.

``data/hotspot_codons.tsv`` (built by ``scripts/build_hotspots.py`` from the knowledgebase and
the MANE exon tables) gives, per build, the three genomic positions of every residue a
knowledgebase biomarker names (ALK G1202, ROS1 G2032 ...), its reference amino acid and, where a
cited source gives it, its reference codon. No genome or CDS sequence ships with the package, so
for most codons only the bases the VCF itself states are known. A substitution is derived when
every codon of the reference amino acid that agrees with the VCF's REF gives the same new amino
acid (PIK3CA H1047R: CAT/CAC > CGT/CGC, both Arg); otherwise the candidates are reported
(ALK c.3604G>A is G1202R for GGA/GGG but G1202S for GGC/GGT) and the variant is still flagged
at that codon, never dropped.

``data/numbering.tsv`` holds genes whose literature residue numbers differ from MANE Select:
ROS1 papers and the knowledgebase number on NM_002944 (2,347 aa), MANE NM_001378902.1 has 2,341,
and from MANE exon 28 on the two differ by exactly 6 (G2032R = MANE G2026R).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from itertools import product

from annotator.models import JSONValue, SmallVariant, TranscriptConsequence
from annotator.normalize.variants import protein_change
from annotator.reference.genes import BUILDS, Build, gene_models

SOURCE = "bundled hotspot coordinates"
_BASES = "TCAG"
# The standard genetic code, codons in TCAG order (NCBI translation table 1).
_AMINO = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
CODE = {"".join(c): aa for c, aa in zip(product(_BASES, repeat=3), _AMINO, strict=True)}
_COMPLEMENT = str.maketrans("ACGTN", "TGCAN")


def translate(codon: str) -> str:
    return CODE[codon]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("annotator.reference").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


@dataclass(frozen=True, slots=True)
class Hotspot:
    """One knowledgebase residue on one build (see ``data/hotspot_codons.tsv``)."""

    gene: str
    residue: int  # the knowledgebase's (literature) numbering
    residue_mane: int
    ref_aa: str | None  # None: the knowledgebase names the codon only
    build: Build
    chrom: str
    strand: str
    exon: str  # MANE exon(s) holding the codon, "23" or "22/23" for a split codon
    positions: tuple[int, int, int]  # genomic position of codon bases 1, 2, 3
    ref_codon: str | None  # coding strand, when a cited source gives it
    codon_source: str
    biomarkers: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.gene} {self.ref_aa or ''}{self.residue}"


@cache
def hotspots(build: Build) -> dict[tuple[str, int], Hotspot]:
    """Every bundled codon base of one build, keyed by (chromosome, position)."""
    out: dict[tuple[str, int], Hotspot] = {}
    for row in _rows("hotspot_codons.tsv"):
        if row["build"] != build:
            continue
        spot = Hotspot(
            gene=row["gene"],
            residue=int(row["residue"]),
            residue_mane=int(row["residue_mane"]),
            ref_aa=row["ref_aa"] or None,
            build=build,
            chrom=row["chrom"],
            strand=row["strand"],
            exon=row["exon"],
            positions=(int(row["pos1"]), int(row["pos2"]), int(row["pos3"])),
            ref_codon=row["ref_codon"] or None,
            codon_source=row["codon_source"],
            biomarkers=tuple(b for b in row["biomarkers"].split(",") if b),
        )
        for pos in spot.positions:
            out[(spot.chrom, pos)] = spot
    return out


@cache
def hotspot_positions(build: Build | None = None) -> frozenset[tuple[str, int]]:
    """(chromosome without ``chr``, position) of every bundled codon base; both builds if None."""
    builds = BUILDS if build is None else (build,)
    return frozenset(key for b in builds for key in hotspots(b))


@cache
def _chroms_by_position() -> dict[int, frozenset[str]]:
    out: dict[int, set[str]] = {}
    for chrom, pos in hotspot_positions():
        out.setdefault(pos, set()).add(chrom)
    return {pos: frozenset(chroms) for pos, chroms in out.items()}


def touches_hotspot(chrom: str, pos: int, ref_length: int) -> bool:
    """Whether a VCF record (CHROM, POS, len(REF)) reaches a bundled codon on either build,
    counting the base after REF (where an insertion lands). For a parser's fast path: such a
    record must be read in full even when it is not annotated. A miss costs a few dict
    look-ups and no string work."""
    index = _chroms_by_position()
    for p in range(pos, pos + ref_length + 1):
        chroms = index.get(p)
        if chroms is not None and _bare_chrom(chrom) in chroms:
            return True
    return False


@dataclass(frozen=True, slots=True)
class Derived:
    """What the bundled codon table says about one unannotated variant."""

    hotspot: Hotspot
    transcript: str  # versioned MANE ENST
    refseq: str
    exons: int  # exon count of the MANE transcript
    hgvsc: str | None  # c. change on the MANE transcript (substitutions only)
    protein_change: str | None  # MANE numbering, one-letter ("G2026R"); None: not derivable
    consequence: str  # Sequence Ontology term
    basis: str  # one sentence for the report
    candidates: tuple[str, ...] = ()  # when not derivable: each change and the codons giving it

    @property
    def annotation(self) -> TranscriptConsequence:
        spot = self.hotspot
        return TranscriptConsequence(
            allele=None,
            gene=spot.gene,
            transcript=self.transcript,
            consequence=self.consequence,
            impact=None,
            hgvsc=f"{self.transcript}:{self.hgvsc}" if self.hgvsc else None,
            hgvsp=f"p.{self.protein_change}" if self.protein_change else None,
            exon=f"{spot.exon}/{self.exons}",
            biotype="protein_coding",
            mane_select=self.refseq,
        )

    @property
    def details(self) -> dict[str, JSONValue]:
        spot = self.hotspot
        return {
            "derivation": self.basis,
            "hotspot": spot.name,
            "hotspot_biomarkers": list[JSONValue](spot.biomarkers),
            "reference_codon": spot.ref_codon,
            "reference_codon_source": spot.codon_source or None,
            "codon_candidates": list[JSONValue](self.candidates),
        }

    def applied_to(self, variant: SmallVariant) -> SmallVariant:
        return replace(
            variant,
            annotation=self.annotation,
            annotation_source=SOURCE,
            transcript_choice="MANE Select (bundled hotspot codon table)",
        )


def derive_protein_change(chrom: str, pos: int, ref: str, alt: str, build: Build) -> Derived | None:
    """The protein change of an unannotated SNV/MNV/indel that reaches a bundled codon, or None
    when it reaches none. See the module docstring for when the change is derivable."""
    ref, alt = ref.upper(), alt.upper()
    if not ref or not alt or set(ref + alt) - set("ACGT"):
        return None  # symbolic, missing or IUPAC alleles
    start, ref_t, alt_t = _trim(pos, ref, alt)
    table = hotspots(build)
    bare = _bare_chrom(chrom)
    if len(ref_t) == len(alt_t):
        span = range(start, start + len(ref_t))
    else:  # indel: the deleted bases, or the two bases an insertion falls between
        span = range(start - (0 if ref_t else 1), start + max(len(ref_t), 1))
    touched = [table[(bare, p)] for p in span if (bare, p) in table]
    if not touched:
        return None
    spot = touched[0]
    if len(ref_t) != len(alt_t):
        return _indel(spot, len(alt_t) - len(ref_t))
    if any(t is not spot for t in touched) or len(touched) != len(span):
        return _derived(
            spot,
            None,
            None,
            "coding_sequence_variant",
            f"the substitution reaches beyond the codon of {spot.name}; protein change not "
            "derivable without annotation",
        )
    return _substitution(spot, start, ref_t, alt_t)


def _trim(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """VCF alleles without their shared leading and trailing bases: (first changed pos, ...)."""
    while ref and alt and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    while ref and alt and ref[0] == alt[0]:
        ref, alt, pos = ref[1:], alt[1:], pos + 1
    return pos, ref, alt


def _substitution(spot: Hotspot, start: int, ref: str, alt: str) -> Derived:
    coding = spot.strand == "+"
    index = [spot.positions.index(start + i) for i in range(len(ref))]
    ref_c = ref if coding else ref.translate(_COMPLEMENT)
    alt_c = alt if coding else alt.translate(_COMPLEMENT)
    c_first = (spot.residue_mane - 1) * 3 + 1
    by_c = sorted(zip(index, ref_c, alt_c, strict=True))
    hgvsc = (
        f"c.{c_first + by_c[0][0]}{by_c[0][1]}>{by_c[0][2]}"
        if len(by_c) == 1
        else f"c.{c_first + by_c[0][0]}_{c_first + by_c[-1][0]}delins{''.join(a for *_, a in by_c)}"
    )
    template = spot.ref_codon or "NNN"
    codons = [
        c
        for c in CODE
        if (spot.ref_aa is None or CODE[c] == spot.ref_aa)
        and all(t in ("N", b) for t, b in zip(template, c, strict=True))
        and all(c[i] == b for i, b, _ in by_c)
    ]
    where = f"{hgvsc} in codon {spot.residue_mane} of {spot.gene} ({spot.build})"
    if not codons:
        known = f"codon {spot.ref_codon}" if spot.ref_codon else f"amino acid {spot.ref_aa}"
        return _derived(
            spot,
            hgvsc,
            None,
            "coding_sequence_variant",
            f"the VCF REF of {where} disagrees with the bundled {known}: check the genome "
            "build; protein change not derived",
        )
    outcomes: dict[str, list[str]] = {}
    for codon in codons:
        changed = list(codon)
        for i, _, b in by_c:
            changed[i] = b
        outcomes.setdefault(CODE["".join(changed)], []).append(codon)
    ref_aa = spot.ref_aa or CODE[codons[0]]
    if len(outcomes) == 1:
        new = next(iter(outcomes))
        how = (
            f"the bundled reference codon {spot.ref_codon}"
            if spot.ref_codon
            else f"the genetic code (every {ref_aa} codon agreeing with REF gives {new})"
        )
        change = f"{ref_aa}{spot.residue_mane}{'=' if new == ref_aa else new}"
        return _derived(spot, hgvsc, change, _consequence({new}, ref_aa), f"{where}, by {how}")
    candidates = tuple(
        f"{ref_aa}{spot.residue_mane}{'=' if aa == ref_aa else aa} (codon {'/'.join(cs)})"
        for aa, cs in sorted(outcomes.items())
    )
    return _derived(
        spot,
        hgvsc,
        None,
        _consequence(set(outcomes), ref_aa),
        f"{where}: the new amino acid depends on codon bases the bundled table does not hold "
        f"({'; '.join(candidates)}); protein change not derivable without annotation",
        candidates,
    )


def _consequence(new: set[str], ref_aa: str) -> str:
    if new == {ref_aa}:
        return "synonymous_variant"
    if ref_aa in new:  # synonymous for some codons: still reported, the candidates say which
        return "protein_altering_variant"
    if new == {"*"}:
        return "stop_gained"
    return "protein_altering_variant" if "*" in new else "missense_variant"


def _indel(spot: Hotspot, change: int) -> Derived:
    kind = (
        "frameshift_variant"
        if change % 3
        else "inframe_insertion"
        if change > 0
        else "inframe_deletion"
    )
    what = "insertion" if change > 0 else "deletion"
    return _derived(
        spot,
        None,
        None,
        kind,
        f"a {abs(change)}-base {what} at the codon of {spot.name} ({spot.build}); protein "
        "change not derivable without annotation",
    )


def _derived(
    spot: Hotspot,
    hgvsc: str | None,
    change: str | None,
    consequence: str,
    basis: str,
    candidates: tuple[str, ...] = (),
) -> Derived:
    model = gene_models(spot.build)[spot.gene]
    return Derived(
        spot,
        model.transcript,
        model.refseq,
        len(model.exons),
        hgvsc,
        change,
        consequence,
        f"derived from bundled hotspot coordinates, no annotation in the input: {basis}",
        candidates,
    )


def _bare_chrom(chrom: str) -> str:
    bare = chrom[3:] if chrom[:3].lower() == "chr" else chrom
    return "MT" if bare in ("M", "m") else bare


@dataclass(frozen=True, slots=True)
class Numbering:
    """A gene whose literature residue numbers differ from MANE Select by a constant offset
    over a known range (``data/numbering.tsv``)."""

    gene: str
    literature_ids: tuple[str, ...]  # unversioned transcript/protein accessions
    mane_ids: tuple[str, ...]
    offset: int  # literature residue = MANE residue + offset
    mane_first: int
    mane_last: int
    literature_label: str
    mane_label: str

    def basis(self, *ids: str | None) -> str | None:
        """ "mane", "literature" or None, from the transcript or protein named."""
        for text in ids:
            if not text:
                continue
            accession = text.split(":", 1)[0].split(".", 1)[0]
            if accession in self.mane_ids:
                return "mane"
            if accession in self.literature_ids:
                return "literature"
        return None


@cache
def numberings() -> dict[str, Numbering]:
    out = {}
    for row in _rows("numbering.tsv"):
        out[row["gene"]] = Numbering(
            row["gene"],
            tuple(row["literature_ids"].split(",")),
            tuple(row["mane_ids"].split(",")),
            int(row["literature_minus_mane"]),
            int(row["mane_first"]),
            int(row["mane_last"]),
            row["literature_label"],
            row["mane_label"],
        )
    return out


def literature_residue(gene: str, mane_residue: int) -> int | None:
    """The literature residue number of a MANE residue (the same where numbering agrees);
    None where the two numberings do not differ by the table's constant offset."""
    rule = numberings().get(gene)
    if rule is None:
        return mane_residue
    if rule.mane_first <= mane_residue <= rule.mane_last:
        return mane_residue + rule.offset
    return None


_RESIDUE = re.compile(r"(?<=[A-Za-z*])\d+")
_TAIL = re.compile(r"fs|ext")  # numbers after these are counts, not residues


def literature_hgvsp(
    gene: str, transcript: str | None, hgvsp: str | None
) -> tuple[str | None, dict[str, JSONValue]]:
    """``hgvsp`` in the literature numbering the knowledgebase uses, and report details naming
    both numberings. Genes without a numbering rule, and unparseable text, pass unchanged."""
    rule = numberings().get(gene)
    if rule is None or not hgvsp:
        return hgvsp, {}
    prefix, marker, change = hgvsp.rpartition("p.")
    cut = _TAIL.search(change)
    head, tail = (change[: cut.start()], change[cut.start() :]) if cut else (change, "")
    residues = [int(n) for n in _RESIDUE.findall(head)]
    basis = rule.basis(transcript, prefix.rstrip(":") or None)
    if not residues:
        return hgvsp, {}
    if basis is None:
        note = (
            f"{gene} residue numbers as given: the input does not name the transcript "
            f"({rule.literature_label} and {rule.mane_label} differ by {rule.offset} in the "
            "kinase domain)"
        )
        return hgvsp, {"protein_numbering": note}
    sign = 1 if basis == "mane" else -1
    first, last = rule.mane_first, rule.mane_last
    if basis == "literature":
        first, last = first + rule.offset, last + rule.offset
    if not all(first <= n <= last for n in residues):
        stated = rule.mane_label if basis == "mane" else rule.literature_label
        note = (
            f"{gene} residue numbers as annotated on {stated}: outside residues {first}-{last}, "
            "where the literature and MANE numberings differ by a constant offset"
        )
        return hgvsp, {"protein_numbering": note}
    shifted = prefix + marker + _shift(head, sign * rule.offset) + tail
    literature, mane = (shifted, hgvsp) if basis == "mane" else (hgvsp, shifted)
    lit_short, mane_short = _short(literature), _short(mane)
    note = (
        f"{gene} p.{lit_short} on {rule.literature_label} = p.{mane_short} on {rule.mane_label}; "
        f"annotated on the {'MANE' if basis == 'mane' else 'literature'} transcript"
    )
    return literature, {
        "protein_numbering": note,
        "protein_change_literature": lit_short,
        "protein_change_mane": mane_short,
    }


def _shift(text: str, by: int) -> str:
    return _RESIDUE.sub(lambda m: str(int(m.group(0)) + by), text)


def _short(hgvsp: str) -> str:
    """The one-letter change ("G2032R"), or the text after ``p.`` when it does not parse."""
    change = protein_change(hgvsp)
    return change.short if change else hgvsp.rpartition("p.")[2]
