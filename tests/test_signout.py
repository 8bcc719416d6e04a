"""Sign-out: draft to final-v1, amendments as final-vN, never overwriting a final."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import OutputError
from annotator.report.write import write_reports
from annotator.signout import describe_changes, final_revisions, final_stem
from tests.conftest import SAMPLE_INPUTS

EIMS = SAMPLE_INPUTS / "eims_ranbp2_alk"
EXTRA_VCF = SAMPLE_INPUTS / "alk_negative_mdm2" / "somatic.vep.vcf"
SIGNED_AT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Draft 1: Arriba only. Draft 2: the same sample with a VCF added (PIK3CA H1047R)."""
    base = tmp_path_factory.mktemp("drafts")
    inputs = [str(p) for p in sorted(EIMS.iterdir())]
    for folder, extra in (("d1", []), ("d2", [str(EXTRA_VCF)])):
        code, _, err = _run(
            "annotate", *inputs, *extra, "--sample-id", "EIMS1", "--disease", "EIMS",
            "--format", "json", "--out", str(base / folder),
        )  # fmt: skip
        assert code == 0, err
    return base / "d1" / "EIMS1.report.json", base / "d2" / "EIMS1.report.json"


def _sign(report: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return _run("signout", str(report), "--out", str(out), "--format", "html,json", *extra)


def test_draft_becomes_final_v1(drafts: tuple[Path, Path], tmp_path: Path) -> None:
    draft_bytes = drafts[0].read_bytes()
    code, out, err = _sign(drafts[0], tmp_path, "--reviewer", "Dr Ada Lovelace")
    assert code == 0, err
    assert "EIMS1: signed out by Dr Ada Lovelace as final revision 1" in out
    final = json.loads((tmp_path / "EIMS1.final-v1.report.json").read_text())
    assert final["status"] == "final" and final["revision"] == 1
    assert final["signout"]["reviewer"] == "Dr Ada Lovelace"
    assert final["signout"]["comment"] is None
    assert SIGNED_AT.match(final["signout"]["signed_at"])
    assert final["amendments"] == []
    draft = json.loads(draft_bytes)
    assert final["findings"] == draft["findings"] and draft["status"] == "draft"
    html = (tmp_path / "EIMS1.final-v1.report.html").read_text()
    assert "Dr Ada Lovelace" in html and final["signout"]["signed_at"] in html
    assert "DRAFT — not signed out" not in html and 'class="draft"' not in html
    assert "Final report, revision 1" in html
    assert drafts[0].read_bytes() == draft_bytes  # the draft is left as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "EIMS1.final-v1.report.html",
        "EIMS1.final-v1.report.json",
    ]


def test_draft_html_keeps_the_draft_banner(drafts: tuple[Path, Path], tmp_path: Path) -> None:
    from annotator.report.render import render_html

    html = render_html(json.loads(drafts[0].read_text()))
    assert "DRAFT — not signed out" in html and 'class="reviewer"' not in html
    assert "Amendments" not in html


def test_amendment_needs_a_comment_and_lists_changes(
    drafts: tuple[Path, Path], tmp_path: Path
) -> None:
    code, _, err = _sign(drafts[0], tmp_path, "--reviewer", "Dr A", "--comment", "Initial")
    assert code == 0, err
    v1 = _listing(tmp_path)

    code, _, err = _sign(drafts[1], tmp_path, "--reviewer", "Dr B")
    assert code == 2
    assert err.strip() == (
        f"imt-annotator: error: EIMS1 already has final revision 1 in {tmp_path}; "
        "an amendment needs --comment giving the reason"
    )
    assert _listing(tmp_path) == v1  # nothing written

    reason = "DNA panel result added"
    code, out, err = _sign(drafts[1], tmp_path, "--reviewer", "Dr B", "--comment", reason)
    assert code == 0, err
    assert "as amended revision 2" in out and "  - Finding added: PIK3CA p.H1047R (Tier IID)" in out
    v2 = json.loads((tmp_path / "EIMS1.final-v2.report.json").read_text())
    assert v2["status"] == "amended" and v2["revision"] == 2
    assert v2["signout"]["reviewer"] == "Dr B" and v2["signout"]["comment"] == reason
    [amendment] = v2["amendments"]
    assert amendment["revision"] == 2 and amendment["comment"] == reason
    assert amendment["signed_at"] == v2["signout"]["signed_at"]
    assert "Finding added: PIK3CA p.H1047R (Tier IID)" in amendment["changes"]
    assert f"Input added: {EXTRA_VCF} (vcf)" in amendment["changes"]
    assert not any("RANBP2::ALK" in c for c in amendment["changes"])
    for name, data in v1.items():  # final-v1 unchanged byte for byte
        assert (tmp_path / name).read_bytes() == data
    html = (tmp_path / "EIMS1.final-v2.report.html").read_text()
    assert "Amended report, revision 2" in html and 'id="amendments-h">Amendments<' in html
    assert "<li>Finding added: PIK3CA p.H1047R (Tier IID)</li>" in html
    assert "DRAFT — not signed out" not in html

    # signing the latest final again: revision 3, earlier amendments carried forward
    latest = tmp_path / "EIMS1.final-v2.report.json"
    code, _, err = _sign(latest, tmp_path, "--reviewer", "Dr C", "--comment", "Addendum")
    assert code == 0, err
    v3 = json.loads((tmp_path / "EIMS1.final-v3.report.json").read_text())
    assert [a["revision"] for a in v3["amendments"]] == [2, 3]
    assert v3["amendments"][0] == amendment and v3["amendments"][1]["changes"] == []
    assert final_revisions(tmp_path, "EIMS1") == [1, 2, 3]


def test_a_json_that_is_not_a_report_is_exit_1(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"sample": "S1"}\n')
    code, _, err = _run("signout", str(other), "--reviewer", "Dr A")
    assert code == 1
    [line] = err.strip().splitlines()
    assert line.startswith(f"imt-annotator: error: {other}: not an imt-annotator report (")
    assert "expected a report JSON written by 'imt-annotator annotate'" in line
    assert "Traceback" not in err

    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "sample": \n}\n')
    code, _, err = _run("signout", str(broken), "--reviewer", "Dr A")
    assert code == 1 and err.startswith(f"imt-annotator: error: {broken}:3: not valid JSON")

    missing = tmp_path / "missing.json"
    code, _, err = _run("signout", str(missing), "--reviewer", "Dr A")
    assert code == 1 and err.startswith(f"imt-annotator: error: {missing}: cannot read")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.json", "other.json"]


def test_reviewer_name_is_escaped_in_html(drafts: tuple[Path, Path], tmp_path: Path) -> None:
    reviewer = "<script>alert(1)</script>"
    code, _, err = _sign(drafts[0], tmp_path, "--reviewer", reviewer, "--comment", "<b>ok</b>")
    assert code == 0, err
    html = (tmp_path / "EIMS1.final-v1.report.html").read_text()
    assert "<script>alert" not in html and "<b>ok</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;ok&lt;/b&gt;" in html


def test_usage_errors(drafts: tuple[Path, Path], tmp_path: Path) -> None:
    code, _, err = _sign(drafts[0], tmp_path, "--reviewer", "  ")
    assert code == 2 and "--reviewer must name the person signing out" in err
    code, _, err = _run("signout", str(drafts[0]), "--reviewer", "A", "--format", "xml")
    assert code == 2 and "unknown format xml" in err
    code, _, _ = _run("signout", str(drafts[0]))
    assert code == 2
    # a final signed in a folder that holds none of its finals would restart at revision 1
    code, _, _ = _sign(drafts[0], tmp_path / "a", "--reviewer", "Dr A")
    assert code == 0
    code, _, err = _sign(tmp_path / "a" / "EIMS1.final-v1.report.json", tmp_path / "b",
                         "--reviewer", "Dr A", "--comment", "x")  # fmt: skip
    assert code == 2 and "is already signed out (revision 1)" in err
    assert not (tmp_path / "b").exists()


def test_default_out_is_the_folder_of_the_report(drafts: tuple[Path, Path], tmp_path: Path) -> None:
    draft = tmp_path / "EIMS1.report.json"
    shutil.copy(drafts[0], draft)
    code, out, err = _run("signout", str(draft), "--reviewer", "Dr A", "--format", "json")
    assert code == 0, err
    assert out.strip().endswith(f"wrote {tmp_path / 'EIMS1.final-v1.report.json'}")


def test_pdf_format_is_signed_out_through_the_registry(
    drafts: tuple[Path, Path], tmp_path: Path
) -> None:
    code, _, err = _run("signout", str(drafts[0]), "--reviewer", "Dr A", "--format", "pdf",
                        "--paper", "letter", "--out", str(tmp_path))  # fmt: skip
    assert code == 0, err
    pdf = tmp_path / "EIMS1.final-v1.report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdfinfo, pdftotext) not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Page size:\s+612 x 792 pts", info.stdout, re.M)  # US Letter
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert "Dr A" in text.stdout and "DRAFT" not in text.stdout
    assert (tmp_path / "EIMS1.final-v1.report.json").exists()  # JSON always written


def test_signout_has_help() -> None:
    code, out, _ = _run("signout", "--help")
    assert code == 0 and "Usage:" in out and "--reviewer" in out and "--comment" in out


def test_orphan_final_without_json_is_refused(drafts: tuple[Path, Path], tmp_path: Path) -> None:
    (tmp_path / "EIMS1.final-v1.report.html").write_text("<html></html>")
    code, _, err = _sign(drafts[0], tmp_path, "--reviewer", "Dr A", "--comment", "x")
    missing = tmp_path / "EIMS1.final-v1.report.json"
    assert code == 1 and err.startswith(f"imt-annotator: error: {missing}: missing: revision 1")


def test_exclusive_write_never_replaces_and_leaves_nothing(
    drafts: tuple[Path, Path], tmp_path: Path
) -> None:
    report = json.loads(drafts[0].read_text())
    stem = final_stem("EIMS1", 1)
    (tmp_path / f"{stem}.findings.tsv").write_text("keep me\n")
    with pytest.raises(OutputError, match=r"already exists and is never overwritten"):
        write_reports(report, tmp_path, ["json", "tsv"], stem=stem, overwrite=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{stem}.findings.tsv"]
    assert (tmp_path / f"{stem}.findings.tsv").read_text() == "keep me\n"


def _therapy(drug: str, effect: str, level: str) -> dict[str, Any]:
    return {"drug": drug, "effect": effect, "level": level}


def test_describe_changes_names_each_kind_of_change(drafts: tuple[Path, Path]) -> None:
    old = json.loads(drafts[0].read_text())
    old["findings"][0]["therapies"] = [
        _therapy("crizotinib", "sensitivity", "A"),
        _therapy("crizotinib", "resistance", "D"),
        _therapy("alectinib", "sensitivity", "C"),
        _therapy("gone", "sensitivity", "D"),
    ]
    old["sample"]["site"] = "abdomen"
    new = copy.deepcopy(old)
    alk = new["findings"][0]
    alk["tier"] = "IB"
    alk["therapies"] = [
        _therapy("crizotinib", "sensitivity", "B"),
        _therapy("crizotinib", "resistance", "D"),
        _therapy("alectinib", "resistance", "C"),
        _therapy("newdrug", "resistance", "B"),
    ]
    new["knowledgebase"]["version"] = "2099.1.0"
    new["sample"]["age"] = "45"
    new["sample"]["site"] = None
    changes = describe_changes(old, new)
    name = new["knowledgebase"]["name"]
    assert changes == [
        f"Knowledgebase: {name} {old['knowledgebase']['version']} → 2099.1.0",
        f"Sample age: {old['sample']['age'] or 'not given'} → 45",
        "Sample site: abdomen → not given",
        "RANBP2::ALK: tier IA → IB",
        "RANBP2::ALK: crizotinib (sensitivity): level A → B",
        "RANBP2::ALK: alectinib: effect sensitivity → resistance",
        "RANBP2::ALK: therapy added: newdrug (resistance, level B)",
        "RANBP2::ALK: therapy removed: gone (was sensitivity, level D)",
    ]
    alk["therapies"][0]["effect"] = "resistance"  # two resistance entries: shown whole
    assert (
        "RANBP2::ALK: crizotinib: resistance, level D; sensitivity, level A → "
        "resistance, level B; resistance, level D"
    ) in describe_changes(old, new)
    new["findings"] = []
    assert "Finding removed: RANBP2::ALK (was Tier IA)" in describe_changes(old, new)
    assert describe_changes(old, old) == []
