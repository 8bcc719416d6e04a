# ruff: noqa: E501  (sample file names are long; one key per file keeps the table greppable)
"""Every fusion sample: the format it is detected as, the calls read and the IMT fusions found.

One table for the whole set of real caller outputs, so a change in any parser or in fusion
normalisation shows up here per file. The build is the one the file states or its name gives
(the PCGR examples); everything else is GRCh38, as the test read sets are.
"""

from __future__ import annotations

import pytest

from annotator.alterations import SkipLog, fusion_alterations
from annotator.errors import UnknownFormatError
from annotator.kb.load import Knowledgebase
from annotator.models import FusionCall
from annotator.normalize.fusions import normalize_fusions
from annotator.parsers import detect
from tests.conftest import shared_samples

# file -> (parser, fusion calls read, IMT kinase fusions found); None: not a fusion list
EXPECTED: dict[str, tuple[str, int, tuple[str, ...]] | None] = {
    "fusions/arriba/arriba_repo_test.fusions.tsv": ("arriba", 1, ()),
    "fusions/arriba/fusionreport_test.arriba.fusions.tsv": (
        "arriba",
        14,
        ("CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "GOPC::ROS1", "HOOK3::RET"),
    ),
    "fusions/arriba/rnasum_test.dragen_bam.arriba.fusions.tsv": ("arriba", 4, ()),
    "fusions/cbioportal/cbioportal_core_study_es_0.data_structural_variants.txt": (
        "cbioportal_sv",
        47,
        ("EML4::ALK", "NCOA4::RET", "PTPN3::ALK", "TTN::ALK"),
    ),
    "fusions/cbioportal/cbioportal_core_test.data_structural_variants.txt": (
        "cbioportal_sv",
        5,
        ("EML4::ALK",),
    ),
    "fusions/chimerascan/mavis_tests.chimerascan_output.bedpe": ("chimerascan", 17, ()),
    "fusions/cicero/cicero_repo_test.annotated.fusion.txt": ("cicero", 1, ()),
    "fusions/cicero/cicero_repo_test.final_fusions.txt": ("cicero", 1, ()),
    "fusions/cicero/cicero_repo_test.final_internal.txt": ("cicero", 0, ()),
    "fusions/cicero/cicero_repo_test.unfiltered.fusion.txt": ("cicero", 2, ()),
    "fusions/ctat-lr-fusion/fusionreport_test.ctat_lr_fusion.tsv": (
        "ctat_lr_fusion",
        12,
        ("CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "HOOK3::RET", "NPM1::ALK"),
    ),
    "fusions/defuse/chimeraviz_extdata.defuse_833ke_results.filtered.tsv": ("defuse", 17, ()),
    "fusions/defuse/mavis_tests.defuse_output.tsv": ("defuse", 19, ()),
    "fusions/dragen/fusionreport_test.dragen.fusion_candidates.final.tsv": ("dragen_fusion", 5, ()),
    "fusions/dragen/rnasum_test_sample_WTS.fusion_candidates.final": ("dragen_fusion", 2, ()),
    "fusions/ericscript/chimeraviz_extdata.ericscript_SRR1657556.results.total.tsv": (
        "ericscript",
        10,
        (),
    ),
    "fusions/ericscript/fusionreport_test.ericscript.results.tsv": (
        "ericscript",
        12,
        ("CD74::ROS1", "ETV6::NTRK3", "GOPC::ROS1", "HOOK3::RET"),
    ),
    "fusions/fusion-report/docs_example.fusion_genes_mqc.json": None,
    "fusions/fusion-report/docs_example.fusion_list.tsv": (
        "fusion_list",
        18,
        ("CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "GOPC::ROS1", "HOOK3::RET", "NPM1::ALK"),
    ),
    "fusions/fusion-report/docs_example.fusion_list_filtered.tsv": (
        "fusion_list",
        14,
        ("CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "GOPC::ROS1", "HOOK3::RET", "NPM1::ALK"),
    ),
    "fusions/fusion-report/docs_example.fusions.csv": (
        "fusion_report_csv",
        53,
        ("CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "GOPC::ROS1", "HOOK3::RET", "NPM1::ALK"),
    ),
    "fusions/fusion-report/docs_example.fusions.json": (
        "fusion_report_json",
        84,
        ("CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "GOPC::ROS1", "HOOK3::RET", "NPM1::ALK"),
    ),
    "fusions/fusioncatcher/chimeraviz_extdata.fusioncatcher_833ke_final-list-candidate-fusion-genes.txt": (
        "fusioncatcher",
        7,
        (),
    ),
    "fusions/fusioncatcher/fusioncatcher_repo_test.final-list_candidate-fusion-genes.txt": (
        "fusioncatcher",
        25,
        ("CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "GOPC::ROS1", "HOOK3::RET", "NPM1::ALK"),
    ),
    "fusions/fusioncatcher/fusioncatcher_repo_test.final-list_candidate-fusion-genes.vcf": (
        "sv_vcf",
        22,
        ("CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "GOPC::ROS1", "HOOK3::RET", "NPM1::ALK"),
    ),
    "fusions/fusioncatcher/fusioncatcher_repo_test.summary_candidate_fusions.txt": (
        "fusioncatcher_summary",
        17,
        ("CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "GOPC::ROS1", "HOOK3::RET", "NPM1::ALK"),
    ),
    "fusions/fusioncatcher/fusionreport_test.final-list_candidate-fusion-genes.txt": (
        "fusioncatcher",
        22,
        ("CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "GOPC::ROS1", "HOOK3::RET", "NPM1::ALK"),
    ),
    "fusions/fusioninspector/fi_repo_ex2.finspector.fusion_predictions.final.abridged.FFPM": (
        "fusioninspector",
        20,
        (),
    ),
    "fusions/fusioninspector/fi_repo_fusion_targets.A.txt": ("fusion_list", 23, ()),
    "fusions/fusioninspector/nfcore_testdatasets_rnafusion.test.FusionInspector.fusions.abridged.rows3-5.tsv": (
        "fusioninspector",
        3,
        (),
    ),
    "fusions/fusionmap/chimeraviz_extdata.FusionMap_01_TestDataset_InputFastq.FusionReport.txt": (
        "fusionmap",
        36,
        (),
    ),
    "fusions/gridss/gridss_repo_test.colo829_1.gridss.somatic.subset.vcf": ("sv_vcf", 22, ()),
    "fusions/infusion/chimeraviz_extdata.infusion_fusions.txt": ("infusion", 19, ()),
    "fusions/jaffa/chimeraviz_extdata.jaffa_results.csv": ("jaffa", 24, ()),
    "fusions/jaffa/fusionreport_test.jaffa_results.csv": (
        "jaffa",
        12,
        ("CD74::ROS1", "ETV6::NTRK3", "GOPC::ROS1"),
    ),
    "fusions/manta/mavis_tests.manta_events.vcf": ("sv_vcf", 12, ()),
    "fusions/manta/umccrise_gpgr.manta.bnd_subset.vcf": ("sv_vcf", 34, ()),
    "fusions/moalmanac/moalmanac_example_patient.simplified_input.txt": ("moalmanac_fusion", 1, ()),
    "fusions/oncofuse/chimeraviz_extdata.oncofuse.outfile": ("oncofuse", 6, ()),
    "fusions/oncokb-annotator/example_fusions.txt": ("oncokb_fusion", 4, ("EML4::ALK",)),
    "fusions/oncokb-annotator/example_sv.txt": ("oncokb_sv", 4, ("EML4::ALK",)),
    "fusions/pcgr/T001-BRCA.grch37.fusions.tsv": (
        "pcgr_fusion",
        13,
        ("CCDC6::RET", "EML4::ALK", "NTRK3 rearrangement (partner not identified)", "TPM3::NTRK1"),
    ),
    "fusions/pcgr/T001-BRCA.grch38.fusions.tsv": (
        "pcgr_fusion",
        9,
        ("CCDC6::RET", "EML4::ALK", "TPM3::NTRK1"),
    ),
    "fusions/pizzly/fusionreport_test.pizzly_flat.tsv": (
        "pizzly",
        8,
        ("CD74::ROS1", "ETV6::NTRK3", "HOOK3::RET"),
    ),
    "fusions/prada/chimeraviz_extdata.PRADA.acc.fusion.fq.TAF.tsv": ("prada", 10, ()),
    "fusions/soapfuse/chimeraviz_extdata.soapfuse_833ke_final.Fusion.specific.for.genes": (
        "soapfuse",
        41,
        (),
    ),
    "fusions/squid/chimeraviz_extdata.squid_hcc1954_sv.txt": ("squid", 98, ()),
    "fusions/squid/fusionreport_test.squid_annotated.txt": (
        "squid",
        9,
        ("ETV6::NTRK3", "HOOK3::RET"),
    ),
    "fusions/star-fusion/chimeraviz_extdata.star-fusion.fusion_candidates.final.abridged.txt": (
        "star_fusion",
        11,
        (),
    ),
    "fusions/star-fusion/chimeraviz_extdata.star-fusion.fusion_predictions.abridged.annotated.coding_effect.tsv": (
        "star_fusion",
        3,
        (),
    ),
    "fusions/star-fusion/fusionreport_test.star-fusion.fusion_predictions.tsv": (
        "star_fusion",
        12,
        ("CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "HOOK3::RET", "NPM1::ALK"),
    ),
    "fusions/star-fusion/moalmanac_example_patient.rna.star.fusions.txt": ("star_fusion", 178, ()),
    "fusions/star-fusion/starfusion_repo_BT474.star-fusion.fusion_candidates.final.abridged.FFPM": (
        "star_fusion",
        34,
        (),
    ),
    "fusions/star-fusion/starfusion_repo_fuco.star-fusion.fusion_candidates.final.abridged": (
        "star_fusion",
        65,
        ("CCDC6::RET", "CD74::ROS1", "EML4::ALK", "ETV6::NTRK3", "HOOK3::RET"),
    ),
    "fusions/star-fusion/starfusion_repo_kickstart.star-fusion.fusion_candidates.final": (
        "star_fusion",
        24,
        (),
    ),
    "fusions/transabyss/mavis_tests.transabyss_events.tab": ("transabyss", 12, ()),
    "variants/gpgr-umccrise/linx.fusion.tsv": ("linx", 91, ()),
}


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_fusion_sample(relative: str, kb: Knowledgebase) -> None:
    path = shared_samples() / relative
    expected = EXPECTED[relative]
    if expected is None:
        with pytest.raises(UnknownFormatError):
            detect(path)
        return
    parser = detect(path).parser
    parsed = parser.parse(path)
    calls = [r for r in parsed.records if isinstance(r, FusionCall)]
    build = "GRCh37" if "grch37" in relative or parsed.genome_hint == "GRCh37" else "GRCh38"
    events = normalize_fusions(calls, kb.fusion_kinases, build)
    labels = tuple(sorted(a.label for a in fusion_alterations(events, kb, SkipLog())))
    assert (parser.name, len(calls), labels) == expected


def test_every_fusion_sample_is_in_the_table() -> None:
    root = shared_samples()
    files = {
        str(p.relative_to(root))
        for p in (root / "fusions").rglob("*")
        if p.is_file() and p.suffix != ".md"
    }
    assert files <= set(EXPECTED)
