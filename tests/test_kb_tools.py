"""Knowledgebase tooling: ``kb show``, ``kb stats``, ``kb diff``, retiring records, and the match
rules and patient-context restrictions they rely on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import KnowledgebaseError, UsageError
from annotator.kb.context import age_applicability, patient_context
from annotator.kb.load import Knowledgebase, default_kb_dir, load_kb
from annotator.kb.match import match_findings
from annotator.kb.rules import matching_biomarkers, rule_matches
from annotator.kb.schema import MutationMatch
from annotator.models import Alteration


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_kb_show_fusion(kb: Knowledgebase) -> None:
    code, out, _ = cli("kb", "show", "RANBP2::ALK", "--disease", "EIMS", "--age", "44")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith(f"RANBP2::ALK - IMT knowledgebase {kb.version} (sha256 ")
    assert lines[1] == (
        "Context: Epithelioid inflammatory myofibroblastic sarcoma (EIMS); age 44 years; "
        "site not given"
    )
    assert lines[2] == (
        "Matches (most specific first): RANBP2_ALK - RANBP2::ALK fusion; "
        "ALK_FUSION - ALK fusion (any partner)"
    )
    assert "  crizotinib - sensitivity, level A, ESCAT I-B, OncoKB 1" in lines
    assert any(x.startswith("Published cases: 23 published RANBP2::ALK EIMS cases") for x in lines)
    assert "    outcome: EV-ALK_FUSION-IMT-crizotinib-CREATE: ALK-positive: ORR 6/12 = 50% " in (
        "\n".join(lines)
    )


def test_kb_show_resistance_mutation_and_gene() -> None:
    code, out, _ = cli("kb", "show", "ALK G1202R")
    assert code == 0
    assert out.splitlines()[-2:] == [
        "With a fusion of ALK in the same sample:",
        "  G1202R: loses alectinib (C), brigatinib (C), ceritinib (C), crizotinib (C); retains "
        "lorlatinib (A), neladalkib (C)",
    ]
    code, out, _ = cli("kb", "show", "NTRK3")
    assert code == 0
    assert (
        "  G623R: loses larotrectinib (A); retains selitrectinib (C), zurletrectinib (D); "
        "label excludes: entrectinib (C)"
    ) in out.splitlines()
    assert out.splitlines()[1] == (
        "NTRK3 (fusion kinase): ETV6::NTRK3 occurs in a small subset of IMT (about 5%)."
    )


def test_kb_show_drug_disease_and_unknown_query() -> None:
    code, out, _ = cli("kb", "show", "pralsetinib")
    assert code == 0 and out.splitlines()[2] == (
        "  regulatory [RET_FUSION]: FDA date not verified: not approved for SOLID — No "
        "tumour-agnostic (solid tumour) RET-fusion indication."
    )
    code, out, _ = cli("kb", "show", "EIMS")
    assert code == 0 and "  [prognostic; V] EV-EIMS-behaviour: " in out
    code, _, err = cli("kb", "show", "KRAS G12D")
    assert code == 2 and "nothing in the knowledgebase matches 'KRAS G12D'" in err


def test_kb_stats() -> None:
    code, out, _ = cli("kb", "stats")
    lines = out.splitlines()
    assert code == 0
    assert "published cases: 39 records, 73 patients; case tables: 1" in lines
    assert "guidelines: 9 (added 3, listed 3, not_found 1, recommends 2)" in lines
    assert "trials: 7; corrections of the seed review: 11" in lines


def _release(tmp_path: Path) -> Path:
    new = tmp_path / "new"
    shutil.copytree(default_kb_dir(), new)
    manifest = yaml.safe_load((new / "knowledgebase.yaml").read_text())
    manifest["version"] = "2026.12.0"
    manifest["released"] = "2026-12-01"
    (new / "knowledgebase.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    data = yaml.safe_load((new / "evidence.yaml").read_text())
    by_id = {e["id"]: e for e in data["evidence"]}
    by_id["EV-PIK3CA_MUTATION-IMT-prognostic"]["level"] = "C"
    by_id["EV-ALK_FUSION-IMT-crizotinib-CGI-cases"]["retired"] = {
        "date": "2026-12-01",
        "reason": "duplicates the CIViC and trial items",
        "replaced_by": "EV-ALK_FUSION-IMT-crizotinib",
    }
    data["evidence"] = [e for e in data["evidence"] if e["id"] != "EV-TMB_HIGH-IMT-note"]
    data["evidence"].append({**by_id["EV-IMT-rituximab"], "id": "EV-IMT-rituximab-2"})
    (new / "evidence.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return new


def test_kb_diff_writes_release_notes(tmp_path: Path) -> None:
    new = _release(tmp_path)
    code, out, _ = cli("kb", "diff", str(default_kb_dir()), str(new))
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "# IMT knowledgebase: 2026.11.2 -> 2026.12.0"
    assert "- released: 2026-11-27 -> 2026-12-01" in lines
    section = lines[lines.index("## evidence (1 added, 1 changed, 1 removed, 1 retired)") :]
    assert section[1:5] == [
        "- retired EV-ALK_FUSION-IMT-crizotinib-CGI-cases (2026-12-01): duplicates the CIViC "
        "and trial items",
        "- changed EV-PIK3CA_MUTATION-IMT-prognostic: level D -> C",
        "- added EV-IMT-rituximab-2 (rituximab, sensitivity, D)",
        "- removed EV-TMB_HIGH-IMT-note (TMB_HIGH, note)",
    ]
    code, out, _ = cli("kb", "diff", str(default_kb_dir()), str(default_kb_dir()))
    assert out.splitlines()[-1] == "Identical content (same canonical sha256)."


def test_retired_evidence_is_kept_but_not_applied(tmp_path: Path) -> None:
    new = load_kb(_release(tmp_path))
    alk = Alteration("fusion", "EML4::ALK", "ALK", ("EML4", "ALK"), partner="EML4")
    (finding,) = match_findings(new, [alk], "IMT")
    ids = {e for t in finding.therapies for e in t.evidence_ids}
    assert "EV-ALK_FUSION-IMT-crizotinib-CGI-cases" not in ids
    assert any(e.id == "EV-ALK_FUSION-IMT-crizotinib-CGI-cases" for e in new.evidence)


def test_retirement_must_name_an_existing_replacement(tmp_path: Path) -> None:
    broken = _release(tmp_path)
    text = (broken / "evidence.yaml").read_text()
    (broken / "evidence.yaml").write_text(
        text.replace("replaced_by: EV-ALK_FUSION-IMT-crizotinib\n", "replaced_by: EV-NOPE\n")
    )
    with pytest.raises(KnowledgebaseError) as err:
        load_kb(broken)
    assert [p.split(": ", 1)[1] for p in err.value.problems] == [
        f"evidence.{_index(broken, 'EV-ALK_FUSION-IMT-crizotinib-CGI-cases')}.retired."
        "replaced_by: unknown record 'EV-NOPE'"
    ]


def _index(root: Path, evidence_id: str) -> int:
    items = yaml.safe_load((root / "evidence.yaml").read_text())["evidence"]
    return next(i for i, e in enumerate(items) if e["id"] == evidence_id)


def test_rules_codon_exon_insertion_and_specificity(kb: Knowledgebase) -> None:
    ins = Alteration(
        "mutation", "ALK p.T1151_L1152insT", "ALK", ("ALK",),
        protein_change="T1151_L1152insT", protein_position=1151, protein_altering=True,
    )  # fmt: skip
    missense = Alteration(
        "mutation", "ALK p.T1151M", "ALK", ("ALK",),
        protein_change="T1151M", protein_position=1151, protein_altering=True, exon=22,
    )  # fmt: skip
    assert matching_biomarkers(kb, ins) == ["ALK_T1151_INS"]
    assert matching_biomarkers(kb, missense) == ["ALK_T1151M"]
    assert rule_matches(MutationMatch(kind="mutation", gene="ALK", codon=1151), missense)
    assert rule_matches(MutationMatch(kind="mutation", gene="ALK", exon=22), missense)
    assert not rule_matches(MutationMatch(kind="mutation", gene="ALK", exon=23), missense)
    exon_fusion = Alteration(
        "fusion", "RANBP2::ALK", "ALK", ("RANBP2", "ALK"), partner="RANBP2", partner_exon=18,
        gene_exon=20,
    )  # fmt: skip
    assert matching_biomarkers(kb, exon_fusion) == [
        "RANBP2_ALK_E18_E20",
        "RANBP2_ALK",
        "ALK_FUSION",
    ]


def test_age_restriction_wording(kb: Knowledgebase) -> None:
    unknown = patient_context(kb, "IMT")
    child = patient_context(kb, "IMT", age_group="paediatric")
    adult = patient_context(kb, "IMT", age="30")
    assert age_applicability(unknown, 6, 18).note == (
        "labelled for ages 6 to < 18 years; patient age not given"
    )
    assert age_applicability(child, 6, 18).applies
    assert age_applicability(child, 6, 18).note == (
        "labelled for ages 6 to < 18 years; the patient's exact age was not given"
    )
    assert not age_applicability(adult, 6, 18).applies
    assert age_applicability(child, 18, None).note == (
        "labelled for adults (≥ 18 years); not applicable to this paediatric patient"
    )
    with pytest.raises(UsageError, match="age 'forty' not understood"):
        patient_context(kb, "IMT", age="forty")
    with pytest.raises(UsageError, match="disease 'NSCLC' is not modelled"):
        patient_context(kb, "NSCLC")


@pytest.mark.parametrize("command", [["kb", "show"], ["kb", "stats"], ["kb", "diff"]])
def test_kb_commands_have_help(command: list[str]) -> None:
    code, out, _ = cli(*command, "--help")
    assert code == 0 and "Usage:" in out and len(out.splitlines()) > 3


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("EML4-ALK", "Matches (most specific first): EML4_ALK - EML4::ALK fusion; "),
        ("ALK-EML4", "Matches (most specific first): EML4_ALK - EML4::ALK fusion; "),  # OncoKB
        ("TFG/ROS1", "Matches (most specific first): TFG_ROS1 - TFG::ROS1 fusion; "),
    ],
)
def test_kb_show_reads_fusion_names_as_callers_write_them(query: str, matches: str) -> None:
    code, out, _ = cli("kb", "show", query)
    assert code == 0 and out.splitlines()[2].startswith(matches)


@pytest.mark.parametrize("query", ["CHR19_LOSS", "chromosome 19 loss", "Chr19  loss"])
def test_kb_show_finds_a_biomarker_by_its_name(query: str) -> None:
    code, out, _ = cli("kb", "show", query)
    assert code == 0 and out.splitlines()[1].startswith("CHR19_LOSS: chromosome 19 loss ")


@pytest.mark.parametrize("query", ["STX16-NPEPL1", "HLA-A", "KRAS-NRAS"])
def test_kb_show_does_not_read_a_hyphenated_gene_or_a_kinase_free_pair_as_a_fusion(
    query: str,
) -> None:
    code, _, err = cli("kb", "show", query)
    assert code == 2 and f"nothing in the knowledgebase matches {query!r}" in err
