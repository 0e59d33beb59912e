"""Gunicorn and wrk for the benchmarks: a server started in the project folder (so
``gunicorn.conf.py`` applies, as in production) with two sync workers, and wrk's requests per
second against it, with the CPU time a request cost the server and PostgreSQL (Linux's
``/proc``; elsewhere none)."""

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

    def pids(self) -> list[int]:
        """Gunicorn's master and its workers, as they are now (a recycled worker is new)."""
        return [self.process.pid, *children_of(self.process.pid)]

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
        # The last measured run's CPU milliseconds a request: {"server": …, "database": …}.
        self.cpu_per_request: dict[str, float] = {}

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
            before = cpu_snapshot(server)
            output = self._run(server, script.name, self.duration)
            self.cpu_per_request = cpu_per_request(before, cpu_snapshot(server), output)
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


PROC = Path("/proc")


def children_of(pid: int) -> list[int]:
    return [
        int(stat.parent.name)
        for stat in PROC.glob("[0-9]*/stat")
        if (fields := _stat_fields(stat)) and int(fields[1]) == pid
    ]


def _stat_fields(stat: Path) -> list[str]:
    """The fields of ``/proc/PID/stat`` after the command's name (ppid at 1; utime, stime,
    cutime and cstime at 11 to 14); empty once the process is gone."""
    try:
        return stat.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _cpu_seconds(pids) -> float:
    """The processes' CPU time, with that of their children they reaped: a worker recycled
    during a run still counts, in its master's."""
    ticks = sum(
        sum(int(field) for field in fields[11:15])
        for pid in pids
        if (fields := _stat_fields(PROC / str(pid) / "stat"))
    )
    return ticks / os.sysconf("SC_CLK_TCK")


def _postgres_pids() -> list[int]:
    """Every PostgreSQL process on the machine: its backends run the pages' queries."""
    return [int(comm.parent.name) for comm in PROC.glob("[0-9]*/comm") if _read(comm) == "postgres"]


def _read(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def cpu_snapshot(server: Gunicorn) -> dict[str, float] | None:
    """CPU seconds so far of the server's processes and of PostgreSQL's; None without
    ``/proc``."""
    if not (PROC / "self" / "stat").exists():
        return None
    return {"server": _cpu_seconds(server.pids()), "database": _cpu_seconds(_postgres_pids())}


def cpu_per_request(before, after, wrk_output: str) -> dict[str, float]:
    """Milliseconds of CPU a request cost the server and PostgreSQL between two snapshots."""
    done = re.search(r"(\d+) requests in", wrk_output)
    if before is None or after is None or not done or not int(done.group(1)):
        return {}
    return {side: 1000 * (after[side] - before[side]) / int(done.group(1)) for side in after}
