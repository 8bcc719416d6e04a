"""Pieces the copy-number parsers share: chromosome names, skipped-row lists, GISTIC-style
discrete values and SAM-style sequence dictionaries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.models import Skipped
from annotator.normalize.chromosome_arms import build_from_lengths
from annotator.parsers.textio import Row

# GISTIC, IGV and TCGA SEG files number the sex chromosomes.
NUMBERED_SEX_CHROMOSOMES = {"23": "X", "24": "Y"}
# cBioPortal's importer turns -1.5 ("partial deletion") into -2 (its import-test fixture says
# "partial deletion gets converted into full deletion").
DISCRETE_VALUES = {"-2": -2, "-1.5": -2, "-1": -1, "0": 0, "1": 1, "2": 2}
# OncoKB annotator words for the same levels (CnaAnnotator, individual CNA files).
DISCRETE_WORDS = {"amplification": 2, "gain": 1, "loss": -1, "deletion": -2}


def chrom_name(value: str) -> str:
    """``chr12`` -> ``12``; names are otherwise kept as the reference spells them."""
    return value[3:] if value[:3].lower() == "chr" else value


def required_int(row: Row, column: str) -> int:
    value = row.int(column)
    if value is None:
        raise row.error(column, "expected an integer, got nothing")
    return value


def finite_float(row: Row, column: str) -> float | None:
    """A number, with ``Inf``/``-Inf`` (written by some tools for an empty bin) as not given."""
    value = row.get(column)
    if value is not None and value.lstrip("+-").lower() in ("inf", "infinity"):
        return None
    number = row.float(column)
    if number is not None and math.isnan(number):
        return None
    return number


def discrete_value(row: Row, column: str, *, words: bool = False) -> int | None:
    """A GISTIC-style value -2..2 (``-1.5`` read as -2); with ``words``, OncoKB's words too."""
    value = row.get(column)
    if value is None:
        return None
    key = value.strip()
    if key.startswith("+"):
        key = key[1:]
    if key.endswith(".0"):
        key = key[:-2]
    if key in DISCRETE_VALUES:
        return DISCRETE_VALUES[key]
    if words and key.lower() in DISCRETE_WORDS:
        return DISCRETE_WORDS[key.lower()]
    expected = "-2, -1, 0, 1 or 2" + (" or Amplification/Gain/Loss/Deletion" if words else "")
    raise row.error(column, f"expected a discrete copy-number value {expected}, got {value!r}")


@dataclass
class SkipLog:
    """Rows a parser does not turn into records, grouped by reason in file order."""

    path: str
    rows: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def add(self, reason: str, line: int, example: str) -> None:
        self.rows.setdefault(reason, []).append((line, example))

    def entries(self) -> tuple[Skipped, ...]:
        return tuple(
            Skipped(
                path=self.path,
                reason=reason,
                lines=tuple(line for line, _ in rows),
                count=len(rows),
                examples=tuple(example for _, example in rows[:3]),
            )
            for reason, rows in self.rows.items()
        )


def sequence_dictionary(lines: Iterable[str]) -> dict[str, int]:
    """Sequence name -> length from SAM-style ``@SQ SN:.. LN:..`` lines."""
    lengths: dict[str, int] = {}
    for line in lines:
        if not line.startswith("@SQ"):
            continue
        tags = dict(t.split(":", 1) for t in line.split("\t")[1:] if ":" in t)
        if "SN" in tags and tags.get("LN", "").isdigit():
            lengths[tags["SN"]] = int(tags["LN"])
    return lengths


def build_hint(lengths: dict[str, int]) -> str | None:
    """``GRCh37``/``GRCh38`` when the sequence lengths are those of one build."""
    return build_from_lengths(lengths) if lengths else None
