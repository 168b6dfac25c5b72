"""The command line's entry points: --version, --help, python -m seawatch."""

from __future__ import annotations

import subprocess
import sys

import pytest

from seawatch import __version__
from seawatch.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"seawatch {__version__}"


def test_help_lists_examples(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "examples:" in out
    assert "seawatch claimants 9.73 115.87" in out


def test_no_command_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "usage: seawatch" in capsys.readouterr().out


def test_every_sub_command_has_help(capsys):
    from seawatch.cli import build_parser

    parser = build_parser()
    sub_actions = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    for name, sub in sub_actions[0].choices.items() if sub_actions else []:
        help_text = sub.format_help()
        assert "usage:" in help_text, name


def test_python_dash_m_runs_the_cli():
    done = subprocess.run(
        [sys.executable, "-m", "seawatch", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"seawatch {__version__}"
