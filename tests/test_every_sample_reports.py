"""Every real caller output, through the whole one-sample pipeline: either a report that
matches the JSON Schema (and renders as TSV and HTML), or a clear error that names the file.
Parsers are pinned per file elsewhere; this catches what only the later stages can get wrong."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from annotator.annotate import Sample, Settings, annotate
from annotator.errors import AnnotatorError
from annotator.report.build import build_report
from annotator.report.render import render_html, render_tsv
from annotator.report.schema import validate_report
from tests.conftest import SAMPLES, shared_samples

INDEXES = (".tbi", ".csi", ".md")


def _files() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix not in INDEXES)


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(SAMPLES)))
def test_every_sample_file_gives_a_valid_report_or_a_clear_error(path: Path, kb: Any) -> None:
    shared_samples()
    try:
        result = annotate([path], Sample("S1"), kb, Settings())
    except AnnotatorError as e:  # a file that is not a call set, or a caller table of several
        assert str(e).startswith(f"{path}"), e
        return
    report = build_report(result, kb)
    validate_report(report)
    header, *rows = [line.split("\t") for line in render_tsv(report).splitlines()]
    assert header[0] == "sample_id" and len(rows) == len(report["findings"])
    for row in rows:  # a value the input did not give is left out, not printed as "None"
        assert not re.search(r"\bNone\b", row[header.index("details")]), row
    html = render_html(report)
    visible = re.sub(r"<(script|style)>.*?</\1>", "", html, flags=re.DOTALL)
    assert not re.search(r"\bNone\b(?! cited\.)", visible)  # "None cited.": no references
    assert "</html>" in html


def test_a_kinase_named_without_its_partner_is_a_rearrangement_of_the_kinase(kb: Any) -> None:
    path = shared_samples() / "fusions/pcgr/T001-BRCA.grch37.fusions.tsv"
    report = build_report(annotate([path], Sample("S1"), kb, Settings()), kb)
    validate_report(report)
    (alk,) = [f for f in report["findings"] if f["label"].startswith("ALK rearrangement")]
    assert alk["label"] == "ALK rearrangement (partner not identified)"
    assert alk["genes"] == ["ALK"] and alk["details"]["gene_5prime"] == "?"
    assert [c["line"] for c in alk["details"]["calls"]] == [12]  # the "--ALK" row
