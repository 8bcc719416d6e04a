"""Archer Analysis (FusionPlex) ``*.full_results.txt``: key<TAB>value lines per sample.

No public Archer output file was found; this follows the key layout documented by third-party
converters (an Archer -> cBioPortal script) and summarised in the project's format notes.
Keys marked (verify) have not been seen in a real file:

* ``SAMPLE_NAME`` -> sample (verify);
* ``FCA_<i>_GENES_UNIQUE`` = ``G1:G2`` -> the two genes of fusion candidate ``i`` (verify); the
  order is not documented as 5'/3', so calls are unordered (the kinase is put 3' later);
* ``FCA_<i>_STRONG_EVIDENCE_ABERRATION`` TRUE/FALSE -> confidence ``strong evidence`` /
  ``not strong evidence``, and a filter when FALSE (verify);
* ``FCA_<i>_HAS_INFRAME_TRANSLATION`` TRUE/FALSE -> frame in-frame / out-of-frame (verify);
* ``FCA_<i>_ANNOTATION_<1|2>-<n>`` = ``GENE(+|-)NM_…[/NM_…]|exon:N|chrC:POS[,chrC:POS]`` (or
  ``intron:N``) -> per side: transcript, exon (an intron is kept as a note), breakpoint with
  the gene strand; of several annotations of a side the first with an ``NM_`` transcript is
  used (verify);
* ``FCA_<i>_SUPPORTING_ISOFORM_ID_<n>`` = ``FC_<k>`` and ``FC_<k>_EITHER_R1_OR_R2`` -> split
  (junction) reads, summed over the supporting isoforms (verify). ``FC_<k>_BOTH_R1_AND_R2``
  counts pairs with the junction in both mates, a subset of the former in anchored multiplex
  PCR, so it is kept as a note rather than added as discordant pairs (verify).

One FusionCall per candidate, on the line of its ``GENES_UNIQUE`` key; the raw record keeps
every ``FCA_<i>_…`` key and the keys of its supporting isoforms. A candidate naming one gene
(exon skipping, intragenic events such as MET exon 14 or EGFRvIII) is skipped with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import Breakpoint, FusionCall, ParsedInput, SourceRef
from annotator.normalize.fusion_names import FusionNameError, split_fusion_name
from annotator.parsers.base import Parser
from annotator.parsers.fusion_list import SkippedRows
from annotator.parsers.textio import MISSING, Head, numbered_lines

CALLER = "Archer Analysis"
_KEY = re.compile(r"^[A-Z][A-Z0-9_\-]*$")
_FCA = re.compile(r"^FCA_(\d+)_GENES_UNIQUE$")
_ANNOTATION = re.compile(
    r"^(?P<gene>[^()|]+)\((?P<strand>[+-])\)(?P<tx>[^|]*)\|(?P<region>exon|intron):(?P<number>\d+)"
    r"\|(?:chr)?(?P<chrom>[A-Za-z0-9_.]+):(?P<pos>\d+)(?:,.*)?$"
)
FRAMES = {"TRUE": "in-frame", "FALSE": "out-of-frame"}


@dataclass(frozen=True, slots=True)
class _Value:
    text: str
    line: int
    raw_line: str


def sniff(head: Head) -> bool:
    lines = [line for line in head.lines if line.strip()]
    if not lines:
        return False
    keys = []
    for line in lines:
        parts = line.split("\t")
        if len(parts) != 2 or not _KEY.match(parts[0]):
            return False
        keys.append(parts[0])
    return "SAMPLE_NAME" in keys or any(re.match(r"^FCA?_\d+_", k) for k in keys)


def parse(path: Path) -> ParsedInput:
    values = _read(path)
    calls: list[FusionCall] = []
    skipped = SkippedRows()
    candidates = sorted(
        (int(m.group(1)), key) for key in values if (m := _FCA.match(key)) is not None
    )
    for index, key in candidates:
        call = _candidate(path, values, index, key, skipped)
        if call is not None:
            calls.append(call)
    sample = values.get("SAMPLE_NAME")
    return ParsedInput(
        path=str(path),
        format="archer",
        format_label="Archer Analysis full_results.txt (key/value)",
        kind="fusion",
        records=tuple(calls),
        skipped=skipped.entries(str(path)),
        sample_hint=sample.text if sample else None,
        details=(("caller", CALLER), ("candidates", str(len(candidates)))),
    )


def _read(path: Path) -> dict[str, _Value]:
    values: dict[str, _Value] = {}
    for lineno, line in numbered_lines(path):
        if not line.strip():
            continue
        key, sep, value = line.partition("\t")
        if not sep or not _KEY.match(key.strip()):
            raise InputFormatError(
                path,
                "expected a 'KEY<TAB>value' line",
                line=lineno,
                excerpt=line[:100].replace("\t", " "),
                caret=(0, max(min(len(key), 100), 1)),
            )
        key = key.strip()
        if key in values:
            raise InputFormatError(
                path, f"key {key} repeated (first on line {values[key].line})", line=lineno
            )
        values[key] = _Value(value.strip(), lineno, line)
    return values


def _error(path: Path, value: _Value, problem: str) -> InputFormatError:
    key_len = len(value.raw_line.split("\t", 1)[0]) + 1
    return InputFormatError(
        path,
        problem,
        line=value.line,
        excerpt=value.raw_line[:100].replace("\t", " "),
        caret=(min(key_len, 99), max(min(len(value.text), 100 - key_len), 1)),
    )


def _candidate(
    path: Path, values: dict[str, _Value], index: int, key: str, skipped: SkippedRows
) -> FusionCall | None:
    genes = values[key]
    prefix = f"FCA_{index}_"
    try:
        name = split_fusion_name(genes.text, separator=":")
    except FusionNameError as e:
        raise _error(path, genes, e.problem) from None
    if not name.is_fusion or not name.gene5 or not name.gene3 or name.gene5 == name.gene3:
        skipped.add("candidate names one gene (intragenic event), not a fusion", genes.line, key)
        return None
    notes: list[str] = []
    side1 = _side(path, values, prefix, 1, notes)
    side2 = _side(path, values, prefix, 2, notes)
    isoforms = [v.text for k, v in sorted(values.items()) if k.startswith(f"{prefix}SUPPORTING_")]
    split = _sum_counts(path, values, isoforms, "EITHER_R1_OR_R2")
    both = _sum_counts(path, values, isoforms, "BOTH_R1_AND_R2")
    if both is not None:
        notes.append(f"{both} read pairs with the junction in both mates (BOTH_R1_AND_R2)")
    strong = _flag(path, values, f"{prefix}STRONG_EVIDENCE_ABERRATION")
    inframe = _flag(path, values, f"{prefix}HAS_INFRAME_TRANSLATION")
    raw = tuple(
        (k, v.text)
        for k, v in values.items()
        if k.startswith(prefix) or any(k.startswith(f"{fc}_") for fc in isoforms)
    )
    return FusionCall(
        caller=CALLER,
        gene5_field=name.gene5,
        gene3_field=name.gene3,
        bp5=side1.breakpoint,
        bp3=side2.breakpoint,
        split_reads=split,
        discordant_reads=None,
        frame=FRAMES.get(inframe) if inframe else None,
        confidence=None if strong is None else _evidence(strong),
        transcript5=side1.transcript,
        transcript3=side2.transcript,
        name_field=genes.text,
        exon5=side1.exon,
        exon3=side2.exon,
        filters=("STRONG_EVIDENCE_ABERRATION FALSE",) if strong == "FALSE" else (),
        caller_notes=tuple(notes),
        source=SourceRef(str(path), genes.line, raw),
        ordered=False,
    )


def _evidence(flag: str) -> str:
    return "strong evidence" if flag == "TRUE" else "not strong evidence"


def _flag(path: Path, values: dict[str, _Value], key: str) -> str | None:
    value = values.get(key)
    if value is None or value.text in MISSING:
        return None
    flag = value.text.upper()
    if flag not in FRAMES:
        raise _error(path, value, f"{key}: expected TRUE or FALSE, got {value.text!r}")
    return flag


@dataclass(frozen=True, slots=True)
class _Side:
    breakpoint: Breakpoint | None = None
    exon: int | None = None
    transcript: str | None = None


def _side(path: Path, values: dict[str, _Value], prefix: str, side: int, notes: list[str]) -> _Side:
    keys = sorted(
        (k for k in values if k.startswith(f"{prefix}ANNOTATION_{side}-")),
        key=lambda k: ("NM_" not in values[k].text, _number(k.rsplit("-", 1)[1]), k),
    )
    if not keys:
        return _Side()
    value = values[keys[0]]
    m = _ANNOTATION.match(value.text)
    if not m:
        raise _error(
            path,
            value,
            f"{keys[0]}: expected 'GENE(+|-)NM_…|exon:N|chrC:POS', got {value.text!r}",
        )
    chrom = m.group("chrom")
    bp = Breakpoint(
        "MT" if chrom in ("M", "m") else chrom,
        int(m.group("pos")),
        "+" if m.group("strand") == "+" else "-",
    )
    number = int(m.group("number"))
    if m.group("region") == "intron":
        notes.append(f"{m.group('gene')} breakpoint in intron {number}")
    return _Side(
        bp,
        number if m.group("region") == "exon" else None,
        m.group("tx").split("/")[0] or None,
    )


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 1 << 30


def _sum_counts(
    path: Path, values: dict[str, _Value], isoforms: list[str], field: str
) -> int | None:
    counts = []
    for fc in isoforms:
        value = values.get(f"{fc}_{field}")
        if value is None or value.text in MISSING:
            continue
        if not value.text.isdigit():
            raise _error(path, value, f"{fc}_{field}: expected a read count, got {value.text!r}")
        counts.append(int(value.text))
    return sum(counts) if counts else None


PARSER = Parser(
    name="archer",
    label="Archer Analysis full_results.txt (FusionPlex; key<TAB>value)",
    kind="fusion",
    sniff_rule="every line is 'KEY<TAB>value' with an upper-case key, and SAMPLE_NAME or "
    "FCA_<n>_/FC_<n>_ keys appear",
    sniff=sniff,
    parse=parse,
)
