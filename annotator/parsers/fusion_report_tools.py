"""fusion-report's per-tool summaries turned into FusionCalls (shared by its CSV and JSON).

fusion-report (github.com/Clinical-Genomics/fusion-report, ``core/parser/*.py``) keeps, for
each fusion and each tool that found it, a few renamed fields: ``position`` ``A#B`` (each side
``chrom:pos[:strand]``; SQUID gives ``start-end`` ranges) and tool-specific counts. They map to
the support triple as follows (names as fusion-report writes them):

==============  ==============================  =================  ===========  ===========
tool            split (junction) reads          discordant pairs   total        frame/conf.
==============  ==============================  =================  ===========  ===========
arriba          split_reads1 + split_reads2     discordant_mates               reading-frame,
                                                                               confidence
starfusion      junction_reads                  spanning_reads
fusioncatcher   spanning_unique_reads           spanning_pairs                 fusion_type
ericscript      junction_reads (spanningreads)  discordant_reads
jaffa           spanning_reads                  spanning_pairs                 inframe,
                                                                               classification
pizzly          split_count                     pair_count
ctat_lr_fusion                                                     num_LR
squid, dragen   (score only)
==============  ==============================  =================  ===========  ===========

Every other field is kept in the raw record. A tool not listed is read for its position only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from annotator.models import Breakpoint, FusionCall, SourceRef
from annotator.parsers.fusion_common import frame

_SIDE = re.compile(r"^(?:chr)?(?P<chrom>[A-Za-z0-9_.]+):(?P<pos>\d+)(?::(?P<strand>[+-]))?$")
_RANGE = re.compile(r"^(?:chr)?[A-Za-z0-9_.]+:\d+-\d+(?::[+-])?$")


class ToolValueError(ValueError):
    """A tool field that is not what fusion-report writes; ``key`` names the field."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(problem)
        self.key = key
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Tool:
    caller: str
    split: tuple[str, ...] = ()  # summed
    discordant: str | None = None
    total: str | None = None
    frame: str | None = None
    confidence: str | None = None
    fusion_type: str | None = None


TOOLS: dict[str, Tool] = {
    "arriba": Tool(
        "Arriba",
        ("split_reads1", "split_reads2"),
        "discordant_mates",
        frame="reading-frame",
        confidence="confidence",
        fusion_type="type",
    ),
    "starfusion": Tool("STAR-Fusion", ("junction_reads",), "spanning_reads"),
    "fusioncatcher": Tool(
        "FusionCatcher", ("spanning_unique_reads",), "spanning_pairs", frame="fusion_type"
    ),
    "ericscript": Tool(
        "EricScript", ("junction_reads",), "discordant_reads", fusion_type="fusion_type"
    ),
    "jaffa": Tool(
        "JAFFA", ("spanning_reads",), "spanning_pairs", frame="inframe", confidence="classification"
    ),
    "pizzly": Tool("pizzly", ("split_count",), "pair_count"),
    "ctat_lr_fusion": Tool("CTAT-LR-Fusion", total="num_LR"),
    "squid": Tool("SQUID"),
    "dragen": Tool("DRAGEN"),
}
JAFFA_FRAMES = {"TRUE": "in-frame", "FALSE": "out-of-frame"}
MISSING = frozenset({"", ".", "NA", "N/A", "---", "None", "null"})


def tool_call(
    tool: str,
    fields: Mapping[str, str],
    *,
    gene5: str,
    gene3: str,
    name: str,
    notes: tuple[str, ...],
    path: str,
    line: int,
    summary: tuple[tuple[str, str], ...],
) -> FusionCall:
    """One tool's summary of one fusion as a FusionCall (raises ToolValueError on bad fields).

    ``summary`` (fusion name, databases, index) and the tool's fields form the raw record.
    """
    spec = TOOLS.get(tool, Tool(tool))
    bp5, bp3, position_note = _position(fields.get("position"))
    split = _sum([_int(fields, key) for key in spec.split])
    frame_word = _get(fields, spec.frame)
    own = [f"{k} {v}" for k, v in fields.items() if k in ("score", "ffmp") and v not in MISSING]
    return FusionCall(
        caller=f"{spec.caller} (via fusion-report)",
        gene5_field=gene5,
        gene3_field=gene3,
        bp5=bp5,
        bp3=bp3,
        split_reads=split,
        discordant_reads=_int(fields, spec.discordant),
        total_reads=_int(fields, spec.total),
        frame=_frame(tool, frame_word),
        confidence=_get(fields, spec.confidence),
        fusion_type=_get(fields, spec.fusion_type),
        name_field=name,
        caller_notes=(*notes, *own, *((position_note,) if position_note else ())),
        source=SourceRef(path, line, (*summary, ("tool", tool), *fields.items())),
    )


def _get(fields: Mapping[str, str], key: str | None) -> str | None:
    if key is None:
        return None
    value = fields.get(key, "").strip()
    return None if value in MISSING else value


def _int(fields: Mapping[str, str], key: str | None) -> int | None:
    value = _get(fields, key)
    if value is None or key is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not number.is_integer():
        raise ToolValueError(key, f"{key}: expected an integer, got {value!r}")
    return int(number)


def _sum(values: list[int | None]) -> int | None:
    given = [v for v in values if v is not None]
    return sum(given) if given else None


def _frame(tool: str, word: str | None) -> str | None:
    if word is None:
        return None
    if tool == "jaffa":
        return JAFFA_FRAMES.get(word.upper())
    if tool == "fusioncatcher" and word not in ("in-frame", "out-of-frame"):
        return None  # a predicted effect such as CDS(truncated)/UTR, kept in the raw record
    return frame(word)


def _position(value: str | None) -> tuple[Breakpoint | None, Breakpoint | None, str | None]:
    """``A#B`` -> two breakpoints; SQUID ranges give none (and a note)."""
    if value is None or value.strip() in MISSING:
        return None, None, None
    sides = value.strip().split("#")
    if len(sides) != 2:
        raise ToolValueError("position", f"position: expected 'chrom:pos#chrom:pos', got {value!r}")
    if all(_RANGE.match(s) for s in sides):
        return None, None, f"position given as ranges {value} (no single breakpoint)"
    return _side(sides[0], value), _side(sides[1], value), None


def _side(text: str, whole: str) -> Breakpoint:
    m = _SIDE.match(text)
    if not m:
        raise ToolValueError(
            "position", f"position: expected 'chrom:pos[:strand]' on each side, got {whole!r}"
        )
    chrom, strand = m.group("chrom"), m.group("strand")
    return Breakpoint(
        "MT" if chrom in ("M", "m") else chrom,
        int(m.group("pos")),
        "+" if strand == "+" else "-" if strand == "-" else None,
    )
