"""FusionCatcher ``summary_candidate_fusions.txt``: the short prose summary of a run.

Written by FusionCatcher next to ``final-list_candidate-fusion-genes.txt`` (seen: the
FusionCatcher repository test, 1.20 era). Layout::

    Very short summary of found candidate fusion genes
    ==================================================

    Found 17 fusion gene(s), which are as follows:
      * FGFR3--TACC3  (already known fusion)
      * GOPC--ROS1  (already known fusion; exon-exon fusion junction)
    ...
    Found 22 fusion transcript(s).

One fusion a ``*`` line. The file has no gene columns, so the name is split on FusionCatcher's
own ``--`` separator (5' gene first); the bracketed ``;``-separated labels become caller notes.
It states no breakpoints and no read counts: such calls can name a fusion but not its exons,
frame or support. The stated gene count is checked against the lines read.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.textio import Head, numbered_lines

TITLE = "Very short summary of found candidate fusion genes"
_ITEM = re.compile(r"^\s*\*\s+(?P<name>\S+)(?:\s+\((?P<labels>[^()]*)\))?\s*$")
_FOUND = re.compile(r"^\s*Found (?P<count>\d+) fusion (?P<what>gene|transcript)\(s\)")


def sniff(head: Head) -> bool:
    first = head.first_content_line()
    return first is not None and first.strip() == TITLE


def _item_error(path: Path, lineno: int, line: str, problem: str) -> InputFormatError:
    start = len(line) - len(line.lstrip())
    return InputFormatError(
        path,
        problem,
        line=lineno,
        excerpt=line[:100],
        caret=(start, max(min(len(line.strip()), 100 - start), 1)),
    )


def _call(path: Path, lineno: int, line: str) -> FusionCall:
    m = _ITEM.match(line)
    if m is None:
        raise _item_error(path, lineno, line, "expected '* GENE1--GENE2  (labels)'")
    name = m.group("name")
    gene5, sep, gene3 = name.partition("--")
    if not sep or not gene5 or not gene3:
        raise _item_error(
            path, lineno, line, f"expected a fusion name 'GENE1--GENE2', got {name!r}"
        )
    labels = tuple(x.strip() for x in (m.group("labels") or "").split(";") if x.strip())
    return FusionCall(
        caller="FusionCatcher",
        gene5_field=gene5,
        gene3_field=gene3,
        bp5=None,
        bp3=None,
        split_reads=None,
        discordant_reads=None,
        name_field=name,
        caller_notes=labels,
        source=SourceRef(str(path), lineno, (("fusion", name), ("labels", "; ".join(labels)))),
    )


def parse(path: Path) -> ParsedInput:
    calls: list[FusionCall] = []
    stated: dict[str, tuple[int, int]] = {}  # "gene"/"transcript" -> (count, line)
    for lineno, line in numbered_lines(path):
        found = _FOUND.match(line)
        if found:
            stated[found.group("what")] = (int(found.group("count")), lineno)
        elif line.lstrip().startswith("*"):
            calls.append(_call(path, lineno, line))
    warnings = []
    if "gene" in stated and stated["gene"][0] != len(calls):
        count, lineno = stated["gene"]
        warnings.append(
            f"{path}:{lineno}: the summary states {count} fusion gene(s) but lists {len(calls)}"
        )
    details = [("caller", "FusionCatcher"), ("content", "fusion names and labels only")]
    if "transcript" in stated:
        details.append(("fusion transcripts stated", str(stated["transcript"][0])))
    return ParsedInput(
        path=str(path),
        format="fusioncatcher_summary",
        format_label="FusionCatcher summary_candidate_fusions.txt (names only)",
        kind="fusion",
        records=tuple(calls),
        warnings=tuple(warnings),
        details=tuple(details),
    )


PARSER = Parser(
    name="fusioncatcher_summary",
    label="FusionCatcher summary_candidate_fusions.txt (fusion names, no breakpoints)",
    kind="fusion",
    sniff_rule=f"first line '{TITLE}'",
    sniff=sniff,
    parse=parse,
)
