"""The same per-document work on a Ray cluster (`--runner ray`), for batches past one machine.

Ray is optional: installed with `pip install "juesuan[ray]"`. A task is cancelled when it overruns
the time limit, as the local workers are; memory is reserved per task (`memory=`) and bounded by
Ray's own memory monitor, because an address-space cap breaks Ray's worker processes.
"""
from __future__ import annotations

import time
from typing import Iterator

from juesuan.errors import Failure, UsageError, describe
from juesuan.jobs import Job, Limits, extract_guarded
from juesuan.model import Document
from juesuan.options import Options


def _task(job: Job, options: Options, limits: Limits) -> Document:
    return extract_guarded(job, options, limits)


def run_on_ray(jobs: list[Job], options: Options, workers: int, limits: Limits) -> Iterator[Document]:
    try:
        import ray
    except ImportError:
        raise UsageError("--runner ray needs Ray: pip install 'ray>=2'") from None
    if not ray.is_initialized():
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    remote = ray.remote(max_retries=0, memory=limits.memory_mb * 1024 * 1024 if limits.memory_mb else None)(_task)
    queue = list(reversed(jobs))
    running: dict = {}  # at most `workers` in flight, so a task's clock starts when it does
    while queue or running:
        while queue and len(running) < workers:
            job = queue.pop()
            running[remote.remote(job, options, limits)] = (job, time.monotonic())
        ready, _ = ray.wait(list(running), num_returns=1, timeout=0.5)
        for ref in ready:
            job, _ = running.pop(ref)
            try:
                yield ray.get(ref)
            except Exception as exc:  # the task's process died (memory) or Ray failed it
                yield job.failed(Failure.WORKER, f"{job.path}: the Ray task failed ({describe(exc)})")
        now = time.monotonic()
        for ref, (job, t0) in list(running.items()):
            if now - t0 > limits.seconds:
                ray.cancel(ref, force=True)
                running.pop(ref)
                yield job.failed(
                    Failure.TIMEOUT, f"{job.path}: took longer than {limits.seconds:g} s (--timeout); stopped"
                )
