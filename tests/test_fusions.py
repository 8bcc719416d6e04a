"""Arriba and STAR-Fusion parsing and fusion normalisation, on real caller output."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import InputFormatError
from annotator.models import FusionCall
from annotator.normalize.fusions import FusionEvent, normalize_fusions
from annotator.normalize.genes import parse_gene_field
from annotator.parsers import arriba, detect, star_fusion
from tests.conftest import shared_samples

SF_COLUMNS = ("#FusionName", "JunctionReadCount", "SpanningFragCount", "LeftGene",
              "LeftBreakpoint", "RightGene", "RightBreakpoint")  # fmt: skip
KINASES = frozenset({"ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET", "PDGFRB"})


def _events(path: Path) -> dict[str, FusionEvent]:
    calls = [r for r in detect(path).parser.parse(path).records if isinstance(r, FusionCall)]
    return {e.label: e for e in normalize_fusions(calls, KINASES, "GRCh38")}


def test_arriba_2x_row_is_read_by_column_name() -> None:
    path = shared_samples() / "fusions/arriba/arriba_repo_test.fusions.tsv"
    parsed = arriba.parse(path)
    assert parsed.format_label == "Arriba fusions.tsv (2.x layout, 30 columns)"
    (call,) = parsed.records
    assert isinstance(call, FusionCall)
    assert (call.gene5_field, call.gene3_field) == ("BCR", "ABL1")
    assert str(call.bp5) == "22:23632600" and str(call.bp3) == "9:133729451"
    assert (call.split_reads, call.discordant_reads) == (11, 0)
    assert call.frame == "in-frame" and call.confidence == "high"
    assert call.retained_domains3 is not None and "Protein_kinase_domain" in call.retained_domains3
    assert "read_identifiers" not in call.source.raw_dict()
    assert call.source.line == 2


def test_arriba_1x_layout_and_exons_joined() -> None:
    path = shared_samples() / "fusions/arriba/fusionreport_test.arriba.fusions.tsv"
    assert "1.x layout, 24 columns" in arriba.parse(path).format_label
    events = _events(path)
    etv6 = events["ETV6::NTRK3"]
    assert (etv6.join5.exon, etv6.join3.exon) == (5, 15)
    assert etv6.join5.location == etv6.join3.location == "exon boundary"
    assert etv6.kinase_domain_retained is True
    # ROS1: MANE exon 35/36 are literature exons 34/35 (CD74 e6::ROS1 e34, GOPC e8::ROS1 e35)
    assert (events["CD74::ROS1"].join3.exon, events["CD74::ROS1"].join3.literature_exon) == (35, 34)
    assert (events["GOPC::ROS1"].join5.exon, events["GOPC::ROS1"].join3.literature_exon) == (8, 35)


def test_star_fusion_strips_ensembl_ids_and_reads_strands() -> None:
    path = (
        shared_samples()
        / "fusions/star-fusion/fusionreport_test.star-fusion.fusion_predictions.tsv"
    )
    calls = [r for r in star_fusion.parse(path).records if isinstance(r, FusionCall)]
    npm1 = next(c for c in calls if c.name_field == "NPM1--ALK")
    assert npm1.gene5_field == "NPM1^ENSG00000181163"
    assert str(npm1.bp3) == "2:29223528:-"
    assert (npm1.split_reads, npm1.discordant_reads) == (1, 2)
    event = _events(path)["NPM1::ALK"]
    assert (event.join5.exon, event.join3.exon) == (4, 20)
    assert event.join3.location == "exon boundary"


def test_star_fusion_all_header_versions() -> None:
    folder = shared_samples() / "fusions/star-fusion"
    fuco = star_fusion.parse(
        folder / "starfusion_repo_fuco.star-fusion.fusion_candidates.final.abridged"
    )
    first = fuco.records[0]
    assert isinstance(first, FusionCall)
    assert first.name_field == "ETV6--NTRK3" and first.split_reads == 3890
    assert str(first.bp5) == "12:12022903:+"  # hg19 file, chr prefix dropped


def test_star_fusion_moalmanac_copy_warns_when_name_and_genes_disagree() -> None:
    path = shared_samples() / "fusions/star-fusion/moalmanac_example_patient.rna.star.fusions.txt"
    parsed = star_fusion.parse(path)
    first = parsed.records[0]
    assert isinstance(first, FusionCall)
    assert first.split_reads == 10  # this copy's count column is called JunctionReads
    assert first.gene5_field.startswith("CD2AP^")
    assert parsed.warnings == (
        f"{path}:2: FusionName 'EML4--ALK' disagrees with LeftGene/RightGene (CD2AP, C11orf80); "
        "the gene columns were used",
    )


def test_reciprocal_call_is_relabelled_with_kinase_3prime(tmp_path: Path) -> None:
    header = (shared_samples() / "fusions/arriba/arriba_repo_test.fusions.tsv").read_text()
    head = header.splitlines()[0]
    row = ["."] * 30
    cols = head.lstrip("#").split("\t")
    values = {"gene1": "ALK", "gene2": "EML4", "breakpoint1": "2:29223528",
              "breakpoint2": "2:42301394", "split_reads1": "2", "split_reads2": "1",
              "discordant_mates": "0"}  # fmt: skip
    for k, v in values.items():
        row[cols.index(k)] = v
    path = tmp_path / "reciprocal.tsv"
    path.write_text(head + "\n" + "\t".join(row) + "\n")
    (event,) = _events(path).values()
    assert event.label == "EML4::ALK"
    assert event.reoriented == (True,)
    assert event.join3.exon is None  # exons are not read from a reciprocal product
    assert "reported ALK::EML4 (kinase 5')" in event.notes[0]


def test_arriba_missing_column_names_what_is_present(tmp_path: Path) -> None:
    path = tmp_path / "fusions.tsv"
    path.write_text("#gene1\tgene2\tbreakpoint1\tbreakpoint2\tsplit_reads1\n")
    with pytest.raises(InputFormatError) as err:
        arriba.parse(path)
    assert str(err.value) == (
        f"{path}:1: missing required columns 'split_reads2', 'discordant_mates'; "
        "columns present: gene1, gene2, breakpoint1, breakpoint2, split_reads1"
    )


def test_bad_breakpoint_and_count_name_line_and_column(tmp_path: Path) -> None:
    head = "\t".join(SF_COLUMNS)
    good = "A--ALK\t3\t1\tA^ENSG1\tchr1:100:+\tALK^ENSG2\tchr2:29223528:-"
    path = tmp_path / "sf.tsv"
    path.write_text("\n".join([head, good, good.replace("\t3\t", "\tNA3\t")]) + "\n")
    with pytest.raises(InputFormatError) as err:
        star_fusion.parse(path)
    assert str(err.value) == f"{path}:3: column 'JunctionReadCount': expected an integer, got 'NA3'"
    path.write_text("\n".join([head, good.replace("chr2:29223528:-", "chr2-29223528")]) + "\n")
    with pytest.raises(InputFormatError) as err:
        star_fusion.parse(path)
    assert "2: column 'RightBreakpoint': expected a breakpoint" in str(err.value)


def test_crlf_bom_and_trailing_tab_are_tolerated(tmp_path: Path) -> None:
    head = "\t".join(SF_COLUMNS)
    row = "\t".join(
        ["TFG--ROS1", "12", "4", "TFG^ENSG00000114354.14", "chr3:100728858:+",
         "ROS1^ENSG00000047936.11", "chr6:117321394:-", ""]
    )  # fmt: skip
    path = tmp_path / "sf.tsv"
    path.write_bytes(("\ufeff" + head + "\r\n" + row).encode())
    (call,) = star_fusion.parse(path).records
    assert isinstance(call, FusionCall) and call.split_reads == 12


@pytest.mark.parametrize(
    ("field", "symbols", "intergenic"),
    [
        ("EML4^ENSG00000143924.14", ("EML4",), False),
        ("AC011246.1(35727),RANBP2(1200)", ("AC011246.1", "RANBP2"), True),
        ("AF127577.4;LINC02246", ("AF127577.4", "LINC02246"), False),
        ("CARS", ("CARS1",), False),
        ("HLA-A", ("HLA-A",), False),
    ],
)
def test_gene_fields(field: str, symbols: tuple[str, ...], intergenic: bool) -> None:
    parsed = parse_gene_field(field)
    assert parsed.symbols == symbols
    assert parsed.intergenic is intergenic
