"""MultiQC custom content: per-sample files merge into one table in a real MultiQC run."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from annotator import __version__
from annotator.errors import UsageError
from annotator.report.multiqc import (
    SECTION_ID,
    SECTION_NAME,
    multiqc_row,
    render_multiqc,
    render_multiqc_many,
)
from annotator.report.write import FORMATS, parse_formats
from tests.test_cli import DEMOS, _annotate

TABLE_FILE = f"multiqc_{SECTION_ID}_table.txt"
EXPECTED = {  # labels, highest tier, number of findings, fusion: the demo cases' acceptance facts
    "EIMS1": ("RANBP2::ALK", "IA", "1", "yes"),
    "LUNG1": ("TFG::ROS1", "IIC", "1", "yes"),
    "MDM2AMP1": ("PIK3CA p.H1047R; chromosome 19 loss; MDM2 amplification", "IID", "3", "no"),
}


def _run_multiqc(search_dir: Path, out_dir: Path) -> Path:
    """Run the installed MultiQC offline (no version check, no upload) and return its data dir."""
    exe = Path(sys.executable).parent / "multiqc"
    assert exe.exists(), "multiqc is a test dependency: pip install -e '.[test]'"
    env = {**os.environ, "MULTIQC_NO_VERSION_CHECK": "true", "MULTIQC_NO_AI": "true"}
    proc = subprocess.run(
        [str(exe), "--no-ansi", "--no-version-check", "--no-megaqc-upload", "--strict",
         "--force", "-o", str(out_dir), str(search_dir)],
        capture_output=True, text=True, check=False, env=env, cwd=out_dir.parent, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out_dir / "multiqc_data"


def _table(data_dir: Path) -> dict[str, dict[str, str]]:
    with (data_dir / TABLE_FILE).open(newline="") as fh:
        return {row["Sample"]: row for row in csv.DictReader(fh, delimiter="\t")}


@pytest.fixture(scope="module")
def demo_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("reports")
    reports = []
    for sample_id, (demo, disease) in DEMOS.items():
        reports.append(
            _annotate(folder, sample_id, demo, "--disease", disease, "--format", "json,multiqc")
        )
    return folder, reports


def test_multiqc_is_a_registered_format() -> None:
    assert FORMATS["multiqc"][0] == "imt_mqc.json"
    assert parse_formats("json,multiqc") == ["json", "multiqc"]
    with pytest.raises(UsageError, match=rf"expected some of {', '.join(FORMATS)}$") as e:
        parse_formats("qc")
    assert "multiqc" in str(e.value)


def test_per_sample_file_is_custom_content(demo_reports: tuple[Path, list[dict[str, Any]]]) -> None:
    folder, _ = demo_reports
    content = json.loads((folder / "EIMS1.imt_mqc.json").read_text())
    assert content["id"] == SECTION_ID and content["section_name"] == SECTION_NAME
    assert content["plot_type"] == "table"
    assert content["pconfig"]["namespace"] == "IMT annotator"
    kb = content["data"]["EIMS1"]["kb_version"]
    assert f"from imt-annotator {__version__}, annotated against {kb}." in content["description"]
    assert list(content["data"]) == ["EIMS1"]
    assert set(content["data"]["EIMS1"]) <= set(content["headers"])


def test_multiqc_merges_per_sample_files_into_one_table(
    demo_reports: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    folder, reports = demo_reports
    data_dir = _run_multiqc(folder, tmp_path / "per_sample")
    table = _table(data_dir)
    assert set(table) == set(EXPECTED)
    for sample_id, (labels, tier, count, fusion) in EXPECTED.items():
        row = table[sample_id]
        assert row["key_alterations"] == labels and row["highest_tier"] == tier
        assert row["findings"] == count and row["fusion_detected"] == fusion
        assert row["status"] == "draft"
    assert table["EIMS1"]["top_therapy"] == "crizotinib (level A)"
    for report in reports:  # every column arrives as written
        row = {k: str(v) for k, v in multiqc_row(report).items()}
        assert table[report["sample"]["id"]] == {"Sample": report["sample"]["id"], **row}
    html = (tmp_path / "per_sample" / "multiqc_report.html").read_text()
    assert SECTION_NAME in html and f'id="{SECTION_ID}' in html
    saved = json.loads((data_dir / "multiqc_data.json").read_text())["report_saved_raw_data"]
    assert saved[f"multiqc_{SECTION_ID}_table"]["LUNG1"]["key_alterations"] == "TFG::ROS1"


def test_combined_file_equals_merged_per_sample_files(
    demo_reports: tuple[Path, list[dict[str, Any]]],
) -> None:
    """The batch file is what MultiQC builds from the per-sample files (same config, same rows),
    so the real MultiQC run above covers it without a second, slow run."""
    _, reports = demo_reports
    combined = json.loads(render_multiqc_many(reports))
    singles = [json.loads(render_multiqc(r)) for r in reports]
    merged: dict[str, Any] = {}
    for single in singles:  # what MultiQC does with files sharing an id
        merged.update(single["data"])
        assert {k: v for k, v in single.items() if k not in ("data", "description")} == {
            k: v for k, v in combined.items() if k not in ("data", "description")
        }
    assert combined["data"] == merged


def test_duplicate_sample_ids_are_refused(
    demo_reports: tuple[Path, list[dict[str, Any]]],
) -> None:
    _, reports = demo_reports
    with pytest.raises(UsageError, match=r"sample id 'EIMS1' appears in more than one report"):
        render_multiqc_many([reports[0], reports[0]])


def test_row_of_a_report_without_findings(
    demo_reports: tuple[Path, list[dict[str, Any]]],
) -> None:
    _, reports = demo_reports
    empty = {**reports[0], "findings": [], "status": "final", "revision": 1}
    row = multiqc_row(empty)
    assert row["key_alterations"] == "none" and row["highest_tier"] == "none"
    assert row["findings"] == 0 and row["top_therapy"] == "none"
    assert row["fusion_detected"] == "no" and row["status"] == "final v1"


def test_combined_file_without_reports_is_an_empty_table() -> None:
    content = json.loads(render_multiqc_many([]))
    assert content["data"] == {} and content["id"] == SECTION_ID
    assert content["description"].startswith("Headline molecular findings per sample. Tiers")


def test_top_therapy_is_the_best_sensitivity_level() -> None:
    def therapy(drug: str, effect: str, level: str) -> dict[str, str]:
        return {"drug": drug, "effect": effect, "level": level}

    findings = [
        {"tier": "IIC", "therapies": [therapy("a", "sensitivity", "C")]},
        {"tier": "IA", "therapies": [therapy("b", "resistance", "A"),
                                      therapy("c", "sensitivity", "B"),
                                      therapy("d", "sensitivity", "B")]},
    ]  # fmt: skip
    report = {"findings": findings, "knowledgebase": {"version": "1"},
              "tool": {"name": "imt-annotator", "version": "0"}, "status": "draft"}  # fmt: skip
    for f in findings:
        f.update(label="x", kind="mutation")
    row = multiqc_row(report)
    assert row["top_therapy"] == "c (level B)" and row["highest_tier"] == "IA"
