"""Arm-level and whole-chromosome copy-number events, the bundled centromere table, and the
chromosome 19 loss finding through the whole annotate pipeline.

Segment fixtures are placed from the bundled table itself (fractions of each arm), so they
follow the build under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.annotate import Sample, Settings, annotate
from annotator.errors import UsageError
from annotator.kb.load import Knowledgebase
from annotator.models import CopyNumberSegment, SourceRef
from annotator.normalize.chromosome_arms import (
    arm_coverage,
    arm_events,
    build_from_lengths,
    chromosomes,
    describe,
    observation,
)
from annotator.normalize.copy_number import CopyNumberThresholds
from annotator.reference.genes import BUILDS, Build
from tests.conftest import SAMPLES

DEFAULT = CopyNumberThresholds()


def seg(chrom: str, start: int, end: int, log2: float, line: int = 1) -> CopyNumberSegment:
    return CopyNumberSegment(chrom, start, end, (), log2, None, 10, SourceRef("t.cns", line, ()))


def arm_part(
    build: Build, chrom: str, arm: str, first: float, last: float, log2: float
) -> CopyNumberSegment:
    """A segment over the fraction [first, last] of one arm."""
    c = chromosomes(build)[chrom]
    start, end = c.p if arm == "p" else c.q
    size = end - start + 1
    return seg(chrom, start + round(first * size), start + round(last * size) - 1, log2)


# --- the bundled table ---------------------------------------------------------------------


def test_table_has_the_ucsc_chr19_centromere_for_both_builds() -> None:
    c38, c37 = chromosomes("GRCh38")["19"], chromosomes("GRCh37")["19"]
    assert (c38.length, c38.centromere_start, c38.centromere_end) == (58617616, 24200001, 28100000)
    assert (c37.length, c37.centromere_start, c37.centromere_end) == (59128983, 24400001, 28600000)
    assert c38.p == (1, 24200000) and c38.q == (28100001, 58617616)
    for build in BUILDS:
        assert list(chromosomes(build)) == [str(n) for n in range(1, 23)] + ["X", "Y"]


HMF_TABLES = [
    ("GRCh37", "lengths.37.tsv", "centromeres.37.tsv"),
    ("GRCh38", "lengths.38.tsv", "hg38_centromere.tsv"),
]


@pytest.mark.parametrize(("build", "lengths", "points"), HMF_TABLES)
def test_table_agrees_with_hartwig_lengths_and_centromeres(
    build: Build, lengths: str, points: str
) -> None:
    hmf = SAMPLES / "reference" / "hmftools"
    if not hmf.is_dir():
        pytest.skip("shared reference tables not present")
    table = chromosomes(build)
    for line in (hmf / lengths).read_text().splitlines():
        chrom, length = line.split("\t")
        assert table[chrom].length == int(length), chrom
    for line in (hmf / points).read_text().splitlines():
        chrom, position = line.split("\t")
        assert table[chrom].centromere_start <= int(position) <= table[chrom].centromere_end


def test_build_from_sequence_lengths() -> None:
    grch38 = {f"chr{c}": v.length for c, v in chromosomes("GRCh38").items()}
    assert build_from_lengths(grch38) == "GRCh38"
    assert build_from_lengths({"1": chromosomes("GRCh37")["1"].length, "MT": 16569}) == "GRCh37"
    mixed = {"1": chromosomes("GRCh37")["1"].length, "2": chromosomes("GRCh38")["2"].length}
    assert build_from_lengths(mixed) is None
    assert build_from_lengths({"chrUn_KI270302v1": 2274}) is None


# --- arm events ----------------------------------------------------------------------------


@pytest.mark.parametrize("build", BUILDS)
def test_whole_chromosome_19_loss(build: Build) -> None:
    segments = [
        arm_part(build, "19", "p", 0.01, 0.97, -0.56),
        arm_part(build, "19", "q", 0.02, 0.99, -0.54),
    ]
    (event,) = arm_events(segments, build, DEFAULT)
    assert (event.label, event.whole_chromosome, event.direction) == (
        "chromosome 19 loss", True, "loss",
    )  # fmt: skip
    assert [round(event.fraction(a), 2) for a in event.arms] == [0.96, 0.97]
    assert event.segments() == tuple(segments)
    assert event.summary() == "19p 0.96, 19q 0.97 of the arm in loss segments"


@pytest.mark.parametrize("build", BUILDS)
def test_focal_19q_deletion_is_not_an_arm_event(build: Build) -> None:
    focal = arm_part(build, "19", "q", 0.40, 0.45, -2.5)
    assert arm_events([focal], build, DEFAULT) == []
    q = next(a for a in arm_coverage([focal], build, DEFAULT) if (a.chrom, a.arm) == ("19", "q"))
    assert round(q.loss_fraction, 2) == 0.05


def test_one_arm_only_is_an_arm_event() -> None:
    segments = [
        arm_part("GRCh38", "19", "p", 0.0, 1.0, -0.6),
        arm_part("GRCh38", "19", "q", 0.0, 1.0, 0.02),
    ]
    (event,) = arm_events(segments, "GRCh38", DEFAULT)
    assert (event.label, event.whole_chromosome) == ("19p loss", False)


def test_arm_fraction_is_a_setting() -> None:
    segments = [
        arm_part("GRCh38", "19", "p", 0.0, 0.7, -0.6),
        arm_part("GRCh38", "19", "q", 0.3, 1.0, -0.6),
    ]
    assert arm_events(segments, "GRCh38", DEFAULT) == []
    lenient = CopyNumberThresholds(arm_fraction=0.6)
    assert [e.label for e in arm_events(segments, "GRCh38", lenient)] == ["chromosome 19 loss"]
    with pytest.raises(UsageError, match=r"arm-level fraction must be between 0\.5 and 1"):
        CopyNumberThresholds(arm_fraction=0.2)


def test_segment_calls_follow_the_thresholds() -> None:
    shallow = [arm_part("GRCh38", "19", a, 0.0, 1.0, -0.3) for a in "pq"]
    assert arm_events(shallow, "GRCh38", DEFAULT) == []  # -0.3 is neutral by default
    sensitive = CopyNumberThresholds(loss_log2=-0.25)
    assert [e.label for e in arm_events(shallow, "GRCh38", sensitive)] == ["chromosome 19 loss"]


def test_overlapping_segments_are_not_counted_twice() -> None:
    same = [arm_part("GRCh38", "19", "p", 0.1, 0.55, -0.6) for _ in range(2)]
    assert arm_events(same, "GRCh38", DEFAULT) == []
    abutting = [
        arm_part("GRCh38", "19", "p", 0.05, 0.5, -0.6),
        arm_part("GRCh38", "19", "p", 0.5, 0.95, -1.5),  # deletions count as loss too
    ]
    (event,) = arm_events(abutting, "GRCh38", DEFAULT)
    assert (event.label, round(event.fraction(event.arms[0]), 2)) == ("19p loss", 0.9)


def test_acrocentric_and_sex_chromosomes() -> None:
    whole = [seg("13", 1, chromosomes("GRCh38")["13"].length, -0.7)]
    x = [seg("X", 1, chromosomes("GRCh38")["X"].length, 0.9)]
    events = arm_events(whole + x, "GRCh38", DEFAULT)
    assert [e.label for e in events] == ["13q loss"]  # no 13p, no X
    arms = {(a.chrom, a.arm) for a in arm_coverage([], "GRCh38", DEFAULT)}
    assert len(arms) == 39 and ("13", "p") not in arms and ("X", "p") not in arms


def test_gains_losses_order_and_observation_text() -> None:
    segments = [
        arm_part("GRCh37", "7", "p", 0.0, 1.0, 0.6),
        arm_part("GRCh37", "7", "q", 0.0, 1.0, 0.6),
        arm_part("GRCh37", "1", "p", 0.02, 0.98, -0.7),
        arm_part("GRCh37", "19", "p", 0.0, 1.0, -0.7),
        arm_part("GRCh37", "19", "q", 0.0, 1.0, -0.7),
    ]
    events = arm_events(segments, "GRCh37", DEFAULT)
    assert [e.label for e in events] == ["1p loss", "chromosome 7 gain", "chromosome 19 loss"]
    assert describe(events[:1]) == "1p loss (1p 0.96 of the arm in loss segments)"
    note = observation(events, ["chromosome 19 loss"])
    assert note == (
        "arm-level copy-number changes (observation only, no knowledgebase entry): "
        "1p loss (1p 0.96 of the arm in loss segments); chromosome 7 gain (7p 1.00, 7q 1.00 of "
        "the arm in gain segments)"
    )
    assert observation(events[2:], ["chromosome 19 loss"]) is None


# --- through annotate ----------------------------------------------------------------------

HEADER = "chromosome\tstart\tend\tgene\tlog2\tcn\tdepth\tprobes\tweight\n"


def cns(path: Path, segments: list[CopyNumberSegment]) -> Path:
    rows = [
        f"chr{s.chrom}\t{s.start - 1}\t{s.end}\t-\t{s.log2}\t{1 if (s.log2 or 0) < 0 else 2}\t"
        f"50\t{s.probes}\t9.5\n"
        for s in segments
    ]
    path.write_text(HEADER + "".join(rows))
    return path


def test_chromosome_19_loss_matches_the_knowledgebase(tmp_path: Path, kb: Knowledgebase) -> None:
    segments = [
        arm_part("GRCh38", "19", "p", 0.0, 0.99, -0.56),
        arm_part("GRCh38", "19", "q", 0.01, 1.0, -0.54),
        arm_part("GRCh38", "1", "p", 0.0, 1.0, -0.6),
    ]
    path = cns(tmp_path / "t.cns", segments)
    result = annotate([path], Sample("T1"), kb, Settings(genome="GRCh38"))
    (finding,) = [f for f in result.findings if f.alteration.label == "chromosome 19 loss"]
    assert (finding.alteration.gene, finding.matched_biomarker, finding.tier) == (
        "chr19", "CHR19_LOSS", "IID",
    )  # fmt: skip
    assert [s.evidence_id for s in finding.prognostic] == ["EV-CHR19_LOSS-IMT-prognostic"]
    details = finding.alteration.details
    assert details["evidence"] == "19p 0.99, 19q 0.99 of the arm in loss segments"
    assert details["segment"] == "19p 1-24200000, 19q 28100001-58617616"
    assert any(w.startswith("arm-level copy-number changes") and "1p loss" in w
               for w in result.warnings)  # fmt: skip


def test_focal_19q_deletion_gives_no_finding(tmp_path: Path, kb: Knowledgebase) -> None:
    path = cns(tmp_path / "t.cns", [arm_part("GRCh37", "19", "q", 0.3, 0.35, -2.0)])
    result = annotate([path], Sample("T1"), kb, Settings(genome="GRCh37"))
    assert [f.alteration.label for f in result.findings] == []
    assert not any(w.startswith("arm-level") for w in result.warnings)
