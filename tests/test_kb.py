"""The shipped knowledgebase: validation, citations, matching and AMP/ASCO/CAP tiering."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import KnowledgebaseError
from annotator.kb.load import Knowledgebase, default_kb_dir, load_kb
from annotator.kb.match import match_findings, matching_biomarkers
from annotator.kb.tiers import cap_level, tier_for_level
from annotator.models import Alteration
from tests.conftest import SAMPLES


def fusion(partner: str, kinase: str) -> Alteration:
    return Alteration("fusion", f"{partner}::{kinase}", kinase, (partner, kinase), partner=partner)


def mutation(gene: str, change: str) -> Alteration:
    return Alteration(
        "mutation",
        f"{gene} p.{change}",
        gene,
        (gene,),
        protein_change=change,
        protein_position=int(re.sub(r"\D", "", change)),
        protein_altering=True,
    )


def test_shipped_kb_validates(kb: Knowledgebase) -> None:
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d+", kb.version)
    assert len(kb.sha256) == 64
    assert {"ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET", "PDGFRB"} <= kb.fusion_kinases
    for item in (*kb.evidence, *kb.approvals, *kb.cases):
        assert item.citations, item.id


def test_every_pmid_and_doi_comes_from_the_fact_sheet(kb: Knowledgebase) -> None:
    sheet = SAMPLES.parent / "reference" / "imt-evidence.md"
    if not sheet.is_file():
        pytest.skip("fact sheet not present")
    text = sheet.read_text()
    for source in kb.sources.values():
        if source.pmid:
            assert source.pmid in text, source.id
        if source.doi:
            assert source.doi.lower() in text.lower(), source.id


def test_validation_collects_every_problem_with_file_and_path(tmp_path: Path) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), broken)
    evidence = yaml.safe_load((broken / "evidence.yaml").read_text())
    evidence["evidence"][0]["level"] = "Z"
    evidence["evidence"][1]["citations"] = ["PMID:999999999999"]
    (broken / "evidence.yaml").write_text(yaml.safe_dump(evidence))
    with pytest.raises(KnowledgebaseError) as err:
        load_kb(broken)
    problems = err.value.problems
    assert any(p.startswith(f"{broken / 'evidence.yaml'}: evidence.0.level:") for p in problems)
    result = CliRunner().invoke(main, ["kb", "validate", str(broken)])
    assert result.exit_code == 1
    assert "evidence.0.level" in result.stderr


def test_unknown_reference_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), broken)
    evidence = yaml.safe_load((broken / "evidence.yaml").read_text())
    evidence["evidence"][1]["citations"] = ["PMID:999999999999"]
    evidence["evidence"][2]["biomarker"] = "NO_SUCH_MARKER"
    (broken / "evidence.yaml").write_text(yaml.safe_dump(evidence))
    with pytest.raises(KnowledgebaseError) as err:
        load_kb(broken)
    text = "\n".join(err.value.problems)
    assert "unknown source 'PMID:999999999999'" in text
    assert "unknown biomarker 'NO_SUCH_MARKER'" in text


def test_kb_validate_command_on_shipped_kb() -> None:
    result = CliRunner().invoke(main, ["kb", "validate"])
    assert result.exit_code == 0 and "valid" in result.stdout


def test_levels_and_tiers() -> None:
    assert cap_level("A", "C") == "C" and cap_level("D", "C") == "D" and cap_level("B", None) == "B"
    assert [tier_for_level(x) for x in "ABCD"] == ["IA", "IB", "IIC", "IID"]


def test_specific_partner_and_any_partner_both_match(kb: Knowledgebase) -> None:
    ids = matching_biomarkers(kb, fusion("RANBP2", "ALK"))
    assert {"ALK_FUSION", "RANBP2_ALK"} <= set(ids)
    assert "RANBP2_ALK" not in matching_biomarkers(kb, fusion("EML4", "ALK"))


def test_alk_fusion_is_tier_ia_with_crizotinib_fda(kb: Knowledgebase) -> None:
    (finding,) = match_findings(kb, [fusion("EML4", "ALK")], "IMT")
    assert finding.tier == "IA"
    drugs = {t.drug: t for t in finding.therapies}
    assert drugs["crizotinib"].level == "A"
    assert any("FDA 2022-07-14" in r for r in drugs["crizotinib"].regulatory)
    for guideline_drug in ("alectinib", "brigatinib", "ceritinib", "lorlatinib"):
        assert drugs[guideline_drug].level == "A"
    assert "crizotinib" in finding.tier_rationale


def test_evidence_from_another_tumour_type_is_capped_at_c(kb: Knowledgebase) -> None:
    (finding,) = match_findings(kb, [fusion("TFG", "ROS1")], "IMT")
    assert finding.tier == "IIC"
    assert all(t.level in ("C", "D") for t in finding.therapies)
    crizotinib = next(t for t in finding.therapies if t.drug == "crizotinib")
    assert any("NSCLC" in r or "lung" in r.lower() for r in crizotinib.regulatory)


@pytest.mark.parametrize("kinase", ["NTRK1", "NTRK2", "NTRK3", "RET"])
def test_tumour_agnostic_approvals_are_level_a(kb: Knowledgebase, kinase: str) -> None:
    (finding,) = match_findings(kb, [fusion("ETV6", kinase)], "IMT")
    assert finding.tier == "IA"


def test_alk_g1202r_resistance_and_retained_lorlatinib(kb: Knowledgebase) -> None:
    (finding,) = match_findings(kb, [mutation("ALK", "G1202R")], "IMT")
    effects = {(t.drug, t.effect) for t in finding.therapies}
    assert ("crizotinib", "resistance") in effects
    assert ("lorlatinib", "sensitivity") in effects
    assert finding.tier == "IIC"


def test_unknown_variant_in_target_gene_is_tier_iii(kb: Knowledgebase) -> None:
    (finding,) = match_findings(kb, [mutation("ROS1", "A15T")], "IMT")
    assert finding.tier == "III" and not finding.therapies
    assert finding.tier_rationale.startswith("Tier III:")


def test_profile_matches_only_with_all_parts(kb: Knowledgebase) -> None:
    findings = match_findings(kb, [fusion("EML4", "ALK"), mutation("ALK", "G1202R")], "IMT")
    assert any("ALK_FUSION_WITH_G1202R" in f.biomarkers for f in findings)
    alone = match_findings(kb, [mutation("ALK", "G1202R")], "IMT")
    assert all("ALK_FUSION_WITH_G1202R" not in f.biomarkers for f in alone)


def test_fusion_that_loses_the_kinase_domain_is_tier_iii(kb: Knowledgebase) -> None:
    lost = Alteration(
        "fusion", "EML4::ALK", "ALK", ("EML4", "ALK"), partner="EML4", gene_exon=25,
        kinase_retained=False,
    )  # fmt: skip
    (finding,) = match_findings(kb, [lost], "IMT")
    assert finding.tier == "III" and not finding.therapies
    assert "not predicted to produce an active kinase fusion" in finding.tier_rationale


def test_trials_attach_to_matching_findings(kb: Knowledgebase) -> None:
    (alk,) = match_findings(kb, [fusion("EML4", "ALK")], "IMT")
    assert {"TRIAL-ADVL0912", "TRIAL-CREATE", "TRIAL-BrigaPED"} <= set(alk.trials)
    (ros1,) = match_findings(kb, [fusion("TFG", "ROS1")], "IMT")
    assert ros1.trials == ()


def test_manifest_must_list_exactly_the_files(tmp_path: Path) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), broken)
    manifest = yaml.safe_load((broken / "knowledgebase.yaml").read_text())
    manifest["files"].remove("trials.yaml")
    (broken / "knowledgebase.yaml").write_text(yaml.safe_dump(manifest))
    with pytest.raises(KnowledgebaseError) as err:
        load_kb(broken)
    assert "knowledgebase.yaml: files: expected exactly" in str(err.value)
