"""A large BGZF VCF read by two processes at once: the second half in a forked child.

Counting the passengers of a somatic VCF (:mod:`annotator.parsers.vcf`) is Python work on every
record line, held to one core by the GIL. A BGZF file is a series of independent gzip blocks,
so where a second core is free, ``vcf.parse`` (with ``genes``, when no index is used) stops its
own reading at the BGZF block nearest the middle of the file and forks a child that reads from
there to the end with a copy of the reader (same schemas, genes and tumour column). The child
counts its passengers and checks the records it would decode (``_small``), but decodes none
(the backend stays in the parent); it sends back, numbered from its first line, its counts, its
skipped entries, the lines to decode and the first error it met. The parent, done with its
half, joins the line that crosses the boundary (its ``tail`` and the child's ``head``) and adds
the child's results after its own, renumbered: the report is the same as from one process (the
tests compare them). A child that fails in any other way makes the parent read the file again
in one process.

Only where forking is safe and worth it: Linux (``fork`` without exec), no other thread running
in the process, more than one CPU available, not in a ``batch`` worker (the batch already keeps
the CPUs busy), a file of at least ``MIN_BYTES``; ``IMT_ANNOTATOR_VCF_PROCESSES=1`` turns it
off.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.errors import InputFormatError
from annotator.parsers.vcf_source import READ_ERRORS, Block, TailText, VcfText, broken
from annotator.passengers import Tally

if TYPE_CHECKING:
    from annotator.parsers.vcf import _Reader

ENV_VAR = "IMT_ANNOTATOR_VCF_PROCESSES"
MIN_BYTES = 24 << 20  # compressed: a smaller file is read faster than a process starts


@dataclass
class TailResult:
    """What the child found, its lines numbered from 1 (the first after ``head``)."""

    head: bytes = b""  # the end of the line that began before the boundary
    lines: int = 0  # lines read after head
    counts: dict[str, Tally] = field(default_factory=dict)
    skipped: dict[str, tuple[list[int], list[str]]] = field(default_factory=dict)
    decode: list[tuple[int, str]] = field(default_factory=list)
    bad_line: tuple[int, bytes] | None = None  # the first line that raised, to raise it again
    broken: tuple[str, str] | None = None  # (what, detail) when the stream broke after `lines`


def split_offset(path: Path) -> int | None:
    """The compressed offset of the BGZF block nearest the middle of the file, when the file
    is worth reading in two processes here; None otherwise."""
    if os.environ.get(ENV_VAR, "").strip() == "1" or not sys.platform.startswith("linux"):
        return None
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    workers = sys.modules.get("multiprocessing")  # a batch worker: the batch uses the CPUs
    if workers is not None and workers.parent_process() is not None:
        return None
    if len(os.sched_getaffinity(0)) < 2:
        return None
    try:
        size = path.stat().st_size
        if size < MIN_BYTES:
            return None
        with path.open("rb") as fh:
            offset = 0
            while offset < size // 2:  # block headers only: 18 bytes each
                fh.seek(offset)
                head = fh.read(18)
                if len(head) < 18 or head[:4] != b"\x1f\x8b\x08\x04" or head[12:14] != b"BC":
                    return None
                offset += struct.unpack_from("<H", head, 16)[0] + 1
    except OSError:
        return None
    return offset if offset < size else None


class Child:
    """The forked process reading from ``offset`` to the end, and the pipe it answers through."""

    def __init__(self, reader: _Reader, path: Path, offset: int) -> None:
        read_end, write_end = os.pipe()
        try:
            self.pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
        if self.pid == 0:  # the child: never returns
            os.close(read_end)
            _child_main(reader, path, offset, write_end)
        os.close(write_end)
        self._answer = os.fdopen(read_end, "rb")
        self.offset = offset

    def result(self) -> TailResult | None:
        """The child's result; None if it failed (the parent then reads the file alone)."""
        try:
            data = self._answer.read()
            _, status = os.waitpid(self.pid, 0)
        finally:
            self._answer.close()
        self.pid = 0
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            return None
        answer = pickle.loads(data)
        return answer if isinstance(answer, TailResult) else None

    def stop(self) -> None:
        """End the child if it still runs (the parent met an error first)."""
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self._answer.close()
            self.pid = 0


class ChildFailed(Exception):
    """The child ended without an answer: the file is read again in one process."""


def _child_main(reader: _Reader, path: Path, offset: int, write_end: int) -> None:
    code = 0
    try:
        answer: TailResult | None = _read_tail(reader, path, offset)
    except BaseException:  # anything unexpected: the parent reads the file itself
        answer, code = None, 1
    try:
        with os.fdopen(write_end, "wb") as out:
            out.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(code)  # no cleanup of the parent's state: it is the parent's


def _read_tail(reader: _Reader, path: Path, offset: int) -> TailResult:
    """Read from ``offset`` to the end with ``reader``, its lines numbered from 1 (after the
    head), handing back the lines it would decode."""
    reader.records, reader.skipped, reader.passenger_counts = [], {}, {}
    reader.handed_back = []
    result = TailResult()
    try:
        text = TailText(path, offset)
        with text:
            result.head = text.head
            for block in text.blocks():
                try:
                    reader.read(block)
                except InputFormatError as e:
                    if e.line is None or not block.start < e.line <= block.start + len(block.lines):
                        raise
                    result.bad_line = (e.line, block.lines[e.line - block.start - 1])
                    break
                result.lines = text.line
    except InputFormatError as e:
        cause = e.__cause__
        if not isinstance(cause, READ_ERRORS):
            raise
        result.broken = (broken(cause), str(cause))
    result.counts = reader.passenger_counts
    result.skipped = reader.skipped
    result.decode = reader.handed_back
    return result


def finish(reader: _Reader, text: VcfText, child: Child) -> None:
    """Add the child's half to what ``reader`` read from ``text`` (stopped at the boundary)."""
    tail = child.result()
    if tail is None:
        raise ChildFailed
    reader.read(Block.of(text.line, text.tail + tail.head))  # the line across the boundary
    offset = text.line + 1
    if tail.bad_line is not None:
        line, raw = tail.bad_line
        reader.read(Block.of(offset + line - 1, raw))  # raises, as it did there
        raise ChildFailed  # it did not: read again in one process
    reader.add_tail(tail, offset)
    if tail.broken is not None:
        what, detail = tail.broken
        line = offset + tail.lines
        raise InputFormatError(
            text.path,
            f"{what} after record {max(line - text.header.count, 0)} ({detail})",
            line=line,
        )
