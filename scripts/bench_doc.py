"""docs/benchmarks.md, written by scripts/bench.py (`--write-doc PATH`), never by hand.

Each section of a run is stored between two markers with the date, the machine (CPU, cores, OS, Python, load)
and the exact command that measured it. A run of one section replaces that section and keeps the others, so the
file is the latest measurement of every section, each with where and how it was taken: figures from a busy or a
different machine are told apart by their own header, not by a note written afterwards.
"""
from __future__ import annotations

import os
import platform
import re
import shlex
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

TITLE = "# Benchmarks"
PREAMBLE = (
    "Written by `python -m scripts.bench --section NAME --write-doc docs/benchmarks.md`; do not edit by hand. Each\n"
    "section keeps the run that last measured it, with its date, machine and command: rerunning one section replaces\n"
    "it and keeps the others. What each figure means: the docstring of `scripts/bench.py` and\n"
    "[development.md](development.md#benchmarks); the history of earlier figures: [CHANGELOG.md](../CHANGELOG.md)."
)
_BEGIN = "<!-- bench section: {} -->"
_END = "<!-- end bench section: {} -->"
_SECTION = re.compile(r"<!-- bench section: (?P<name>[\w-]+) -->\n(?P<body>.*?)<!-- end bench section: (?P=name) -->",
                      re.S)


@dataclass(frozen=True)
class Machine:
    """Where a benchmark ran: what a reader needs to know before comparing two figures."""

    cpu: str
    cores: int
    usable_cores: int
    os: str
    python: str
    memory_gb: float | None
    load: tuple[float, float, float]

    def describe(self) -> str:
        memory = f", {self.memory_gb:.0f} GB" if self.memory_gb else ""
        return (f"{self.cpu}, {self.cores} cores ({self.usable_cores} usable){memory}; {self.os}; "
                f"Python {self.python}; load average {self.load[0]:.2f} / {self.load[1]:.2f} / {self.load[2]:.2f} "
                "(1 / 5 / 15 min) at the start")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 ** 2
    except (OSError, ValueError, IndexError):
        pass
    return None


def this_machine() -> Machine:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return Machine(cpu=_cpu_model(), cores=os.cpu_count() or 1, usable_cores=usable,
                   os=platform.platform(), python=platform.python_version(), memory_gb=_memory_gb(),
                   load=tuple(round(x, 2) for x in load))


def command_line(argv: list[str]) -> str:
    """The command as a user would type it again from the repository's root."""
    return shlex.join(["python", "-m", "scripts.bench", *argv])


def render_section(name: str, markdown: str, machine: Machine, command: str, when: datetime) -> str:
    """One section with its provenance, between its markers."""
    body = (f"## {name}\n\n"
            f"- date: {when.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC\n"
            f"- machine: {machine.describe()}\n"
            f"- command: `{command}`\n\n"
            f"{markdown.strip()}\n\n")
    return f"{_BEGIN.format(name)}\n{body}{_END.format(name)}"


def read_sections(text: str) -> dict[str, str]:
    """name → the whole marked block, in the file's order."""
    return {m["name"]: m.group(0) for m in _SECTION.finditer(text)}


def merge(existing: str, new: dict[str, str], order: list[str]) -> str:
    """The document with `new` sections replacing their namesakes; sections in `order`, unknown ones after."""
    sections = read_sections(existing)
    sections.update(new)
    names = [n for n in order if n in sections] + [n for n in sections if n not in order]
    return f"{TITLE}\n\n{PREAMBLE}\n\n" + "\n\n".join(sections[n] for n in names) + "\n"


def write_doc(path: Path, results: list[dict], argv: list[str], order: list[str],
              machine: Machine | None = None, when: datetime | None = None) -> None:
    """Record each result's markdown (a bench section: {"name", "markdown", …}) into `path`, keeping the others."""
    machine = machine or this_machine()
    when = when or datetime.now(timezone.utc)
    command = command_line(argv)
    new = {r["name"]: render_section(r["name"], r["markdown"], machine, command, when) for r in results}
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(merge(existing, new, order), encoding="utf-8")
    tmp.replace(path)
