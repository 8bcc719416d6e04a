"""The text of a VCF: plain, plain gzip or BGZF, read once as header and numbered record lines.

Every backend (:mod:`annotator.parsers.vcf_backends`) and the passenger fast path read the
record lines this module hands out, so line numbers, CRLF, blank lines and truncated gzip
streams are treated the same whatever decodes the records:

* compression is told from the magic bytes (BGZF: gzip with the ``BC`` extra subfield), never
  the file name; both gzip kinds are inflated by Python (``isal`` when installed, which is about
  twice as fast as ``zlib``) in a background thread, so inflating overlaps with parsing;
* a UTF-8 byte-order mark and CRLF line ends are dropped; blank lines are skipped (htslib would
  stop at them, a trailing one included) but counted, so line N is still line N of the file;
* a ``#`` line among the records, a gzip stream that ends early and a BGZF file without its
  end-of-file block are reported with the file and the last good line.
"""

from __future__ import annotations

import gzip
import queue
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, TracebackType
from typing import IO, Literal, cast

from annotator.errors import InputFormatError

_gzip_module: ModuleType = gzip
INFLATE_ERRORS: tuple[type[BaseException], ...] = (zlib.error,)
try:  # a faster inflater with the gzip module's interface, used where it is installed
    from isal import igzip, isal_zlib

    _gzip_module = igzip
    INFLATE_ERRORS = (zlib.error, cast(type[BaseException], isal_zlib.error))
except ImportError:  # pragma: no cover - depends on the installation
    pass

Compression = Literal["plain", "gzip", "bgzf"]
FIXED_COLUMNS = ("CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT")
CHUNK = 1 << 20  # bytes handed from the inflating thread at a time
STEP = 1 << 15  # bytes asked of the inflater at a time
READ_ERRORS: tuple[type[BaseException], ...] = (EOFError, OSError, *INFLATE_ERRORS)
BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")


def compression(path: Path) -> Compression:
    """'plain', 'gzip' or 'bgzf' from the magic bytes (BGZF: FEXTRA with subfield 'BC')."""
    try:
        with path.open("rb") as fh:
            start = fh.read(18)
    except OSError as e:
        raise InputFormatError(path, f"cannot read the file ({e.strerror or e})") from e
    if start[:2] != b"\x1f\x8b":
        return "plain"
    return "bgzf" if len(start) >= 14 and start[3] & 4 and start[12:14] == b"BC" else "gzip"


def has_bgzf_eof(path: Path) -> bool:
    """Whether a BGZF file ends with the empty end-of-file block htslib writes last.

    Without it a file cut at a block boundary cannot be told from a complete one.
    """
    with path.open("rb") as fh:
        fh.seek(0, 2)
        if fh.tell() < len(BGZF_EOF):
            return False
        fh.seek(-len(BGZF_EOF), 2)
        return fh.read() == BGZF_EOF


def open_bytes(path: Path, kind: Compression) -> IO[bytes]:
    """The decompressed bytes of ``path`` (both gzip kinds are read as one gzip stream)."""
    try:
        if kind == "plain":
            return path.open("rb")
        return cast(IO[bytes], _gzip_module.open(path, "rb"))
    except OSError as e:
        raise InputFormatError(path, f"cannot read the file ({e.strerror or e})") from e


class _Pump:
    """Reads ``CHUNK``-sized blocks of a stream in a thread; ``zlib`` and ``isal`` release the
    GIL while inflating, so the next block is inflated while the caller parses this one."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._queue: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=4)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vcf-inflate", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        # read1 returns what one inflate step gives, so a stream that breaks loses (almost) no
        # line inflated before the break and the error names the last good record. isal's read1
        # inflates as much as asked in one go, hence the small request.
        read1 = getattr(self._stream, "read1", self._stream.read)
        parts: list[bytes] = []
        size = 0
        try:
            while not self._stop.is_set():
                part = read1(STEP)
                if not part:
                    if parts:
                        self._put(b"".join(parts))
                    self._put(None)
                    return
                parts.append(part)
                size += len(part)
                if size >= CHUNK:
                    self._put(b"".join(parts))
                    parts, size = [], 0
        except READ_ERRORS as e:
            if parts:
                self._put(b"".join(parts))
            self._put(e)

    def _put(self, item: bytes | BaseException | None) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def get(self) -> bytes | None:
        """The next block; None at the end; the reading error, raised, if the stream broke."""
        item = self._queue.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._stream.close()


@dataclass(frozen=True, slots=True)
class HeaderText:
    """The header lines (``##`` lines and the ``#CHROM`` line, without line ends)."""

    lines: tuple[str, ...]
    samples: tuple[str, ...]

    @property
    def count(self) -> int:
        """Lines up to and including ``#CHROM``: record lines are numbered from count + 1."""
        return len(self.lines)


class VcfText:
    """One pass over a VCF's text: ``header`` first, then ``batches()`` of record lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kind = compression(path)
        self._pump = _Pump(open_bytes(path, self.kind))
        self._rest = b""  # bytes after the last complete line handed out
        self._eof = False
        self.line = 0  # number of the last line handed out
        self.header = self._read_header()

    def __enter__(self) -> VcfText:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._pump.close()

    def _more(self) -> bool:
        """Append the next block to ``_rest``; False at the end of the stream."""
        if self._eof:
            return False
        try:
            block = self._pump.get()
        except READ_ERRORS as e:
            raise self._broken(e) from e
        if block is None:
            self._eof = True
            return False
        self._rest += block
        return True

    def _broken(self, e: BaseException) -> InputFormatError:
        if isinstance(e, (EOFError, *INFLATE_ERRORS)) or "CRC" in str(e):
            what = "gzip stream is truncated or corrupt"
        else:
            what = "cannot read the file"
        header: HeaderText | None = getattr(self, "header", None)  # None while reading it
        where = (
            "inside the VCF header"
            if header is None
            else f"after record {max(self.line - header.count, 0)}"
        )
        return InputFormatError(self.path, f"{what} {where} ({e})", line=self.line)

    def _read_header(self) -> HeaderText:
        lines: list[str] = []
        while True:
            cut = self._rest.find(b"\n")
            while cut < 0 and self._more():
                cut = self._rest.find(b"\n")
            if cut < 0:
                if not self._rest:
                    raise InputFormatError(
                        self.path, "the file ends before the '#CHROM' header line", line=self.line
                    )
                cut = len(self._rest)
            raw, self._rest = self._rest[:cut], self._rest[cut + 1 :]
            self.line += 1
            text = raw.decode("utf-8", "replace").rstrip("\r")
            if self.line == 1:
                text = text.removeprefix("\ufeff")
            lines.append(text)
            if text.startswith("#CHROM"):
                return HeaderText(tuple(lines), tuple(self._check_columns(text)))
            if text.strip() and not text.startswith("#"):
                raise InputFormatError(
                    self.path, "record line before the '#CHROM' header line", line=self.line
                )

    def _check_columns(self, text: str) -> list[str]:
        """The sample names; say what is wrong with a ``#CHROM`` line."""
        columns = text.lstrip("#").split("\t")
        if tuple(columns[:8]) != FIXED_COLUMNS[:8] or columns[8:9] not in ([], ["FORMAT"]):
            raise InputFormatError(
                self.path,
                "the '#CHROM' line must hold the tab-separated columns "
                f"{' '.join(FIXED_COLUMNS[:8])} [FORMAT sample...], "
                f"got {' '.join(columns)[:120]!r}",
                line=self.line,
            )
        samples = columns[9:]
        repeated = sorted({s for s in samples if samples.count(s) > 1})
        if repeated:
            raise InputFormatError(
                self.path, f"sample name(s) repeated: {', '.join(repeated)}", line=self.line
            )
        return samples

    def batches(self) -> Iterator[tuple[int, list[str]]]:
        """(number of the line before the batch, its lines): record lines in file order.

        Lines are text without the line end; blank lines are kept (as "") so that numbering
        stays simple for the caller, which skips them.
        """
        while True:
            cut = self._rest.rfind(b"\n")
            if cut >= 0:
                block, self._rest = self._rest[:cut], self._rest[cut + 1 :]
                text = block.decode("utf-8", "replace")
                if "\r" in text:
                    text = text.replace("\r\n", "\n").removesuffix("\r")
                yield self._hand_out(text.split("\n"))
            if not self._more():
                if self._rest:  # the last line, without its line end
                    text = self._rest.decode("utf-8", "replace").removesuffix("\r")
                    self._rest = b""
                    yield self._hand_out([text])
                return

    def _hand_out(self, lines: list[str]) -> tuple[int, list[str]]:
        start = self.line
        self.line += len(lines)
        return start, lines
