"""Cohort summary of many reports: ``cohort.tsv`` (one row per sample) and ``cohort.html``.

The HTML is the lab's own "Table 1": who the patients are (disease, age, sex, site), which
alterations and fusion partners were found, the highest tier and top therapy per sample, a
sortable sample table and an inline SVG of fusion partners by sample. Everything is read from
the JSON reports (never from application objects), so ``imt-annotator cohort DIR`` rebuilds
exactly what ``batch`` wrote. A signed-out final report, when there is one, stands for its
sample instead of the draft.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.batch_state import SampleState, read_state, write_atomic
from annotator.errors import InputFormatError
from annotator.sheet import Sheet

TIERS = ("IA", "IB", "IIC", "IID", "III", "IV")
TSV_COLUMNS = (
    "sample_id",
    "status",
    "report_status",
    "disease",
    "age",
    "sex",
    "site",
    "specimen",
    "fusions",
    "key_alterations",
    "other_alterations",
    "highest_tier",
    "top_therapy",
    "findings",
    "report",
    "error",
)
COHORT_FILES = ("cohort.tsv", "cohort.html")
_FINAL = re.compile(r"\.final-v([1-9][0-9]*)\.report\.json$")


@dataclass(frozen=True, slots=True)
class Entry:
    """One sample of the cohort: its report (when annotated) or why there is none."""

    sample_id: str
    report: dict[str, Any] | None
    report_file: str | None = None
    error: str | None = None  # failed in the batch: the recorded error
    status: str = "ok"  # ok, failed, missing


def report_files(reports_dir: Path) -> dict[str, Path]:
    """Sample id (from the file name) -> its report: the latest signed-out final, else draft."""
    best: dict[str, tuple[int, Path]] = {}
    for path in sorted(reports_dir.glob("*.report.json")):
        final = _FINAL.search(path.name)
        stem = path.name[: final.start()] if final else path.name.removesuffix(".report.json")
        revision = int(final.group(1)) if final else 0
        if stem not in best or revision > best[stem][0]:
            best[stem] = (revision, path)
    return {stem: path for stem, (_, path) in best.items()}


def load_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InputFormatError(path, f"not valid JSON ({e.msg})", line=e.lineno) from e
    except OSError as e:
        raise InputFormatError(path, f"cannot read the report ({e.strerror})") from e
    if not isinstance(data, dict) or "findings" not in data or "sample" not in data:
        raise InputFormatError(path, "not an imt-annotator JSON report (no sample/findings)")
    return data


def entries_for_batch(sheet: Sheet, samples: dict[str, SampleState], out_dir: Path) -> list[Entry]:
    """The sheet's samples in sheet order, as the batch left them."""
    found = report_files(out_dir)
    return [_entry(row.sample.id, samples.get(row.sample.id), found) for row in sheet.rows]


def entries_for_dir(reports_dir: Path, sheet: Sheet | None = None) -> list[Entry]:
    """Every report in a folder, in the order of its ``batch.json`` (then by sample id), or
    only the samples of ``sheet``, in sheet order."""
    found = report_files(reports_dir)
    states = read_state(reports_dir / "batch.json")
    if sheet is not None:
        ids = [row.sample.id for row in sheet.rows]
    else:
        ids = [i for i in states if i in found or states[i].status == "failed"]
        ids += sorted(i for i in found if i not in states)
    if not ids:
        raise InputFormatError(reports_dir, "no imt-annotator JSON reports (*.report.json) here")
    return [_entry(i, states.get(i), found) for i in ids]


def _entry(sample_id: str, state: SampleState | None, found: dict[str, Path]) -> Entry:
    if state is not None and state.status == "failed":
        return Entry(
            sample_id, None, None, state.error.message if state.error else "failed", "failed"
        )
    path = found.get(sample_id)
    if path is None:
        return Entry(sample_id, None, None, "no report", "missing")
    return Entry(sample_id, load_report(path), path.name)


def write_batch_cohort(
    sheet: Sheet, samples: dict[str, SampleState], out_dir: Path
) -> tuple[Path, ...]:
    return write_cohort(entries_for_batch(sheet, samples, out_dir), out_dir)


def write_cohort(entries: list[Entry], out_dir: Path) -> tuple[Path, ...]:
    rows = [cohort_row(e) for e in entries]
    tsv, html = out_dir / COHORT_FILES[0], out_dir / COHORT_FILES[1]
    write_atomic(tsv, render_tsv(rows))
    write_atomic(html, render_html(rows))
    return tsv, html


def cohort_row(entry: Entry) -> dict[str, Any]:
    """The TSV row of one sample, plus the fusions (kinase, partner) the HTML counts."""
    report = entry.report or {}
    sample = report.get("sample", {})
    findings = report.get("findings", [])
    ordered = sorted(findings, key=lambda f: _tier_index(f["tier"]))
    key = [f["label"] for f in ordered if _tier_index(f["tier"]) < TIERS.index("III")]
    other = [f["label"] for f in ordered if f["label"] not in key]
    fusions = [f for f in findings if f["kind"] == "fusion"]
    return {
        "sample_id": entry.sample_id,
        "status": entry.status,
        "report_status": report.get("status", ""),
        "disease": sample.get("disease") or "",
        "age": sample.get("age") or "",
        "sex": sample.get("sex") or "",
        "site": sample.get("site") or "",
        "specimen": sample.get("specimen") or "",
        "fusions": "; ".join(f["label"] for f in fusions),
        "key_alterations": "; ".join(key),
        "other_alterations": "; ".join(other),
        "highest_tier": ordered[0]["tier"] if ordered else "",
        "top_therapy": _top_therapy(ordered),
        "findings": len(findings) if entry.report is not None else "",
        "report": entry.report_file or "",
        "error": (entry.error or "").replace("\t", " ").replace("\n", " "),
        "_fusions": [(_kinase(f), _partner(f), f["label"]) for f in fusions],
        "_alterations": [(f["kind"], f["label"], f["genes"]) for f in ordered],
    }


def _tier_index(tier: str) -> int:
    return TIERS.index(tier) if tier in TIERS else len(TIERS)


def _top_therapy(ordered: list[dict[str, Any]]) -> str:
    """The best-level sensitivity therapy of the highest-tier Tier I/II finding that has one."""
    for f in ordered:
        if _tier_index(f["tier"]) >= TIERS.index("III"):
            break
        options = [t for t in f["therapies"] if t["effect"] == "sensitivity"]
        if options:
            best = min(options, key=lambda t: t["level"])
            return f"{best['drug']} ({best['level']})"
    return ""


def _kinase(f: dict[str, Any]) -> str:
    return str(f["details"].get("kinase") or f["genes"][-1])


def _partner(f: dict[str, Any]) -> str:
    kinase = _kinase(f)
    return next((str(g) for g in f["genes"] if g != kinase), kinase)


def render_tsv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(TSV_COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in TSV_COLUMNS])
    return out.getvalue()


def render_html(rows: list[dict[str, Any]]) -> str:
    from annotator.cohort_view import cohort_view, render_cohort_html

    return render_cohort_html(cohort_view(rows))
