"""Variants outside the genes a report interprets: their skip reasons and how they are counted.

A somatic VCF holds up to millions of records, of which a handful touch the target genes. The
VCF parser counts the others as it reads (``vcf.parse(genes=...)``) and hands the counts over
as ``PassengerSkipped`` entries; ``alterations.SkipLog`` counts the variants it turns away the
same way. Both keep, per (input, reason), the total, the first ``MAX_LINES`` line numbers and
the first ``MAX_EXAMPLES`` distinct examples, so a light read and a full read of the same file
give the same report: ``SkipLog.absorb`` merges a parser's count into its own at the right
place (``Tally.merge``).
"""

from __future__ import annotations

import heapq
from bisect import insort
from dataclasses import dataclass

from annotator.models import ParsedInput, Skipped

OUTSIDE_TARGETS = "variant outside the IMT target genes"
NOT_ANNOTATED = "variant not annotated (no VEP/SnpEff)"
MAX_LINES = 1000  # line numbers kept per (input, reason); the count is always the total
MAX_EXAMPLES = 5  # distinct examples kept per (input, reason), the first ones in line order


@dataclass(frozen=True, slots=True)
class PassengerSkipped(Skipped):
    """A parser's count of variants outside the target genes, with the line of each example
    (what a merge with other counts of the same reason needs to keep the first ones)."""

    example_lines: tuple[int, ...] = ()


class Tally:
    """The count, first line numbers and first distinct examples of one skip reason."""

    __slots__ = ("count", "examples", "lines")

    def __init__(self) -> None:
        self.count = 0
        self.lines: list[int] = []
        self.examples: list[tuple[int, str]] = []  # (first line, example), distinct examples

    @property
    def full(self) -> bool:
        """Whether lines and examples are all kept: further variants only add to the count."""
        return len(self.lines) >= MAX_LINES and len(self.examples) >= MAX_EXAMPLES

    def add(self, line: int, example: str) -> None:
        """One more variant; lines usually come in order, but after a ``merge`` they may be
        earlier than some kept already."""
        self.count += 1
        lines = self.lines
        if not lines or line >= lines[-1]:
            if len(lines) < MAX_LINES:
                lines.append(line)
        else:
            insort(lines, line)
            del lines[MAX_LINES:]
        examples = self.examples
        if len(examples) >= MAX_EXAMPLES and line >= examples[-1][0]:
            return
        for i, (seen, kept) in enumerate(examples):
            if kept == example:
                if seen <= line:
                    return
                del examples[i]
                break
        insort(examples, (line, example), key=_first)
        del examples[MAX_EXAMPLES:]

    def merge(self, other: PassengerSkipped) -> None:
        """Add another count of the same reason and input, whose lines interleave with these
        (both in line order): the first lines and examples of the two together are kept."""
        self.count += other.count
        self.lines = list(heapq.merge(self.lines, other.lines))[:MAX_LINES]
        merged = sorted(
            [*self.examples, *zip(other.example_lines, other.examples, strict=True)], key=_first
        )
        self.examples = []
        for line, example in merged:
            if len(self.examples) < MAX_EXAMPLES and all(e != example for _, e in self.examples):
                self.examples.append((line, example))

    def extend(self, later: Tally, offset: int) -> None:
        """Add the count of lines that all come after these, numbered from ``offset + 1``."""
        self.count += later.count
        self.lines += [n + offset for n in later.lines[: MAX_LINES - len(self.lines)]]
        for line, example in later.examples:  # enough: at most len(self.examples) repeat
            if len(self.examples) < MAX_EXAMPLES and all(e != example for _, e in self.examples):
                self.examples.append((line + offset, example))

    def skipped(self, path: str, reason: str) -> Skipped:
        return Skipped(
            path, reason, tuple(self.lines), self.count, tuple(e for _, e in self.examples)
        )

    def passenger_skipped(self, path: str, reason: str) -> PassengerSkipped:
        return PassengerSkipped(
            path,
            reason,
            tuple(self.lines),
            self.count,
            tuple(e for _, e in self.examples),
            tuple(line for line, _ in self.examples),
        )


def _first(example: tuple[int, str]) -> int:
    return example[0]


def record_count(parsed: ParsedInput) -> int:
    """The records a parser read: those it returns and the variants it only counted."""
    counted = sum(s.count for s in parsed.skipped if isinstance(s, PassengerSkipped))
    return len(parsed.records) + counted
