"""Fusion lists, reporters and vendor panels: OncoKB, cBioPortal SV, PCGR, MOAlmanac,
fusion-report, plain fusion lists, Archer and Oncomine (the last two from documented layouts)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from annotator.errors import InputFormatError, UnknownFormatError
from annotator.models import FusionCall, GeneLevelCopyNumber, ParsedInput
from annotator.parsers import archer, detect, fusion_list, oncomine
from annotator.parsers.textio import read_head
from tests.conftest import shared_samples

KINASES = frozenset({"ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET", "PDGFRB"})


def _read(relative: str, parser: str) -> ParsedInput:
    path = shared_samples() / relative
    found = detect(path)
    assert found.parser.name == parser
    return found.parser.parse(path)


def _calls(parsed: ParsedInput) -> list[FusionCall]:
    return [r for r in parsed.records if isinstance(r, FusionCall)]


def _kinase_calls(parsed: ParsedInput) -> list[tuple[int, str, str]]:
    return [
        (c.source.line, c.gene5_field, c.gene3_field)
        for c in _calls(parsed)
        if {c.gene5_field, c.gene3_field} & KINASES
    ]


def _skips(parsed: ParsedInput) -> list[tuple[str, tuple[int, ...]]]:
    return [(s.reason, s.lines) for s in parsed.skipped]


# --- OncoKB ---------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["fusions", "variants"])
def test_oncokb_fusion_example(folder: str) -> None:
    parsed = _read(f"{folder}/oncokb-annotator/example_fusions.txt", "oncokb_fusion")
    calls = _calls(parsed)
    assert [(c.gene5_field, c.gene3_field) for c in calls] == [
        ("ALK", "EML4"),  # written 3' first: kept as read, marked unordered
        ("TMPRSS2", "ERG"),
        ("TMPRSS2", "ERG"),
        ("ETV6", "RUNX1"),  # "ETV6-RUNX1 fusion"
    ]
    assert all(not c.ordered and c.bp5 is None and c.support == (None, None, None) for c in calls)
    assert calls[0].name_field == "ALK-EML4" and calls[0].source.line == 3
    assert _skips(parsed) == [
        ("intragenic rearrangement of one gene (GENE-intragenic), not a fusion of two genes",
         (2, 4, 7)),
    ]  # fmt: skip
    assert parsed.skipped[0].examples == ("MLL2-intragenic", "EGFR-intragenic", "ERBB2-intragenic")
    assert parsed.sample_hint is None
    assert parsed.warnings[-1].endswith(
        "holds 3 samples (TCGA-02-0033-01, TCGA-05-4417-01, TCGA-06-0155-01) and none is the "
        "report's sample id; all were read and their values are pooled into one set of calls; "
        "choose one with --input-sample"
    )


@pytest.mark.parametrize("folder", ["fusions", "variants"])
def test_oncokb_sv_example(folder: str) -> None:
    parsed = _read(f"{folder}/oncokb-annotator/example_sv.txt", "oncokb_sv")
    calls = _calls(parsed)
    assert len(calls) == 4
    assert _kinase_calls(parsed) == [(3, "ALK", "EML4")]
    assert calls[0].fusion_type == "fusion" and not calls[0].ordered
    assert _skips(parsed) == [
        ("same gene on both sides (deletion within one gene), not a fusion", (2, 4, 7))
    ]
    assert parsed.skipped[0].examples[0] == "MLL2 / MLL2 DELETION"
    assert "holds 3 samples" in parsed.warnings[-1]


def test_oncokb_fusion_with_bom_crlf_and_gene_columns(tmp_path: Path) -> None:
    path = tmp_path / "fusions.txt"
    text = (
        "\ufeffSAMPLE_ID\tFUSION\tGENEA\tGENEB\r\n"
        "S1\tsomething odd\tRANBP2\tALK\r\n"  # gene columns win over the name
        "S1\tTFG-ROS1 Fusion\t\t\r\n"
        "S1\tSTX16-NPEPL1\t\t\r\n"
        "S1\tFOO1-BAR2"
    )
    path.write_bytes(text.encode())
    assert detect(path).parser.name == "oncokb_fusion"
    parsed = detect(path).parser.parse(path)
    assert [(c.gene5_field, c.gene3_field) for c in _calls(parsed)] == [
        ("RANBP2", "ALK"),
        ("TFG", "ROS1"),
        ("FOO1", "BAR2"),
    ]
    assert parsed.sample_hint == "S1" and parsed.details[-1] == ("samples", "S1")
    assert _skips(parsed) == [("names one gene, not a gene pair", (4,))]
    assert parsed.warnings == (
        f"{path}:4: 'STX16-NPEPL1' is one gene symbol; it could also be read as the fusion "
        "STX16::NPEPL1",
        f"{path}:5: neither 'FOO1' nor 'BAR2' is a known gene symbol; 'FOO1-BAR2' may be one "
        "gene rather than the fusion FOO1::BAR2",
    )


def test_oncokb_fusion_bad_name_points_at_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "fusions.txt"
    path.write_text("Tumor_Sample_Barcode\tFusion\nS1\tEML4--ALK--RET\n")
    with pytest.raises(InputFormatError) as err:
        detect(path).parser.parse(path)
    assert str(err.value) == (
        f"{path}:2: column 'Fusion': expected two genes joined by '--', got 3 parts in "
        "'EML4--ALK--RET'"
    )
    assert err.value.detail_lines() == ["    S1 EML4--ALK--RET", "                ^^"]


# --- cBioPortal -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    [
        "fusions/cbioportal/cbioportal_core_test.data_structural_variants.txt",
        "variants/cbioportal-core/data_structural_variants.txt",
    ],
)
def test_cbioportal_core_test_file(relative: str) -> None:
    parsed = _read(relative, "cbioportal_sv")
    calls = _calls(parsed)
    assert len(calls) == 5 and parsed.skipped == ()
    assert parsed.genome_hint == "GRCh37"
    assert parsed.details[1] == ("samples", "TCGA-A1-A0SB-01, TCGA-A1-A0SD-01, TCGA-A1-A0SB-02")
    assert "holds 3 samples" in parsed.warnings[0]
    eml4 = calls[1]
    assert (eml4.gene5_field, eml4.gene3_field, eml4.source.line) == ("EML4", "ALK", 3)
    assert (str(eml4.bp5), str(eml4.bp3)) == ("2:42522656", "2:29446335")
    assert (eml4.exon5, eml4.exon3) == (None, 2)  # site 1 is in intron 5
    assert eml4.support == (None, None, 300) and not eml4.ordered
    assert eml4.name_field == "Fusion" and eml4.transcript3 == "ENST00000389048"
    assert eml4.caller_notes == ("site 1 (EML4): intron 5", "DNA support no, RNA support yes")
    assert eml4.source.raw_dict()["Sample_Id"] == "TCGA-A1-A0SD-01"
    assert eml4.source.raw_dict()["StructVarNamespace.column1"] == "value1a"
    # Entrez ids only: 673 is BRAF; 100781 is not a bundled gene (gene found later from the bp)
    assert [(c.gene5_field, c.gene3_field) for c in calls[2:]] == [
        ("", "BRAF"),
        ("BRAF", ""),
        ("AKT1", ""),
    ]
    assert calls[2].caller_notes[:2] == (
        "site 1 given only as Entrez Gene id 100781, not a bundled gene",
        "site 2 given as Entrez Gene id 673 (BRAF)",
    )


def test_cbioportal_validator_study() -> None:
    parsed = _read(
        "fusions/cbioportal/cbioportal_core_study_es_0.data_structural_variants.txt",
        "cbioportal_sv",
    )
    calls = _calls(parsed)
    assert len(calls) == 47
    assert _skips(parsed) == [
        ("same gene on both sites (intragenic), not a fusion of two genes", (7,))
    ]
    assert parsed.details[1][0] == "samples" and parsed.details[1][1].endswith(" and 26 more")
    assert parsed.warnings[0].split(": ", 1)[1].startswith("holds 36 samples (TCGA-A2-A04P-01,")
    assert _kinase_calls(parsed) == [
        (4, "NCOA4", "RET"),
        (5, "EML4", "ALK"),
        (8, "ALK", "PTPN3"),
        (9, "EML4", "ALK"),
        (12, "TTN", "ALK"),
    ]
    ret = calls[2]
    assert (ret.exon5, ret.exon3, ret.total_reads) == (7, 12, 800)
    assert (str(ret.bp5), str(ret.bp3)) == ("10:51582939", "10:43612031")
    # the last two rows name one site only; the other site keeps its position
    assert [(c.gene5_field, c.gene3_field, str(c.bp3)) for c in calls[-2:]] == [
        ("BRAF", "", "1:111111111"),
        ("", "TTN", "1:111111111"),
    ]


def _cbio_file(tmp_path: Path, position: str) -> Path:
    path = tmp_path / "data_sv.txt"
    header = "Sample_Id\tSite1_Hugo_Symbol\tSite1_Chromosome\tSite1_Position\tSite2_Hugo_Symbol\t"
    header += "Site2_Chromosome\tSite2_Position\tSite2_Effect_On_Frame\tSV_Status\tNCBI_Build"
    rows = [
        f"P1\tRANBP2\tchr2\t{position}\tALK\t2\t29223528\tIn_frame\tSOMATIC\thg38",
        "P1\tBRCA2\t13\t32315474\tRAD51\t15\t40695000\tNA\tGERMLINE\thg38",
    ]
    path.write_bytes(("\ufeff" + "\r\n".join([header, *rows])).encode())
    return path


def test_cbioportal_bom_crlf_germline_and_build(tmp_path: Path) -> None:
    path = _cbio_file(tmp_path, "108776000")
    parsed = detect(path).parser.parse(path)
    (call,) = _calls(parsed)
    assert (str(call.bp5), call.frame) == ("2:108776000", "in-frame")
    assert parsed.genome_hint == "GRCh38" and parsed.sample_hint == "P1"
    assert _skips(parsed) == [("germline structural variant (SV_Status GERMLINE)", (3,))]


def test_cbioportal_malformed_position(tmp_path: Path) -> None:
    path = _cbio_file(tmp_path, "10877x000")
    with pytest.raises(InputFormatError) as err:
        detect(path).parser.parse(path)
    assert str(err.value) == (
        f"{path}:2: column 'Site1_Position': expected an integer, got '10877x000'"
    )
    assert err.value.line == 2 and err.value.column == "Site1_Position"
    excerpt, caret = err.value.detail_lines()
    assert caret.index("^") - 4 == excerpt[4:].index("10877x000") and caret.count("^") == 9


# --- PCGR ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["fusions", "variants"])
def test_pcgr_grch37_example(folder: str) -> None:
    parsed = _read(f"{folder}/pcgr/T001-BRCA.grch37.fusions.tsv", "pcgr_fusion")
    calls = _calls(parsed)
    assert len(calls) == 13 and parsed.skipped == ()
    assert parsed.genome_hint is None  # the build is only in the file name
    assert _kinase_calls(parsed) == [
        (2, "EML4", "ALK"),
        (7, "NTRK1", "TPM3"),
        (11, "CCDC6", "RET"),
        (12, "", "ALK"),  # "--ALK": partner left empty
        (14, "", "NTRK3"),
    ]
    eml4 = calls[0]
    assert (str(eml4.bp5), str(eml4.bp3), eml4.split_reads) == ("2:42522694", "2:29446394", 100)
    assert eml4.ordered and eml4.name_field == "EML4--ALK"
    assert (calls[11].gene5_field, calls[11].gene3_field) == ("FGFR2", "")


def test_pcgr_grch38_example() -> None:
    parsed = _read("fusions/pcgr/T001-BRCA.grch38.fusions.tsv", "pcgr_fusion")
    assert len(_calls(parsed)) == 9
    assert _kinase_calls(parsed) == [(2, "NTRK1", "TPM3"), (3, "EML4", "ALK"), (7, "CCDC6", "RET")]
    eml4 = _calls(parsed)[1]
    assert (str(eml4.bp5), str(eml4.bp3)) == ("2:42295554", "2:29223528")


def test_pcgr_malformed_breakpoint_and_name(tmp_path: Path) -> None:
    path = tmp_path / "fusions.tsv"
    path.write_text(
        "FusionGene\tLeftBreakpoint\tRightBreakpoint\tSplitReads\tScore\n"
        "EML4::ALK\tchr2:42522694\t2:294x6394\t12\t0.9\n"
    )
    with pytest.raises(InputFormatError) as err:
        detect(path).parser.parse(path)
    assert str(err.value).startswith(f"{path}:2: column 'RightBreakpoint': expected a breakpoint")
    assert err.value.detail_lines()[1] == "    " + " " * 29 + "^^^^^"
    path.write_text(
        "FusionGene\tLeftBreakpoint\tRightBreakpoint\tSplitReads\nEML4-ALK\t2:1\t2:2\t3\n"
    )
    with pytest.raises(InputFormatError, match="expected a fusion name 'GENE1--GENE2'"):
        detect(path).parser.parse(path)


def test_pcgr_score_and_chr_prefix(tmp_path: Path) -> None:
    path = tmp_path / "fusions.tsv"
    path.write_text(
        "FusionGene\tLeftBreakpoint\tRightBreakpoint\tSplitReads\tScore\n"
        "EML4::ALK\tchr2:42522694\t.\t12\t0.9"
    )
    (call,) = _calls(detect(path).parser.parse(path))
    assert (str(call.bp5), call.bp3, call.caller_notes) == ("2:42522694", None, ("Score 0.9",))


# --- MOAlmanac --------------------------------------------------------------------------------


def test_moalmanac_simplified_input() -> None:
    parsed = _read(
        "fusions/moalmanac/moalmanac_example_patient.simplified_input.txt", "moalmanac_fusion"
    )
    copy_number, fusion = parsed.records
    assert isinstance(fusion, FusionCall) and isinstance(copy_number, GeneLevelCopyNumber)
    assert (fusion.gene5_field, fusion.gene3_field, fusion.source.line) == ("COL1A1", "CITED4", 4)
    assert fusion.ordered and fusion.fusion_type == "Fusion"
    assert (copy_number.gene, copy_number.discrete, copy_number.caller_call) == (
        "CDK4",
        2,
        "Amplification",
    )
    assert copy_number.source.line == 3
    reason = "rows give gene and protein change only (no position or alleles), not read as "
    reason += "variants: give the VCF or MAF"
    assert _skips(parsed) == [
        (f"Somatic Variant {reason}", (2,)),
        (f"Germline Variant {reason}", (5,)),
    ]
    assert parsed.skipped[0].examples == ("BRAF Missense p.V600E",)


def test_moalmanac_partner_unnamed_and_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "input.txt"
    path.write_text(
        "feature_type\tfeature\talteration_type\talteration\n"
        "Rearrangement\tALK\tFusion\t\n"
        "Rearrangement\tROS1\tFusion\tEML4--ALK\n"
        "Aneuploidy\tWGD\t\t\n"
    )
    parsed = detect(path).parser.parse(path)
    first, second = _calls(parsed)
    assert (first.gene5_field, first.gene3_field, first.ordered) == ("ALK", "", False)
    assert (second.gene5_field, second.gene3_field) == ("EML4", "ALK")
    assert parsed.warnings == (
        f"{path}:3: feature 'ROS1' is not one of the genes of 'EML4--ALK'; the fusion name was "
        "used",
    )
    assert _skips(parsed) == [("feature type 'Aneuploidy' not read", (4,))]


# --- fusion-report ------------------------------------------------------------------------------


def test_fusion_report_csv() -> None:
    parsed = _read("fusions/fusion-report/docs_example.fusions.csv", "fusion_report_csv")
    calls = _calls(parsed)
    assert len(calls) == 53 and parsed.skipped == ()
    assert Counter(c.caller for c in calls) == {
        "Arriba (via fusion-report)": 12,
        "CTAT-LR-Fusion (via fusion-report)": 12,
        "FusionCatcher (via fusion-report)": 17,
        "STAR-Fusion (via fusion-report)": 12,
    }
    assert sorted({t[:3] for t in _kinase_calls(parsed)}) == [
        (3, "GOPC", "ROS1"),
        (8, "HOOK3", "RET"),
        (11, "ETV6", "NTRK3"),
        (15, "EML4", "ALK"),
        (16, "CD74", "ROS1"),
        (18, "NPM1", "ALK"),
    ]
    eml4 = {c.caller.split()[0]: c for c in calls if c.name_field == "EML4--ALK"}
    assert set(eml4) == {"Arriba", "CTAT-LR-Fusion", "FusionCatcher", "STAR-Fusion"}
    assert (eml4["Arriba"].support, eml4["Arriba"].frame) == ((4, 3, 7), "in-frame")
    assert (str(eml4["Arriba"].bp5), str(eml4["Arriba"].bp3)) == ("2:42301394", "2:29223584")
    assert eml4["FusionCatcher"].support == (4, 4, 8)
    assert eml4["FusionCatcher"].frame is None  # CDS(truncated)/UTR is an effect, kept raw
    assert eml4["FusionCatcher"].source.raw_dict()["fusion_type"] == "CDS(truncated)/UTR"
    assert str(eml4["STAR-Fusion"].bp3) == "2:29223584:-"
    assert eml4["CTAT-LR-Fusion"].support == (None, None, 4)
    assert eml4["Arriba"].caller_notes == (
        "fusion-report Databases: Mitelman,FusionGDB2",
        "fusion-report Fusion Indication Index (FII): 0.75",
    )


def test_fusion_report_json() -> None:
    parsed = _read("fusions/fusion-report/docs_example.fusions.json", "fusion_report_json")
    calls = _calls(parsed)
    assert len(calls) == 84 and parsed.skipped == ()
    assert Counter(c.caller.split()[0] for c in calls) == {
        "FusionCatcher": 17, "Arriba": 13, "EricScript": 12, "STAR-Fusion": 12, "JAFFA": 9,
        "pizzly": 8, "SQUID": 8, "DRAGEN": 5,
    }  # fmt: skip
    eml4 = [c for c in calls if c.name_field == "EML4--ALK"]
    assert [c.caller.split()[0] for c in eml4] == ["FusionCatcher", "STAR-Fusion", "Arriba"]
    assert all(c.source.line == 1 and c.source.raw_dict()["entry"] == "15" for c in eml4)
    etv6 = {c.caller.split()[0]: c for c in calls if c.name_field == "ETV6--NTRK3"}
    # EricScript's names are inverted by the caller; fusion-report already renamed them
    assert etv6["EricScript"].support == (24, 7, 31)
    assert (etv6["JAFFA"].support, etv6["JAFFA"].frame) == ((6, 6, 12), "in-frame")
    assert (etv6["pizzly"].bp5, etv6["pizzly"].support) == (None, (8, 2, 10))
    assert etv6["SQUID"].bp5 is None and etv6["SQUID"].caller_notes[-1].startswith(
        "position given as ranges 12:11869684-11869969:+#"
    )
    mito = next(c for c in calls if c.name_field == "SLC6A15--MT-ND2")
    assert str(mito.bp3) == "MT:5264:+"


def test_fusion_report_multiqc_payload_is_not_a_fusion_list() -> None:
    path = shared_samples() / "fusions/fusion-report/docs_example.fusion_genes_mqc.json"
    with pytest.raises(UnknownFormatError):
        detect(path)


def test_fusion_report_csv_quoted_commas_and_bad_count(tmp_path: Path) -> None:
    path = tmp_path / "s.fusions.csv"
    header = "Fusion,Databases,Score,Explained score,arriba,jaffa"
    row = (
        'RANBP2--ALK,"Mitelman,COSMIC",0.5,"0.5 * (1 / 2)",'
        '"position: 2:108776000#2:29223528,split_reads1: 4,split_reads2: x1,discordant_mates: 2",'
        '"position: 2:108776000:+#2:29223528:-,spanning_pairs: 3,spanning_reads: 5,inframe: TRUE"'
    )
    path.write_bytes(("\ufeff" + header + "\r\n" + row + "\r\n").encode())
    with pytest.raises(InputFormatError) as err:
        detect(path).parser.parse(path)
    assert str(err.value) == (
        f"{path}:2: column 'arriba': split_reads2: expected an integer, got 'x1'"
    )
    excerpt, caret = err.value.detail_lines()
    start = caret.index("^")
    assert excerpt[start : start + caret.count("^")] == "split_reads2: x1"
    path.write_bytes((header + "\n" + row.replace("x1", "1") + "\n").encode())
    arriba_call, jaffa_call = _calls(detect(path).parser.parse(path))
    assert arriba_call.support == (5, 2, 7)
    assert (jaffa_call.support, jaffa_call.frame) == ((5, 3, 8), "in-frame")
    assert jaffa_call.caller_notes[0] == "fusion-report Databases: Mitelman,COSMIC"


# --- plain fusion lists -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "count"),
    [
        ("fusions/fusion-report/docs_example.fusion_list.tsv", 18),
        ("fusions/fusion-report/docs_example.fusion_list_filtered.tsv", 14),
    ],
)
def test_fusion_report_lists(relative: str, count: int) -> None:
    parsed = _read(relative, "fusion_list")
    calls = _calls(parsed)
    assert len(calls) == count and parsed.warnings == () and parsed.skipped == ()
    assert all(c.ordered and c.bp5 is None for c in calls)
    kinase = [(g5, g3) for _, g5, g3 in _kinase_calls(parsed)]
    assert kinase == [
        ("GOPC", "ROS1"),
        ("HOOK3", "RET"),
        ("ETV6", "NTRK3"),
        ("EML4", "ALK"),
        ("CD74", "ROS1"),
        ("NPM1", "ALK"),
    ]


def test_fusioninspector_target_list_with_hyphenated_symbols() -> None:
    parsed = _read("fusions/fusioninspector/fi_repo_fusion_targets.A.txt", "fusion_list")
    calls = _calls(parsed)
    assert len(calls) == 23 and parsed.warnings == ()
    by_line = {c.source.line: (c.gene5_field, c.gene3_field) for c in calls}
    assert by_line[3] == ("CTD-2328D6.1", "MT-CO1")
    assert by_line[12] == ("RP11-96H19.1", "RP11-446N19.1")
    assert by_line[15] == ("STX16", "RAE1")
    assert by_line[16] == ("STX16-NPEPL1", "RAE1")


def test_fusion_list_hostile_lines(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    lines = [
        "\ufeff# fusions from the report",
        "EML4--ALK",
        "",
        "ALK-EML4",
        "FOO1-BAR2",
        "TFG/ROS1",
    ]
    path.write_bytes("\r\n".join(lines).encode())  # no final newline
    assert detect(path).parser.name == "fusion_list"
    parsed = fusion_list.parse(path)
    assert [(c.gene5_field, c.gene3_field, c.ordered) for c in _calls(parsed)] == [
        ("EML4", "ALK", True),
        ("ALK", "EML4", False),
        ("FOO1", "BAR2", False),
        ("TFG", "ROS1", False),
    ]
    assert [c.source.line for c in _calls(parsed)] == [2, 4, 5, 6]
    assert parsed.warnings == (
        f"{path}:5: neither 'FOO1' nor 'BAR2' is a known gene symbol; 'FOO1-BAR2' may be one "
        "gene rather than the fusion FOO1::BAR2",
    )


def test_fusion_list_line_naming_one_gene_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("EML4--ALK\nTFG--ROS1\n  STX16-NPEPL1\n")
    with pytest.raises(InputFormatError) as err:
        fusion_list.parse(path)
    assert str(err.value) == (
        f"{path}:3: expected a fusion of two genes like 'EML4--ALK', got one gene 'STX16-NPEPL1' "
        "('STX16-NPEPL1' is one gene symbol; it could also be read as the fusion STX16::NPEPL1)"
    )
    assert err.value.detail_lines() == ["      STX16-NPEPL1", "      ^^^^^^^^^^^^"]
    path.write_text("EML4--ALK\nTFG--ROS1\nETV6--NTRK3 12 reads\n")
    with pytest.raises(InputFormatError) as err:
        fusion_list.parse(path)
    assert err.value.line == 3 and err.value.caret == (11, 1)


@pytest.mark.parametrize(
    "text",
    [
        "ALK\nROS1\nNTRK3\n",  # a gene list
        "TCGA-02-0033-01\nTCGA-05-4417-01\n",  # sample ids
        "2:29223528\n2:42522694\n",  # positions
        "EML4--ALK\tRANBP2--ALK\n",  # two columns
    ],
)
def test_fusion_list_sniff_is_conservative(tmp_path: Path, text: str) -> None:
    path = tmp_path / "other.txt"
    path.write_text(text)
    assert not fusion_list.sniff(read_head(path))


# --- Archer (documented layout; no public file) -----------------------------------------------

ARCHER = """\
SAMPLE_NAME\tIMT-042
FCA_1_GENES_UNIQUE\tRANBP2:ALK
FCA_1_STRONG_EVIDENCE_ABERRATION\tTRUE
FCA_1_HAS_INFRAME_TRANSLATION\tTRUE
FCA_1_ANNOTATION_1-1\tRANBP2(+)XM_011510905.2|exon:18|chr2:108776000
FCA_1_ANNOTATION_1-2\tRANBP2(+)NM_006267.5|exon:18|chr2:108776000
FCA_1_ANNOTATION_2-1\tALK(-)NM_004304.5|exon:20|chr2:29223528,chr2:29223400
FCA_1_SUPPORTING_ISOFORM_ID_1\tFC_3
FCA_1_SUPPORTING_ISOFORM_ID_2\tFC_4
FC_3_EITHER_R1_OR_R2\t120
FC_3_BOTH_R1_AND_R2\t40
FC_4_EITHER_R1_OR_R2\t7
FC_4_BOTH_R1_AND_R2\t0
FCA_2_GENES_UNIQUE\tMET:MET
FCA_2_STRONG_EVIDENCE_ABERRATION\tTRUE
FCA_10_GENES_UNIQUE\tTPM3:NTRK1
FCA_10_STRONG_EVIDENCE_ABERRATION\tFALSE
FCA_10_HAS_INFRAME_TRANSLATION\tFALSE
FCA_10_ANNOTATION_1-1\tTPM3(-)NM_152263.4|intron:7|chr1:154170400
FCA_10_ANNOTATION_2-1\tNTRK1(+)NM_002529.4|exon:10|chr1:156874571
FCA_10_SUPPORTING_ISOFORM_ID_1\tFC_9
FC_9_EITHER_R1_OR_R2\t3
"""


def test_archer_full_results(tmp_path: Path) -> None:
    path = tmp_path / "IMT-042.full_results.txt"
    path.write_text(ARCHER)
    assert [p.name for p in _claimants(path)] == ["archer"]
    parsed = archer.parse(path)
    ranbp2, tpm3 = _calls(parsed)
    assert parsed.sample_hint == "IMT-042"
    assert (ranbp2.gene5_field, ranbp2.gene3_field, ranbp2.source.line) == ("RANBP2", "ALK", 2)
    assert (str(ranbp2.bp5), str(ranbp2.bp3)) == ("2:108776000:+", "2:29223528:-")
    assert (ranbp2.exon5, ranbp2.exon3) == (18, 20)
    assert ranbp2.transcript5 == "NM_006267.5"  # the NM_ annotation is preferred to XM_
    assert ranbp2.support == (127, None, 127)
    assert ranbp2.caller_notes == (
        "40 read pairs with the junction in both mates (BOTH_R1_AND_R2)",
    )
    assert (ranbp2.frame, ranbp2.confidence, ranbp2.filters) == ("in-frame", "strong evidence", ())
    assert not ranbp2.ordered
    assert "FC_3_EITHER_R1_OR_R2" in ranbp2.source.raw_dict()
    assert "FCA_10_GENES_UNIQUE" not in ranbp2.source.raw_dict()
    assert (tpm3.gene5_field, tpm3.gene3_field, tpm3.exon5, tpm3.exon3) == (
        "TPM3",
        "NTRK1",
        None,
        10,
    )
    assert tpm3.filters == ("STRONG_EVIDENCE_ABERRATION FALSE",)
    assert (tpm3.confidence, tpm3.frame) == ("not strong evidence", "out-of-frame")
    assert tpm3.caller_notes == ("TPM3 breakpoint in intron 7",)
    assert _skips(parsed) == [("candidate names one gene (intragenic event), not a fusion", (14,))]


def test_archer_bad_count_and_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.full_results.txt"
    path.write_text(ARCHER.replace("FC_3_EITHER_R1_OR_R2\t120", "FC_3_EITHER_R1_OR_R2\t12o"))
    with pytest.raises(InputFormatError) as err:
        archer.parse(path)
    assert str(err.value) == f"{path}:10: FC_3_EITHER_R1_OR_R2: expected a read count, got '12o'"
    assert err.value.detail_lines() == [
        "    FC_3_EITHER_R1_OR_R2 12o",
        "                         ^^^",
    ]
    path.write_text(ARCHER + "a stray line\n")
    with pytest.raises(InputFormatError, match="expected a 'KEY<TAB>value' line") as err:
        archer.parse(path)
    assert err.value.line == 23


# --- Oncomine (documented layout; no public file) ---------------------------------------------

ONCOMINE_HEADER = """\
##fileformat=VCFv4.1
##source="tvc 5.10 - Torrent Variant Caller"
##reference=file:///results/referenceLibrary/tmap-f3/hg19/hg19.fasta
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tIMT-7
"""
ONCOMINE_RECORDS = [
    "chr2\t42522656\tEML4-ALK.E13A20.COSF1062_1\tG\tG]chr2:29446394]\t.\tPASS\t"
    "SVTYPE=Fusion;READ_COUNT=523;GENE_NAME=EML4;EXON_NUM=13;ANNOTATION=COSF1062\tGT\t./.",
    "chr2\t29446394\tEML4-ALK.E13A20.COSF1062_2\tA\t]chr2:42522656]A\t.\tPASS\t"
    "SVTYPE=Fusion;READ_COUNT=523;GENE_NAME=ALK;EXON_NUM=20;ANNOTATION=COSF1062\tGT\t./.",
    "chr2\t102284000\tCLTC-ALK.C31A20_1\tT\tT]chr2:29446394]\t.\tFAIL\t"
    "SVTYPE=Fusion;READ_COUNT=2;GENE_NAME=CLTC\tGT\t./.",
    "chr2\t29446394\tCLTC-ALK.C31A20_2\tA\t]chr17:57697219]A\t.\tFAIL\t"
    "SVTYPE=Fusion;READ_COUNT=2;GENE_NAME=ALK\tGT\t./.",
    "chr2\t29446394\tTFG-ROS1.T4R35_1\tA\tA]chr6:117645578]\t.\tPASS\t"
    "SVTYPE=Fusion;READ_COUNT=0;GENE_NAME=TFG\tGT\t./.",
    "chr1\t1000\tTBP.ExprControl\tA\t<ExprControl>\t.\tPASS\t"
    "SVTYPE=ExprControl;READ_COUNT=8000\tGT\t./.",
]


def _claimants(path: Path) -> list[object]:
    from annotator.parsers import PARSERS

    head = read_head(path)
    return [p for p in PARSERS.values() if p.sniff(head)]


def test_oncomine_fusion_vcf(tmp_path: Path) -> None:
    path = tmp_path / "IMT-7.vcf"
    path.write_text(ONCOMINE_HEADER + "\n".join(ONCOMINE_RECORDS) + "\n")
    assert oncomine.sniff(read_head(path))
    parsed = oncomine.parse(path)
    (call,) = _calls(parsed)
    assert (call.gene5_field, call.gene3_field, call.source.line) == ("EML4", "ALK", 5)
    assert (str(call.bp5), str(call.bp3)) == ("2:42522656", "2:29446394")
    assert (call.exon5, call.exon3) == (13, 20)
    assert call.support == (None, None, 523) and call.ordered
    assert call.caller_notes == ("ANNOTATION COSF1062",)
    assert call.source.raw_dict()["MATE_ID"] == "EML4-ALK.E13A20.COSF1062_2"
    assert parsed.genome_hint == "GRCh37"
    assert _skips(parsed) == [
        ("fusion target not called by the assay (FILTER FAIL)", (7, 8)),
        ("no supporting reads (READ_COUNT=0: control or target not detected)", (9,)),
        ("not a fusion record (SVTYPE=ExprControl); not read by the Oncomine fusion reader", (10,)),
    ]


def test_oncomine_exon_from_the_id_and_bad_read_count(tmp_path: Path) -> None:
    path = tmp_path / "IMT-7.vcf"
    records = [r.replace(";EXON_NUM=13", "").replace(";EXON_NUM=20", "") for r in ONCOMINE_RECORDS]
    path.write_text(ONCOMINE_HEADER + "\n".join(records[:2]))
    (call,) = _calls(oncomine.parse(path))
    assert (call.exon5, call.exon3) == (13, 20)
    path.write_text(ONCOMINE_HEADER + records[0].replace("READ_COUNT=523", "READ_COUNT=5x3"))
    with pytest.raises(InputFormatError) as err:
        oncomine.parse(path)
    assert (
        str(err.value)
        == f"{path}:5: column 'INFO': INFO READ_COUNT: expected an integer, got '5x3'"
    )
    excerpt, caret = err.value.detail_lines()
    start = caret.index("^")
    assert excerpt[start : start + caret.count("^")] == "READ_COUNT=5x3"


def test_other_vcfs_are_not_oncomine() -> None:
    for relative in (
        "fusions/manta/mavis_tests.manta_events.vcf",
        "variants/pcgr/T001-BRCA.grch38.vcf.gz",
    ):
        assert not oncomine.sniff(read_head(shared_samples() / relative))


def test_detect_routes_an_oncomine_vcf_to_its_reader(tmp_path: Path) -> None:
    path = tmp_path / "IMT-7.vcf"
    path.write_text(ONCOMINE_HEADER + "\n".join(ONCOMINE_RECORDS) + "\n")
    assert [p.name for p in _claimants(path)] == ["oncomine"]
