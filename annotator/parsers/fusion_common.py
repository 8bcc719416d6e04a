"""Pieces shared by the fusion-table parsers: breakpoint strings and frame vocabularies."""

from __future__ import annotations

import re

from annotator.models import Breakpoint
from annotator.parsers.textio import Row

_BREAKPOINT = re.compile(
    r"^(?:chr)?(?P<chrom>[0-9XYMT]{1,2}|[A-Za-z0-9_.]+):(?P<pos>\d+)(?::(?P<strand>[+-]))?$"
)

# caller frame vocabularies -> one vocabulary (kept next to the caller's own word in the raw row)
FRAMES = {
    "in-frame": "in-frame",
    "inframe": "in-frame",
    "out-of-frame": "out-of-frame",
    "frameshift": "out-of-frame",
    "stop-codon": "stop-codon",
    "inframe-shift": "in-frame",  # SOAPfuse
    "in-frame-shift": "in-frame",  # SOAPfuse (as its manual spells it)
    "frame-shift": "out-of-frame",  # SOAPfuse
}


def breakpoint(row: Row, column: str) -> Breakpoint | None:
    """Parse ``2:29223528``, ``chr2:29223528:-`` into a Breakpoint (chrom without ``chr``)."""
    value = row.get(column)
    if value is None:
        return None
    m = _BREAKPOINT.match(value)
    if not m:
        raise row.error(
            column,
            f"expected a breakpoint like 'chr2:29223528[:+|-]', got {value!r}",
            span=bad_breakpoint_part(value),
        )
    chrom = m.group("chrom")
    strand = m.group("strand")
    return Breakpoint(
        "MT" if chrom == "M" else chrom,
        int(m.group("pos")),
        "+" if strand == "+" else "-" if strand == "-" else None,
    )


def breakpoint_from_columns(row: Row, chrom: str, pos: str, strand: str) -> Breakpoint | None:
    """A breakpoint from separate chromosome, 1-based position and gene-strand columns."""
    name = row.get(chrom)
    position = row.int(pos)
    if name is None or position is None:
        return None
    if position < 1:
        raise row.error(pos, f"expected a 1-based position, got {position}")
    sign = row.get(strand)
    if sign not in (None, "+", "-"):
        raise row.error(strand, f"expected a strand '+' or '-', got {sign!r}")
    bare = name.removeprefix("chr")
    return Breakpoint(
        "MT" if bare == "M" else bare, position, "+" if sign == "+" else "-" if sign else None
    )


def frame(value: str | None) -> str | None:
    if value is None:
        return None
    return FRAMES.get(value.lower(), value)


def bad_breakpoint_part(value: str) -> tuple[int, int]:
    """Where ``chrom:pos[:strand]`` goes wrong, as (offset, length) for the error caret."""
    parts = value.split(":")
    if len(parts) < 2 or not parts[0]:
        return 0, len(value)
    offset = len(parts[0]) + 1
    pos = parts[1]
    if not pos.isdigit():
        bad = next((i for i, ch in enumerate(pos) if not ch.isdigit()), 0)
        return offset + bad, max(len(pos) - bad, 1)
    offset += len(pos) + 1
    return offset, max(len(value) - offset, 1)
