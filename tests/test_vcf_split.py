"""A BGZF VCF read by two processes gives exactly what one process gives: records, counts of
passengers with their first lines and examples, skipped entries, errors and their line numbers,
wherever the boundary between the halves falls."""

from __future__ import annotations

import random
import struct
import threading
from pathlib import Path

import pysam
import pytest

from annotator.errors import InputFormatError
from annotator.models import ParsedInput
from annotator.parsers import vcf, vcf_split
from tests.conftest import SAMPLE_INPUTS

DEMO_VCF = SAMPLE_INPUTS / "alk_negative_mdm2" / "somatic.vep.vcf"
GENES = frozenset({"ALK", "BRAF", "NTRK1", "NTRK2", "NTRK3", "PDGFRB", "PIK3CA", "RET", "ROS1",
                   "TP53"})  # fmt: skip


def _bgzf(tmp_path: Path, damage: str | None = None) -> Path:
    """The demo VCF's header and records and 60,000 more (about 2 MB of BGZF blocks, random IDs
    keep them from compressing well): unannotated passengers, two-ALT and symbolic records,
    blank lines, annotated ones (CD74 passengers, a PIK3CA target) and unannotated records at
    ALK G1202, spread over the whole file."""
    lines = DEMO_VCF.read_text().splitlines()
    header = [line for line in lines if line.startswith("#")]
    demo = [line for line in lines if not line.startswith("#")]
    fmt = "GT:AD:AF:DP:F1R2:F2R1\t0/1:30,5:0.14:35:15,2:15,3\t0/0:30,0:0.01:30:15,0:15,0"
    rng = random.Random(3)
    body: list[str] = []
    for i in range(60_000):
        ref, alt = rng.sample("ACGT", 2)
        kind = i % 997
        if kind == 5:
            alt = f"{alt},{ref}A"
        elif kind == 6:
            alt = "<DEL>"
        elif kind == 7:
            body.append("")
        elif kind == 8:
            body.append(demo[i % 5])
            continue
        elif kind == 9:
            body.append(f"chr2\t29220747\t.\tC\tG\t.\tPASS\tDP=35\t{fmt}")
            continue
        name = f"{rng.getrandbits(96):024x}"
        body.append(
            f"chr{1 + i % 22}\t{1_000_000 + 50 * i}\t{name}\t{ref}\t{alt}\t.\tPASS\t.\t{fmt}"
        )
    if damage == "bad POS":
        body[45_000] = body[45_000].replace("\t", "\tx", 1)
    plain = tmp_path / "split.vcf"
    plain.write_text("\n".join([*header, *body]) + "\n")
    path = tmp_path / "split.vcf.gz"
    pysam.tabix_compress(str(plain), str(path))
    return path


def _block_offsets(path: Path) -> list[int]:
    data = path.read_bytes()
    offsets, at = [], 0
    while at < len(data):
        offsets.append(at)
        at += struct.unpack_from("<H", data, at + 16)[0] + 1
    return offsets


def _alone(path: Path, monkeypatch: pytest.MonkeyPatch) -> ParsedInput:
    monkeypatch.setenv(vcf_split.ENV_VAR, "1")
    try:
        return vcf.parse(path, genes=GENES)
    finally:
        monkeypatch.delenv(vcf_split.ENV_VAR)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Split any file (no minimum size) and note each offset a child starts at."""
    monkeypatch.setattr(vcf_split, "MIN_BYTES", 0)
    started: list[int] = []
    real = vcf_split.Child.__init__

    def spy(self: vcf_split.Child, reader: object, path: Path, offset: int) -> None:
        started.append(offset)
        real(self, reader, path, offset)  # type: ignore[arg-type]

    monkeypatch.setattr(vcf_split.Child, "__init__", spy)
    return started


def test_two_processes_give_the_same_result_wherever_the_boundary_falls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    path = _bgzf(tmp_path)
    alone = _alone(path, monkeypatch)
    assert len(alone.records) == 73 and {s.reason for s in alone.skipped} >= {
        vcf.SYMBOLIC,
        "variant not annotated (no VEP/SnpEff)",
        "variant outside the IMT target genes",
    }
    assert vcf.parse(path, genes=GENES) == alone  # the middle block
    middle = forks[0]
    offsets = _block_offsets(path)
    assert middle in offsets and 0.4 < middle / path.stat().st_size < 0.6
    others = [o for o in offsets[:-1] if o > 600_000][::6]  # not in what the header read took
    for offset in others:
        monkeypatch.setattr(vcf_split, "split_offset", lambda p, at=offset: at)
        assert vcf.parse(path, genes=GENES) == alone, offset
    assert len(forks) == 1 + len(others) > 10


def test_an_error_in_the_second_half_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    path = _bgzf(tmp_path, damage="bad POS")
    with pytest.raises(InputFormatError) as alone:
        _alone(path, monkeypatch)
    with pytest.raises(InputFormatError) as split:
        vcf.parse(path, genes=GENES)
    assert forks
    assert str(split.value) == str(alone.value)
    assert split.value.line == alone.value.line == 45_082  # in the second half


def test_a_truncated_second_half_is_reported_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    path = _bgzf(tmp_path)
    cut = tmp_path / "cut.vcf.gz"
    cut.write_bytes(path.read_bytes()[: int(path.stat().st_size * 0.8)])
    with pytest.raises(InputFormatError) as alone:
        _alone(cut, monkeypatch)
    with pytest.raises(InputFormatError) as split:
        vcf.parse(cut, genes=GENES)
    assert forks
    assert str(split.value) == str(alone.value)
    assert "gzip stream is truncated or corrupt after record" in str(split.value)


def test_a_failed_child_means_one_process_reads_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    path = _bgzf(tmp_path)
    alone = _alone(path, monkeypatch)

    def fail(*args: object) -> None:
        raise RuntimeError("the child fails")

    monkeypatch.setattr(vcf_split, "_read_tail", fail)
    assert vcf.parse(path, genes=GENES) == alone
    assert len(forks) == 1

    def no_fork() -> int:
        raise OSError("no more processes")

    monkeypatch.setattr(vcf_split.os, "fork", no_fork)
    assert vcf.parse(path, genes=GENES) == alone  # read alone from the start
    assert len(forks) == 2


def test_when_a_file_is_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _bgzf(tmp_path)
    assert vcf_split.split_offset(path) is None  # smaller than MIN_BYTES
    monkeypatch.setattr(vcf_split, "MIN_BYTES", 0)
    assert vcf_split.split_offset(path) in _block_offsets(path)
    monkeypatch.setenv(vcf_split.ENV_VAR, "1")
    assert vcf_split.split_offset(path) is None
    monkeypatch.delenv(vcf_split.ENV_VAR)
    plain = tmp_path / "split.vcf"
    plain.write_bytes(pysam.BGZFile(str(path)).read())
    assert vcf_split.split_offset(plain) is None  # not BGZF
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert vcf_split.split_offset(path) is None  # forking with threads running is unsafe
    finally:
        stop.set()
        other.join()
