"""Benchmark: a whole class taking the demo quiz at once, against a real server.

    .venv/bin/python -m benchmarks.class_load [--server runserver|gunicorn] [--workers 3]
        [--threads 1] [--servers 1] [--database sqlite|postgres] [--students 300]
        [--concurrency N] [--saves 20] [--no-start-burst] [--bare-url PATH] [--seed 1]
        [--postgres-url postgresql://postgres@127.0.0.1:5432] [--timeout 60] [--keep]
        [--json PATH]

Not part of the test run. Steps:

1. A throw-away database: a fresh SQLite file in a temporary folder (``--database
   sqlite``, passed as ``DATABASE_URL=sqlite:////...``, so config/env.py opens it with
   WAL, IMMEDIATE transactions and a busy timeout) or a fresh PostgreSQL database
   ``claimwise_bench_<pid>`` (``--database postgres``, dropped at the end, even after an
   error or Ctrl-C). ``manage.py migrate`` and ``manage.py seed_demo`` fill it, then
   ``benchmarks.load_db setup`` tops the demo class up to ``--students`` students
   (student1..student25, then loadstudent1..; below 25, the first N demo students drive).
2. The server(s): ``manage.py runserver --noreload`` with the local settings (what ``make
   run`` serves) or ``gunicorn config.wsgi`` with ``--workers``/``--threads``, the local
   settings and DEBUG off; ``--servers 2`` starts two on two ports over one database and
   sends each request to either at random (no sticky sessions), with one Redis they share
   as their cache when ``redis-server`` is installed. Their output goes to
   ``server-<n>.log`` in the temporary folder; its last lines are printed when the run
   fails.
3. The class (benchmarks.load_driver): one thread per student signs in, opens the
   dashboard and the quiz intro, presses Start (with the start burst, the default: all at
   the same moment and twice, as a double click), opens the questions, sends ``--saves``
   autosaves one after another (random questions, random valid answers), opens the submit
   page, submits and opens the review. ``--concurrency`` caps the requests in flight
   (default: one per student). ``--bare-url`` adds ``--saves`` GETs of that page per
   student, between the autosaves, as a yardstick.
4. The check (benchmarks.load_db dump): every student has exactly one attempt, submitted,
   and every question holds the last answer the server acknowledged.

Prints requests, requests/s, errors by step and status (with examples), answers lost,
duplicate attempts and the count, median and p95 latency of each step, and how much of the
machine's CPU other programs took meanwhile (figures taken beside a test run are not
comparable); ``--json PATH`` writes the same figures to a file. With ``--bare-url`` it
also prints the page's figures and the ratio of quiz-flow to bare requests/s; both rates
are the run's mean number of requests in flight divided by the mean latency of the kind
(Little's law), i.e. what the server would serve per second if every request were of that
kind. The quiz flow is dashboard → intro → start → take → autosaves → submit → review:
signing in (password hashing, ~170 ms of CPU by design) is timed in its own rows but
left out of the ratio.

Exit status: 0 when there were no errors, no answers lost, no duplicate attempts and every
student submitted; 1 otherwise (the temporary folder is then kept, as with ``--keep``); 2
when the database or a server could not be set up; 130 after Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load_driver import (
    STEPS,
    Recorder,
    Run,
    StudentOutcome,
    Verification,
    run_student,
    verify,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "bench-load-password"
SETTINGS = "config.settings.local"
SERVER_START_TIMEOUT = 60.0
LOG_TAIL_LINES = 40


#: runserver's log line for a request that went well: ``"GET /dashboard/ HTTP/1.1" 200 5120``.
_QUIET_REQUEST_LINE = re.compile(r'HTTP/1\.[01]" [23]\d\d \d+$')


class SetupError(RuntimeError):
    """The database or a server could not be prepared; the message says which and why."""


#: Steps timed but not counted as the quiz flow in the ratio to the bare view.
NOT_QUIZ_FLOW = frozenset({"bare", "login page", "login"})


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.class_load",
        description="A class taking the demo quiz at once, against a real server.",
    )
    parser.add_argument("--server", choices=("runserver", "gunicorn"), default="runserver")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--servers", type=int, default=1, help="identical servers, one database")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default="postgresql://postgres@127.0.0.1:5432",
        help="PostgreSQL server the throw-away database is created on (default: %(default)s)",
    )
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument(
        "--concurrency", type=int, default=None, help="requests in flight at most (default: all)"
    )
    parser.add_argument("--saves", type=int, default=20, help="autosaves per student")
    parser.add_argument(
        "--start-burst",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="everyone presses Start at the same moment, twice (default: on)",
    )
    parser.add_argument("--bare-url", default=None, help="a cheap page to compare with")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random answers")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.students < 1 or args.servers < 1 or args.workers < 1 or args.threads < 1:
        parser.error("--students, --servers, --workers and --threads must be at least 1")
    if args.saves < 0 or (args.concurrency is not None and args.concurrency < 1):
        parser.error("--saves must be 0 or more and --concurrency at least 1")
    if args.bare_url is not None and not args.bare_url.startswith("/"):
        parser.error("--bare-url must be a path starting with /")
    return args


# --- the database --------------------------------------------------------------------------


@contextlib.contextmanager
def throwaway_database(kind: str, folder: Path, postgres_url: str) -> Iterator[str]:
    """Yield the DATABASE_URL of a fresh, empty database; drop it afterwards (PostgreSQL)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite3'}"  # an absolute path: four slashes
        return
    import psycopg

    name = f"claimwise_bench_{os.getpid()}"
    try:
        with psycopg.connect(f"{postgres_url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        raise SetupError(f"could not create the PostgreSQL database {name}: {exc}") from None
    try:
        yield f"{postgres_url}/{name}"
    finally:
        with psycopg.connect(f"{postgres_url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_env(database_url: str) -> dict[str, str]:
    """The environment of every subprocess: the local settings on the throw-away database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PYTHONUNBUFFERED": "1",
    }


def run_python(env: dict[str, str], *args: str) -> str:
    """Run the venv's Python in the project folder; SetupError with its output on failure."""
    command = [sys.executable, *args]
    done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()[-LOG_TAIL_LINES:]
        raise SetupError(f"{' '.join(args)} failed:\n" + "\n".join(output))
    return done.stdout


def prepare_database(env: dict[str, str], students: int, folder: Path) -> dict:
    """Migrate, seed the demo and top its class up; returns load_db's setup result."""
    run_python(env, "manage.py", "migrate", "--no-input")
    run_python(env, "manage.py", "seed_demo", "--password", PASSWORD)
    out = folder / "setup.json"
    run_python(
        env,
        *("-m", "benchmarks.load_db", "setup", "--students", str(students)),
        *("--password", PASSWORD, "--out", str(out)),
    )
    return json.loads(out.read_text())


def read_attempts(env: dict[str, str], folder: Path) -> dict[str, list[dict]]:
    out = folder / "state.json"
    run_python(
        env,
        *("-m", "benchmarks.load_db", "dump", "--usernames-from", str(folder / "setup.json")),
        *("--out", str(out)),
    )
    return json.loads(out.read_text())


# --- the servers ---------------------------------------------------------------------------


@dataclass
class Server:
    """A server subprocess, its address and its log file."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """The log's last lines, leaving out runserver's lines for 2xx and 3xx requests."""
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no log)"
        kept = [line for line in text.splitlines() if not _QUIET_REQUEST_LINE.search(line)]
        return "\n".join(kept[-lines:])

    def stop(self) -> None:
        """SIGTERM (gunicorn then stops its workers); after ten seconds, SIGKILL to its group."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session, see launch
                self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_command(args: argparse.Namespace, port: int) -> list[str]:
    if args.server == "runserver":
        return [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    return [
        *(sys.executable, "-m", "gunicorn", "config.wsgi"),
        *("--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)),
        *("--threads", str(args.threads), "--error-logfile", "-"),
    ]


def launch_server(
    args: argparse.Namespace, env: dict[str, str], number: int, folder: Path
) -> Server:
    """Start one server on a free port, its output going to ``server-<number>.log``."""
    if args.server == "gunicorn":
        # config/wsgi.py defaults to the production settings; serve the local ones, as
        # runserver does, without debug pages.
        env = {**env, "DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    port = free_port()
    log = folder / f"server-{number}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            server_command(args, port),
            cwd=PROJECT_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this script, which stops the server
        )
    return Server(process, port, log)


@contextlib.contextmanager
def shared_cache(servers: int, folder: Path) -> Iterator[str | None]:
    """With several servers, one Redis they share (``REDIS_URL``), as a school would run
    them, when ``redis-server`` is installed; yields its URL, or None (each server then
    keeps its own memory cache: sign-in limits and cached fragments per process)."""
    binary = shutil.which("redis-server")
    if servers < 2 or binary is None:
        yield None
        return
    port = free_port()
    with (folder / "redis.log").open("wb") as sink:
        process = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if process.poll() is not None:
                raise SetupError(f"redis-server exited with status {process.returncode}")
            time.sleep(0.1)
        else:
            raise SetupError("redis-server did not answer")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        if process.poll() is None:
            process.kill()
            process.wait()


def wait_until_ready(server: Server) -> None:
    """Wait until the server answers its sign-in page; SetupError when it does not."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SetupError(
                f"the server exited with status {server.process.returncode}:\n{server.tail()}"
            )
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            try:
                connection.request("GET", "/accounts/login/")
                if connection.getresponse().status == 200:
                    return
            finally:
                connection.close()
        time.sleep(0.2)
    raise SetupError(
        f"the server did not answer within {SERVER_START_TIMEOUT:.0f} s:\n{server.tail()}"
    )


# --- the class ------------------------------------------------------------------------------


@dataclass
class ClassRun:
    """What driving the class produced."""

    run: Run  # its recorder holds the latencies and errors
    outcomes: list[StudentOutcome]
    wall_seconds: float
    driver_cpu_seconds: float  # this process's own CPU time, all threads
    other_cpu_share: float | None  # CPU used by other programs meanwhile, 0..1 of the machine


class CpuMeter:
    """How much of the machine's CPU other programs used while the class ran (Linux only).

    The machine's busy time from /proc/stat, less this process's and the servers'
    (each server runs in a session of its own: its process group is its pid).
    """

    def __init__(self, server_groups: list[int]) -> None:
        self.groups = set(server_groups)
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self.start = self._reading()

    def _reading(self) -> tuple[float, float, float] | None:
        """(machine busy s, servers' CPU s, this process's CPU s), or None without /proc."""
        try:
            fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
            user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
            busy = (user + nice + system + irq + softirq + steal) / self.tick
            servers = 0.0
            for stat in Path("/proc").glob("[0-9]*/stat"):
                with contextlib.suppress(OSError, ValueError, IndexError):
                    after_name = stat.read_text().rsplit(")", 1)[1].split()
                    if int(after_name[2]) in self.groups:  # pgrp
                        servers += (int(after_name[11]) + int(after_name[12])) / self.tick
        except (OSError, ValueError):
            return None
        return busy, servers, time.process_time()

    def other_share(self, wall: float) -> float | None:
        end = self._reading()
        if self.start is None or end is None or wall <= 0:
            return None
        busy, servers, own = (b - a for a, b in zip(self.start, end, strict=True))
        return max(0.0, busy - servers - own) / (wall * (os.cpu_count() or 1))


def drive_class(args: argparse.Namespace, setup: dict, servers: list[Server]) -> ClassRun:
    """Run every student in a thread of their own, from first request to last reply."""
    usernames: list[str] = setup["usernames"]
    run = Run(
        servers=[server.url for server in servers],
        password=PASSWORD,
        assignment_id=setup["assignment"],
        quiz_id=setup["quiz"],
        saves=args.saves,
        bare_url=args.bare_url,
        timeout=args.timeout,
        in_flight=threading.BoundedSemaphore(args.concurrency or len(usernames)),
        barrier=threading.Barrier(len(usernames)) if args.start_burst else None,
    )
    seeds = random.Random(args.seed)
    outcomes: list[StudentOutcome | None] = [None] * len(usernames)

    def student(index: int, username: str, seed: int) -> None:
        outcomes[index] = run_student(run, username, seed)

    threads = [
        threading.Thread(
            target=student, args=(i, name, seeds.getrandbits(32)), name=name, daemon=True
        )
        for i, name in enumerate(usernames)
    ]
    meter = CpuMeter([server.process.pid for server in servers])
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(timeout=0.5)
    except BaseException:
        run.stop.set()
        if run.barrier is not None:
            run.barrier.abort()
        raise
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    done = [
        outcome if outcome is not None else StudentOutcome(name)
        for outcome, name in zip(outcomes, usernames, strict=True)
    ]
    return ClassRun(run, done, wall, cpu, meter.other_share(wall))


# --- the report ------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(args: argparse.Namespace, driven: ClassRun, check: Verification) -> dict:
    """The run's figures, as printed and as written by ``--json``."""
    recorder, wall = driven.run.recorder, driven.wall_seconds
    steps = {}
    for step in STEPS:
        values = recorder.latencies.get(step, [])
        if values:
            steps[step] = {
                "count": len(values),
                "median_ms": round(statistics.median(values), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
            }
    if args.server == "gunicorn":
        shape = f"{args.workers} workers x {args.threads} threads"
    else:
        shape = "1 process, a thread per connection"
    figures = {
        "server": args.server,
        "servers": args.servers,
        "shape": shape,
        "database": args.database,
        "students": args.students,
        "concurrency": args.concurrency or args.students,
        "saves": args.saves,
        "start_burst": args.start_burst,
        "students_finished": sum(outcome.finished for outcome in driven.outcomes),
        "autosaves_sent": sum(outcome.saves_sent for outcome in driven.outcomes),
        "autosaves_acknowledged": sum(o.saves_acknowledged for o in driven.outcomes),
        "requests": recorder.requests,
        "seconds": round(wall, 2),
        "requests_per_second": round(recorder.requests / wall, 1) if wall else 0.0,
        "driver_cpu_seconds": round(driven.driver_cpu_seconds, 1),
        "other_programs_cpu_share": (
            None if driven.other_cpu_share is None else round(driven.other_cpu_share, 2)
        ),
        "stale_keepalive_retries": recorder.stale_retries,
        "errors": recorder.error_count,
        "errors_by_step": {f"{step} {what}": n for (step, what), n in recorder.errors.items()},
        "duplicate_attempts": check.duplicate_attempts,
        "not_submitted": check.not_submitted,
        "answers_checked": check.answers_checked,
        "answers_lost": check.answers_lost,
        "stray_answers": check.stray_answers,
        "steps": steps,
    }
    bare = recorder.latencies.get("bare", [])
    flow = [
        ms
        for step, values in recorder.latencies.items()
        if step not in NOT_QUIZ_FLOW
        for ms in values
    ]
    if bare and flow and wall:
        in_flight = sum(sum(values) for values in recorder.latencies.values()) / 1000 / wall
        figures["mean_in_flight"] = round(in_flight, 2)
        figures["flow_requests_per_second"] = round(in_flight * 1000 / statistics.mean(flow), 1)
        figures["bare_requests_per_second"] = round(in_flight * 1000 / statistics.mean(bare), 1)
        figures["flow_to_bare_ratio"] = round(statistics.mean(bare) / statistics.mean(flow), 3)
    return figures


def _percent(share: float | None) -> str:
    return "an unknown share" if share is None else f"{share:.0%}"


def print_report(
    figures: dict, recorder: Recorder, check: Verification, bare_url: str | None
) -> None:
    f = figures
    burst = "on" if f["start_burst"] else "off"
    print(
        f"\nClass load: {f['server']} x{f['servers']} ({f['shape']}), {f['database']}, "
        f"{f['students']} students, {f['concurrency']} requests in flight at most, "
        f"{f['saves']} autosaves each, start burst {burst}"
    )
    print(
        f"Requests: {f['requests']} in {f['seconds']:.1f} s = {f['requests_per_second']:.1f}/s"
        f" (stale keep-alive connections retried: {f['stale_keepalive_retries']}; "
        f"the driver's own CPU: {f['driver_cpu_seconds']:.1f} s; "
        f"other programs used {_percent(f['other_programs_cpu_share'])} of the machine's CPU)"
    )
    print(
        f"Students who reached their review: {f['students_finished']} of "
        f"{f['students']}; autosaves acknowledged "
        f"{f['autosaves_acknowledged']} of {f['autosaves_sent']}"
    )
    print(f"Errors: {f['errors']}")
    for (step, what), count in sorted(recorder.errors.items()):
        print(f"  {step:<12} {what:<34} {count:>6}")
        for example in recorder.examples.get((step, what), []):
            print(f"      e.g. {example[:200]}")
    if check.unreadable:
        print(f"Database: could not be read: {check.unreadable}")
    print(
        f"Database: duplicate attempts {check.duplicate_attempts}, students without one "
        f"submitted attempt {check.not_submitted}, answers checked {check.answers_checked}, "
        f"answers lost {check.answers_lost}, stray answers {check.stray_answers}"
    )
    for problem in check.problems:
        print(f"  {problem}")
    print(f"\n{'step':<12} {'count':>7} {'median ms':>10} {'p95 ms':>9}")
    for step, row in f["steps"].items():
        print(f"{step:<12} {row['count']:>7} {row['median_ms']:>10.1f} {row['p95_ms']:>9.1f}")
    if "flow_to_bare_ratio" in f:
        bare = f["steps"]["bare"]
        print(
            f"\nBare page {bare_url}: {f['bare_requests_per_second']:.1f} requests/s, median "
            f"{bare['median_ms']:.1f} ms, p95 {bare['p95_ms']:.1f} ms; quiz flow "
            f"{f['flow_requests_per_second']:.1f} requests/s; ratio quiz flow / bare "
            f"{f['flow_to_bare_ratio']:.3f}"
        )
        print(
            f"  (rates at the run's mean of {f['mean_in_flight']:.1f} requests in flight: "
            "that number divided by each kind's mean latency)"
        )


# --- main ------------------------------------------------------------------------------------


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Ctrl-C and SIGTERM both unwind through the finally blocks below (a shell's
    # background job starts with SIGINT ignored, hence setting it explicitly).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    folder = Path(tempfile.mkdtemp(prefix="claimwise-load-"))
    servers: list[Server] = []
    failed = True
    try:
        with throwaway_database(args.database, folder, args.postgres_url) as database_url:
            env = django_env(database_url)
            print(f"Preparing the {args.database} database in {folder} ...", flush=True)
            setup = prepare_database(env, args.students, folder)
            try:
                with shared_cache(args.servers, folder) as redis_url:
                    server_env = {**env, "REDIS_URL": redis_url} if redis_url else env
                    for number in range(1, args.servers + 1):
                        servers.append(launch_server(args, server_env, number, folder))
                    for server in servers:
                        wait_until_ready(server)
                    print(
                        f"Serving on {', '.join(s.url for s in servers)}"
                        f"{f' with one Redis ({redis_url})' if redis_url else ''}; driving "
                        f"{len(setup['usernames'])} students ...",
                        flush=True,
                    )
                    try:
                        driven = drive_class(args, setup, servers)
                    finally:  # before Redis, the database is read or dropped
                        for server in servers:
                            server.stop()
            finally:
                for server in servers:
                    server.stop()
            try:
                check = verify(driven.outcomes, read_attempts(env, folder))
            except SetupError as exc:  # still report what the class saw
                check = Verification(unreadable=str(exc))
            recorder = driven.run.recorder
            figures = summarise(args, driven, check)
            print_report(figures, recorder, check, args.bare_url)
            if args.json:
                args.json.write_text(json.dumps(figures, indent=2) + "\n")
            failed = bool(recorder.error_count) or check.failed
            if failed:
                for number, server in enumerate(servers, start=1):
                    print(f"\nLast lines of server {number}'s log ({server.log}):")
                    print(server.tail())
            return 1 if failed else 0
    except SetupError as exc:
        print(f"Setup failed: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrupted; stopping the servers and removing the database.", file=sys.stderr)
        failed = False  # nothing worth keeping
        return 130
    finally:
        if args.keep or failed:
            print(f"Kept {folder} (logs, setup and state).", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
