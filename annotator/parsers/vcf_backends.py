"""Record decoders for the VCF parser: pysam (htslib) or PyVCF3 (pure Python).

The parser reads the text itself (:mod:`annotator.parsers.vcf_source`) and the header facts
(:mod:`annotator.parsers.vcf_header`); a backend checks each record line it is handed and decodes
the tumour sample's FORMAT values, typed by the header, into ``SampleValues``: key -> tuple of
int / float / str / None. Both backends give the same values; where PyVCF3 differs from htslib
the PyVCF3 side is adjusted to htslib (see ``_Pyvcf3Decoder``).

Choice, in this order: the ``backend=`` argument of ``vcf.parse``; the environment variable
``IMT_ANNOTATOR_VCF_BACKEND`` (``pysam``, ``pyvcf3`` or ``auto``); ``auto``: pysam when it can be
imported, PyVCF3 otherwise (machines where pysam does not install, e.g. Windows).

pysam reads records only from a file, so a batch of lines is written after the header to an
unnamed temporary file and read back (about 0.3 ms per batch for the header; batches hold up to
``BATCH`` lines).
"""

from __future__ import annotations

import os
import struct
import tempfile
from collections.abc import Sequence
from typing import Any, Literal, Protocol

from annotator.errors import InputFormatError, UsageError
from annotator.parsers.vcf_header import HeaderInfo
from annotator.parsers.vcf_source import FIXED_COLUMNS

BackendName = Literal["pysam", "pyvcf3"]
ENV_VAR = "IMT_ANNOTATOR_VCF_BACKEND"
CHOICES = ("pysam", "pyvcf3", "auto")
BATCH = 5000
Value = int | float | str | None
SampleValues = dict[str, tuple[Value, ...]]
Lines = Sequence[tuple[int, str]]  # (line number, record text)
# htslib keeps FORMAT integers in 32 bits; the lowest eight values encode missing/end markers.
INT32_MIN, INT32_MAX = -(2**31) + 8, 2**31 - 1


class Decoder(Protocol):
    def decode(self, lines: Lines) -> list[SampleValues | None]:
        """The tumour sample's values per line (None: no FORMAT or no tumour column); raises
        InputFormatError naming the line when the backend rejects a record."""
        ...


def backend_name(requested: str | None = None) -> BackendName:
    """The backend to use: ``requested`` (the ``backend=`` argument), else the environment
    variable, else auto. Asking for one that is not installed is a UsageError."""
    choice = (requested or os.environ.get(ENV_VAR) or "auto").strip().lower()
    if choice not in CHOICES:
        source = "backend" if requested else ENV_VAR
        raise UsageError(
            f"{source}: unknown VCF backend {choice!r}; use one of {', '.join(CHOICES)}"
        )
    if choice == "auto":
        return "pysam" if _importable("pysam") else "pyvcf3"
    if not _importable("pysam" if choice == "pysam" else "vcf"):
        package = "pysam" if choice == "pysam" else "PyVCF3"
        raise UsageError(f"VCF backend {choice!r} asked for, but {package} is not installed")
    return "pysam" if choice == "pysam" else "pyvcf3"


def _importable(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def decoder(name: BackendName, path: str, header: HeaderInfo, tumour: str | None) -> Decoder:
    if name == "pysam":
        return _PysamDecoder(path, header, tumour)
    return _Pyvcf3Decoder(path, header, tumour)


def _rejected(path: str, line: int, backend: str, e: Exception) -> InputFormatError:
    return InputFormatError(
        path,
        f"cannot parse this record ({backend}: {e}); expected the tab-separated columns of the "
        "'#CHROM' line, FORMAT values of the types the header declares",
        line=line,
    )


def _split_strings(value: Any) -> tuple[Value, ...]:
    """A decoded value as a tuple; strings split on ',' as htslib splits them."""
    if isinstance(value, tuple | list):
        return tuple(None if v == "." else v for v in value)
    if isinstance(value, str):
        return tuple(None if v == "." else v for v in value.split(","))
    return (value,)


class _PysamDecoder:
    def __init__(self, path: str, header: HeaderInfo, tumour: str | None) -> None:
        import pysam

        self._pysam = pysam
        pysam.set_verbosity(0)  # htslib would print its own errors on stderr
        self.path = path
        self.tumour = tumour
        self._header = ("\n".join(header.lines) + "\n").encode("utf-8")
        try:  # htslib's verdict on the header, before any record is read
            with self._open([]) as _:
                pass
        except (OSError, ValueError) as e:
            raise InputFormatError(path, f"VCF header rejected (htslib: {e})") from e

    def _open(self, lines: Lines) -> Any:
        tmp = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _Opened, with the reader
        try:
            tmp.write(self._header)
            tmp.write("".join(f"{text}\n" for _, text in lines).encode("utf-8"))
            tmp.seek(0)
            return _Opened(self._pysam.VariantFile(tmp), tmp)
        except BaseException:
            tmp.close()
            raise

    def decode(self, lines: Lines) -> list[SampleValues | None]:
        out: list[SampleValues | None] = []
        with self._open(lines) as vf:
            records = iter(vf)
            for line, _ in lines:
                try:
                    rec = next(records)
                    out.append(self._values(rec))
                except (OSError, ValueError, StopIteration) as e:
                    raise _rejected(self.path, line, "htslib", e) from e
        return out

    def _values(self, rec: Any) -> SampleValues | None:
        if self.tumour is None or not rec.format.keys():
            return None
        sample = rec.samples[self.tumour]
        return {k: _split_strings(sample[k]) for k in rec.format if k != "GT"}


class _Opened:
    """A pysam VariantFile and the temporary file under it, closed together."""

    def __init__(self, vf: Any, tmp: Any) -> None:
        self.vf, self.tmp = vf, tmp

    def __enter__(self) -> Any:
        return self.vf

    def __exit__(self, *exc: object) -> None:
        self.vf.close()
        self.tmp.close()


def _float32(value: float) -> float:
    return float(struct.unpack("f", struct.pack("f", value))[0])


class _Pyvcf3Decoder:
    """PyVCF3's ``Reader`` fed one line at a time, its values adjusted to what htslib gives.

    Mirrored htslib behaviour (each pinned by tests/test_vcf_backends.py): Float values are
    32-bit; an Integer outside 32 bits is missing; an Integer written as a decimal ("1.5") is an
    error (PyVCF3 would read a float); FORMAT keys the header does not define, and FT, are
    Strings; strings are split on ','. PyVCF3 is given only the numeric ``##FORMAT`` lines, under
    names it accepts (it builds a namedtuple from the FORMAT keys, which fails on keys such as
    ``1KG``); INFO is read from the text by the parser, so PyVCF3's INFO typing, which stops at
    values htslib reads as missing, is switched off.
    """

    def __init__(self, path: str, header: HeaderInfo, tumour: str | None) -> None:
        import vcf

        self.path = path
        self.tumour = tumour
        self.index = header.samples.index(tumour) if tumour is not None else -1
        self.numeric = {
            key: (f"N{i}", d.type)
            for i, (key, d) in enumerate(header.formats.items())
            if d.type in ("Integer", "Float") and key not in ("GT", "FT")
        }
        lines = ["##fileformat=VCFv4.2"]
        for alias, kind in self.numeric.values():
            lines.append(f'##FORMAT=<ID={alias},Number=.,Type={kind},Description="">')
        lines.append("\t".join(["#CHROM", *FIXED_COLUMNS[1:], *header.samples]))
        self._pending = lines

        class Reader(vcf.Reader):  # type: ignore[misc]
            def _parse_info(self, info_str: str) -> dict[str, Any]:
                return {}

        self._reader = Reader(fsock=_Feed(self._pending), compressed=False, strict_whitespace=True)

    def decode(self, lines: Lines) -> list[SampleValues | None]:
        out: list[SampleValues | None] = []
        for line, text in lines:
            try:
                out.append(self._decode(text))
            except (ValueError, IndexError, KeyError, TypeError, AttributeError) as e:
                self._pending.clear()
                raise _rejected(self.path, line, "PyVCF3", e) from e
        return out

    def _decode(self, text: str) -> SampleValues | None:
        columns = text.split("\t")
        keys = columns[8].split(":") if len(columns) > 8 and columns[8] != "." else []
        if keys and len(columns) < 9 + len(self._reader.samples):
            raise ValueError("invalid number of columns")  # htslib's check
        aliases = [self.numeric[k][0] if k in self.numeric else f"S{i}" for i, k in enumerate(keys)]
        if keys:
            columns[8] = ":".join(aliases)
        self._pending.append("\t".join(columns))
        rec = next(self._reader)
        if self.tumour is None or not keys:
            return None
        written = columns[9 + self.index].split(":")
        if len(written) > len(keys):
            raise ValueError(f"{len(written)} values for the {len(keys)} FORMAT keys")
        data = rec.samples[self.index].data
        values: SampleValues = {}
        for i, key in enumerate(keys):
            raw = written[i] if i < len(written) else "."
            if key == "GT":
                continue
            if key in self.numeric:
                values[key] = self._number(data[i], self.numeric[key][1], raw)
            else:
                values[key] = (None,) if raw in ("", ".") else _split_strings(raw)
        return values

    @staticmethod
    def _number(value: Any, kind: str, raw: str) -> tuple[Value, ...]:
        items = value if isinstance(value, list) else [value]
        out: list[Value] = []
        for item in items:
            if item is None:
                out.append(None)
            elif kind == "Float":
                out.append(_float32(float(item)))
            elif isinstance(item, float):
                raise ValueError(f"Integer value expected, got {raw!r}")
            else:
                out.append(item if INT32_MIN <= item <= INT32_MAX else None)
        return tuple(out)


class _Feed:
    """The line source of the PyVCF3 reader: it takes lines from ``pending`` one at a time."""

    def __init__(self, pending: list[str]) -> None:
        self.pending = pending

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if not self.pending:
            raise StopIteration
        return self.pending.pop(0)
