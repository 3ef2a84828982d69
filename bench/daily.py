"""`kg daily` three mornings in a row against a local test server: the summaries a user reads, and the time.

Day one adds three papers, a second run that morning finds nothing new, day
two adds one paper and draws the day (--html). The summaries below are the
real output (paths shortened to ~); the README shows them.

    python bench/daily.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The repository instead of bench/ (bench/html.py would shadow the html module), for the tests' server and records.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

from tests.fetch.server import Reply, ScriptedServer  # noqa: E402
from tests.fetch.test_daily import DAY1, DAY2, FLOW, GRAPHS, LATER, PROBE  # noqa: E402

KG = str(Path(sys.executable).with_name("kg"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, ScriptedServer() as server:
        server.route("/api/daily_papers", Reply(body=[FLOW, PROBE, GRAPHS]), date=DAY1)
        server.route("/api/daily_papers", Reply(body=[LATER, PROBE]), date=DAY2)
        env = {**os.environ, "KG_HF_URL": server.url, "KG_FETCH_CACHE": f"{tmp}/cache"}
        for args in (["--date", DAY1], ["--date", DAY1], ["--date", DAY2, "--html"]):
            print(f"$ kg daily kg-out {' '.join(args)}")
            started = time.perf_counter()
            done = subprocess.run([KG, "daily", f"{tmp}/kg-out", *args], env=env, capture_output=True, text=True)
            wall = time.perf_counter() - started
            print((done.stdout + done.stderr).replace(tmp, "~").rstrip())
            print(f"# exit {done.returncode}, {wall:.1f} s wall with Python start\n")


if __name__ == "__main__":
    main()
