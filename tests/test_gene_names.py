"""Bundled gene symbols, the previous-symbol allow-list and fusion-name splitting."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from annotator.normalize.fusion_names import FusionNameError, split_fusion_name
from annotator.normalize.genes import PREVIOUS_SYMBOLS, current_symbol, parse_gene_field
from annotator.reference.symbols import is_current_symbol, previous_symbols, symbol_for_entrez


def test_symbol_table_is_small_and_counted_as_documented() -> None:
    data = resources.files("annotator.reference").joinpath("data", "gene_symbols.tsv.gz")
    raw = data.read_bytes()
    assert len(raw) < 1_000_000
    kinds = [line.split("\t", 1)[0] for line in gzip.decompress(raw).decode().splitlines()]
    assert kinds.count("symbol") == 77_547
    assert kinds.count("previous") == 211
    assert kinds.count("entrez") == 47


@pytest.mark.parametrize(
    "symbol", ["ALK", "ROS1", "NTRK3", "CARS1", "STX16-NPEPL1", "HLA-A", "MT-CO1", "MT-TL1"]
)
def test_current_symbols(symbol: str) -> None:
    assert is_current_symbol(symbol)


@pytest.mark.parametrize("symbol", ["CARS", "C2orf2", "TRK", "MLL2", "BRD4-1", "alk", "IGH@"])
def test_not_current_symbols(symbol: str) -> None:
    assert not is_current_symbol(symbol)


def test_previous_symbols_are_an_allow_list_of_imt_genes() -> None:
    previous = previous_symbols()
    assert previous["CARS"] == "CARS1"
    assert previous["C2orf2"] == "EML4"
    assert previous["ROS"] == "ROS1" and previous["PDGFR"] == "PDGFRB"
    assert previous["TRKA"] == "NTRK1"
    # TRK names NTRK1 and TPM3, MLL2 KMT2D and KMT2B: ambiguous, so never mapped
    assert "TRK" not in previous and "MLL2" not in previous
    # not IMT-relevant (NUTM1 is not a gene the annotator reports on)
    assert "NUT" not in previous
    # descriptions, not symbols, are left out even when unique
    assert "TEL/ABL" not in previous and "hnRNP A1" not in previous
    assert all(is_current_symbol(new) for new in previous.values())
    assert not any(is_current_symbol(old) for old in previous)


def test_genes_module_reads_the_allow_list() -> None:
    assert PREVIOUS_SYMBOLS["CARS"] == "CARS1"
    assert len(PREVIOUS_SYMBOLS) == 211 and "TRK" not in PREVIOUS_SYMBOLS
    assert current_symbol("C2orf2") == "EML4"
    assert current_symbol("TRK") == "TRK"
    assert parse_gene_field("C2orf2^ENSG00000143924.14").renamed == (("C2orf2", "EML4"),)


def test_entrez_ids_of_imt_genes() -> None:
    assert symbol_for_entrez("238") == "ALK"
    assert symbol_for_entrez("673") == "BRAF"
    assert symbol_for_entrez("100781") is None  # not a bundled gene


@pytest.mark.parametrize(
    ("name", "gene5", "gene3", "separator"),
    [
        ("EML4::ALK", "EML4", "ALK", "::"),
        ("EML4--ALK", "EML4", "ALK", "--"),
        ("EML4/ALK", "EML4", "ALK", "/"),
        # OncoKB writes the 3' gene first; the split keeps the written order
        ("ALK-EML4", "ALK", "EML4", "-"),
        ("TMPRSS2-ERG", "TMPRSS2", "ERG", "-"),
        ("KIAA1549-BRAF", "KIAA1549", "BRAF", "-"),
        ("STX16-NPEPL1--RAE1", "STX16-NPEPL1", "RAE1", "--"),
        ("CTD-2328D6.1--MT-CO1", "CTD-2328D6.1", "MT-CO1", "--"),
        ("RP11-96H19.1--RP11-446N19.1", "RP11-96H19.1", "RP11-446N19.1", "--"),
        ("BRD4-1--NUTM1", "BRD4-1", "NUTM1", "--"),
        ("CD74--AL132671.2", "CD74", "AL132671.2", "--"),
        ("IGH@--CRLF2", "IGH@", "CRLF2", "--"),
        # single hyphens: the split where both sides are known genes wins
        ("STX16-NPEPL1-RAE1", "STX16-NPEPL1", "RAE1", "-"),
        ("HLA-A-ALK", "HLA-A", "ALK", "-"),
        ("CTD-2328D6.1-MT-CO1", "CTD-2328D6.1", "MT-CO1", "-"),
        ("RP11-96H19.1-ALK", "RP11-96H19.1", "ALK", "-"),
        ("C2orf2-ALK", "C2orf2", "ALK", "-"),
        # PCGR leaves a partner empty
        ("--ALK", None, "ALK", "--"),
        ("FGFR2::", "FGFR2", None, "::"),
        ("  EML4--ALK ", "EML4", "ALK", "--"),
    ],
)
def test_split_fusion_names(
    name: str, gene5: str | None, gene3: str | None, separator: str
) -> None:
    split = split_fusion_name(name)
    assert (split.gene5, split.gene3, split.separator) == (gene5, gene3, separator)
    assert split.is_fusion and split.ambiguous is None


@pytest.mark.parametrize("name", ["HLA-A", "MT-CO1", "BRD4-1", "RP11-96H19.1", "HER-2", "ALK"])
def test_one_gene_is_not_a_fusion(name: str) -> None:
    split = split_fusion_name(name)
    assert not split.is_fusion
    assert (split.gene5, split.gene3, split.separator, split.ambiguous) == (name, None, None, None)


def test_readthrough_symbol_stays_one_gene_but_says_it_could_be_a_fusion() -> None:
    split = split_fusion_name("STX16-NPEPL1")
    assert (split.gene5, split.gene3, split.is_fusion) == ("STX16-NPEPL1", None, False)
    assert split.ambiguous == (
        "'STX16-NPEPL1' is one gene symbol; it could also be read as the fusion STX16::NPEPL1"
    )


def test_unknown_genes_split_on_a_hyphen_are_flagged() -> None:
    split = split_fusion_name("FOO1-BAR2")
    assert (split.gene5, split.gene3) == ("FOO1", "BAR2")
    assert split.ambiguous is not None and "may be one gene" in split.ambiguous


def test_colon_is_a_separator_only_when_asked() -> None:
    unasked = split_fusion_name("EML4:ALK")
    assert not unasked.is_fusion and unasked.ambiguous is not None
    asked = split_fusion_name("EML4:ALK", separator=":")
    assert (asked.gene5, asked.gene3, asked.separator) == ("EML4", "ALK", ":")


def test_asked_separator_is_the_only_one_used() -> None:
    assert split_fusion_name("EML4--ALK", separator="::").is_fusion is False
    with pytest.raises(ValueError, match="unknown fusion separator"):
        split_fusion_name("EML4_ALK", separator="_")


@pytest.mark.parametrize(
    ("name", "problem", "span"),
    [
        ("", "expected a fusion name, got nothing", (0, 1)),
        ("--", "expected gene names around '--', got none", (0, 2)),
        ("EML4 ALK", "expected a fusion name without spaces, got 'EML4 ALK'", (4, 1)),
        ("A--B--C", "expected two genes joined by '--', got 3 parts in 'A--B--C'", (4, 2)),
        (" A::B::C", "expected two genes joined by '::', got 3 parts in 'A::B::C'", (5, 2)),
    ],
)
def test_malformed_fusion_names(name: str, problem: str, span: tuple[int, int]) -> None:
    with pytest.raises(FusionNameError) as err:
        split_fusion_name(name)
    assert err.value.problem == problem
    assert err.value.span == span
