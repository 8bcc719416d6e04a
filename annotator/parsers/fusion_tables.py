"""Cell readers shared by the fusion tables that give chromosome, position and strand in
separate columns (CICERO, deFuse, InFusion, FusionMap, SOAPfuse, ChimeraScan, Trans-ABySS...).

Positions are checked to be 1-based (>= 1), chromosomes lose a ``chr`` prefix (``M`` -> ``MT``)
and a strand cell must be one of the caller's two spellings; anything else is an
``InputFormatError`` naming the file, line and column, with a caret under the cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from annotator.models import Breakpoint
from annotator.parsers.textio import Row

Strand = Literal["+", "-"]


def chromosome(name: str) -> str:
    bare = name.removeprefix("chr")
    return "MT" if bare == "M" else bare


def position(row: Row, column: str) -> int | None:
    """A 1-based position cell, or None when the caller left it missing."""
    value = row.int(column)
    if value is not None and value < 1:
        raise row.error(column, f"expected a 1-based position, got {value}")
    return value


def strand(
    row: Row, column: str, plus: tuple[str, ...] = ("+",), minus: tuple[str, ...] = ("-",)
) -> Strand | None:
    """A strand cell in the caller's spelling (``+``/``-``, ``1``/``-1``...), or None if missing."""
    value = row.get(column)
    if value is None:
        return None
    if value in plus:
        return "+"
    if value in minus:
        return "-"
    spelled = " or ".join(repr(s) for s in (*plus, *minus))
    raise row.error(column, f"expected a strand {spelled}, got {value!r}")


def located(
    row: Row, chrom_column: str, pos_column: str, sign: Strand | None = None
) -> Breakpoint | None:
    """A breakpoint from a chromosome and a 1-based position column (None if either is missing).

    ``sign`` is set only when the caller's strand is the gene/transcript strand.
    """
    name = row.get(chrom_column)
    pos = position(row, pos_column)
    if name is None or pos is None:
        return None
    return Breakpoint(chromosome(name), pos, sign)


def gene(row: Row, column: str) -> str:
    """A gene cell as written; a missing marker (``NA``, ``.``, empty) becomes ``""``."""
    return row.get(column) or ""


def without(
    raw: tuple[tuple[str, str], ...], columns: Iterable[str]
) -> tuple[tuple[str, str], ...]:
    """The row's cells minus bulky ones (read names, contig and junction sequences)."""
    dropped = set(columns)
    return tuple((k, v) for k, v in raw if k not in dropped)


def note(label: str, value: str | None) -> tuple[str, ...]:
    """``("label: value",)`` when the caller gave a value, else ``()``."""
    return (f"{label}: {value}",) if value is not None else ()
