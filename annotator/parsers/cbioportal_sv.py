"""cBioPortal structural-variant data (``data_sv.txt`` / ``data_structural_variants.txt``).

Format: cBioPortal "File Formats", section Structural Variant Data
(docs.cbioportal.org/file-formats). Seen: cbioportal-core test file (custom namespace
columns, Entrez-only rows, no final newline) and its validator test study ``study_es_0`` (48
rows, 30+ samples). Columns are optional and in any order except ``Sample_Id`` (old docs
``Sample_ID``), ``SV_Status`` and a gene (symbol or Entrez id) per site; names are matched
case-insensitively.

Mapping: ``Site1_Hugo_Symbol``/``Site2_Hugo_Symbol`` -> genes (an Entrez id alone is resolved
for the bundled IMT genes, otherwise the gene comes from the breakpoint later);
``Site{1,2}_Chromosome`` + ``_Position`` -> breakpoints; ``Site{1,2}_Region_Number`` -> exon
when ``_Region`` is an exon (an intron number is kept as a caller note; ``Site1_Exon`` is read
if present); ``Tumor_Split_Read_Count`` -> split reads, ``Tumor_Paired_End_Read_Count`` ->
discordant pairs, ``Tumor_Variant_Count`` -> total supporting reads; ``Site2_Effect_On_Frame``
(free text) -> frame; ``Class`` -> type; ``Event_Info`` -> name; ``DNA_Support``/``RNA_Support``,
``Breakpoint_Type``, ``Connection_Type`` -> caller notes; ``NCBI_Build`` -> genome build when
every row states the same one.

The documentation calls site 1 the "left site (3')" while its own example puts TMPRSS2 (5') in
site 1, and files put kinases on either side (``ALK``/``PTPN3`` and ``TTN``/``ALK`` in the test
study), so calls are marked unordered and the kinase is put 3' during normalisation. Skipped
with the reason: ``GERMLINE`` rows, rows with the same gene on both sites (intragenic), rows
with neither a gene nor a position on a site. A file holds many samples: the report's sample
(or ``--input-sample``) is read and the other samples' rows are listed as skipped, see
:mod:`annotator.parsers.sample_choice`.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import Breakpoint, FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser, SampleChoice
from annotator.parsers.fusion_common import frame
from annotator.parsers.fusion_list import SkippedRows
from annotator.parsers.sample_choice import pick_rows
from annotator.parsers.textio import Head, Row, read_table
from annotator.reference.symbols import symbol_for_entrez

CALLER = "cBioPortal SV"
SAMPLE = "SAMPLE_ID"
BUILDS = {"GRCH37": "GRCh37", "HG19": "GRCh37", "GRCH38": "GRCh38", "HG38": "GRCh38"}


def _upper(names: list[str] | tuple[str, ...]) -> dict[str, str]:
    return {n.strip().upper(): n.strip() for n in names}


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None:
        return False
    columns = _upper(first.split("\t"))
    return SAMPLE in columns and all(
        f"SITE{i}_HUGO_SYMBOL" in columns or f"SITE{i}_ENTREZ_GENE_ID" in columns for i in (1, 2)
    )


class _Columns:
    """Column names as written in this file, looked up by their upper-case form."""

    def __init__(self, header: tuple[str, ...]) -> None:
        self._names = _upper(header)

    def __call__(self, name: str) -> str:
        # An absent column maps to a name no row has, so Row.get gives None.
        return self._names.get(name.upper(), f"<absent {name}>")


def parse(path: Path, samples: SampleChoice | None = None) -> ParsedInput:
    table = read_table(path, ragged=True)
    col = _Columns(table.header)
    calls: list[FusionCall] = []
    skipped = SkippedRows()
    rows: list[tuple[int, str]] = []
    builds: set[str] = set()
    for row in table.rows:
        rows.append((row.line, row.get(col("Sample_Id")) or ""))
        build = row.get(col("NCBI_Build"))
        if build:
            builds.add(BUILDS.get(build.upper(), build))
        call = _call(row, col, skipped)
        if call is not None:
            calls.append(call)
    genome = next(iter(builds)) if len(builds) == 1 else None
    warnings = (
        (f"{table.path}: NCBI_Build differs between rows: {sorted(builds)}",)
        if len(builds) > 1
        else ()
    )
    parsed = ParsedInput(
        path=table.path,
        format="cbioportal_sv",
        format_label="cBioPortal structural-variant data (data_sv.txt)",
        kind="fusion",
        records=tuple(calls),
        warnings=warnings,
        skipped=skipped.entries(table.path),
        genome_hint=genome if genome in ("GRCh37", "GRCh38") else None,
        details=(("caller", "cBioPortal SV table (site order not 5'/3')"),),
    )
    return pick_rows(parsed, rows, samples)


def _call(row: Row, col: _Columns, skipped: SkippedRows) -> FusionCall | None:
    notes: list[str] = []
    gene1, gene2 = _gene(row, col, 1, notes), _gene(row, col, 2, notes)
    bp1, bp2 = _breakpoint(row, col, 1), _breakpoint(row, col, 2)
    example = f"{row.get(col('Sample_Id')) or '?'}: {gene1 or '?'} / {gene2 or '?'}"
    status = (row.get(col("SV_Status")) or "").upper()
    if status == "GERMLINE":
        skipped.add("germline structural variant (SV_Status GERMLINE)", row.line, example)
        return None
    if gene1 and gene1 == gene2:
        skipped.add(
            "same gene on both sites (intragenic), not a fusion of two genes", row.line, example
        )
        return None
    if (not gene1 and bp1 is None) or (not gene2 and bp2 is None):
        skipped.add("a site with neither a gene nor a position", row.line, example)
        return None
    exon1, exon2 = _exon(row, col, 1, gene1, notes), _exon(row, col, 2, gene2, notes)
    notes += _support_notes(row, col)
    effect = row.get(col("Site2_Effect_On_Frame"))
    return FusionCall(
        caller=CALLER,
        gene5_field=gene1,
        gene3_field=gene2,
        bp5=bp1,
        bp3=bp2,
        split_reads=row.int(col("Tumor_Split_Read_Count")),
        discordant_reads=row.int(col("Tumor_Paired_End_Read_Count")),
        total_reads=row.int(col("Tumor_Variant_Count")),
        frame=frame(effect.replace("_", "-")) if effect else None,
        site5=row.get(col("Site1_Region")),
        site3=row.get(col("Site2_Region")),
        fusion_type=row.get(col("Class")),
        transcript5=row.get(col("Site1_Ensembl_Transcript_Id")),
        transcript3=row.get(col("Site2_Ensembl_Transcript_Id")),
        name_field=row.get(col("Event_Info")),
        exon5=exon1,
        exon3=exon2,
        caller_notes=tuple(notes),
        source=SourceRef(row.path, row.line, row.raw()),
        ordered=False,
    )


def _gene(row: Row, col: _Columns, site: int, notes: list[str]) -> str:
    symbol = row.get(col(f"Site{site}_Hugo_Symbol"))
    if symbol:
        return symbol
    entrez = row.get(col(f"Site{site}_Entrez_Gene_Id"))
    if entrez is None:
        return ""
    if not entrez.isdigit():
        raise row.error(col(f"Site{site}_Entrez_Gene_Id"), f"expected an integer, got {entrez!r}")
    found = symbol_for_entrez(entrez)
    if found:
        notes.append(f"site {site} given as Entrez Gene id {entrez} ({found})")
        return found
    notes.append(f"site {site} given only as Entrez Gene id {entrez}, not a bundled gene")
    return ""


def _breakpoint(row: Row, col: _Columns, site: int) -> Breakpoint | None:
    chrom = row.get(col(f"Site{site}_Chromosome"))
    pos = row.int(col(f"Site{site}_Position"))
    if chrom is None or pos is None:
        return None
    if pos < 1:
        raise row.error(col(f"Site{site}_Position"), f"expected a 1-based position, got {pos}")
    bare = chrom[3:] if chrom[:3].lower() == "chr" else chrom
    return Breakpoint("MT" if bare in ("M", "m") else bare, pos)


def _exon(row: Row, col: _Columns, site: int, gene: str, notes: list[str]) -> int | None:
    explicit = row.int(col(f"Site{site}_Exon"))
    if explicit is not None:
        return explicit
    number = row.int(col(f"Site{site}_Region_Number"))
    region = (row.get(col(f"Site{site}_Region")) or "").lower()
    if number is None:
        return None
    if region == "exon":
        return number
    notes.append(f"site {site} ({gene or 'no gene'}): {region or 'region'} {number}")
    return None


def _support_notes(row: Row, col: _Columns) -> list[str]:
    notes = []
    support = [
        f"{kind} support {value.lower()}"
        for kind in ("DNA", "RNA")
        if (value := row.get(col(f"{kind}_Support")))
    ]
    if support:
        notes.append(", ".join(support))
    for column in ("Breakpoint_Type", "Connection_Type"):
        value = row.get(col(column))
        if value:
            notes.append(f"{column} {value}")
    return notes


PARSER = Parser(
    name="cbioportal_sv",
    label="cBioPortal structural-variant data (data_sv.txt)",
    kind="fusion",
    sniff_rule="tab-separated header with Sample_Id and, for both sites, Site1/Site2_Hugo_Symbol "
    "or _Entrez_Gene_Id (any case)",
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(path, options.samples),
)
