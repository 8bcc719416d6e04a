"""``batch.json``: what a batch did to each sample, kept on disk as it goes.

The file is rewritten atomically (temporary file, then rename) while samples finish, so a
batch killed at any moment leaves a consistent record: samples are ``ok`` (with outputs),
``failed`` (with the error, its file and line) or ``pending``. ``--resume`` trusts an ``ok``
only while its fingerprint still holds: same input files (sha256), same knowledgebase (sha256),
same sample metadata, settings, formats and tool version, and every output still present.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from annotator import __version__
from annotator.annotate import Sample, Settings
from annotator.errors import AnnotatorError, InputFormatError, OutputError
from annotator.report.write import shared_file_mode

STATE_VERSION = 1
Status = Literal["pending", "ok", "failed"]


@dataclass(frozen=True, slots=True)
class SampleError:
    """Why a sample failed: the message the CLI would print, and where it points."""

    message: str
    kind: str  # "input", "usage", "output", "knowledgebase", "internal", "crash"
    file: str | None = None
    line: int | None = None

    @classmethod
    def of(cls, e: BaseException) -> SampleError:
        if isinstance(e, InputFormatError):
            return cls(str(e), "input", e.path, e.line)
        if isinstance(e, OutputError):
            return cls(str(e), "output")
        if isinstance(e, AnnotatorError):
            return cls(str(e), "usage" if e.exit_code == 2 else "error")
        return cls(f"internal error: {type(e).__name__}: {e}", "internal")


@dataclass(frozen=True, slots=True)
class SampleState:
    id: str
    line: int  # the sample's line in the sheet
    status: Status = "pending"
    attempts: int = 0  # times this sample was annotated, over every run into this folder
    fingerprint: str | None = None
    inputs: tuple[tuple[str, str], ...] = ()  # (path, sha256)
    outputs: tuple[str, ...] = ()
    duration_s: float | None = None
    error: SampleError | None = None
    findings: tuple[str, ...] = ()  # "label (Tier X)"
    resumed: bool = False  # True: kept from an earlier run, not redone by this one
    finished_at: str | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["inputs"] = [{"path": p, "sha256": s} for p, s in self.inputs]
        return data


def fingerprint(
    sample: Sample,
    inputs: list[tuple[str, str]],
    kb_sha256: str,
    settings: Settings,
    formats: tuple[str, ...],
    render: object = None,
) -> str:
    """One hash of everything a report depends on, to tell whether it is still current
    (``render``: the renderers' options, a dataclass, e.g. the PDF's paper size)."""
    basis = {
        "tool": __version__,
        "kb": kb_sha256,
        "inputs": inputs,
        "sample": asdict(sample),
        "settings": asdict(settings),
        "formats": list(formats),
        "render": repr(render),
    }
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass(slots=True)
class BatchState:
    """The whole file; the main process owns it and is its only writer."""

    path: Path
    header: dict[str, Any]
    samples: dict[str, SampleState]
    started_at: str = field(default_factory=now)
    finished_at: str | None = None
    _last_write: float = 0.0

    def update(self, state: SampleState) -> None:
        self.samples[state.id] = state
        if time.monotonic() - self._last_write >= 0.2:  # a few writes a second at most
            self.write()

    def counts(self) -> dict[str, int]:
        counts = {"ok": 0, "failed": 0, "pending": 0}
        for s in self.samples.values():
            counts[s.status] += 1
        return counts

    def write(self) -> None:
        data = {
            "state_version": STATE_VERSION,
            **self.header,
            "started_at": self.started_at,
            "updated_at": now(),
            "finished_at": self.finished_at,
            "counts": self.counts(),
            "samples": [s.as_json() for s in self.samples.values()],
        }
        write_atomic(self.path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        self._last_write = time.monotonic()


def read_state(path: Path) -> dict[str, SampleState]:
    """Samples recorded by an earlier run (empty when there is no file yet)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        samples = {}
        for s in data["samples"]:
            error = SampleError(**s["error"]) if s.get("error") else None
            inputs = tuple((i["path"], i["sha256"]) for i in s.get("inputs", []))
            state = SampleState(
                **{
                    k: v
                    for k, v in s.items()
                    if k not in ("error", "inputs", "outputs", "findings")
                },
                error=error,
                inputs=inputs,
                outputs=tuple(s.get("outputs", [])),
                findings=tuple(s.get("findings", [])),
            )
            samples[state.id] = state
        return samples
    except json.JSONDecodeError as e:
        raise InputFormatError(path, f"not valid JSON ({e.msg})", line=e.lineno) from e
    except (KeyError, TypeError) as e:
        raise InputFormatError(path, f"not a batch state file ({e!r} unexpected)") from e


def still_current(state: SampleState | None, expected: str) -> bool:
    """An earlier ``ok`` whose fingerprint matches and whose outputs are all there."""
    return (
        state is not None
        and state.status == "ok"
        and state.fingerprint == expected
        and bool(state.outputs)
        and all(Path(p).is_file() for p in state.outputs)
    )


def kept(state: SampleState) -> SampleState:
    return replace(state, resumed=True)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, shared_file_mode())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({e.strerror or e})") from e


def remove_stale_temporaries(out_dir: Path, names: list[str]) -> int:
    """Delete the temporary files a killed run left for these final file names.

    Temporaries are named ``.NAME.<random>.tmp`` (``write_reports`` and ``write_atomic``), so
    only those of the files about to be rewritten are touched: a concurrent job writing other
    samples into the same folder (Snakemake) keeps its own.
    """
    if not out_dir.is_dir():
        return 0
    prefixes = tuple(f".{name}." for name in names)
    removed = 0
    for entry in out_dir.iterdir():
        if entry.name.endswith(".tmp") and entry.name.startswith(prefixes) and entry.is_file():
            entry.unlink(missing_ok=True)
            removed += 1
    return removed
