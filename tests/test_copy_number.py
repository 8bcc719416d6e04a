"""CNVkit parsing of hand-written files and gene-level copy-number calls on synthetic segments.

Needs no samples folder (the real CNVkit files are tested in ``test_cnvkit.py``).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from annotator.errors import InputFormatError, UsageError
from annotator.models import CopyNumberSegment, GeneLevelCopyNumber, ParsedInput, SourceRef
from annotator.normalize.copy_number import (
    GERMLINE_DETAIL,
    CopyNumberThresholds,
    covered_genes,
    gene_calls,
    record_symbols,
    segment_symbols,
    tumour_records,
)
from annotator.parsers import cnvkit
from annotator.parsers.textio import read_head
from annotator.reference.genes import Build, gene_models

HEADER = "chromosome\tstart\tend\tgene\tlog2\tdepth\tprobes\tweight\n"
CALL_HEADER = "chromosome\tstart\tend\tgene\tlog2\tcn\tdepth\tprobes\tweight\n"
BUILD: Build = "GRCh38"


def write(tmp_path: Path, text: str, name: str = "sample.cns") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def only_segments(path: Path) -> list[CopyNumberSegment]:
    records = cnvkit.parse(path).records
    assert all(isinstance(r, CopyNumberSegment) for r in records)
    return [r for r in records if isinstance(r, CopyNumberSegment)]


# --- sniff ---------------------------------------------------------------------------------


def test_sniff_accepts_segments(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "chr12\t100\t200\tMDM2\t2.5\t10.0\t5\t3.2\n")
    assert cnvkit.sniff(read_head(path))


def test_sniff_accepts_trailing_tab_and_leading_blank_line(tmp_path: Path) -> None:
    path = write(tmp_path, "\nchromosome\tstart\tend\tgene\tlog2\tprobes\t\n1\t0\t10\tA\t0.1\t2\n")
    assert cnvkit.sniff(read_head(path))


def test_sniff_rejects_missing_log2(tmp_path: Path) -> None:
    path = write(tmp_path, "chromosome\tstart\tend\tgene\tdepth\tprobes\n1\t0\t10\tA\t3.0\t2\n")
    assert not cnvkit.sniff(read_head(path))


def test_sniff_rejects_bin_file_without_probes(tmp_path: Path) -> None:
    text = "chromosome\tstart\tend\tgene\tlog2\tdepth\tweight\n1\t0\t10\tA\t0.1\t3.0\t0.9\n"
    assert not cnvkit.sniff(read_head(write(tmp_path, text, "sample.cnr")))


def test_sniff_rejects_other_column_order(tmp_path: Path) -> None:
    text = "chromosome\tstart\tend\tlog2\tgene\tprobes\n1\t0\t10\t0.1\tA\t2\n"
    assert not cnvkit.sniff(read_head(write(tmp_path, text)))


def test_sniff_reads_gzip(tmp_path: Path) -> None:
    path = tmp_path / "sample.cns.gz"
    path.write_bytes(gzip.compress((HEADER + "1\t0\t10\tA\t0.1\t3.0\t2\t1.0\n").encode()))
    assert cnvkit.sniff(read_head(path))
    assert len(cnvkit.parse(path).records) == 1


# --- parse ---------------------------------------------------------------------------------


def test_parse_converts_coordinates_and_genes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "chr12\t69004447\t69669616\tMDM2,CPM\t2.817\t7.06\t17\t12.38\n"
        + "12\t1000\t2000\t-\t-0.1\t1.0\t3\t2.0\n"
        + "chrX\t5\t6\tNTRK1;SH2D2A_CGH,,-\t0.0\t1.0\t1\t1.0\n",
    )
    parsed = cnvkit.parse(path)
    first, second, third = only_segments(path)
    assert (first.chrom, first.start, first.end) == ("12", 69004448, 69669616)
    assert first.genes == ("MDM2", "CPM")
    assert (first.log2, first.copies, first.probes) == (2.817, None, 17)
    assert first.source == SourceRef(
        str(path),
        2,
        (
            ("chromosome", "chr12"),
            ("start", "69004447"),
            ("end", "69669616"),
            ("gene", "MDM2,CPM"),
            ("log2", "2.817"),
            ("depth", "7.06"),
            ("probes", "17"),
            ("weight", "12.38"),
        ),
    )
    assert (second.chrom, second.start, second.end, second.genes) == ("12", 1001, 2000, ())
    assert (third.chrom, third.start, third.end) == ("X", 6, 6)
    assert third.genes == ("NTRK1;SH2D2A_CGH",)
    assert parsed.format == "cnvkit"
    assert parsed.kind == "copy_number"
    assert parsed.format_label == "CNVkit .cns segments (log2 ratios only, no 'cn' column)"
    assert parsed.details == (
        ("columns", "chromosome, start, end, gene, log2, depth, probes, weight"),
    )
    assert parsed.skipped == ()


def test_parse_call_cns_reads_cn(tmp_path: Path) -> None:
    path = write(tmp_path, CALL_HEADER + "chr2\t100\t200\tALK\t1.9\t8\t30.0\t4\t3.0\n")
    parsed = cnvkit.parse(path)
    (segment,) = only_segments(path)
    assert segment.copies == 8
    assert parsed.format_label == "CNVkit .call.cns segments (integer copy number in 'cn')"


def test_log2_not_a_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "chr1\t0\t10\tA\t0.1\t1.0\t2\t1.0\n" + "chr1\t10\t20\tB\tabc\t1.0\t2\t1.0\n",
    )
    with pytest.raises(InputFormatError) as info:
        cnvkit.parse(path)
    assert str(info.value) == f"{path}:3: column 'log2': expected a number, got 'abc'"


def test_non_integer_cn(tmp_path: Path) -> None:
    path = write(tmp_path, CALL_HEADER + "chr2\t100\t200\tALK\t1.9\t2.5\t30.0\t4\t3.0\n")
    with pytest.raises(InputFormatError) as info:
        cnvkit.parse(path)
    assert str(info.value) == f"{path}:2: column 'cn': expected an integer, got '2.5'"


def test_non_numeric_start(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "chr2\t1e2x\t200\tALK\t1.9\t30.0\t4\t3.0\n")
    with pytest.raises(InputFormatError) as info:
        cnvkit.parse(path)
    assert str(info.value) == f"{path}:2: column 'start': expected an integer, got '1e2x'"


def test_end_before_start(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "chr2\t500\t200\tALK\t1.9\t30.0\t4\t3.0\n")
    with pytest.raises(InputFormatError) as info:
        cnvkit.parse(path)
    assert (info.value.line, info.value.column) == (2, "end")
    assert str(info.value) == (
        f"{path}:2: column 'end': expected an end at or after the start (500), got 200"
    )


def test_zero_bin_and_zero_length_rows_are_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "chr2\t500\t200\tALK\t-2.4\t0.0\t0\t0.0\n"  # reversed, no bins (old CNVkit artefact)
        + "chr2\t500\t900\tALK\t-2.4\t1.0\t3\t1.0\n"
        + "chr2\t900\t900\tALK\t-2.4\t1.0\t1\t1.0\n",  # zero length
    )
    parsed = cnvkit.parse(path)
    assert len(parsed.records) == 1
    no_bins, zero_length = parsed.skipped
    assert (no_bins.lines, no_bins.count) == ((2,), 1)
    assert no_bins.examples == ("chr2\t500\t200\tALK\t-2.4\t0.0\t0\t0.0",)
    assert "probes 0" in no_bins.reason
    assert (zero_length.lines, zero_length.count) == ((4,), 1)


def test_missing_required_column(tmp_path: Path) -> None:
    path = write(tmp_path, "chromosome\tstart\tend\tgene\tlog2\n1\t0\t10\tA\t0.1\n")
    with pytest.raises(InputFormatError) as info:
        cnvkit.parse(path)
    assert "missing required column 'probes'" in str(info.value)


def test_header_only_warns(tmp_path: Path) -> None:
    parsed = cnvkit.parse(write(tmp_path, HEADER))
    assert parsed.records == ()
    assert parsed.warnings == (f"{tmp_path / 'sample.cns'}: no segments after the header line",)


def test_parser_contract() -> None:
    parser = cnvkit.PARSER
    assert (parser.name, parser.kind) == ("cnvkit", "copy_number")
    assert parser.label == "CNVkit segments (.cns, .call.cns)"
    assert "probes" in parser.sniff_rule


# --- thresholds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("log2", "call"),
    [
        (3.0, "amplification"),
        (1.58, "amplification"),
        (1.579, "gain"),
        (0.32, "gain"),
        (0.319, "neutral"),
        (0.0, "neutral"),
        (-0.409, "neutral"),
        (-0.41, "loss"),
        (-1.099, "loss"),
        (-1.1, "deletion"),
        (-8.0, "deletion"),
    ],
)
def test_default_log2_thresholds(log2: float, call: str) -> None:
    assert CopyNumberThresholds().classify_log2(log2) == call


@pytest.mark.parametrize(
    ("copies", "call"),
    [
        (12, "amplification"),
        (6, "amplification"),
        (5, "gain"),
        (3, "gain"),
        (2, "neutral"),
        (1, "loss"),
        (0, "deletion"),
    ],
)
def test_default_copy_thresholds(copies: int, call: str) -> None:
    assert CopyNumberThresholds().classify_copies(copies) == call


@pytest.mark.parametrize(
    "changes",
    [
        {"gain_log2": 2.0, "amplification_log2": 1.5},
        {"loss_log2": 0.1},
        {"deletion_log2": -0.3, "loss_log2": -0.4},
        {"gain_copies": 2},
        {"deletion_copies": 1},
        {"amplification_copies": 4, "gain_copies": 5},
    ],
)
def test_inconsistent_thresholds_are_refused(changes: dict[str, float]) -> None:
    with pytest.raises(UsageError):
        CopyNumberThresholds(**changes)  # type: ignore[arg-type]


# --- gene-level calls ----------------------------------------------------------------------


def seg(
    chrom: str,
    start: int,
    end: int,
    genes: tuple[str, ...] = (),
    log2: float | None = 0.0,
    copies: int | None = None,
    line: int = 1,
) -> CopyNumberSegment:
    return CopyNumberSegment(
        chrom, start, end, genes, log2, copies, 10, SourceRef("synthetic.cns", line, ())
    )


MDM2 = gene_models(BUILD)["MDM2"]
ALK = gene_models(BUILD)["ALK"]


def test_gene_column_match() -> None:
    (call,) = gene_calls([seg("12", 1, 10, ("CPM", "MDM2"), 2.817)], ["MDM2"], BUILD)
    assert (call.gene, call.call, call.log2, call.copies) == ("MDM2", "amplification", 2.817, None)
    assert (call.basis, call.how_assigned) == ("log2", "caller gene column")


def test_gene_column_parts_cgh_suffix_and_previous_symbols() -> None:
    segment = seg("1", 1, 10, ("NTRK1;SH2D2A_CGH", "ROS_CGH", "CARS"))
    assert segment_symbols(segment) == {"NTRK1", "SH2D2A", "ROS1", "CARS1"}
    calls = gene_calls([segment], ["SH2D2A", "ROS1", "CARS", "TPM3"], BUILD)
    assert [c.gene for c in calls] == ["SH2D2A", "ROS1", "CARS"]
    # names that only contain a symbol are not that symbol
    assert segment_symbols(seg("2", 1, 10, ("ALKintron18ENST0000038",))) == {
        "ALKintron18ENST0000038"
    }


def test_coordinate_match_when_no_segment_names_the_gene() -> None:
    over = seg(ALK.chrom, ALK.start - 1000, ALK.start + 10, (), -1.5)
    elsewhere = seg("3", ALK.start, ALK.end, (), 3.0)
    (call,) = gene_calls([elsewhere, over], ["ALK"], BUILD)
    assert (call.call, call.segment, call.how_assigned) == ("deletion", over, "gene coordinates")


def test_segment_ending_just_before_the_gene_does_not_cover_it() -> None:
    before = seg(ALK.chrom, 1, ALK.start - 1, (), 3.0)
    after = seg(ALK.chrom, ALK.end + 1, ALK.end + 100, (), 3.0)
    assert gene_calls([before, after], ["ALK"], BUILD) == []
    assert covered_genes([before, after], ["ALK"], BUILD) == set()


def test_gene_column_wins_over_coordinates() -> None:
    named = seg(MDM2.chrom, 1, 10, ("MDM2",), 0.05, line=2)
    unnamed = seg(MDM2.chrom, MDM2.start, MDM2.end, ("-",), 3.0, line=3)
    (call,) = gene_calls([unnamed, named], ["MDM2"], BUILD)
    assert (call.call, call.segment, call.how_assigned) == ("neutral", named, "caller gene column")


def test_copies_preferred_over_log2() -> None:
    (call,) = gene_calls([seg("12", 1, 10, ("MDM2",), 3.0, copies=2)], ["MDM2"], BUILD)
    assert (call.call, call.basis, call.log2, call.copies) == ("neutral", "copies", 3.0, 2)


def test_most_extreme_segment_wins_whatever_the_order() -> None:
    low = seg("12", 1, 10, ("MDM2",), 1.9, line=2)
    high = seg("12", 11, 20, ("MDM2",), 3.1, line=3)
    gain = seg("12", 21, 30, ("MDM2",), 0.5, line=4)
    loss = seg("12", 31, 40, ("MDM2",), -0.9, line=5)
    for order in ([low, high, gain, loss], [loss, gain, high, low]):
        (call,) = gene_calls(order, ["MDM2"], BUILD)
        assert (call.call, call.segment) == ("amplification", high)
    # among single-copy changes the largest |log2| wins; a deep deletion outranks a gain
    (call,) = gene_calls([gain, loss], ["MDM2"], BUILD)
    assert (call.call, call.log2) == ("loss", -0.9)
    deep = seg("12", 41, 50, ("MDM2",), -2.0, line=6)
    (call,) = gene_calls([gain, deep], ["MDM2"], BUILD)
    assert call.call == "deletion"


def test_most_extreme_by_copies() -> None:
    three = seg("12", 1, 10, ("CDK4",), 0.9, copies=3, line=2)
    nine = seg("12", 11, 20, ("CDK4",), 0.8, copies=9, line=3)
    (call,) = gene_calls([three, nine], ["CDK4"], BUILD)
    assert (call.call, call.copies, call.segment) == ("amplification", 9, nine)


def test_ties_go_to_the_earlier_line() -> None:
    first = seg("12", 100, 200, ("CDK4",), 2.0, line=7)
    second = seg("12", 300, 400, ("CDK4",), 2.0, line=9)
    for order in ([first, second], [second, first]):
        (call,) = gene_calls(order, ["CDK4"], BUILD)
        assert call.segment == first


def test_thresholds_change_the_call() -> None:
    segment = seg("12", 1, 10, ("MDM2",), 1.7)
    assert gene_calls([segment], ["MDM2"], BUILD)[0].call == "amplification"
    strict = CopyNumberThresholds(gain_log2=2.0, amplification_log2=2.5)
    assert gene_calls([segment], ["MDM2"], BUILD, strict)[0].call == "neutral"
    by_copies = seg("12", 1, 10, ("MDM2",), 1.7, copies=6)
    lab = CopyNumberThresholds(amplification_copies=8)
    assert gene_calls([by_copies], ["MDM2"], BUILD, lab)[0].call == "gain"


def test_uncovered_and_unknown_genes_are_absent() -> None:
    segments = [seg("12", 1, 10, ("MDM2",), 2.5)]
    genes = ["ALK", "MDM2", "NOTAGENE", "MDM2"]
    calls = gene_calls(segments, genes, BUILD)
    assert [c.gene for c in calls] == ["MDM2"]  # requested twice, reported once
    assert covered_genes(segments, genes, BUILD) == {"MDM2"}


def test_covered_includes_neutral_genes() -> None:
    segments = [seg(ALK.chrom, ALK.start, ALK.end, (), 0.01), seg("12", 1, 2, ("MDM2",), 2.5)]
    genes = iter(["ALK", "MDM2", "ROS1"])  # any iterable, read once
    assert covered_genes(segments, genes, BUILD) == {"ALK", "MDM2"}
    calls = gene_calls(segments, ["ROS1", "MDM2", "ALK"], BUILD)
    assert [(c.gene, c.call) for c in calls] == [("MDM2", "amplification"), ("ALK", "neutral")]


def test_segments_without_a_value_cover_nothing() -> None:
    empty = seg("12", 1, 10, ("MDM2",), None)
    assert gene_calls([empty], ["MDM2"], BUILD) == []
    assert covered_genes([empty], ["MDM2"], BUILD) == set()


def test_segments_may_be_a_generator() -> None:
    calls = gene_calls((s for s in [seg("12", 1, 10, ("MDM2",), 2.5)]), ["MDM2"], BUILD)
    assert len(calls) == 1


# --- fold change, discrete values and decimal copies ---------------------------------------


@pytest.mark.parametrize(
    ("fold", "call"),
    [
        (3.0, "amplification"),
        (2.0, "amplification"),
        (1.99, "gain"),
        (1.25, "gain"),
        (1.249, "neutral"),
        (0.751, "neutral"),
        (0.75, "loss"),
        (0.471, "loss"),
        (0.47, "deletion"),
        (0.0, "deletion"),
    ],
)
def test_default_fold_change_thresholds(fold: float, call: str) -> None:
    assert CopyNumberThresholds().classify_fold_change(fold) == call


@pytest.mark.parametrize(
    ("copies", "call"),
    [(5.5, "amplification"), (5.49, "gain"), (2.49, "neutral"), (0.5, "loss"), (0.49, "deletion"),
     (-0.0049, "deletion")],
)  # fmt: skip
def test_decimal_copies_are_rounded_half_up(copies: float, call: str) -> None:
    assert CopyNumberThresholds().classify_copies(copies) == call


@pytest.mark.parametrize(
    "changes",
    [
        {"amplification_fold_change": 1.2},
        {"loss_fold_change": 1.1},
        {"deletion_fold_change": 0.0},
        {"arm_fraction": 1.5},
    ],
)
def test_inconsistent_fold_change_and_arm_settings_are_refused(changes: dict[str, float]) -> None:
    with pytest.raises(UsageError):
        CopyNumberThresholds(**changes)  # type: ignore[arg-type]


def gene_value(
    gene: str,
    *,
    copies: float | None = None,
    log2: float | None = None,
    fold_change: float | None = None,
    discrete: int | None = None,
    line: int = 1,
) -> GeneLevelCopyNumber:
    return GeneLevelCopyNumber(
        gene,
        None,
        None,
        None,
        log2=log2,
        copies=copies,
        fold_change=fold_change,
        discrete=discrete,
        source=SourceRef("gene.tsv", line, ()),
    )


GISTIC = "discrete -2 (GISTIC-style -2..2)"


@pytest.mark.parametrize(
    ("record", "call", "basis", "evidence"),
    [
        (gene_value("MDM2", copies=14.2), "amplification", "copies", "copies 14.2"),
        (gene_value("MDM2", log2=-0.5), "loss", "log2", "log2 -0.5"),
        (gene_value("MDM2", fold_change=3.4), "amplification", "fold change", "fold change 3.4"),
        (gene_value("MDM2", discrete=-2), "deletion", "discrete", GISTIC),
        (
            gene_value("MDM2", discrete=1, fold_change=1.0),
            "neutral",
            "fold change",
            "fold change 1",
        ),
        (gene_value("MDM2", copies=2.0, discrete=2), "neutral", "copies", "copies 2"),
    ],
)
def test_gene_level_value_and_basis(
    record: GeneLevelCopyNumber, call: str, basis: str, evidence: str
) -> None:
    (found,) = gene_calls([record], ["MDM2"], BUILD)
    assert (found.call, found.basis, found.evidence) == (call, basis, evidence)
    assert (found.how_assigned, found.gene_level, found.segment) == (
        "gene-level value",
        record,
        None,
    )
    assert found.region is None


def test_gene_level_value_without_any_value_covers_nothing() -> None:
    empty = gene_value("MDM2")
    assert gene_calls([empty], ["MDM2"], BUILD) == []
    assert covered_genes([empty], ["MDM2"], BUILD) == set()


def test_gene_level_values_are_named_and_outrank_coordinates() -> None:
    unnamed = seg(MDM2.chrom, MDM2.start, MDM2.end, ("-",), 3.0, line=3)
    stated = gene_value("MDM2", fold_change=1.05, line=9)
    (call,) = gene_calls([unnamed, stated], ["MDM2"], BUILD)
    assert (call.call, call.how_assigned, call.source.line) == ("neutral", "gene-level value", 9)


def test_most_extreme_across_segments_and_gene_values() -> None:
    segment = seg("12", 1, 10, ("MDM2",), 2.0, line=2)
    table = gene_value("MDM2", discrete=2, line=4)
    purple = gene_value("MDM2", copies=17.3, line=6)
    for order in ([segment, table, purple], [purple, table, segment]):
        (call,) = gene_calls(order, ["MDM2"], BUILD)
        assert (call.call, call.copies, call.source.line) == ("amplification", 17.3, 6)
    (call,) = gene_calls([table, segment], ["MDM2"], BUILD)
    assert call.segment == segment  # log2 2.0 is a stated ratio; discrete 2 only ranks after it


def test_gene_level_symbols_are_cleaned_like_segment_genes() -> None:
    assert record_symbols(gene_value("CARS")) == {"CARS1"}
    assert record_symbols(gene_value("SH2D2A_CGH")) == {"SH2D2A"}


def test_fold_change_thresholds_change_the_call() -> None:
    record = gene_value("MDM2", fold_change=2.2)
    assert gene_calls([record], ["MDM2"], BUILD)[0].call == "amplification"
    lab = CopyNumberThresholds(amplification_fold_change=2.5)
    assert gene_calls([record], ["MDM2"], BUILD, lab)[0].call == "gain"


def test_germline_inputs_are_left_out_of_tumour_records() -> None:
    def parsed(details: tuple[tuple[str, str], ...]) -> ParsedInput:
        return ParsedInput(
            "x", "purple_cnv", "x", "copy_number", (seg("1", 1, 2),), details=details
        )

    assert len(tumour_records([parsed(())])) == 1
    assert tumour_records([parsed((GERMLINE_DETAIL,))]) == []
