"""The README's promises: two set-up commands that CI runs, and every command documented."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README)[:2]


def test_readme_opens_with_a_build_command_and_a_test_command():
    build, test = readme_commands()
    assert "kg build ../shared/seeds/*.txt" in build and "pip install" in build
    assert "pytest" in test and "pip install" in test
    assert README.index(build) < 400


def test_ci_runs_the_readme_test_command_verbatim():
    _, test = readme_commands()
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_cli_command_is_documented_with_help():
    for name, command in cli.commands.items():
        assert f"kg {name}" in README, f"kg {name} is missing from the README"
        help_text = CliRunner().invoke(cli, [name, "--help"]).output
        assert "Example:" in help_text


def test_readme_python_session_runs_on_the_seed_graph(tmp_path, seed_paths, monkeypatch):
    import doctest

    out = tmp_path / "kg-out"
    assert CliRunner().invoke(cli, ["build", *map(str, seed_paths), "-o", str(out)]).exit_code == 0
    session = re.search(r"## Python\n\n```python\n(.+?)```", README, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(session, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted >= 9


# A block the README shows but this test does not run says why, on the line before it.
_SKIP = re.compile(r"<!-- not run by the README test: (.+?) -->\n$")


def _blocks() -> list[tuple[int, str, list[str], str]]:
    """(line of the first content line, language, content lines, the README text before the fence) per fenced block."""
    blocks, lines, at = [], README.splitlines(), 0
    while at < len(lines):
        if lines[at].startswith("```"):
            end = next(i for i in range(at + 1, len(lines)) if lines[i].startswith("```"))
            blocks.append((at + 2, lines[at][3:].strip(), lines[at + 1 : end], "\n".join(lines[:at]) + "\n"))
            at = end
        at += 1
    return blocks


def shell_commands() -> list[tuple[int, str, list[str]]]:
    """(line, command, the output line the README shows first) of every command in a ``bash`` block or after a
    ``$ `` prompt, in order; blocks marked as not run left out. Set-up lines keep what follows the install."""
    found = []
    for line, language, lines, before in _blocks():
        if _SKIP.search(before) or language not in ("bash", ""):
            continue
        for i, text in enumerate(lines):
            if language == "bash" and text.split("  #")[0].strip():
                command = text.split("  #")[0].strip()
                found.append((line + i, re.sub(r"^python3 -m venv \.venv && \.venv/bin/pip install[^&]*&& ", "", command), []))
            elif language == "" and text.startswith("$ "):
                shown = [t for t in lines[i + 1 : i + 2] if t and not t.startswith("$ ")]
                found.append((line + i, text[2:], shown))
    return found


def test_every_readme_command_runs_in_a_copy_of_the_repository(tmp_path):
    """Issue 16: the README works as written: each command, in order, from the repository's directory with
    .venv/bin on the PATH; each exits 0, shows what the README shows first, and writes nothing but kg-out/."""
    import os
    import shutil
    import subprocess
    import sys

    commands = shell_commands()
    assert len(commands) >= 5 and commands[0][1].startswith(".venv/bin/kg build ../shared/seeds/*.txt")
    copy = tmp_path / "kg"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "kg-out", "*.egg-info", "__pycache__",
                                                              "artifacts", ".pytest_cache"))
    (tmp_path / "shared").symlink_to(ROOT.parent / "shared")
    (copy / ".venv").symlink_to(Path(sys.prefix))  # the set-up line's venv: this one, with kg installed
    before = set(os.listdir(copy))
    env = {**os.environ, "PATH": f"{copy / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    for line, command, shown in commands:
        result = subprocess.run(["bash", "-c", command], cwd=copy, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"README.md:{line}: {command}\n{result.stderr[-2000:]}"
        if shown:
            assert result.stdout.splitlines()[:1] == shown, f"README.md:{line}: {command} shows another first line"
    assert set(os.listdir(copy)) - before <= {"kg-out"}  # nothing else written into the repository's root
