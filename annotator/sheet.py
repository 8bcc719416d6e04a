"""Sample sheets for ``imt-annotator batch`` and the Snakemake workflow.

A sheet is CSV or TSV (told apart by the header line) with a header row: ``sample_id``,
``inputs`` (paths separated by ``;``, relative to the sheet's folder unless absolute) and the
optional metadata columns ``disease``, ``age``, ``sex``, ``site``, ``specimen`` and the
report-header fields a ``--meta`` file may give. Two optional columns say how to read the row's
inputs, as
``annotate``'s options of the same names do: ``input_sample`` (the sample to read from inputs
that hold several, e.g. a cohort MAF whose barcodes are not the sample ids) and
``tumor_sample`` (the VCF column holding the tumour). Blank lines and
lines starting with ``#`` are ignored. Every problem is collected, each with its line, and
reported together before any sample is annotated: a 200-row sheet should not fail one typo at a
time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.annotate import Sample
from annotator.errors import AnnotatorError, UsageError
from annotator.meta import ALLOWED, check_meta, sample_from_meta
from annotator.report.write import safe_file_stem

REQUIRED = ("sample_id", "inputs")
# disease, age, sex, site, specimen and the report-header fields a --meta file may give
OPTIONAL = ALLOWED
# per-row counterparts of annotate's --input-sample and --tumor-sample
READING = ("input_sample", "tumor_sample")
COLUMNS = (*REQUIRED, *OPTIONAL, *READING)


class SheetError(AnnotatorError):
    """A sample sheet with problems; carries every one of them, each with its line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = len(problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(problems[0] + tail)

    def detail_lines(self) -> list[str]:
        return [f"    {p}" for p in self.problems[1:]]


@dataclass(frozen=True, slots=True)
class SheetRow:
    line: int  # 1-based line of the row in the sheet
    sample: Sample
    inputs: tuple[Path, ...]  # as given, joined to the sheet's folder when relative
    input_sample: str | None = None  # the sample to read from inputs that hold several
    tumor_sample: str | None = None  # the VCF column holding the tumour


@dataclass(frozen=True, slots=True)
class Sheet:
    path: Path
    rows: tuple[SheetRow, ...]

    def row(self, sample_id: str) -> SheetRow:
        return next(r for r in self.rows if r.sample.id == sample_id)


def read_sheet(
    path: Path, check: Callable[[Sample], object] | None = None, *, check_inputs: bool = True
) -> Sheet:
    """Read and check a sheet; ``check`` is called with each row's sample and may raise an
    ``AnnotatorError`` (``batch.sample_check``: the disease and age ``annotate`` accepts).

    Raises ``SheetError`` listing every bad row (missing column, empty or repeated sample id,
    missing input file, unknown disease...). ``check_inputs=False`` skips the input files'
    existence (the cohort of an earlier batch needs only the sample ids).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise SheetError([f"{path}: not a text file (not UTF-8)"]) from e
    except OSError as e:
        raise SheetError([f"{path}: cannot read the sample sheet ({e.strerror})"]) from e
    lines = [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise SheetError([f"{path}: empty; expected a header row with {', '.join(REQUIRED)}"])
    header_line, header_text = lines[0]
    delimiter = "\t" if "\t" in header_text else ","
    header = [c.strip().lower() for c in _fields(header_text, delimiter)]
    _check_header(path, header_line, header)
    problems: list[str] = []
    rows: list[SheetRow] = []
    first_line: dict[str, int] = {}
    for number, line in lines[1:]:
        where = f"{path}:{number}"
        fields = [f.strip() for f in _fields(line, delimiter)]
        if len(fields) > len(header) and any(fields[len(header) :]):
            problems.append(
                f"{where}: expected {len(header)} fields ({', '.join(header)}), got {len(fields)}"
            )
            continue
        values = dict(zip(header, fields + [""] * (len(header) - len(fields)), strict=False))
        row = _row(path, number, values, first_line, check, problems, check_inputs)
        if row is not None:
            rows.append(row)
    if not rows and not problems:
        problems.append(f"{path}: no samples below the header")
    if problems:
        raise SheetError(problems)
    return Sheet(path, tuple(rows))


def _fields(line: str, delimiter: str) -> list[str]:
    """One line's fields: TSV is split on tabs as written; CSV may quote fields."""
    if delimiter == "\t":
        return line.split("\t")
    return next(csv.reader(io.StringIO(line)), [])


def _check_header(path: Path, line: int, header: list[str]) -> None:
    problems = []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(
            f"{path}:{line}: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing)}; columns present: {', '.join(header)}"
        )
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        problems.append(
            f"{path}:{line}: unknown column{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(c) for c in unknown)}; expected {', '.join(COLUMNS)}"
        )
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        problems.append(f"{path}:{line}: column(s) repeated: {', '.join(repeated)}")
    if problems:
        raise SheetError(problems)


def _row(
    path: Path,
    number: int,
    values: dict[str, str],
    first_line: dict[str, int],
    check: Callable[[Sample], object] | None,
    problems: list[str],
    check_inputs: bool,
) -> SheetRow | None:
    """Check one row, appending what is wrong to ``problems``; the row, if usable."""
    where = f"{path}:{number}"
    found_before = len(problems)
    sample_id = values["sample_id"]
    if not sample_id:
        problems.append(f"{where}: sample_id is empty")
    else:
        try:
            safe_file_stem(sample_id)
        except UsageError as e:
            problems.append(f"{where}: {e}")
        if sample_id in first_line:
            problems.append(
                f"{where}: sample_id {sample_id!r} repeats line {first_line[sample_id]}"
            )
        else:
            first_line[sample_id] = number
    named = [p.strip() for p in values["inputs"].split(";") if p.strip()]
    if not named:
        problems.append(f"{where}: inputs is empty; expected paths separated by ';'")
    inputs: list[Path] = []
    for name in named:
        given = Path(name)
        resolved = given if given.is_absolute() else path.parent / given
        if resolved in inputs:
            problems.append(f"{where}: input {name!r} is listed twice")
        elif check_inputs and not resolved.is_file():
            state = "is not a file" if resolved.exists() else "not found"
            problems.append(f"{where}: input {name!r} {state} ({resolved})")
        inputs.append(resolved)
    meta = check_meta(where, {k: v for k, v in values.items() if k in OPTIONAL and v})
    sample = sample_from_meta(sample_id, None, meta)
    if check is not None:
        try:
            check(sample)
        except AnnotatorError as e:
            problems.append(f"{where}: {e}")
    if len(problems) > found_before:
        return None
    return SheetRow(
        number,
        sample,
        tuple(inputs),
        values.get("input_sample") or None,
        values.get("tumor_sample") or None,
    )
