"""The pysam and PyVCF3 backends give identical ParsedInputs: every record (SmallVariant,
compared whole), skipped entries (with the counts of variants outside the target genes),
warnings, details and hints, on every sample VCF; and the htslib behaviours the PyVCF3 side has
to mirror, one test each."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import InputFormatError, UsageError
from annotator.models import SmallVariant
from annotator.parsers import vcf
from annotator.parsers.vcf_backends import ENV_VAR, backend_name
from annotator.passengers import record_count
from tests.conftest import SAMPLE_INPUTS, SAMPLES

TARGETS = frozenset({"ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET", "PDGFRB", "PIK3CA", "TP53"})
FIXED = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR"
FORMATS = [
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
    '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
]


def _sample_vcfs() -> list[Path]:
    found = sorted(SAMPLE_INPUTS.glob("*/*.vcf"))
    if SAMPLES.is_dir():
        variants = SAMPLES / "variants"
        found += sorted([*variants.glob("**/*.vcf"), *variants.glob("**/*.vcf.gz")])
    return found


def test_every_sample_vcf_is_compared() -> None:
    assert len(_sample_vcfs()) >= (24 if SAMPLES.is_dir() else 2)


@pytest.mark.parametrize("genes", [None, TARGETS], ids=["full", "targets"])
@pytest.mark.parametrize("path", _sample_vcfs(), ids=lambda p: p.name)
def test_backends_give_identical_results(path: Path, genes: frozenset[str] | None) -> None:
    by_pysam = vcf.parse(path, genes=genes, backend="pysam")
    by_pyvcf3 = vcf.parse(path, genes=genes, backend="pyvcf3")
    assert by_pysam.records == by_pyvcf3.records  # whole records, one by one
    assert by_pysam == by_pyvcf3
    assert record_count(by_pysam)  # not a comparison of two empty results


def _write(tmp_path: Path, rows: list[str], extra: tuple[str, ...] = ()) -> Path:
    path = tmp_path / "t.vcf"
    lines = ["##fileformat=VCFv4.2", *FORMATS, *extra, FIXED, *rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def _both(path: Path) -> list[SmallVariant]:
    results = [vcf.parse(path, backend=b) for b in ("pysam", "pyvcf3")]
    assert results[0] == results[1]
    return [r for r in results[0].records if isinstance(r, SmallVariant)]


def test_mirrored_float32_values(tmp_path: Path) -> None:
    # htslib keeps Float as 32 bits: 0.12345 is 0.123450003..., which rounds up to 0.1235;
    # as a 64-bit float it is 0.12344999..., which would round down to 0.1234.
    path = _write(tmp_path, ["1\t5\t.\tA\tG\t.\tPASS\t.\tGT:AF\t0/0:0\t0/1:0.12345"])
    (rec,) = _both(path)
    assert rec.vaf == 0.1235


def test_mirrored_integer_overflow_is_missing(tmp_path: Path) -> None:
    # htslib: an Integer beyond 32 bits is missing, so the AD ratio cannot be formed
    path = _write(tmp_path, ["1\t5\t.\tA\tG\t.\tPASS\t.\tGT:AD:DP\t0/0:3,0:3\t0/1:99999999999,4:9"])
    (rec,) = _both(path)
    assert (rec.vaf, rec.alt_reads, rec.depth) == (None, 4, 9)


def test_mirrored_decimal_integer_is_an_error(tmp_path: Path) -> None:
    # htslib rejects "1.5" for an Integer; PyVCF3 would read the float
    path = _write(tmp_path, ["1\t5\t.\tA\tG\t.\tPASS\t.\tGT:AD\t0/0:3,0\t0/1:1.5,2"])
    for backend in ("pysam", "pyvcf3"):
        with pytest.raises(InputFormatError, match="cannot parse this record") as info:
            vcf.parse(path, backend=backend)
        assert info.value.line == 7


def test_mirrored_undeclared_keys_and_odd_names_are_strings(tmp_path: Path) -> None:
    # htslib reads FORMAT keys the header does not declare as Strings (PyVCF3 would type DP,
    # GQ... itself), and takes keys PyVCF3 cannot use as namedtuple fields ("1KG")
    path = _write(
        tmp_path,
        ["1\t5\t.\tA\tG\t.\tPASS\t.\tGT:XX:1KG:AD\t0/0:a:1:3,0\t0/1:b,c:2:6,2"],
    )
    (rec,) = _both(path)
    assert (rec.vaf, rec.alt_reads, rec.depth) == (0.25, 2, 8)


def test_missing_sample_columns_are_an_error_in_both(tmp_path: Path) -> None:
    path = _write(tmp_path, ["1\t5\t.\tA\tG\t.\tPASS\t.\tGT:AD\t0/0:3,0"])
    for backend in ("pysam", "pyvcf3"):
        with pytest.raises(InputFormatError, match="cannot parse this record") as info:
            vcf.parse(path, backend=backend)
        assert info.value.line == 7


def test_info_values_htslib_tolerates_are_tolerated(tmp_path: Path) -> None:
    # DP=abc for an Integer INFO key: htslib reads it as missing; PyVCF3's INFO typing would
    # stop, so INFO is read from the text for both
    info = '##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">'
    path = _write(
        tmp_path, ["1\t5\t.\tA\tG\t.\tPASS\tDP=abc\tGT:AD\t0/0:3,0\t0/1:6,2"], extra=(info,)
    )
    (rec,) = _both(path)
    assert rec.vaf == 0.25


def test_backend_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert backend_name() == "pysam"  # auto: pysam is installed here
    assert backend_name("pyvcf3") == "pyvcf3"
    monkeypatch.setenv(ENV_VAR, "pyvcf3")
    assert backend_name() == "pyvcf3"
    assert backend_name("pysam") == "pysam"  # the argument wins over the environment
    monkeypatch.setenv(ENV_VAR, "htslib")
    with pytest.raises(UsageError, match=f"{ENV_VAR}: unknown VCF backend 'htslib'"):
        backend_name()


def test_auto_falls_back_to_pyvcf3_without_pysam(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pysam(name: str, *args: object, **kwargs: object) -> object:
        if name == "pysam":
            raise ImportError("no pysam here")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pysam)
    assert backend_name() == "pyvcf3"
    with pytest.raises(UsageError, match="'pysam' asked for, but pysam is not installed"):
        backend_name("pysam")
