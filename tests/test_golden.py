"""Golden JSON per demo case: the whole report is pinned, apart from ``generated_at``.

Regenerate on purpose only (a knowledgebase release, a deliberate report change):
``IMT_REGEN_GOLDEN=1 pytest tests/test_golden.py``, then review the diff like code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import main
from tests.conftest import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = {
    "EIMS1": ("eims_ranbp2_alk", "EIMS"),
    "LUNG1": ("lung_imt_tfg_ros1", "IMT"),
    "MDM2AMP1": ("alk_negative_mdm2", "IMT"),
}


def _report(tmp_path: Path, sample_id: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    folder, disease = CASES[sample_id]
    monkeypatch.chdir(ROOT)  # input paths in the report are as given: relative to the checkout
    inputs = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "sample_inputs" / folder).iterdir())
    result = CliRunner().invoke(
        main,
        ["annotate", *inputs, "--sample-id", sample_id, "--disease", disease,
         "--out", str(tmp_path), "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    report: dict[str, Any] = json.loads((tmp_path / f"{sample_id}.report.json").read_text())
    report.pop("generated_at")
    return report


@pytest.mark.parametrize("sample_id", CASES)
def test_report_matches_golden(
    tmp_path: Path, sample_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = _report(tmp_path, sample_id, monkeypatch)
    golden = GOLDEN / f"{sample_id}.report.json"
    if os.environ.get("IMT_REGEN_GOLDEN"):
        golden.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    expected = json.loads(golden.read_text())
    assert report == expected
