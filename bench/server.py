"""The benchmark site's server: gunicorn as deployed, on 127.0.0.1 only.

Two sync workers for two cores (WEB_CONCURRENCY, gunicorn's own variable,
sets another count), the production settings (DEBUG off) and
the page cache on, serving a site that sample_site.py built. The server's
CPU time is readable while it runs: other work sharing the machine changes
it far less than wall-clock figures. Gunicorn takes further options
from GUNICORN_CMD_ARGS (say, "--threads 4"), to compare set-ups.

    .venv/bin/python bench/server.py serve WORKDIR --port PORT
    .venv/bin/python bench/server.py free-port
    .venv/bin/python bench/server.py worker-cpu PID    # seconds, for gunicorn's PID
"""

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from environment import ROOT
from sample_site import site_setup

WORKERS = os.environ.get("WEB_CONCURRENCY", "2")
GUNICORN = [sys.executable, "-m", "gunicorn", "course.wsgi:application", "--workers", WORKERS]


def serve(workdir: Path, *, port: int) -> None:
    """Become gunicorn serving the site (exec: the caller's process id is the server's)."""
    import gunicorn

    site_setup(workdir)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    os.chdir(ROOT)
    command = [*GUNICORN, "--bind", f"127.0.0.1:{port}"]
    if gunicorn.version_info >= (27,):
        # Not the control socket that every gunicorn of this user shares in ~/.gunicorn.
        command += ["--control-socket", str(workdir / "gunicorn.ctl")]
    os.execve(command[0], command, os.environ)


@dataclass(frozen=True)
class Server:
    address: str  # http://127.0.0.1:PORT
    pid: int

    def cpu_seconds(self) -> float:
        return worker_cpu_seconds(self.pid)


@contextmanager
def serving(workdir: Path, manifest: dict):
    """Run the site's server for the length of a `with` block; yield a `Server`.

    Its stderr (gunicorn's and Django's error log) goes to server.log in `workdir`.
    """
    port = free_port()
    command = [sys.executable, __file__, "serve", str(workdir), "--port", str(port)]
    with open(workdir / "server.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log)
    server = Server(address=f"http://127.0.0.1:{port}", pid=process.pid)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(server.address + manifest["static"], timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"the server did not start; see {workdir / 'server.log'}")
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def worker_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by the children of process `pid`."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # After the command name in parentheses: state, parent, ...; 11 and 12 are
            # user and system time in clock ticks.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serving_command = commands.add_parser("serve", help="run gunicorn on the site in WORKDIR")
    serving_command.add_argument("workdir", type=Path)
    serving_command.add_argument("--port", type=int, required=True)
    commands.add_parser("free-port", help="print a free TCP port on 127.0.0.1")
    cpu = commands.add_parser("worker-cpu", help="CPU seconds used by gunicorn's workers")
    cpu.add_argument("pid", type=int, help="gunicorn's process id")
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.workdir, port=args.port)
    elif args.command == "free-port":
        print(free_port())
    else:
        print(f"{worker_cpu_seconds(args.pid):.2f}")


if __name__ == "__main__":
    main()
