"""Reading helpers shared by the text-table parsers.

Every table format here is read the same way: gzip detected from magic bytes (not the file
name), a UTF-8 byte-order mark dropped, CRLF folded, a trailing tab or a missing final newline
tolerated, and every cell conversion error reported as ``file:line: column 'x': expected ...``.
"""

from __future__ import annotations

import csv
import gzip
import io
import stat
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annotator.errors import InputFormatError

GZIP_MAGIC = b"\x1f\x8b"
VCF_FIRST_LINE = "##fileformat=VCF"  # how every VCF starts (VCF 4.x specification, section 1.4)
MISSING = frozenset({"", ".", "NA", "N/A", "na", "n/a", "---", "nan", "NaN", "None", "null"})
HEAD_LINES = 64
HEAD_BYTES = 256 * 1024
Span = tuple[int, int]  # (offset, length) of the bad part of a cell, for the error caret


@dataclass(frozen=True, slots=True)
class Head:
    """The start of a file, as the sniff rules see it."""

    path: str
    lines: tuple[str, ...]  # decoded, without line endings
    gzipped: bool

    def first_content_line(self, skip_prefix: str | None = None) -> str | None:
        for line in self.lines:
            if line.strip() and not (skip_prefix and line.startswith(skip_prefix)):
                return line
        return None


def header_matches(head: Head, starts: str = "", columns: Sequence[str] = ()) -> bool:
    """The sniff rule of most tab-separated formats: the first content line starts with
    ``starts`` and names every one of ``columns`` (cells stripped)."""
    first = head.first_content_line()
    if first is None or not first.startswith(starts):
        return False
    fields = {f.strip() for f in first.split("\t")}
    return all(c in fields for c in columns)


def is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == GZIP_MAGIC


def read_head(path: Path) -> Head:
    """Read the first lines of a file for sniffing; binary or empty files are errors."""
    try:
        mode = path.stat().st_mode
    except OSError:  # missing or unreadable: reported below, on opening it
        mode = 0
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode):
        raise InputFormatError(
            path,
            "not a regular file (a pipe or device); an input is read more than once "
            "(to detect its format, then to parse it), so give a file",
        )
    try:
        with path.open("rb") as fh:
            start = fh.read(2)
        gz = start == GZIP_MAGIC
        if gz:
            with gzip.open(path, "rb") as zfh:
                data = zfh.read(HEAD_BYTES)
        else:
            with path.open("rb") as fh:
                data = fh.read(HEAD_BYTES)
    except (EOFError, OSError, zlib.error) as e:
        if isinstance(e, FileNotFoundError):
            raise InputFormatError(path, "file not found") from e
        if isinstance(e, IsADirectoryError):
            raise InputFormatError(path, "is a directory, expected a file") from e
        if isinstance(e, PermissionError):
            raise InputFormatError(path, "permission denied") from e
        raise InputFormatError(path, f"cannot read the start of the file ({e})") from e
    if not data.strip():
        raise InputFormatError(path, "file is empty")
    if b"\x00" in data:
        raise InputFormatError(path, "binary file, expected a text or gzipped text format")
    text = _decode(path, data, complete=len(data) < HEAD_BYTES)
    lines = text.splitlines()
    if len(data) >= HEAD_BYTES and lines:
        lines = lines[:-1]  # the last line may be cut in the middle
    return Head(str(path), tuple(lines[:HEAD_LINES]), gz)


def _decode(path: Path, data: bytes, *, complete: bool) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        if not complete and e.start >= len(data) - 4:
            text = data[: e.start].decode("utf-8")  # a multi-byte character cut at the edge
        else:
            line = data[: e.start].count(b"\n") + 1
            raise InputFormatError(
                path, "not UTF-8 text (binary or wrongly encoded file)", line=line
            ) from e
    return text.removeprefix("\ufeff")


def open_text(path: Path) -> IO[str]:
    """Open a text file or gzipped text file for line-by-line reading."""
    if is_gzip(path):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline=None)
    return path.open("r", encoding="utf-8-sig", newline=None)


def numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (1-based line number, line without line ending); decode/gzip errors name the line."""
    lineno = 0
    try:
        with open_text(path) as fh:
            for lineno, line in enumerate(fh, start=1):
                yield lineno, line.rstrip("\r\n")
    except UnicodeDecodeError as e:
        raise InputFormatError(path, "not UTF-8 text", line=lineno + 1) from e
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        raise InputFormatError(
            path, f"compressed stream is truncated or corrupt after this line ({e})", line=lineno
        ) from e


def missing(value: str) -> bool:
    return value.strip() in MISSING


class Row:
    """One table row addressed by column name, with conversions that report where they fail."""

    __slots__ = ("_index", "delimiter", "line", "path", "text_line", "values")

    def __init__(
        self,
        path: str,
        line: int,
        index: dict[str, int],
        values: list[str],
        text_line: str | None = None,
        delimiter: str = "\t",
    ) -> None:
        self.path = path
        self.line = line
        self._index = index
        self.values = values
        self.text_line = text_line  # the line as read, for the excerpt under an error
        self.delimiter = delimiter

    def has(self, column: str) -> bool:
        return column in self._index

    def raw(self) -> tuple[tuple[str, str], ...]:
        return tuple((name, self.values[i]) for name, i in self._index.items())

    def get(self, column: str) -> str | None:
        """The cell, or None when the column is absent or the value is a missing marker."""
        i = self._index.get(column)
        if i is None:
            return None
        value = self.values[i].strip()
        return None if value in MISSING else value

    def text(self, column: str) -> str:
        value = self.get(column)
        if value is None:
            raise self.error(column, "expected a value, got nothing")
        return value

    def int(self, column: str) -> int | None:
        value = self.get(column)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            try:
                as_float = float(value)
            except ValueError:
                as_float = float("nan")
            if as_float.is_integer():
                return int(as_float)
            raise self.error(column, f"expected an integer, got {value!r}") from None

    def float(self, column: str) -> float | None:
        value = self.get(column)
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            raise self.error(column, f"expected a number, got {value!r}") from None

    def error(self, column: str, problem: str, span: Span | None = None) -> InputFormatError:
        """An error naming file, line and column, with the line and a caret under the cell.

        ``span`` narrows the caret to ``(offset, length)`` within the cell's stripped value
        (e.g. the position part of a breakpoint).
        """
        excerpt, caret = _caret(self, column, span)
        return InputFormatError(
            self.path, problem, line=self.line, column=column, excerpt=excerpt, caret=caret
        )


def _caret(row: Row, column: str, span: Span | None) -> tuple[str | None, Span | None]:
    i = row._index.get(column)
    if i is None or i >= len(row.values):
        return None, None
    cells = [v.replace("\t", " ") for v in row.values]
    sep = " " if row.delimiter == "\t" else row.delimiter
    line = sep.join(cells)
    start = sum(len(c) + len(sep) for c in cells[:i])
    cell = cells[i]
    lead = len(cell) - len(cell.lstrip())
    if span is not None:
        start, length = start + lead + span[0], span[1]
    else:
        start, length = start + lead, max(len(cell.strip()), 1)
    # long lines: a window around the cell, so the caret stays on screen
    width = 100
    if len(line) > width:
        left = max(0, min(start - 30, len(line) - width))
        shown = line[left : left + width]
        prefix = "…" if left else ""
        suffix = "…" if left + width < len(line) else ""
        return prefix + shown + suffix, (start - left + len(prefix), min(length, width))
    return line, (start, length)


@dataclass(frozen=True, slots=True)
class Table:
    path: str
    header: tuple[str, ...]
    header_line: int
    rows: Iterator[Row]


def read_table(
    path: Path,
    *,
    comment_prefixes: Sequence[str] = (),
    header_prefix: str = "",
    required: Sequence[str] = (),
    delimiter: str = "\t",
    quoted: bool = False,
    names: Sequence[str] | None = None,
    ragged: bool = False,
) -> Table:
    """Read a delimited table with a header line.

    ``header_prefix`` is stripped from the header's first field (``#gene1`` -> ``gene1``,
    ``# chrom1`` -> ``chrom1``). Lines starting with a ``comment_prefixes`` entry before the
    header are skipped. Rows may carry extra empty trailing fields (a trailing tab); any other
    width mismatch is an error unless ``ragged`` (short rows padded with empty cells, used
    for formats whose trailing optional columns may be left off).
    ``quoted``: cells follow CSV quoting rules (``"a,b"``, doubled quotes), as in CSV exports.
    ``names``: the file has no header line; these are its columns.
    """
    lines = numbered_lines(path)
    header: tuple[str, ...] | None = None
    header_line = 0
    if names is not None:
        header = tuple(names)
    for lineno, line in lines if header is None else ():
        if not line.strip():
            continue
        if header_prefix and line.startswith(header_prefix):
            header = _split_header(line[len(header_prefix) :], delimiter, quoted)
            header_line = lineno
            break
        if any(line.startswith(p) for p in comment_prefixes):
            continue
        header = _split_header(line, delimiter, quoted)
        header_line = lineno
        break
    if header is None:
        raise InputFormatError(path, "no header line found")
    missing_cols = [c for c in required if c not in header]
    if missing_cols:
        raise InputFormatError(
            path,
            f"missing required column{'s' if len(missing_cols) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing_cols)}; columns present: {', '.join(header)}",
            line=header_line,
        )
    index = {name: i for i, name in enumerate(header) if name}
    rows = _rows(str(path), lines, header, index, delimiter, quoted=quoted, ragged=ragged)
    return Table(str(path), header, header_line, rows)


def split_line(line: str, delimiter: str, quoted: bool) -> list[str]:
    if not quoted or '"' not in line:
        return line.split(delimiter)
    return next(csv.reader([line], delimiter=delimiter, strict=False))


def _split_header(line: str, delimiter: str, quoted: bool = False) -> tuple[str, ...]:
    fields = [f.strip() for f in split_line(line, delimiter, quoted)]
    while fields and fields[-1] == "":
        fields.pop()
    return tuple(fields)


def _rows(
    path: str,
    lines: Iterator[tuple[int, str]],
    header: tuple[str, ...],
    index: dict[str, int],
    delimiter: str,
    *,
    quoted: bool,
    ragged: bool,
) -> Iterator[Row]:
    width = len(header)
    what = {"\t": "tab-separated", ",": "comma-separated"}.get(delimiter, "delimited")
    for lineno, line in lines:
        if not line.strip():
            continue
        values = split_line(line, delimiter, quoted)
        if len(values) > width and all(not v.strip() for v in values[width:]):
            values = values[:width]
        if ragged and len(values) < width:
            values = values + [""] * (width - len(values))
        if len(values) != width:
            raise InputFormatError(
                path,
                f"expected {width} {what} fields as in the header, got {len(values)}",
                line=lineno,
                excerpt=line[:100].replace("\t", " "),
                caret=(0, min(len(line), 100)),
            )
        yield Row(path, lineno, index, values, line, delimiter)
