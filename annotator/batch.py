"""``imt-annotator batch``: every sample of a sheet, annotated in worker processes.

The knowledgebase is loaded and validated once, in the main process, and handed to each worker
once (inherited when the worker is forked, pickled once otherwise); a worker then runs the
one-sample pipeline of ``annotate`` (parse, match, build, validate, write) for each sample it
is given. A sample that fails is recorded with its error and the others go on. A worker that
dies (a crash in a C library, the kernel's out-of-memory killer) breaks the pool: the samples
it left are then run one worker each, so that only the sample that crashed is marked failed.
The main process is the only writer of ``batch.json`` (see ``batch_state``); it also makes
the text of the progress display, which ``cli.py`` prints.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator import __version__
from annotator.annotate import Sample, Settings, annotate
from annotator.batch_state import (
    BatchState,
    SampleError,
    SampleState,
    fingerprint,
    kept,
    now,
    read_state,
    remove_stale_temporaries,
    still_current,
)
from annotator.digests import sha256_file
from annotator.errors import UsageError
from annotator.kb.context import patient_context
from annotator.kb.load import Knowledgebase
from annotator.report.build import build_report
from annotator.report.schema import validate_report
from annotator.report.write import (
    DEFAULT_RENDER_OPTIONS,
    FORMATS,
    RenderOptions,
    write_reports,
)
from annotator.sheet import Sheet, SheetRow

STATE_FILE = "batch.json"


@dataclass(frozen=True, slots=True)
class BatchOptions:
    out_dir: Path
    formats: tuple[str, ...] = ("html", "json")
    jobs: int = 1
    settings: Settings = field(default_factory=Settings)
    resume: bool = False
    state_path: Path | None = None  # default: OUT/batch.json
    only: tuple[str, ...] = ()  # sample ids to run (default: every row)
    cohort: bool = True
    render: RenderOptions = DEFAULT_RENDER_OPTIONS  # the PDF's paper size


@dataclass(frozen=True, slots=True)
class Progress:
    """One sample finished (or was kept by ``--resume``): what a progress display needs."""

    done: int
    total: int
    failed: int
    sample: SampleState
    elapsed: float


@dataclass(frozen=True, slots=True)
class BatchResult:
    samples: tuple[SampleState, ...]  # the samples of this run, in sheet order
    state_path: Path
    cohort: tuple[Path, ...]
    elapsed: float

    @property
    def failed(self) -> list[SampleState]:
        return [s for s in self.samples if s.status == "failed"]


@dataclass(frozen=True, slots=True)
class _Worker:
    """What each worker process holds for the whole batch."""

    kb: Knowledgebase
    settings: Settings
    formats: tuple[str, ...]
    out_dir: Path
    parent: int  # the batch process id
    render: RenderOptions = DEFAULT_RENDER_OPTIONS


_WORKER: _Worker | None = None  # set once per worker process by _init_worker


def sample_check(kb: Knowledgebase) -> Callable[[Sample], None]:
    """What ``annotate`` would refuse in a sample's metadata (an unknown disease or code, an
    age it cannot read), for checking every row of a sheet before any work starts."""

    def check(sample: Sample) -> None:
        patient_context(kb, sample.disease, age=sample.age, site=sample.site)

    return check


def default_jobs() -> int:
    """Cores this process may use (a SLURM or taskset allocation, not the whole machine)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def run_batch(
    sheet: Sheet,
    kb: Knowledgebase,
    options: BatchOptions,
    on_progress: Callable[[Progress], None] | None = None,
) -> BatchResult:
    """Annotate the sheet's samples; record each in ``batch.json``; write the cohort summary."""
    started = time.perf_counter()
    rows = _selected(sheet, options.only)
    state_path = options.state_path or options.out_dir / STATE_FILE
    previous = read_state(state_path)
    names = [f"{r.sample.id}.{FORMATS[f][0]}" for r in rows for f in options.formats]
    remove_stale_temporaries(options.out_dir, names)
    remove_stale_temporaries(state_path.parent, [state_path.name])
    state = BatchState(state_path, _header(sheet, kb, options), {})
    for row in sheet.rows:  # rows not selected keep what an earlier run recorded
        before = previous.get(row.sample.id)
        attempts = before.attempts if before else 0
        if row not in rows and before is not None:
            state.samples[row.sample.id] = before
        else:
            state.samples[row.sample.id] = SampleState(row.sample.id, row.line, attempts=attempts)
    done: list[SampleState] = []

    def finish(result: SampleState) -> None:
        before = state.samples[result.id]
        if not result.resumed:
            result = replace(result, attempts=before.attempts + 1, finished_at=now())
        state.update(result)
        done.append(result)
        if on_progress is not None:
            failed = sum(s.status == "failed" for s in done)
            elapsed = time.perf_counter() - started
            on_progress(Progress(len(done), len(rows), failed, result, elapsed))

    todo = []
    for row in rows:
        before = previous.get(row.sample.id)
        if options.resume and before is not None and before.status == "ok":
            inputs = [(str(p), sha256_file(p)) for p in row.inputs if p.is_file()]
            expected = fingerprint(
                row.sample,
                inputs,
                kb.sha256,
                row_settings(options.settings, row),
                options.formats,
                options.render,
            )
            if still_current(before, expected):
                finish(kept(before))
                continue
        todo.append(row)
    state.write()
    worker = _Worker(
        kb, options.settings, options.formats, options.out_dir, os.getpid(), options.render
    )
    try:
        if len(todo) == 1:
            finish(annotate_row(todo[0], worker))  # one sample: no pool to start
        elif todo:
            crashed = _run_pool(todo, worker, min(options.jobs, len(todo)), finish)
            for row in crashed:  # one worker each, so that a crash names its sample
                _run_pool([row], worker, 1, finish, crash_fails=True)
    finally:
        state.finished_at = now() if len(done) == len(rows) else None
        state.write()
    cohort: tuple[Path, ...] = ()
    if options.cohort:
        from annotator.cohort import write_batch_cohort

        cohort = write_batch_cohort(sheet, state.samples, options.out_dir)
    by_id = {s.id: s for s in done}
    return BatchResult(
        tuple(by_id[r.sample.id] for r in rows),
        state_path,
        cohort,
        time.perf_counter() - started,
    )


def _selected(sheet: Sheet, only: tuple[str, ...]) -> list[SheetRow]:
    if not only:
        return list(sheet.rows)
    known = {r.sample.id for r in sheet.rows}
    unknown = [s for s in only if s not in known]
    if unknown:
        raise UsageError(f"sample(s) not in {sheet.path}: {', '.join(unknown)}")
    return [r for r in sheet.rows if r.sample.id in only]


def _header(sheet: Sheet, kb: Knowledgebase, options: BatchOptions) -> dict[str, object]:
    return {
        "tool": {"name": "imt-annotator", "version": __version__},
        "sheet": str(sheet.path),
        "sheet_sha256": sha256_file(sheet.path),
        "out_dir": str(options.out_dir),
        "formats": list(options.formats),
        "paper": options.render.paper,
        "jobs": options.jobs,
        "knowledgebase": {"version": kb.version, "sha256": kb.sha256},
        "settings": {
            "genome": options.settings.genome,
            "include_filtered": options.settings.include_filtered,
        },
    }


def row_settings(settings: Settings, row: SheetRow) -> Settings:
    """The batch's settings with the row's own ``input_sample`` and ``tumor_sample``."""
    if row.input_sample is not None:
        settings = replace(settings, input_sample=row.input_sample)
    if row.tumor_sample is not None:
        settings = replace(settings, vcf=replace(settings.vcf, tumor_sample=row.tumor_sample))
    return settings


def annotate_row(row: SheetRow, worker: _Worker) -> SampleState:
    """The one-sample pipeline of ``imt-annotator annotate``; any failure becomes the state."""
    start = time.perf_counter()
    inputs: list[tuple[str, str]] = []
    try:
        settings = row_settings(worker.settings, row)
        result = annotate(list(row.inputs), row.sample, worker.kb, settings)
        inputs = [(i.parsed.path, i.sha256) for i in result.inputs]
        report = build_report(result, worker.kb)
        validate_report(report)
        written = write_reports(report, worker.out_dir, list(worker.formats), options=worker.render)
    except Exception as e:  # one sample's failure, recorded; the batch goes on
        return SampleState(
            row.sample.id,
            row.line,
            "failed",
            inputs=tuple(inputs),
            duration_s=round(time.perf_counter() - start, 3),
            error=SampleError.of(e),
        )
    return SampleState(
        row.sample.id,
        row.line,
        "ok",
        fingerprint=fingerprint(
            row.sample, inputs, worker.kb.sha256, settings, worker.formats, worker.render
        ),
        inputs=tuple(inputs),
        outputs=tuple(str(p) for p in written),
        duration_s=round(time.perf_counter() - start, 3),
        findings=tuple(f"{f.alteration.label} (Tier {f.tier})" for f in result.findings),
    )


def _run_pool(
    rows: list[SheetRow],
    worker: _Worker,
    jobs: int,
    finish: Callable[[SampleState], None],
    *,
    crash_fails: bool = False,
) -> list[SheetRow]:
    """Run ``rows`` on ``jobs`` workers; the rows a dead worker left unfinished are returned,
    or (``crash_fails``: a pool of one, for one row) recorded as failed."""
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=_context(), initializer=_init_worker, initargs=(worker,)
    )
    broken: list[SheetRow] = []
    try:
        futures = {pool.submit(_run_in_worker, row): row for row in rows}
        for future in as_completed(futures):
            row = futures[future]
            try:
                finish(future.result())
            except BrokenProcessPool:
                if not crash_fails:
                    broken.append(row)
                    continue
                error = SampleError(
                    "the worker process died while annotating this sample (a crash in a "
                    "library or out of memory); run it alone with 'imt-annotator annotate'",
                    "crash",
                )
                finish(SampleState(row.sample.id, row.line, "failed", error=error))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    order = {r.sample.id: i for i, r in enumerate(rows)}
    return sorted(broken, key=lambda r: order[r.sample.id])


def _context() -> multiprocessing.context.BaseContext:
    """fork on Linux: workers start in milliseconds and share the loaded knowledgebase."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _init_worker(worker: _Worker) -> None:
    global _WORKER
    _WORKER = worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _die_with_parent(worker.parent)


def _run_in_worker(row: SheetRow) -> SampleState:
    if _WORKER is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("batch worker used before its initializer ran")
    return annotate_row(row, _WORKER)


def _die_with_parent(parent: int) -> None:
    """Linux: have the kernel kill this worker when the batch process dies, however it dies
    (a killed batch must not leave workers writing reports behind it)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


# Text of the progress display; cli.py decides where it goes (a terminal bar or log lines).


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def bar_line(p: Progress, width: int = 28) -> str:
    """``[########......]  57/200  1 failed  12.3/s  ETA 0:12`` (no newline)."""
    filled = int(width * p.done / p.total) if p.total else width
    rate = p.done / p.elapsed if p.elapsed > 0 else 0.0
    left = (p.total - p.done) / rate if rate else 0.0
    failed = f"  {p.failed} failed" if p.failed else ""
    return (
        f"[{'#' * filled}{'.' * (width - filled)}] {p.done:>{len(str(p.total))}}/{p.total}"
        f"{failed}  {rate:.1f}/s  ETA {_clock(left)}"
    )


def sample_line(p: Progress) -> str:
    """``[57/200] SYN0057 ok 0.21 s: RANBP2::ALK (Tier IA)``, or the failure with its error."""
    s = p.sample
    head = f"[{p.done}/{p.total}] {s.id}"
    if s.status == "failed":
        return f"{head} FAILED: {s.error.message if s.error else 'unknown error'}"
    if s.resumed:
        return f"{head} kept: unchanged since an earlier run"
    found = ", ".join(s.findings) if s.findings else "no finding"
    return f"{head} ok {s.duration_s or 0:.2f} s: {found}"
