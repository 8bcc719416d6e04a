"""CNVkit parser and gene-level calls on CNVkit's own test files (shared samples folder).

Hand-written files and synthetic segments are tested in ``test_copy_number.py``, which runs
without the samples folder; this module is skipped when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.models import CopyNumberSegment
from annotator.normalize.chromosome_arms import arm_events, describe
from annotator.normalize.copy_number import (
    CopyNumberThresholds,
    GeneCopyNumber,
    covered_genes,
    gene_calls,
)
from annotator.parsers import cnvkit, detect
from annotator.parsers.textio import read_head
from annotator.reference.genes import Build, gene_models

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
CNVKIT = SAMPLES / "cnv" / "cnvkit"

if not CNVKIT.is_dir():
    pytest.skip(f"samples folder not found: {CNVKIT}", allow_module_level=True)

# The CNVkit test files are on hg19, so gene coordinates come from the GRCh37 models.
BUILD: Build = "GRCh37"
IMT_GENES = sorted(gene_models(BUILD))

# file -> (segments read, rows skipped)
SEGMENT_FILES = {
    "amplicon.cns": (80, 8),
    "nv3.cns": (72, 0),
    "p2-9_2.call.cns": (313, 0),
    "p2-9_2.cns": (313, 0),
    "tr95t.cns": (124, 0),
    "tr95t.segmetrics.cns": (124, 0),
}
NOT_SEGMENTS = ["amplicon.first300.cnr", "p2-9_2.chr12_50-75Mb.cnr", "cw-tr-log2.first300.seg"]


def segments(name: str) -> list[CopyNumberSegment]:
    parsed = cnvkit.parse(CNVKIT / name)
    return [r for r in parsed.records if isinstance(r, CopyNumberSegment)]


def calls_by_gene(
    name: str, thresholds: CopyNumberThresholds | None = None
) -> dict[str, GeneCopyNumber]:
    calls = gene_calls(segments(name), IMT_GENES, BUILD, thresholds or CopyNumberThresholds())
    return {c.gene: c for c in calls}


def test_every_segment_sample_is_listed() -> None:
    on_disk = {p.name for p in CNVKIT.iterdir() if p.name.endswith(".cns")}
    assert on_disk == set(SEGMENT_FILES)


@pytest.mark.parametrize("name", sorted(SEGMENT_FILES))
def test_segment_files_sniff_and_parse(name: str) -> None:
    path = CNVKIT / name
    assert cnvkit.sniff(read_head(path))
    assert detect(path).parser.name == "cnvkit"
    parsed = cnvkit.parse(path)
    expected_records, expected_skipped = SEGMENT_FILES[name]
    assert len(parsed.records) == expected_records
    assert sum(s.count for s in parsed.skipped) == expected_skipped
    assert parsed.format == "cnvkit"
    assert parsed.kind == "copy_number"
    assert parsed.warnings == ()
    for record in parsed.records:
        assert isinstance(record, CopyNumberSegment)
        assert not record.chrom.startswith("chr")
        assert 1 <= record.start <= record.end
        assert record.log2 is not None
        assert record.source.path == str(path)


@pytest.mark.parametrize("name", NOT_SEGMENTS)
def test_bin_and_seg_files_are_not_segments(name: str) -> None:
    assert not cnvkit.sniff(read_head(CNVKIT / name))
    expected = "seg" if name.endswith(".seg") else "cnvkit_cnr"
    assert detect(CNVKIT / name).parser.name == expected


def test_tr95t_first_row_and_columns() -> None:
    parsed = cnvkit.parse(CNVKIT / "tr95t.cns")
    first = parsed.records[0]
    assert isinstance(first, CopyNumberSegment)
    assert (first.chrom, first.start, first.end) == ("1", 10501, 2421341)  # file: 10500 (0-based)
    assert first.genes == ("SSU72", "PLCH2")
    assert first.log2 == 0.134253
    assert first.copies is None
    assert first.probes == 27
    assert first.source.line == 2
    assert first.source.raw_dict()["weight"] == "19.5922"
    assert parsed.format_label == "CNVkit .cns segments (log2 ratios only, no 'cn' column)"
    assert parsed.details == (
        ("columns", "chromosome, start, end, gene, log2, probes, weight, depth"),
    )


def test_gene_dash_means_no_genes() -> None:
    by_line = {s.source.line: s for s in segments("tr95t.cns")}
    assert by_line[11].genes == ()
    assert by_line[11].source.raw_dict()["gene"] == "-"


def test_nv3_gene_names_are_kept_as_written() -> None:
    nv3 = segments("nv3.cns")
    by_line = {s.source.line: s for s in nv3}
    assert "NTRK1;SH2D2A_CGH" in by_line[3].genes
    assert "SSU72_CGH" in by_line[2].genes


def test_amplicon_zero_bin_rows_are_skipped_and_listed() -> None:
    parsed = cnvkit.parse(CNVKIT / "amplicon.cns")
    (skipped,) = parsed.skipped
    assert skipped.lines == (5, 12, 13, 17, 22, 37, 54, 67)
    assert skipped.examples[0] == "chr2\t212578209\t212576985\tERBB4\t-2.41229\t0"
    assert "probes 0" in skipped.reason


def test_call_cns_has_copies() -> None:
    parsed = cnvkit.parse(CNVKIT / "p2-9_2.call.cns")
    assert parsed.format_label == "CNVkit .call.cns segments (integer copy number in 'cn')"
    first = parsed.records[0]
    assert isinstance(first, CopyNumberSegment)
    assert (first.chrom, first.start, first.end) == ("1", 464424, 3003530)
    assert (first.log2, first.copies, first.probes) == (-0.505883, 1, 32)


def test_tr95t_mdm2_cdk4_amplification() -> None:
    calls = calls_by_gene("tr95t.cns")
    mdm2, cdk4 = calls["MDM2"], calls["CDK4"]
    assert (mdm2.call, mdm2.log2, mdm2.copies, mdm2.basis) == ("amplification", 2.817, None, "log2")
    assert (mdm2.segment.chrom, mdm2.segment.start, mdm2.segment.end) == ("12", 69004448, 69669616)
    assert mdm2.segment.source.line == 68
    assert mdm2.how_assigned == "caller gene column"
    assert (cdk4.call, cdk4.log2, cdk4.basis) == ("amplification", 3.53273, "log2")
    assert (cdk4.segment.chrom, cdk4.segment.start, cdk4.segment.end) == ("12", 57914723, 58520144)
    assert cdk4.segment.source.line == 63
    amplified = sorted(g for g, c in calls.items() if c.call == "amplification")
    assert amplified == ["CDK4", "MDM2"]
    assert (mdm2.evidence, mdm2.region, mdm2.probes) == ("log2 2.817", "12:69004448-69669616", 17)


def test_tr95t_arm_level_events() -> None:
    events = arm_events(segments("tr95t.cns"), BUILD, CopyNumberThresholds())
    assert describe(events) == (
        "1q gain (1q 0.89 of the arm in gain segments); "
        "chromosome 10 loss (10p 1.00, 10q 1.00 of the arm in loss segments)"
    )


def test_segmetrics_file_gives_the_same_calls() -> None:
    plain = calls_by_gene("tr95t.cns")
    metrics = calls_by_gene("tr95t.segmetrics.cns")
    assert {g: (c.call, c.log2) for g, c in plain.items()} == {
        g: (c.call, c.log2) for g, c in metrics.items()
    }


def test_thresholds_can_turn_amplification_into_gain_or_neutral() -> None:
    higher_amp = calls_by_gene("tr95t.cns", CopyNumberThresholds(amplification_log2=3.0))
    assert higher_amp["MDM2"].call == "gain"  # 2.817 < 3.0
    assert higher_amp["CDK4"].call == "amplification"  # 3.53273 >= 3.0
    neutral = calls_by_gene(
        "tr95t.cns", CopyNumberThresholds(gain_log2=3.6, amplification_log2=4.0)
    )
    assert neutral["MDM2"].call == "neutral"
    assert neutral["CDK4"].call == "neutral"


def test_call_cns_uses_copies() -> None:
    calls = calls_by_gene("p2-9_2.call.cns")
    # IGF1R: log2 0.231498 is below the log2 gain cut-off, but CNVkit called 3 copies.
    igf1r = calls["IGF1R"]
    assert (igf1r.call, igf1r.copies, igf1r.log2, igf1r.basis) == ("gain", 3, 0.231498, "copies")
    # CLTC: log2 -0.303637 is above the log2 loss cut-off, but CNVkit called 1 copy.
    cltc = calls["CLTC"]
    assert (cltc.call, cltc.copies, cltc.log2, cltc.basis) == ("loss", 1, -0.303637, "copies")
    assert cltc.how_assigned == "gene coordinates"
    mdm2 = calls["MDM2"]
    assert (mdm2.call, mdm2.copies, mdm2.log2) == ("neutral", 2, -0.0139775)
    assert all(c.basis == "copies" for c in calls.values())


def test_same_segments_without_cn_fall_back_to_log2() -> None:
    calls = calls_by_gene("p2-9_2.cns")
    assert (calls["IGF1R"].call, calls["IGF1R"].basis) == ("neutral", "log2")
    assert (calls["CLTC"].call, calls["CLTC"].basis) == ("neutral", "log2")


def test_ntrk3_spans_six_segments_and_the_most_extreme_is_reported() -> None:
    # NTRK3 is named by lines 227-232 (cn 3, 2, 3, 3, 3, 3); the highest log2 among the gains wins.
    ntrk3 = calls_by_gene("p2-9_2.call.cns")["NTRK3"]
    assert (ntrk3.call, ntrk3.copies, ntrk3.log2) == ("gain", 3, 0.372273)
    assert ntrk3.segment.source.line == 232


def test_custom_copy_threshold_turns_gain_into_neutral() -> None:
    calls = calls_by_gene("p2-9_2.call.cns", CopyNumberThresholds(gain_copies=4))
    assert (calls["NTRK3"].call, calls["NTRK3"].basis) == ("neutral", "copies")


def test_amplicon_panel_covers_only_some_genes() -> None:
    segs = segments("amplicon.cns")
    covered = covered_genes(segs, IMT_GENES, BUILD)
    assert "ALK" in covered and "MET" in covered
    assert "NTRK1" not in covered  # amplicon panel: chr1 has one LY9 amplicon only
    called = {c.gene for c in gene_calls(segs, IMT_GENES, BUILD)}
    assert called == covered
    met = calls_by_gene("amplicon.cns")["MET"]
    assert (met.call, met.log2) == ("amplification", 3.81256)
