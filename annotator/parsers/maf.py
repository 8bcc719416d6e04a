"""Mutation Annotation Format (MAF): vcf2maf/GDC MAFs, cBioPortal mutation tables and the
OncoKB-annotator MAF input.

Specs: GDC MAF v1.0.0 (docs.gdc.cancer.gov/Data/File_Formats/MAF_Format/), cBioPortal "Mutation
Data" (docs.cbioportal.org/file-formats/) and the vcf2maf README. Seen: vcf2maf output with
``#version 2.4`` (40 GDC + count columns, and 114/132 columns with ``all_effects`` and the VEP
fields); a cBioPortal test study table (``#sequenced_samples:`` line, ``Start_position`` with a
lower-case p, ``chr1``, no allele columns, MutationAssessor columns, deliberately odd rows); the
OncoKB annotator examples (protein-only rows, ``HGVSp`` without ``p.``, bare ``T790M``).
Column names are matched case-insensitively; lines starting ``#`` before the header are kept as
details (``#version``, ``#sequenced_samples``).

Required: Hugo_Symbol, Tumor_Sample_Barcode, and either the genomic columns Chromosome,
Start_Position, Reference_Allele, Tumor_Seq_Allele2 or a protein column (HGVSp or HGVSp_Short).
Minimal MAFs without Hugo_Symbol (vcf2maf's maf2maf input, ``Chromosome Start_Position
Reference_Allele Tumor_Seq_Allele2 ...``) are unannotated variant lists: not claimed, since no
row could be interpreted; annotate them with vcf2maf first.

Each row becomes one SmallVariant:

- chrom (``chr`` dropped), pos = Start_Position, ref = Reference_Allele, alt = Tumor_Seq_Allele2
  (Tumor_Seq_Allele1 when Allele2 equals the reference, as cBioPortal and maf2vcf do). MAF
  writes indel alleles as ``-`` with Start = first deleted base (deletions) or the base before
  the insertion (insertions). With vcf2maf's ``flanking_bps`` (base before the VCF anchor, the
  anchor, the MAF reference allele, the base after) an indel is rewritten VCF-style,
  left-anchored (``T>-`` at 41479183 becomes ``GT>G`` at 41479182, as in the source VCF);
  without the reference base the MAF alleles are kept as written (``-``). Rows giving only a
  protein change (OncoKB style) have chrom ``""``, pos 0 and empty alleles: they are matched on
  gene and protein change alone. Tables without allele columns (cBioPortal) keep empty alleles.
- annotation (source "MAF", transcript choice "MAF row": the MAF already chose one): gene =
  Hugo_Symbol (``Unknown`` = intergenic, no gene); consequence = VEP ``Consequence`` (commas
  become ``&``) or Variant_Classification mapped to SO terms (CLASSIFICATION_TO_SO;
  ``Splice_Site`` is splice_donor_variant when HGVSc has a ``+`` intron offset, splice_acceptor_
  variant for ``-``, else the SO parent splice_site_variant); HGVSp, else HGVSp_Short (a
  disagreement between the two is warned about); HGVSc; Transcript_ID (else Feature);
  Exon_Number (else EXON); BIOTYPE; IMPACT; CANONICAL; PICK; MANE_SELECT.
- vaf = t_alt_count / t_depth (t_depth = t_ref_count + t_alt_count when absent); filters = FILTER
  split on ``;`` (``.`` = none), plus ``Mutation_Status=Germline`` for germline rows.

Skipped with a reason: Mutation_Status Wildtype/None/LOH (no somatic mutation; cBioPortal does
not load these either), Variant_Classification ``Fusion`` (fusion rows of old mutation tables),
rows whose tumour alleles equal the reference, rows with neither position nor protein change.
A MAF may hold many tumour samples (Tumor_Sample_Barcode): one is read as
:mod:`annotator.parsers.sample_choice` describes, and the other samples' rows are listed as
skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import compress
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import (
    ParsedInput,
    PassengerVariant,
    Record,
    Skipped,
    SmallVariant,
    SourceRef,
    TranscriptConsequence,
)
from annotator.normalize.variants import protein_change
from annotator.parsers.base import Parser, SampleChoice
from annotator.parsers.sample_choice import apply_choice, choose_rows
from annotator.parsers.textio import MISSING, Head, Row, numbered_lines, read_table

REQUIRED = ("Hugo_Symbol", "Tumor_Sample_Barcode")
GENOMIC = ("Chromosome", "Start_Position", "Reference_Allele", "Tumor_Seq_Allele2")
PROTEIN = ("HGVSp", "HGVSp_Short")
# A header naming Hugo_Symbol and one of these is a MAF (gene tables and CNA tables are not).
VARIANT_COLUMNS = frozenset(c.lower() for c in ("Variant_Classification", *PROTEIN, *GENOMIC[1:]))
CLASSIFICATION_TO_SO = {
    "missense_mutation": "missense_variant",
    "nonsense_mutation": "stop_gained",
    "frame_shift_del": "frameshift_variant",
    "frame_shift_ins": "frameshift_variant",
    "in_frame_del": "inframe_deletion",
    "in_frame_ins": "inframe_insertion",
    "translation_start_site": "start_lost",
    "nonstop_mutation": "stop_lost",
    "silent": "synonymous_variant",
    "splice_region": "splice_region_variant",
    "intron": "intron_variant",
    "igr": "intergenic_variant",
    "3'utr": "3_prime_UTR_variant",
    "5'utr": "5_prime_UTR_variant",
    "3'flank": "downstream_gene_variant",
    "5'flank": "upstream_gene_variant",
    "rna": "non_coding_transcript_exon_variant",
    "lincrna": "non_coding_transcript_exon_variant",
    # Oncotator-era classifications still found in TCGA MAFs
    "de_novo_start_inframe": "5_prime_UTR_premature_start_codon_gain_variant",
    "de_novo_start_outofframe": "5_prime_UTR_premature_start_codon_gain_variant",
    "start_codon_snp": "start_lost",
    "start_codon_del": "start_lost",
    "start_codon_ins": "start_lost",
    "stop_codon_del": "stop_lost",
    "stop_codon_ins": "stop_lost",
}
NOT_MUTATIONS = frozenset({"wildtype", "none", "loh"})  # Mutation_Status values
BUILDS = {"grch37": "GRCh37", "37": "GRCh37", "hg19": "GRCh37", "grch38": "GRCh38",
          "38": "GRCh38", "hg38": "GRCh38"}  # fmt: skip
_INTRON_OFFSET = re.compile(r"\d([+-])\d")  # c.494+1G>A: donor side; c.123-2A>G: acceptor side
SNIFF_RULE = (
    "tab-separated header (after optional '#' lines) with a Hugo_Symbol column and one of "
    "Variant_Classification, HGVSp, HGVSp_Short, Start_Position, Reference_Allele, "
    "Tumor_Seq_Allele2 (any case)"
)


def sniff(head: Head) -> bool:
    first = head.first_content_line(skip_prefix="#")
    if first is None or "\t" not in first:
        return False
    columns = {c.strip().lower() for c in first.split("\t")}
    return "hugo_symbol" in columns and bool(columns & VARIANT_COLUMNS)


class _Columns:
    """Canonical MAF column name -> the spelling this file uses (headers vary in case)."""

    def __init__(self, path: Path, header: tuple[str, ...], header_line: int) -> None:
        self.header = header
        self.names = {name.lower(): name for name in header if name}
        self._index: dict[str, int | None] = {}  # canonical name as asked -> column index
        missing = [c for c in REQUIRED if not self.has(c)]
        genomic = [c for c in GENOMIC if not self.has(c)]
        problems = [", ".join(missing)] if missing else []
        if genomic and not any(self.has(c) for c in PROTEIN):
            problems.append(f"{', '.join(genomic)} (or HGVSp/HGVSp_Short for protein-level rows)")
        if problems:
            plural = "s" if len(missing) + len(genomic) > 1 else ""
            raise InputFormatError(
                path,
                f"missing required MAF column{plural} {'; '.join(problems)}; "
                f"columns present: {', '.join(header)}",
                line=header_line,
            )

    def has(self, column: str) -> bool:
        return column.lower() in self.names

    def name(self, column: str) -> str:
        return self.names.get(column.lower(), column)

    def get(self, row: Row, column: str) -> str | None:
        """The cell of ``column`` (any case), None when absent or a missing marker."""
        try:
            index = self._index[column]
        except KeyError:
            index = self._index[column] = self._position(column)
        if index is None:
            return None
        value = row.values[index].strip()
        return None if value in MISSING else value

    def integer(self, row: Row, column: str) -> int | None:
        name = self.names.get(column.lower())
        return row.int(name) if name is not None else None

    def _position(self, column: str) -> int | None:
        name = self.names.get(column.lower())
        return None if name is None else self.header.index(name)


class _Reader:
    """Turns MAF rows into SmallVariants (or, with ``genes``, light PassengerVariants)."""

    def __init__(self, path: Path, cols: _Columns, genes: frozenset[str] | None) -> None:
        self.path = str(path)
        self.cols = cols
        self.genes = genes
        self.records: list[Record] = []
        self.skipped: dict[str, tuple[list[int], list[str]]] = {}
        self.rows: list[tuple[int, str]] = []  # (line, Tumor_Sample_Barcode) of every row
        self.builds: dict[str, None] = {}
        self.protein_only: list[int] = []
        self.disagreements: list[tuple[int, str]] = []  # (line, what disagrees)
        self.unmapped: dict[str, None] = {}
        self.converted = self.kept_dash = 0

    def skip(self, reason: str, row: Row, gene: str | None) -> None:
        lines, examples = self.skipped.setdefault(reason, ([], []))
        lines.append(row.line)
        if len(examples) < 3:
            examples.append(self._where(row, gene))

    def add(self, row: Row) -> None:
        cols = self.cols
        self.rows.append((row.line, cols.get(row, "Tumor_Sample_Barcode") or ""))
        build = BUILDS.get((cols.get(row, "NCBI_Build") or "").lower())
        if build:
            self.builds.setdefault(build)
        symbol = cols.get(row, "Hugo_Symbol")
        gene = None if symbol in (None, "Unknown") else symbol
        status = cols.get(row, "Mutation_Status") or ""
        if status.lower() in NOT_MUTATIONS:
            self.skip(f"Mutation_Status {status}: no somatic mutation", row, gene)
            return
        classification = cols.get(row, "Variant_Classification")
        if classification is not None and classification.lower() == "fusion":
            self.skip(
                "Variant_Classification Fusion: a fusion row in a mutation table "
                "(fusions are read from fusion-caller files)",
                row,
                gene,
            )
            return
        site = self._site(row)
        if site is None:
            if cols.get(row, "HGVSp") is None and cols.get(row, "HGVSp_Short") is None:
                self.skip("neither a genomic position nor a protein change", row, gene)
                return
            self.protein_only.append(row.line)
            site = ("", 0, "", "")
        chrom, pos, ref, alt = site
        if alt is None:
            self.skip("no tumour allele differs from Reference_Allele", row, gene)
            return
        if self.genes is not None and gene not in self.genes:
            self.records.append(
                PassengerVariant(self.path, row.line, chrom, pos, ref, alt, gene, True)
            )
            return
        hgvsp = self._hgvsp(row, gene)
        self.records.append(self._variant(row, (chrom, pos, ref, alt), gene, hgvsp, status))

    def _variant(
        self,
        row: Row,
        site: tuple[str, int, str, str],
        gene: str | None,
        hgvsp: str | None,
        status: str,
    ) -> SmallVariant:
        cols = self.cols
        chrom, pos, ref, alt = site
        vaf, depth, alt_reads = self._counts(row)
        filters = _filters(cols.get(row, "FILTER"))
        if status.lower() == "germline":
            filters = (*(f for f in filters if f != "PASS"), "Mutation_Status=Germline")
        hgvsc = cols.get(row, "HGVSc")
        annotation = TranscriptConsequence(
            allele=alt or None,
            gene=gene,
            transcript=cols.get(row, "Transcript_ID") or cols.get(row, "Feature"),
            consequence=self._consequence(row, hgvsc),
            impact=cols.get(row, "IMPACT"),
            hgvsc=hgvsc,
            hgvsp=hgvsp,
            exon=cols.get(row, "Exon_Number") or cols.get(row, "EXON"),
            biotype=cols.get(row, "BIOTYPE"),
            mane_select=cols.get(row, "MANE_SELECT"),
            pick=cols.get(row, "PICK") == "1",
            canonical=cols.get(row, "CANONICAL") == "YES",
        )
        cells = zip(cols.header, row.values, strict=True)
        raw = tuple(compress(cells, row.values))  # the non-empty cells
        return SmallVariant(
            chrom=chrom,
            pos=pos,
            ref=ref,
            alt=alt,
            filters=filters,
            tumor_sample=cols.get(row, "Tumor_Sample_Barcode"),
            vaf=vaf,
            depth=depth,
            alt_reads=alt_reads,
            annotation=annotation,
            annotation_source="MAF",
            transcript_choice="MAF row",
            source=SourceRef(self.path, row.line, raw),
        )

    def _where(self, row: Row, gene: str | None) -> str:
        chrom, start = self.cols.get(row, "Chromosome"), self.cols.get(row, "Start_Position")
        place = f"{chrom}:{start}" if chrom and start else "no position"
        return f"{gene or '(no gene)'} {place} {self.cols.get(row, 'Tumor_Sample_Barcode')}"

    def _site(self, row: Row) -> tuple[str, int, str, str | None] | None:
        """(chrom, pos, ref, alt), VCF-style where the reference base is known; alt None when
        no tumour allele differs from the reference; None without a position."""
        cols = self.cols
        chrom = cols.get(row, "Chromosome")
        start = cols.integer(row, "Start_Position")
        if chrom is None or start is None:
            return None
        chrom = chrom[3:] if chrom[:3].lower() == "chr" else chrom
        chrom = "MT" if chrom in ("M", "m") else chrom
        ref = cols.get(row, "Reference_Allele")
        if ref is None:  # no allele columns (cBioPortal) or the row leaves them empty
            return chrom, start, "", ""
        alt = next(
            (
                a
                for a in (cols.get(row, "Tumor_Seq_Allele2"), cols.get(row, "Tumor_Seq_Allele1"))
                if a is not None and a != ref
            ),
            None,
        )
        if alt is None:
            return chrom, start, ref, None
        if "-" not in (ref, alt):
            return chrom, start, ref, alt
        anchored = _vcf_style(start, ref, alt, cols.get(row, "flanking_bps"))
        if anchored is None:
            self.kept_dash += 1
            return chrom, start, ref, alt
        self.converted += 1
        return (chrom, *anchored)

    def _hgvsp(self, row: Row, gene: str | None) -> str | None:
        full = self.cols.get(row, "HGVSp")
        short = self.cols.get(row, "HGVSp_Short")
        parsed_full, parsed_short = protein_change(full), protein_change(short)
        if parsed_full and parsed_short and parsed_full.short != parsed_short.short:
            self.disagreements.append(
                (row.line, f"line {row.line} {gene}: HGVSp {full} vs HGVSp_Short {short}")
            )
        if parsed_full or not parsed_short:
            return full or short
        return short

    def _consequence(self, row: Row, hgvsc: str | None) -> str | None:
        vep = self.cols.get(row, "Consequence")
        if vep is not None:
            return vep.replace(",", "&")
        classification = self.cols.get(row, "Variant_Classification")
        if classification is None:
            return None
        key = classification.lower()
        if key == "splice_site":
            side = _INTRON_OFFSET.search(hgvsc.rsplit(":", 1)[-1]) if hgvsc else None
            if side is None:
                return "splice_site_variant"
            return "splice_donor_variant" if side.group(1) == "+" else "splice_acceptor_variant"
        if key not in CLASSIFICATION_TO_SO:
            self.unmapped.setdefault(classification)
        return CLASSIFICATION_TO_SO.get(key)

    def _counts(self, row: Row) -> tuple[float | None, int | None, int | None]:
        cols = self.cols
        depth = cols.integer(row, "t_depth")
        ref_reads, alt_reads = cols.integer(row, "t_ref_count"), cols.integer(row, "t_alt_count")
        if depth is None and ref_reads is not None and alt_reads is not None:
            depth = ref_reads + alt_reads
        if alt_reads is None or not depth:
            return None, depth, alt_reads
        if alt_reads > depth:
            raise row.error(
                cols.name("t_alt_count"), f"expected at most t_depth ({depth}), got {alt_reads}"
            )
        return alt_reads / depth, depth, alt_reads


def _vcf_style(start: int, ref: str, alt: str, flanking: str | None) -> tuple[int, str, str] | None:
    """Left-anchored VCF alleles from vcf2maf's flanking_bps, or None without the anchor base."""
    if not flanking:
        return None
    if alt == "-" and ref != "-" and len(flanking) == len(ref) + 3 and flanking[2:-1] == ref:
        anchor = flanking[1]
        return start - 1, anchor + ref, anchor
    if ref == "-" and alt != "-" and len(flanking) == 3:
        anchor = flanking[1]  # the base at Start_Position, after which the insertion sits
        return start, anchor, anchor + alt
    return None


def _filters(value: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(f.strip() for f in re.split(r"[;,]", value) if f.strip())


def _leading_comments(path: Path) -> list[str]:
    """The ``#`` lines before the header (``#version 2.4``, ``#sequenced_samples: ...``)."""
    comments: list[str] = []
    lines: Iterator[tuple[int, str]] = numbered_lines(path)
    try:
        for _, line in lines:
            if line.startswith("#"):
                comments.append(line)
            elif line.strip():
                break
    finally:
        close = getattr(lines, "close", None)
        if close is not None:
            close()
    return comments


def parse(
    path: Path, *, genes: frozenset[str] | None = None, samples: SampleChoice | None = None
) -> ParsedInput:
    """Read every row of a MAF, then keep the chosen sample's (``samples``); with ``genes``,
    rows of other genes become PassengerVariants."""
    comments = _leading_comments(path)
    table = read_table(path, comment_prefixes=("#",))
    cols = _Columns(path, table.header, table.header_line)
    reader = _Reader(path, cols, genes)
    for row in table.rows:
        reader.add(row)
    details: list[tuple[str, str]] = []
    for comment in comments:
        key, _, value = comment.lstrip("#").strip().partition(" ")
        if key in ("version", "sequenced_samples:"):
            details.append(("MAF " + key.rstrip(":").replace("_", " "), value.strip()))
    details.append(("columns", str(len(table.header))))
    consequence = "Consequence (VEP)" if cols.has("Consequence") else "Variant_Classification"
    details.append(("consequence from", consequence))
    if reader.converted or reader.kept_dash:
        details.append(
            (
                "indel alleles",
                f"{reader.converted} rewritten VCF-style from flanking_bps, "
                f"{reader.kept_dash} kept as MAF alleles ('-')",
            )
        )
    picked = choose_rows(str(path), reader.rows, samples)
    dropped = picked.dropped if picked is not None else frozenset()
    warnings = _warnings(reader, dropped)
    skipped = tuple(
        Skipped(str(path), reason, tuple(lines), len(lines), tuple(examples))
        for reason, (lines, examples) in reader.skipped.items()
    )
    builds = list(reader.builds)
    parsed = ParsedInput(
        path=str(path),
        format=PARSER.name,
        format_label=PARSER.label,
        kind="variant",
        records=tuple(reader.records),
        warnings=tuple(warnings),
        skipped=skipped,
        genome_hint=builds[0] if len(builds) == 1 else None,
        details=tuple(details),
    )
    return apply_choice(parsed, picked)


def _warnings(reader: _Reader, dropped: frozenset[int]) -> list[str]:
    """What the reader noticed, about the rows of the sample read (``dropped``: the lines of
    other samples' rows)."""
    warnings = []
    protein_only = [line for line in reader.protein_only if line not in dropped]
    disagreements = [text for line, text in reader.disagreements if line not in dropped]
    if len(reader.builds) > 1:
        warnings.append(f"rows disagree on NCBI_Build ({', '.join(reader.builds)})")
    if protein_only:
        count = len(protein_only)
        warnings.append(
            f"{count} row{'s' if count > 1 else ''} give a protein change but no genomic "
            f"position (lines {_listed([str(n) for n in protein_only])}): matched on gene "
            "and protein change only"
        )
    if disagreements:
        warnings.append(
            f"HGVSp and HGVSp_Short disagree on {len(disagreements)} row(s); HGVSp was "
            f"used: {_listed(disagreements)}"
        )
    if reader.unmapped:
        warnings.append(
            "Variant_Classification values without a Sequence Ontology term (consequence left "
            f"empty): {', '.join(reader.unmapped)}"
        )
    return warnings


def _listed(items: list[str], shown: int = 5) -> str:
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


PARSER = Parser(
    name="maf",
    label="MAF (vcf2maf/GDC, cBioPortal mutations, OncoKB annotator input)",
    kind="variant",
    sniff_rule=SNIFF_RULE,
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(path, genes=options.genes, samples=options.samples),
)
