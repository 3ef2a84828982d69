"""A Neo4j Community server without Docker: Neo4j's own jars from Maven Central, started with Java.

``kg neo4j serve`` (a store the user keeps) and ``scripts/neo4j-test-server``
(a throw-away store for tests) both start it through :func:`running`. Maven
resolves the jars named in ``kg/data/neo4j/pom.xml`` into its local repository
(``~/.m2``) once; the classpath it prints is kept in kg's cache directory, so a
second start downloads nothing and does not even run Maven. The server is the
community edition's own entry point (``org.neo4j.server.CommunityEntryPoint``)
with a ``neo4j.conf`` written here: loopback only, authentication on, the
Browser on the HTTP port. ``neo4j-admin`` is the same jars' ``AdminTool``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.atomic import write_files_atomically
from kg.errors import KgError

__all__ = ["NEO4J_VERSION", "ServerError", "ServerInfo", "admin", "classpath", "free_port", "layout", "prepare", "running"]

NEO4J_VERSION = "5.26.30"  # the LTS line; kg/data/neo4j/pom.xml and docker-compose.yml pin the same
USER = "neo4j"
_ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
_ADMIN_TOOL = "org.neo4j.cli.AdminTool"
_SUPPORTED_JAVA = (17, 21)  # what Neo4j 5.26 runs on
# What Neo4j's own launcher gives the JVM (the defaults of neo4j.conf's server.jvm.additional).
_JVM_FLAGS = (
    "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.nio.maxCachedBufferSize=1024", "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)


class ServerError(KgError):
    """The Neo4j server could not be set up, started or reached."""


@dataclass(frozen=True)
class ServerInfo:
    """Where a started server answers, and how to log in."""

    uri: str
    http_url: str
    user: str
    password: str
    home: Path
    pid: int


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pom() -> Path:
    return Path(str(resources.files("kg") / "data" / "neo4j" / "pom.xml"))


def _cache_dir() -> Path:
    from platformdirs import user_cache_path

    return Path(os.environ.get("KG_CACHE_DIR") or user_cache_path("kg")) / "neo4j"


def classpath(*, timeout: float = 1800) -> str:
    """The server's classpath, resolved by Maven the first time and read from kg's cache after that."""
    pom = _pom()
    digest = hashlib.sha256(pom.read_bytes()).hexdigest()[:16]
    cached = _cache_dir() / f"classpath-{digest}.txt"
    if cached.is_file():
        path = cached.read_text(encoding="utf-8").strip()
        if path and all(Path(jar).is_file() for jar in path.split(os.pathsep)):
            return path
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError("Maven (mvn) is needed to fetch Neo4j's jars from Maven Central: apt-get install maven")
    cached.parent.mkdir(parents=True, exist_ok=True)
    output = cached.with_suffix(".tmp")
    command = [mvn, "-q", "-B", "-f", str(pom), "dependency:build-classpath", f"-Dmdep.outputFile={output}"]
    for offline in (["-o"], []):  # what ~/.m2 holds already first: no network when nothing is missing
        try:
            result = subprocess.run([*command[:1], *offline, *command[1:]], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ServerError(f"Maven did not resolve Neo4j's jars within {timeout:.0f} s; is Maven Central reachable?") from None
        if result.returncode == 0 and output.is_file():
            os.replace(output, cached)
            return cached.read_text(encoding="utf-8").strip()
    tail = " ".join((result.stdout + result.stderr).split()[-40:])
    raise ServerError(f"Maven could not resolve Neo4j {NEO4J_VERSION} from Maven Central: {tail}")


def java() -> str:
    """A ``java`` Neo4j 5.26 runs on (17 or 21): $JAVA_HOME's, the one on PATH, or one under /usr/lib/jvm."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    if shutil.which("java"):
        candidates.append(shutil.which("java"))
    candidates += sorted(str(p) for p in Path("/usr/lib/jvm").glob("*/bin/java"))
    seen = []
    for candidate in candidates:
        version = _java_major(candidate)
        if version in _SUPPORTED_JAVA:
            return candidate
        seen.append(f"{candidate} ({version or 'not runnable'})")
    raise ServerError(f"Neo4j {NEO4J_VERSION} needs Java 17 or 21; found {', '.join(seen) or 'no java'}: "
                      "install openjdk-17-jre-headless or set JAVA_HOME")


def _java_major(path: str) -> int | None:
    try:
        result = subprocess.run([path, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r'version "(\d+)', result.stderr + result.stdout)
    return int(found.group(1)) if found else None


def _conf(home: Path, bolt_port: int, http_port: int, heap: str) -> str:
    return "\n".join([
        "# Written by kg (kg/neo4j_server.py) at every start: loopback only, authentication on.",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
        f"server.bolt.advertised_address=127.0.0.1:{bolt_port}",
        f"server.http.listen_address=127.0.0.1:{http_port}",
        f"server.http.advertised_address=127.0.0.1:{http_port}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        f"server.memory.heap.max_size={heap}",
        "server.memory.pagecache.size=256m",
        f"server.directories.data={home / 'data'}",
        f"server.directories.logs={home / 'logs'}",
        f"server.directories.import={home / 'import'}",
        f"server.directories.run={home / 'run'}",
        f"server.directories.plugins={home / 'plugins'}",
        "dbms.usage_report.enabled=false",
        "client.allow_telemetry=false",  # no product analytics from the Browser either
        "",
    ])


def _environment(home: Path) -> dict[str, str]:
    return {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}


def admin(home: Path, args: Sequence[str], *, timeout: float = 3600) -> subprocess.CompletedProcess[str]:
    """Run ``neo4j-admin ARGS`` (the same jars' AdminTool) on the store in ``home``."""
    return subprocess.run([java(), *_JVM_FLAGS, "-cp", classpath(), _ADMIN_TOOL, *args], env=_environment(home),
                          capture_output=True, text=True, timeout=timeout)


def layout(home: Path, *, bolt_port: int = 7687, http_port: int = 7474, heap: str = "1g") -> None:
    """Make ``home``'s folders (conf, data, logs, import) and write its ``neo4j.conf``."""
    for name in ("conf", "data", "logs", "import", "run", "plugins"):
        (home / name).mkdir(parents=True, exist_ok=True)
    write_files_atomically(home / "conf", {"neo4j.conf": [_conf(home, bolt_port, http_port, heap)]})


def prepare(home: Path, *, bolt_port: int, http_port: int, password: str, heap: str = "1g") -> None:
    """Lay out ``home`` and, for a store never started, set the ``neo4j`` user's password."""
    if len(password) < 8:
        raise ServerError("the Neo4j password must have at least 8 characters")
    layout(home, bolt_port=bolt_port, http_port=http_port, heap=heap)
    if not (home / "data" / "dbms" / "auth.ini").exists() and not (home / "data" / "databases" / "system").exists():
        result = admin(home, ["dbms", "set-initial-password", "--", password], timeout=300)  # "--": it may start with "-"
        if result.returncode != 0:
            raise ServerError(f"neo4j-admin could not set the password: {result.stderr.strip() or result.stdout.strip()}")


def _answers(info: ServerInfo) -> bool:
    """Does the server run ``RETURN 1`` on its default database (asked over HTTP: no driver needed)?"""
    request = urllib.request.Request(
        f"{info.http_url}/db/neo4j/tx/commit", data=b'{"statements": [{"statement": "RETURN 1"}]}', method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json",
                 "Authorization": "Basic " + base64.b64encode(f"{info.user}:{info.password}".encode()).decode()})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return not json.load(response).get("errors")
    except urllib.error.HTTPError as error:
        if error.code == 401:
            raise ServerError(f"Neo4j in {info.home} refused the password: a store keeps the one it was created with") from None
        return False
    except (OSError, ValueError):
        return False


def _wait_until_ready(info: ServerInfo, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"Neo4j exited with code {process.returncode}; see {info.home / 'logs'}")
        if _answers(info):
            return
        time.sleep(0.25)
    raise ServerError(f"Neo4j did not answer within {timeout:.0f} s; see {info.home / 'logs'}")


def stop(process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """SIGTERM to the server's PID (it shuts down cleanly), then SIGKILL if it does not end."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running(home: Path, *, password: str | None = None, bolt_port: int = 0, http_port: int = 0,
            heap: str = "1g", timeout: float = 180) -> Iterator[ServerInfo]:
    """Start Neo4j on the store in ``home`` (made if new), yield where it answers, stop it by its PID.

    Port 0 takes a free port. The password is the one the store was created
    with; for a new store, ``password`` or a random one.
    """
    home = Path(home).resolve()
    password = password or secrets.token_urlsafe(12)
    bolt_port, http_port = bolt_port or free_port(), http_port or free_port()
    prepare(home, bolt_port=bolt_port, http_port=http_port, password=password, heap=heap)
    command = [java(), f"-Xmx{heap}", *_JVM_FLAGS, "-cp", classpath(), _ENTRY_POINT,
               f"--home-dir={home}", f"--config-dir={home / 'conf'}"]
    with open(home / "logs" / "console.log", "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=_environment(home), cwd=home,
                                   start_new_session=True)  # a Ctrl-C in the terminal reaches kg, which stops it
    info = ServerInfo(f"bolt://127.0.0.1:{bolt_port}", f"http://127.0.0.1:{http_port}", USER, password, home, process.pid)
    try:
        _wait_until_ready(info, process, timeout)
        yield info
    finally:
        stop(process)
