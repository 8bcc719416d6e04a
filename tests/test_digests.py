"""Input digests: hashed in a background thread while the run starts up, identical to hashing
the file afterwards, finished before any input is parsed (a forked VCF reader needs no other
thread), and a read error surfaces where the digest is used."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import annotate as annotate_module
from annotator.annotate import Sample, Settings, annotate
from annotator.cli import main
from annotator.digests import CHUNK, Digests, sha256_file
from tests.conftest import SAMPLE_INPUTS

CASE = SAMPLE_INPUTS / "lung_imt_tfg_ros1"


def _expected(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, 2 * CHUNK + 17])
def test_sha256_of_files_around_the_read_size(tmp_path: Path, size: int) -> None:
    path = tmp_path / "blob"
    path.write_bytes(os.urandom(size))
    assert sha256_file(path) == _expected(path)


def test_started_digests_match_hashlib_and_errors_wait_for_their_use(tmp_path: Path) -> None:
    present = sorted(CASE.iterdir())
    missing = tmp_path / "nowhere.vcf"
    digests = Digests.start([*present, missing, present[0]])  # a repeated path is hashed once
    for path in present:
        assert digests.of(path) == _expected(path)
    with pytest.raises(FileNotFoundError):
        digests.of(missing)
    later = tmp_path / "later.tsv"  # not given at the start: hashed when asked for
    later.write_text("x\n")
    assert digests.of(later) == _expected(later)


def test_annotate_parses_only_after_the_digest_thread_finished(
    monkeypatch: pytest.MonkeyPatch, kb: object
) -> None:
    threads_while_parsing: list[int] = []
    real = annotate_module.detect

    def watched(path: Path) -> object:
        threads_while_parsing.append(threading.active_count())
        return real(path)

    monkeypatch.setattr(annotate_module, "detect", watched)
    inputs = sorted(CASE.iterdir())
    result = annotate(inputs, Sample("ROS1"), kb, Settings(), Digests.start(inputs))  # type: ignore[arg-type]
    assert threads_while_parsing == [1] * len(inputs)
    assert [i.sha256 for i in result.inputs] == [_expected(p) for p in inputs]


def test_report_records_each_inputs_sha256(tmp_path: Path) -> None:
    inputs = sorted(CASE.iterdir())
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["annotate", *map(str, inputs), "--sample-id", "R1", "--format", "json", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    report = json.loads((out / "R1.report.json").read_text())
    assert {i["path"]: i["sha256"] for i in report["inputs"]} == {
        str(p): _expected(p) for p in inputs
    }


def test_a_pipe_is_refused_and_never_waited_on(tmp_path: Path) -> None:
    """A named pipe nobody writes to: the digest thread does not open it (it would wait for a
    writer for ever) and annotate says why a pipe cannot be an input."""
    fifo = tmp_path / "calls.tsv"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "annotate", str(fifo), "--sample-id", "P",
         "--out", str(out)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"imt-annotator: error: {fifo}: not a regular file (a pipe or device); an input is read "
        "more than once (to detect its format, then to parse it), so give a file"
    )
    assert not out.exists()
