"""Gunicorn and wrk for the benchmarks: a server started in the project folder (so
``gunicorn.conf.py`` applies, as in production) with two sync workers, and wrk's requests per
second against it."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``app`` (a WSGI path such as ``newsroom.wsgi``) of the code in ``root`` on a free port,
    for a ``with`` block; ready once ``probe`` answers."""

    def __init__(self, app: str, env: dict, probe: str = "/", *, root: Path = ROOT):
        self.app, self.probe, self.root = app, probe, root
        self.env = {**os.environ, **env}
        self.port = free_port()

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                self.app,
                "--workers=2",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
            ],
            cwd=self.root,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.get(self.probe)
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.process.terminate()
        raise RuntimeError(f"gunicorn {self.app} did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def get(self, path: str) -> bytes:
        url = f"http://127.0.0.1:{self.port}{path}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()


class Wrk:
    """Requests per second from ``wrk -t2 -c<connections>`` over ``paths`` in turn; responses
    other than 2xx or 3xx are collected in ``problems``."""

    def __init__(self, *, connections: int, duration: str, warmup: str | None = None):
        self.connections, self.duration, self.warmup = connections, duration, warmup
        self.problems: list[str] = []

    def __call__(self, server: Gunicorn, paths: list[str]) -> float:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            quoted = ", ".join(f'"{path}"' for path in paths)
            script.write(
                f"paths = {{{quoted}}}\ni = 0\n"
                "request = function()\n  i = i % #paths + 1\n"
                '  return wrk.format("GET", paths[i])\nend\n'
            )
        try:
            for path in paths[:4]:  # both workers load their templates and connections
                server.get(path)
            if self.warmup:
                self._run(server, script.name, self.warmup)
            output = self._run(server, script.name, self.duration)
        finally:
            os.unlink(script.name)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        if errors:
            self.problems.append(f"{errors.group(1)} non-2xx responses under wrk for {paths[0]}")
        return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def _run(self, server: Gunicorn, script: str, duration: str) -> str:
        command = ["wrk", "-t2", f"-c{self.connections}", f"-d{duration}", "-s", script]
        command.append(f"http://127.0.0.1:{server.port}")
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout
