"""One sample from a file that holds several: which, and what happens to the other rows.

A report is about one sample, but a cBioPortal or OncoKB table, a SEG file, a MAF or a CICERO
run may hold many. The rule is the same for every such format (``choose_samples``): the sample
given with ``--input-sample`` (an error naming the samples present when it is absent), else the
report's own sample id when the file has it, else the one sample present; with several and no
choice, all are read and a warning names them, because their calls are pooled into one report.

Tables that name the sample on each row (``pick_rows``) are read whole and then narrowed: the
records and skipped rows of other samples leave the input, and their lines are listed under one
``skipped`` entry that names those samples (its count is the total; the first ``MAX_LINES`` line
numbers are listed), so nothing disappears silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from annotator.errors import InputFormatError
from annotator.models import ParsedInput, PassengerVariant, Record, Skipped
from annotator.parsers.base import SampleChoice
from annotator.passengers import MAX_LINES


def choose_samples(
    path: str, available: Sequence[str], sample: str | SampleChoice | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The samples to read from a multi-sample file, and the warnings that go with the choice.

    A sample given by the user: that sample only (an error naming the samples present if it is
    absent). Else the report's own sample id when the file has it. One sample in the file:
    that one. Several and no choice: all of them, with a warning that names them, because
    their records are pooled into one set of calls.
    """
    choice = SampleChoice(explicit=sample) if isinstance(sample, str) else sample or SampleChoice()
    if choice.explicit is not None:
        if choice.explicit not in available:
            raise InputFormatError(
                path,
                f"sample {choice.explicit!r} is not in the file; samples present: "
                + ", ".join(available),
            )
        return (choice.explicit,), ()
    if choice.report is not None and choice.report in available and len(available) > 1:
        return (choice.report,), ()
    if len(available) <= 1:
        return tuple(available), ()
    return tuple(available), (
        f"{path}: holds {len(available)} samples ({_shown(available, 10)}) and none is the "
        "report's sample id; all were read and their values are pooled into one set of calls; "
        "choose one with --input-sample",
    )


@dataclass(frozen=True, slots=True)
class RowChoice:
    """The sample chosen from a table that names one on each row, and the rows left out."""

    available: tuple[str, ...]  # the samples the rows name, in file order
    chosen: tuple[str, ...]
    warnings: tuple[str, ...]
    dropped: frozenset[int]  # lines of the rows not read
    others: tuple[str, ...]  # the samples not read
    unnamed: bool  # rows naming no sample were left out (a sample was chosen)

    def reason(self) -> str:
        unnamed = "; rows naming no sample" if self.unnamed else ""
        return (
            f"rows of other samples ({_shown(self.others, 5)}{unnamed}): this report reads "
            f"{self.chosen[0]}"
        )


def choose_rows(
    path: str, rows: Iterable[tuple[int, str]], choice: SampleChoice | None
) -> RowChoice | None:
    """The choice for a table whose ``rows`` are (line, sample named on it; "" for none), one
    per data row; None when no row names a sample."""
    by_sample: dict[str, list[int]] = {}
    for line, sample in rows:
        by_sample.setdefault(sample, []).append(line)
    available = tuple(s for s in by_sample if s)
    if not available:
        return None
    chosen, warnings = choose_samples(path, available, choice)
    subset = len(chosen) < len(available)
    left_out = [s for s in by_sample if s not in chosen and (s or subset)]
    return RowChoice(
        available,
        chosen,
        warnings,
        frozenset(line for s in left_out for line in by_sample[s]),
        tuple(s for s in left_out if s),
        "" in left_out,
    )


def apply_choice(parsed: ParsedInput, picked: RowChoice | None) -> ParsedInput:
    """``parsed`` narrowed to the chosen sample: the samples present are added to the details
    and the chosen one becomes the sample hint; the records and skipped rows of the rows left
    out leave the input, and their lines make one skipped entry naming those samples."""
    if picked is None:
        return parsed
    details = (*parsed.details, ("samples", _shown(picked.available, 10)))
    hint = picked.chosen[0] if len(picked.chosen) == 1 else None
    warnings = (*parsed.warnings, *picked.warnings)
    if not picked.dropped:
        return replace(parsed, warnings=warnings, details=details, sample_hint=hint)
    kept_skips = (_without(s, picked.dropped) for s in parsed.skipped)
    moved = Skipped(  # a cohort file: the first MAX_LINES line numbers, as for passengers
        parsed.path,
        picked.reason(),
        tuple(sorted(picked.dropped)[:MAX_LINES]),
        len(picked.dropped),
        picked.others[:5],
    )
    return replace(
        parsed,
        records=tuple(r for r in parsed.records if _line(r) not in picked.dropped),
        skipped=(*(s for s in kept_skips if s.count), moved),
        warnings=warnings,
        details=(*details, ("sample read", picked.chosen[0])),
        sample_hint=hint,
    )


def pick_rows(
    parsed: ParsedInput, rows: Iterable[tuple[int, str]], choice: SampleChoice | None
) -> ParsedInput:
    """``apply_choice`` of ``choose_rows``: the whole step for a parser with nothing of its own
    to narrow."""
    return apply_choice(parsed, choose_rows(parsed.path, rows, choice))


def _line(record: Record) -> int:
    return record.line if isinstance(record, PassengerVariant) else record.source.line


def _without(skipped: Skipped, dropped: frozenset[int]) -> Skipped:
    """The entry without the rows of other samples (an entry whose lines are all listed)."""
    if skipped.count != len(skipped.lines) or not dropped.intersection(skipped.lines):
        return skipped
    lines = tuple(line for line in skipped.lines if line not in dropped)
    return replace(skipped, lines=lines, count=len(lines))


def _shown(items: Sequence[str], limit: int) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more
