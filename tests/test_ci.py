"""`.ci/run` runs the README's two commands letter for letter, each in a virtualenv made fresh for it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")
RUN = (ROOT / ".ci" / "run").read_text("utf-8")
RUN_LINES = [line.strip() for line in RUN.splitlines()]


def readme_commands() -> list[str]:
    """Return the ```sh blocks the README opens with (before its first '## ' section)."""
    opening = README.split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", opening, re.DOTALL)]


def test_the_readme_opens_with_the_two_commands_of_the_contract() -> None:
    assert readme_commands() == [
        "python3 -m pip install . && sitegen build",
        'python3 -m pip install ".[test]" && python3 -m pytest',
    ]


def test_ci_runs_each_readme_command_verbatim_in_its_own_fresh_virtualenv() -> None:
    venvs = []
    for command in readme_commands():
        assert command in RUN_LINES, f".ci/run does not run the README's command {command!r} as it is written"
        at = RUN_LINES.index(command)
        activate = re.fullmatch(r'source "(\$work/\w+)/bin/activate"', RUN_LINES[at - 1])
        assert activate, f".ci/run: {command!r} must run right after activating its virtualenv"
        venv = activate.group(1)
        assert f'fresh_venv "{venv}"' in RUN_LINES[:at], f".ci/run: {venv} must be made fresh before {command!r}"
        venvs.append(venv)
    assert len(set(venvs)) == 2, "each README command gets a virtualenv of its own"
    assert re.search(r'^work="\$\(mktemp -d ', RUN, re.MULTILINE), "the virtualenvs live in a temporary folder"
    code = [line for line in RUN_LINES if not line.startswith("#")]
    assert any(line.startswith('python3 -m venv "$1"') for line in code)
    assert not [line for line in code if "system-site-packages" in line], "the machine's packages stay out"


def test_ci_checks_the_seed_site_and_installs_system_packages_first() -> None:
    assert RUN_LINES.index("bash .ci/setup-browser.sh") < RUN_LINES.index(readme_commands()[0])
    assert ('"$work/build/bin/sitegen" check --strict || fail "sitegen check --strict in the first virtualenv '
            '(acknowledge known findings in content/check.yaml)"') in RUN_LINES
    assert RUN.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in RUN_LINES


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_ci_script_is_valid_bash() -> None:
    result = subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
