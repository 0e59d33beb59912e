"""``make restore`` / ``restore_newsroom`` without a terminal to confirm on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

REPO = Path(__file__).resolve().parents[2]


def test_restore_without_a_terminal_says_how_to_confirm_and_fails():
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_newsroom", "var/backups/newsroom-x.xml.gz"],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "--yes" in result.stderr
    assert "no terminal" in result.stderr
    assert "Traceback" not in result.stderr and "EOFError" not in result.stderr


@pytest.mark.django_db
def test_restore_asked_on_a_terminal_is_cancelled_by_anything_but_y(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="Restore cancelled"):
        call_command("restore_newsroom", str(tmp_path / "absent.xml.gz"))
