"""Report-header metadata (--meta) and the tumour-board summary."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main
from tests.conftest import SAMPLE_INPUTS

EIMS = [str(p) for p in sorted((SAMPLE_INPUTS / "eims_ranbp2_alk").iterdir())]


def _annotate(tmp_path: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["annotate", *EIMS, "--sample-id", "EIMS1", "--out", str(tmp_path), *extra]
    )
    return result.exit_code, result.stderr


def test_meta_fields_reach_json_and_html(tmp_path: Path) -> None:
    meta = tmp_path / "meta.yaml"
    meta.write_text(
        "lab_name: Molecular Pathology, Example Hospital\npatient_id: MRN-0042\n"
        "specimen_id: S26-1234\ntumour_content: 60%\ncollection_date: 2026-11-20\n"
        "age: 44\nsex: M\nsite: mesentery\nspecimen: FFPE resection\ndisease: EIMS\n"
    )
    code, err = _annotate(tmp_path, "--meta", str(meta))
    assert code == 0, err
    report = json.loads((tmp_path / "EIMS1.report.json").read_text())
    sample = report["sample"]
    assert (sample["disease"], sample["age"], sample["site"]) == ("EIMS", "44", "mesentery")
    assert sample["collection_date"] == "2026-11-20"
    assert sample["patient_name"] is None
    html = (tmp_path / "EIMS1.report.html").read_text()
    assert "MRN-0042" in html and "Tumour content" in html
    assert "Date of birth" not in html  # absent fields are not printed


def test_explicit_disease_option_wins_over_meta(tmp_path: Path) -> None:
    meta = tmp_path / "meta.json"
    meta.write_text('{"disease": "EIMS"}')
    code, err = _annotate(tmp_path, "--meta", str(meta), "--disease", "IMT")
    assert code == 0, err
    assert json.loads((tmp_path / "EIMS1.report.json").read_text())["sample"]["disease"] == "IMT"


def test_unknown_meta_field_is_an_error_naming_it(tmp_path: Path) -> None:
    meta = tmp_path / "meta.yaml"
    meta.write_text("tumor_content: 60%\n")
    code, err = _annotate(tmp_path, "--meta", str(meta))
    assert code == 1
    assert err.startswith(f"imt-annotator: error: {meta}: unknown field 'tumor_content'; ")
    assert not (tmp_path / "EIMS1.report.json").exists()


def test_meta_that_is_not_a_mapping(tmp_path: Path) -> None:
    meta = tmp_path / "meta.yaml"
    meta.write_text("- a\n- b\n")
    code, err = _annotate(tmp_path, "--meta", str(meta))
    assert code == 1 and "expected a mapping of field: value" in err


def test_meta_values_are_escaped_in_html(tmp_path: Path) -> None:
    meta = tmp_path / "meta.yaml"
    meta.write_text("patient_name: '\"><img src=x onerror=alert(1)>'\n")
    code, err = _annotate(tmp_path, "--meta", str(meta))
    assert code == 0, err
    html = (tmp_path / "EIMS1.report.html").read_text()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_summary_names_tier_therapy_and_negatives(tmp_path: Path) -> None:
    code, err = _annotate(tmp_path, "--disease", "EIMS")
    assert code == 0, err
    summary = json.loads((tmp_path / "EIMS1.report.json").read_text())["summary"]
    assert summary.startswith(
        "RANBP2::ALK — Tier IA — crizotinib (level A; FDA 2022-07-14: approved for IMT); "
        "EIMS-associated."
    )
    assert "No ROS1, NTRK1-3, RET or PDGFRB fusion detected by the fusion caller(s)." in summary


def test_batch_sheet_columns_carry_report_header_fields(tmp_path: Path) -> None:
    arriba = SAMPLE_INPUTS / "eims_ranbp2_alk" / "arriba.fusions.tsv"
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text(
        f"sample_id\tinputs\tdisease\tpatient_id\ttumour_content\nS1\t{arriba}\tEIMS\tMRN-7\t40%\n"
    )
    result = CliRunner().invoke(
        main, ["batch", str(sheet), "--out", str(tmp_path / "o"), "--jobs", "1", "--no-cohort"]
    )
    assert result.exit_code == 0, result.stderr
    sample = json.loads((tmp_path / "o" / "S1.report.json").read_text())["sample"]
    assert (sample["disease"], sample["patient_id"], sample["tumour_content"]) == (
        "EIMS",
        "MRN-7",
        "40%",
    )
