"""The README stays a manual: at most 250 lines, its first code block the commands CI runs, its links alive.

CI (.ci/run) installs the dev extra and runs "the README's test command"; when one of the two changes alone, a
newcomer's first command no longer is what CI checks. The reference lives in docs/, linked from the README.
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

from conftest import ROOT

MAX_LINES = 250
README = ROOT / "README.md"
CI = ROOT / ".ci" / "run"
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def first_code_block(text: str) -> list[str]:
    """The commands of the first fenced block, comments dropped, `a && b` split into a and b."""
    match = re.search(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M)
    assert match, "the README has no code block"
    commands = []
    for line in match.group(1).splitlines():
        line = line.split(" #", 1)[0].strip()
        commands += [part.strip() for part in line.split("&&") if part.strip()]
    return commands


def ci_commands(script: str) -> list[str]:
    return [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _install_target(command: str) -> str | None:
    """What `pip install … -e TARGET` installs, whatever the other flags."""
    if "pip" not in command:
        return None
    words = shlex.split(command)
    if "pip" not in words or "install" not in words or "-e" not in words:
        return None
    return words[words.index("-e") + 1]


def test_readme_is_at_most_250_lines():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_LINES, f"README.md has {len(lines)} lines; move reference to docs/ (at most {MAX_LINES})"


def test_first_code_block_installs_and_tests_as_ci_does():
    readme = first_code_block(README.read_text(encoding="utf-8"))
    ci = ci_commands(CI.read_text(encoding="utf-8"))
    ci_tests = [c for c in ci if "pytest" in c]
    readme_tests = [c for c in readme if "pytest" in c]
    assert ci_tests == readme_tests, f"CI runs {ci_tests}, the README's first block {readme_tests}"
    assert ci[-1] == readme_tests[-1], "the test command is the last thing CI runs"
    readme_install = {_install_target(c) for c in readme} - {None}
    ci_install = {_install_target(c) for c in ci} - {None}
    assert readme_install and readme_install == ci_install, (readme_install, ci_install)


def test_first_code_block_extracts_the_bundled_sample():
    extract = next(c for c in first_code_block(README.read_text(encoding="utf-8")) if c.startswith("juesuan extract"))
    folder = ROOT / shlex.split(extract)[2]
    assert sorted(folder.glob("*.pdf")), f"{folder} holds no sample PDF"


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
    return {_anchor(m.group(1)) for m in re.finditer(r"^#+ (.+)$", text, re.M)}


def test_links_of_the_readme_and_docs_lead_somewhere():
    broken = []
    for page in [README, ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            file_part, _, anchor = target.partition("#")
            dest = (page.parent / file_part).resolve() if file_part else page
            if not dest.exists():
                broken.append(f"{page.name}: {target} (no such file)")
            elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert not broken, "\n".join(broken)


def test_anchor_rule_on_headings_of_these_docs():
    assert _anchor("Names of codes: dated editions and the catalogue learnt from reports") == \
        "names-of-codes-dated-editions-and-the-catalogue-learnt-from-reports"
    assert _anchor("checks.csv") == "checkscsv"
    assert _anchor("Table and column keys") == "table-and-column-keys"
