"""The README's promises: two set-up commands that CI runs, and every command documented."""

from __future__ import annotations

import re

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
