"""Chromosome-arm and whole-chromosome gains and losses from copy-number segments.

Arms come from the bundled centromere table (``annotator/reference/data/centromeres.tsv``, UCSC
cytoBand ``acen`` bands, see the reference README): the p arm runs from 1 to the base before
the centromere, the q arm from the base after it to the chromosome end.

For each arm, every segment with a value is called with the gene-level thresholds
(:class:`~annotator.normalize.copy_number.CopyNumberThresholds`: loss or deletion count as
loss, gain or amplification as gain) and the fraction of the arm's length covered by the union
of the loss (gain) segments is measured. An arm is lost (gained) when that fraction reaches
``CopyNumberThresholds.arm_fraction`` (default 0.8), the cut-off of the TCGA arm-level calls
(Taylor et al., Cancer Cell 2018;33:676, PMID 29622463: an arm is altered when the change spans
at least 80% of its length). A chromosome is lost (gained) when both arms are. The p arms of the
acrocentric chromosomes 13, 14, 15, 21 and 22 (rDNA and satellite repeats, not measured by
sequencing) are never called, as in that study; those chromosomes are judged on q alone and
reported as arm events ("13q loss"). X and Y are not called either: their ratios depend on the
sex of the sample and of the reference, which the inputs do not state (a female tumour against
a male reference shows a "gain" of X), and the study scored autosomes only.

The fraction is of the whole arm, not of its measured part: a panel whose segments do not
reach the telomere or the centromere loses a little, which the 0.8 cut-off absorbs (CNVkit
segments of a whole-arm loss cover more than 0.95 of the arm). Segments from every input and
sample are pooled; overlapping segments are not counted twice.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from annotator.models import CopyNumberSegment
from annotator.normalize.copy_number import CopyNumberThresholds, classify_segment
from annotator.reference.genes import Build

Direction = Literal["loss", "gain"]
ArmName = Literal["p", "q"]
ACROCENTRIC = frozenset({"13", "14", "15", "21", "22"})
SEX_CHROMOSOMES = frozenset({"X", "Y"})
DATA = "centromeres.tsv"


@dataclass(frozen=True, slots=True)
class Chromosome:
    name: str  # without "chr"
    length: int
    centromere_start: int  # 1-based inclusive, first base of the acen bands
    centromere_end: int

    @property
    def p(self) -> tuple[int, int]:
        return 1, self.centromere_start - 1

    @property
    def q(self) -> tuple[int, int]:
        return self.centromere_end + 1, self.length


@cache
def chromosomes(build: Build) -> dict[str, Chromosome]:
    """Primary chromosomes of one build with their length and centromere."""
    text = resources.files("annotator.reference").joinpath("data", DATA).read_text("utf-8")
    out = {}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        if row["build"] == build:
            out[row["chrom"]] = Chromosome(
                row["chrom"],
                int(row["length"]),
                int(row["centromere_start"]),
                int(row["centromere_end"]),
            )
    return out


def build_from_lengths(lengths: Mapping[str, int]) -> Build | None:
    """The build whose chromosome lengths these are (``chr`` prefix ignored), or None.

    Decided on the primary chromosomes the mapping names; every one must match, and at least
    one must be given. GRCh37 and GRCh38 differ in the length of every autosome.
    """
    given = {k.removeprefix("chr"): v for k, v in lengths.items()}
    for build in ("GRCh38", "GRCh37"):
        known = chromosomes(build)
        shared = [c for c in known if c in given]
        if shared and all(given[c] == known[c].length for c in shared):
            return build
    return None


@dataclass(frozen=True, slots=True)
class ArmCoverage:
    """How much of one arm the loss and gain segments cover."""

    chrom: str
    arm: ArmName
    start: int
    end: int
    loss_fraction: float
    gain_fraction: float
    assessed_fraction: float  # covered by any segment with a value
    loss_segments: tuple[CopyNumberSegment, ...]
    gain_segments: tuple[CopyNumberSegment, ...]

    @property
    def length(self) -> int:
        return self.end - self.start + 1


@dataclass(frozen=True, slots=True)
class ArmEvent:
    """An arm-level or whole-chromosome loss or gain."""

    chrom: str
    arms: tuple[ArmCoverage, ...]  # one arm, or p and q for a whole chromosome
    direction: Direction
    build: Build
    threshold: float  # the arm fraction that was required (CopyNumberThresholds.arm_fraction)

    @property
    def whole_chromosome(self) -> bool:
        return len(self.arms) == 2

    @property
    def label(self) -> str:
        if self.whole_chromosome:
            return f"chromosome {self.chrom} {self.direction}"
        return f"{self.chrom}{self.arms[0].arm} {self.direction}"

    def fraction(self, arm: ArmCoverage) -> float:
        return arm.loss_fraction if self.direction == "loss" else arm.gain_fraction

    def segments(self) -> tuple[CopyNumberSegment, ...]:
        out: dict[int, CopyNumberSegment] = {}
        for arm in self.arms:
            chosen = arm.loss_segments if self.direction == "loss" else arm.gain_segments
            out.update((id(s), s) for s in chosen)
        return tuple(sorted(out.values(), key=lambda s: (s.start, s.end)))

    def summary(self) -> str:
        """e.g. ``19p 0.97, 19q 0.95 of the arm in loss segments``."""
        parts = [f"{self.chrom}{a.arm} {self.fraction(a):.2f}" for a in self.arms]
        return f"{', '.join(parts)} of the arm in {self.direction} segments"


def _covered(intervals: Iterable[tuple[int, int]], start: int, end: int) -> int:
    """Bases of [start, end] covered by the union of the (1-based inclusive) intervals."""
    clipped = sorted((max(s, start), min(e, end)) for s, e in intervals if s <= end and e >= start)
    total, reach = 0, start - 1
    for s, e in clipped:
        if e > reach:
            total += e - max(s, reach + 1) + 1
            reach = e
    return total


def arm_coverage(
    segments: Iterable[CopyNumberSegment],
    build: Build,
    thresholds: CopyNumberThresholds,
) -> list[ArmCoverage]:
    """Loss and gain coverage of every callable arm (autosomes; acrocentric p arms left out)."""
    by_chrom: dict[str, list[tuple[CopyNumberSegment, str]]] = {}
    for seg in segments:
        call = classify_segment(seg, thresholds)
        if call is not None:
            by_chrom.setdefault(seg.chrom, []).append((seg, call))
    out = []
    for name, chrom in chromosomes(build).items():
        if name in SEX_CHROMOSOMES:
            continue
        calls = by_chrom.get(name, [])
        arms: list[tuple[ArmName, tuple[int, int]]] = [("p", chrom.p), ("q", chrom.q)]
        for arm, (start, end) in arms:
            if arm == "p" and name in ACROCENTRIC:
                continue
            inside = [(s, c) for s, c in calls if s.start <= end and s.end >= start]
            loss = tuple(s for s, c in inside if c in ("loss", "deletion"))
            gain = tuple(s for s, c in inside if c in ("gain", "amplification"))
            size = end - start + 1
            out.append(
                ArmCoverage(
                    name,
                    arm,
                    start,
                    end,
                    _covered(((s.start, s.end) for s in loss), start, end) / size,
                    _covered(((s.start, s.end) for s in gain), start, end) / size,
                    _covered(((s.start, s.end) for s, _ in inside), start, end) / size,
                    loss,
                    gain,
                )
            )
    return out


def arm_events(
    segments: Iterable[CopyNumberSegment],
    build: Build,
    thresholds: CopyNumberThresholds,
) -> list[ArmEvent]:
    """Whole-chromosome and arm-level losses and gains, in chromosome order.

    A chromosome whose both arms are lost is one event ("chromosome 19 loss"), not two.
    """
    coverage = arm_coverage(segments, build, thresholds)
    cut = thresholds.arm_fraction
    events: list[ArmEvent] = []
    for direction in ("loss", "gain"):
        called: dict[str, list[ArmCoverage]] = {}
        for arm in coverage:
            fraction = arm.loss_fraction if direction == "loss" else arm.gain_fraction
            if fraction >= cut:
                called.setdefault(arm.chrom, []).append(arm)
        for chrom, arms in called.items():
            if len(arms) == 2:
                events.append(ArmEvent(chrom, tuple(arms), direction, build, cut))
            else:
                events.extend(ArmEvent(chrom, (a,), direction, build, cut) for a in arms)
    order = list(chromosomes(build))
    events.sort(key=lambda e: (order.index(e.chrom), e.arms[0].arm, e.direction))
    return events


def describe(events: Sequence[ArmEvent]) -> str:
    """One line listing events, e.g. ``1p loss (1p 0.97 of the arm in loss segments)``."""
    return "; ".join(f"{e.label} ({e.summary()})" for e in events)


def observation(events: Sequence[ArmEvent], reported: Iterable[str]) -> str | None:
    """A warning line for the events not reported as alterations (``reported``: their labels)."""
    shown = set(reported)
    rest = [e for e in events if e.label not in shown]
    if not rest:
        return None
    lead = "arm-level copy-number changes (observation only, no knowledgebase entry)"
    return f"{lead}: {describe(rest)}"
