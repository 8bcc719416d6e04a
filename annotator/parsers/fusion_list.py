"""A plain list of fusions, one name a line: ``EML4--ALK``, ``EML4::ALK``, ``ALK-EML4``, ``A/B``.

Such lists are what fusion-report writes (``fusion_list.tsv``, ``fusion_list_filtered.tsv``),
what FusionInspector takes as ``--fusions`` targets, and what labs paste from a report. Seen:
nf-core fusion-report docs example (both lists), FusionInspector test ``fusion_targets.A.txt``
(hyphenated symbols: ``STX16-NPEPL1--RAE1``, ``CTD-2328D6.1--MT-CO1``).

Layout: one fusion name a line; blank lines and lines starting ``#`` are ignored. Names are
split by ``annotator.normalize.fusion_names`` (``::``, ``--``, ``/`` first, a single ``-`` only
as a last resort). ``::`` and ``--`` state 5'::3' (HGNC, CTAT); ``-`` and ``/`` do not (OncoKB
writes ``ALK-EML4``), so those calls are marked unordered and the kinase is put 3' later. The
list gives no breakpoints or read counts. A line that names one gene only, or is not a single
name, is an error; a name that can be read two ways is read the likelier way and warned about.

This module also holds the pieces the other list parsers share (sample summary, name errors).
"""

from __future__ import annotations

from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import FusionCall, ParsedInput, Skipped, SourceRef
from annotator.normalize.fusion_names import FusionName, FusionNameError, split_fusion_name
from annotator.parsers.base import Parser
from annotator.parsers.textio import Head, Row, numbered_lines

CALLER = "fusion list"
ORDERED_SEPARATORS = frozenset({"::", "--"})  # separators that state 5' first


def _tokens(head: Head) -> list[str]:
    return [
        line.strip() for line in head.lines if line.strip() and not line.lstrip().startswith("#")
    ]


def sniff(head: Head) -> bool:
    tokens = _tokens(head)
    if not tokens or any(len(t.split()) != 1 or "," in t for t in tokens):
        return False
    fusions = 0
    for token in tokens:
        try:
            name = split_fusion_name(token)
        except FusionNameError:
            return False
        if name.is_fusion and name.gene5 and name.gene3:
            fusions += 1
    # Conservative: most lines must read as a two-gene fusion, so single-column files of other
    # kinds (gene lists, sample ids) are not claimed.
    return fusions * 2 > len(tokens)


def parse(path: Path) -> ParsedInput:
    calls: list[FusionCall] = []
    warnings: list[str] = []
    for lineno, line in numbered_lines(path):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        name = _name(path, lineno, line)
        if name.ambiguous:
            warnings.append(f"{path}:{lineno}: {name.ambiguous}")
        calls.append(
            FusionCall(
                caller=CALLER,
                gene5_field=name.gene5 or "",
                gene3_field=name.gene3 or "",
                bp5=None,
                bp3=None,
                split_reads=None,
                discordant_reads=None,
                name_field=name.text,
                source=SourceRef(str(path), lineno, (("fusion", name.text),)),
                ordered=name.separator in ORDERED_SEPARATORS,
            )
        )
    if not calls:
        raise InputFormatError(path, "no fusion names found (only comments or blank lines)")
    return ParsedInput(
        path=str(path),
        format="fusion_list",
        format_label="fusion name list (one fusion a line)",
        kind="fusion",
        records=tuple(calls),
        warnings=tuple(warnings),
        details=(("caller", "fusion list (no breakpoints or read counts)"),),
    )


def _name(path: Path, lineno: int, line: str) -> FusionName:
    lead = len(line) - len(line.lstrip())
    try:
        name = split_fusion_name(line)
    except FusionNameError as e:
        raise _line_error(path, lineno, line, e.problem, e.span) from None
    if not name.is_fusion:
        why = f" ({name.ambiguous})" if name.ambiguous else ""
        raise _line_error(
            path,
            lineno,
            line,
            f"expected a fusion of two genes like 'EML4--ALK', got one gene {name.text!r}{why}",
            (lead, len(name.text)),
        )
    return name


def _line_error(
    path: Path, lineno: int, line: str, problem: str, span: tuple[int, int]
) -> InputFormatError:
    shown = line.replace("\t", " ")[:100]
    return InputFormatError(path, problem, line=lineno, excerpt=shown, caret=span)


def name_error(row: Row, column: str, error: FusionNameError) -> InputFormatError:
    """A FusionNameError in a table cell as an InputFormatError with the caret on the cell."""
    return row.error(column, error.problem, span=error.span)


class SkippedRows:
    """Rows not read, grouped by reason, for ``ParsedInput.skipped`` (nothing goes silently)."""

    def __init__(self) -> None:
        self._rows: dict[str, list[tuple[int, str]]] = {}

    def add(self, reason: str, line: int, example: str) -> None:
        self._rows.setdefault(reason, []).append((line, example))

    def entries(self, path: str) -> tuple[Skipped, ...]:
        return tuple(
            Skipped(
                path,
                reason,
                tuple(line for line, _ in rows),
                len(rows),
                tuple(dict.fromkeys(example for _, example in rows if example))[:5],
            )
            for reason, rows in self._rows.items()
        )


PARSER = Parser(
    name="fusion_list",
    label="fusion name list (A--B, A::B, A-B, A/B; one a line)",
    kind="fusion",
    sniff_rule="every non-comment line is a single fusion-name token and most of them split "
    "into two genes (A--B, A::B, A/B, or A-B with known symbols)",
    sniff=sniff,
    parse=parse,
)
