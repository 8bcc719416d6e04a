"""CNVkit bin-level copy ratios (``.cnr``), summarised per gene.

Format: CNVkit ``doc/fileformats.rst`` ("Bin-level log2 ratios (.cnr)",
https://cnvkit.readthedocs.io/en/stable/fileformats.html). A BED-like tab-separated table with
a header, 0-based half-open coordinates: ``chromosome start end gene log2 [depth] weight`` and
sometimes ``gc``/``rmask`` etc. Each row is one bin: a target (the ``gene`` column names the
panel target, comma-joined when it overlaps several genes) or an off-target bin (``Antitarget``,
older releases ``Background``). Files seen: CNVkit's own test data (``etal/cnvkit``
``test/formats``) ``amplicon.cnr`` (``... log2 depth weight``) and ``p2-9_2.cnr``
(chromosome 12, 50-75 Mb, with the CDK4 and MDM2 targets); neither names the CNVkit version.

Bins are noisy one by one, so each gene gets one value: the **weighted mean of its bins' log2
ratios** (weights from the ``weight`` column; a plain mean when every weight is 0). That is
exactly what ``cnvkit.py genemetrics`` computes without segments (``cnvlib/reports.py``
``group_by_genes`` -> ``segmetrics.segment_mean``), so the value agrees with CNVkit's own
report. The median of the bins is kept beside it. A bin labelled ``A,B`` counts for both genes.
Off-target bins and bins CNVkit itself ignores as gene names (``-``, ``.``, ``CGH`` —
``cnvlib/params.py`` ``IGNORE_GENE_NAMES``) are listed under skipped. Bins with no log2 value
are skipped as well. Arm-level calls need segments (the ``.cns``), not bins.

Recognised by the header: the five CNVkit leading columns and a ``weight`` column, with neither
``probes`` (segments, parser ``cnvkit``) nor ``spread`` (a reference ``.cnn``, which describes
the normal panel, not the tumour). Per-sample ``.targetcoverage.cnn`` files have no weight and
are not read.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from annotator.models import GeneLevelCopyNumber, ParsedInput, Record, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.cnvkit import LEADING_COLUMNS
from annotator.parsers.copy_number_rows import SkipLog, chrom_name, finite_float, required_int
from annotator.parsers.textio import Head, Row, read_table

REQUIRED_COLUMNS = (*LEADING_COLUMNS, "weight")
OFF_TARGET = frozenset({"Antitarget", "Background"})
NOT_GENES = frozenset({"-", ".", "CGH"})

SNIFF_RULE = (
    "tab-separated header beginning 'chromosome, start, end, gene, log2' with a 'weight' column "
    "and no 'probes' or 'spread' column (CNVkit .cnr bins)"
)

OFF_TARGET_REASON = "off-target bin (Antitarget/Background): measures no gene"
NOT_GENE_REASON = "bin label is not a gene name ('-', '.', 'CGH' backbone probe)"
NO_VALUE_REASON = "bin without a log2 value"


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    if first is None:
        return False
    fields = [f.strip() for f in first.split("\t")]
    return (
        tuple(fields[: len(LEADING_COLUMNS)]) == LEADING_COLUMNS
        and "weight" in fields
        and "probes" not in fields
        and "spread" not in fields
    )


@dataclass
class _Gene:
    """The bins of one gene on one chromosome, in file order."""

    name: str
    chrom: str
    start0: int
    end: int
    log2: list[float] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def record(self, path: str) -> GeneLevelCopyNumber:
        total = sum(self.weights)
        mean = (
            sum(v * w for v, w in zip(self.log2, self.weights, strict=True)) / total
            if total > 0
            else statistics.fmean(self.log2)
        )
        raw = (
            ("gene", self.name),
            ("chromosome", self.chrom),
            ("bins", str(len(self.log2))),
            ("bin_lines", f"{self.lines[0]}-{self.lines[-1]}"),
            ("log2_weighted_mean", f"{mean:.6g}"),
            ("log2_median", f"{statistics.median(self.log2):.6g}"),
            ("weight_sum", f"{total:.6g}"),
        )
        return GeneLevelCopyNumber(
            gene=self.name,
            chrom=chrom_name(self.chrom),
            start=self.start0 + 1,
            end=self.end,
            log2=round(mean, 6),
            source=SourceRef(path, self.lines[0], raw),
        )


def _bin(row: Row, genes: dict[tuple[str, str], _Gene], skips: SkipLog) -> None:
    label = row.text("gene")
    start0 = required_int(row, "start")
    end = required_int(row, "end")
    log2 = finite_float(row, "log2")
    weight = row.float("weight")
    if weight is not None and weight < 0:
        raise row.error("weight", f"expected a weight of 0 or more, got {weight}")
    example = "\t".join(row.values)
    if label in OFF_TARGET:
        skips.add(OFF_TARGET_REASON, row.line, example)
        return
    names = [n.strip() for n in label.split(",") if n.strip() not in NOT_GENES and n.strip()]
    if not names:
        skips.add(NOT_GENE_REASON, row.line, example)
        return
    if log2 is None:
        skips.add(NO_VALUE_REASON, row.line, example)
        return
    chrom = row.text("chromosome")
    for name in names:
        gene = genes.setdefault((chrom, name), _Gene(name, chrom, start0, end))
        gene.start0, gene.end = min(gene.start0, start0), max(gene.end, end)
        gene.log2.append(log2)
        gene.weights.append(weight or 0.0)
        gene.lines.append(row.line)


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED_COLUMNS)
    genes: dict[tuple[str, str], _Gene] = {}
    skips = SkipLog(str(path))
    bins = 0
    for row in table.rows:
        bins += 1
        _bin(row, genes, skips)
    records: list[Record] = [g.record(str(path)) for g in genes.values()]
    warnings = () if records else (f"{path}: no gene-labelled bins with a log2 value",)
    return ParsedInput(
        path=str(path),
        format="cnvkit_cnr",
        format_label="CNVkit .cnr bins, weighted mean log2 per gene",
        kind="copy_number",
        records=tuple(records),
        warnings=warnings,
        skipped=skips.entries(),
        details=(
            ("columns", ", ".join(table.header)),
            ("bins", str(bins)),
            ("gene value", "weighted mean of the gene's bin log2 ratios (cnvkit genemetrics)"),
        ),
    )


PARSER = Parser(
    name="cnvkit_cnr",
    label="CNVkit bin ratios (.cnr), summarised per gene",
    kind="copy_number",
    sniff_rule=SNIFF_RULE,
    sniff=sniff,
    parse=parse,
)
