"""FusionMap ``*.FusionReport.txt`` (OmicSoft FusionMap, single- and paired-end reports).

Format: FusionMap documentation (http://www.omicsoft.com/fusionmap/) and the chimeraviz importer.
Tab-separated with a header: ``FusionID``, then per dataset ``<dataset>.UniqueCuttingPositionCount
<dataset>.SeedCount <dataset>.RescuedCount``, then ``Strand Chromosome1 Position1 Chromosome2
Position2 KnownGene1 KnownTranscript1 KnownExonNumber1 KnownTranscriptStrand1 KnownGene2 ...
FusionJunctionSequence FusionGene SplicePattern SplicePatternClass FrameShift FrameShiftClass
Distance OnExonBoundary Filter``. Seen: the chimeraviz example (FusionMap test dataset, one
dataset, 36 fusions).

Gene 1 is the 5' partner: ``FusionGene`` is written ``GENE1->GENE2`` and the read strands of the
sample agree with a sense 5'->3' join. Mapping: Chromosome/Position -> breakpoints (1-based) with
the strand of KnownTranscriptStrand when all listed transcripts agree; SeedCount + RescuedCount
(junction reads found as seeds, and reads rescued by aligning to the fusion junction) -> split
reads; no discordant count; FrameShiftClass (``InFrame``/``FrameShift``) -> frame; the first
KnownTranscript (FusionMap's ``_chrN`` suffix dropped) and its KnownExonNumber -> transcript and
exon; FusionGene -> name; Filter -> filters; OnExonBoundary -> caller note. A report over several
datasets gives one call per dataset that supports the fusion (a caller note names the dataset); a
row no dataset supports is skipped with that reason. The junction sequence stays out of the raw
row.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import frame
from annotator.parsers.fusion_list import SkippedRows
from annotator.parsers.fusion_tables import Strand, gene, located, note, without
from annotator.parsers.textio import Head, Row, Table, header_matches, read_table

REQUIRED = ("FusionID", "Chromosome1", "Position1", "Chromosome2", "Position2", "KnownGene1",
            "KnownGene2", "FusionGene")  # fmt: skip
_COUNT = re.compile(
    r"^(?P<dataset>.+)\.(?P<count>UniqueCuttingPositionCount|SeedCount|RescuedCount)$"
)
_CHROM_SUFFIX = re.compile(r"_chr[^_]*$")
BULKY = ("FusionJunctionSequence",)


def sniff(head: Head) -> bool:
    return header_matches(head, "FusionID\t", ("FusionGene", "Position1"))


def _datasets(table: Table) -> list[str]:
    datasets = []
    for column in table.header:
        m = _COUNT.match(column)
        if m and m.group("count") == "SeedCount":
            datasets.append(m.group("dataset"))
    if not datasets:
        raise InputFormatError(
            table.path,
            "no '<dataset>.SeedCount' column; columns present: " + ", ".join(table.header),
            line=table.header_line,
        )
    return datasets


def _strand(row: Row, column: str) -> Strand | None:
    """The transcript strand when every listed transcript (one character each) agrees."""
    # The cell as written: three minus-strand transcripts are "---", also a missing marker.
    value = dict(row.raw()).get(column, "").strip()
    if not value or value in ("NA", "."):
        return None
    if set(value) - {"+", "-"}:
        raise row.error(column, f"expected transcript strands of '+' and '-', got {value!r}")
    signs = set(value)
    return "+" if signs == {"+"} else "-" if signs == {"-"} else None


def _first(row: Row, column: str) -> str | None:
    value = row.get(column)
    if value is None:
        return None
    return value.split(",")[0].strip() or None


def _exon(row: Row, column: str) -> int | None:
    value = _first(row, column)
    if value is None:
        return None
    if not value.isdigit():
        raise row.error(column, f"expected exon numbers, got {value!r}")
    return int(value)


def _transcript(row: Row, column: str) -> str | None:
    value = _first(row, column)
    return _CHROM_SUFFIX.sub("", value) if value else None


def _split(row: Row, dataset: str) -> int | None:
    seed, rescued = row.int(f"{dataset}.SeedCount"), row.int(f"{dataset}.RescuedCount")
    if seed is None and rescued is None:
        return None
    return (seed or 0) + (rescued or 0)


def _call(row: Row, path: str, dataset: str, several: bool) -> FusionCall:
    filters = row.get("Filter")
    return FusionCall(
        caller="FusionMap",
        gene5_field=gene(row, "KnownGene1"),
        gene3_field=gene(row, "KnownGene2"),
        bp5=located(row, "Chromosome1", "Position1", _strand(row, "KnownTranscriptStrand1")),
        bp3=located(row, "Chromosome2", "Position2", _strand(row, "KnownTranscriptStrand2")),
        split_reads=_split(row, dataset),
        discordant_reads=None,
        frame=frame(row.get("FrameShiftClass")),
        transcript5=_transcript(row, "KnownTranscript1"),
        transcript3=_transcript(row, "KnownTranscript2"),
        exon5=_exon(row, "KnownExonNumber1"),
        exon3=_exon(row, "KnownExonNumber2"),
        name_field=row.get("FusionGene"),
        filters=(filters,) if filters else (),
        caller_notes=(note("dataset", dataset) if several else ())
        + note("on exon boundary", row.get("OnExonBoundary")),
        source=SourceRef(path, row.line, without(row.raw(), BULKY)),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED)
    datasets = _datasets(table)
    several = len(datasets) > 1
    calls: list[FusionCall] = []
    skipped = SkippedRows()
    for row in table.rows:
        supported = [d for d in datasets if not several or _split(row, d)]
        if not supported:
            skipped.add("no dataset has reads for this fusion", row.line, row.text("FusionID"))
        calls.extend(_call(row, table.path, d, several) for d in supported)
    return ParsedInput(
        path=table.path,
        format="fusionmap",
        format_label=f"FusionMap FusionReport ({len(datasets)} dataset{'s' if several else ''})",
        kind="fusion",
        records=tuple(calls),
        skipped=skipped.entries(table.path),
        sample_hint=None if several else datasets[0],
        details=(("caller", "FusionMap"), ("datasets", ", ".join(datasets))),
    )


PARSER = Parser(
    name="fusionmap",
    label="FusionMap FusionReport.txt",
    kind="fusion",
    sniff_rule="header starting 'FusionID<TAB>' with FusionGene and Position1 columns",
    sniff=sniff,
    parse=parse,
)
