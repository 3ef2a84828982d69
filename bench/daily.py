"""`kg daily` three mornings in a row against a local test server: the summaries a user reads, and the time.

Day one adds three papers, a second run that morning finds nothing new, day
two adds one paper and draws the day (--html); then a day of 40 papers is
added to a graph that holds the five seed listings. The summaries are the
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
from tests.conftest import seeds_dir  # noqa: E402
from tests.fetch.conftest import hf_record  # noqa: E402
from tests.fetch.test_daily import DAY1, DAY2, FLOW, GRAPHS, LATER, PROBE  # noqa: E402

DAY3 = "2024-10-14"
SEEDS = seeds_dir()

KG = str(Path(sys.executable).with_name("kg"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, ScriptedServer() as server:
        server.route("/api/daily_papers", Reply(body=[FLOW, PROBE, GRAPHS]), date=DAY1)
        server.route("/api/daily_papers", Reply(body=[LATER, PROBE]), date=DAY2)
        env = {**os.environ, "KG_HF_URL": server.url, "KG_FETCH_CACHE": f"{tmp}/cache"}
        for args in (["--date", DAY1], ["--date", DAY1], ["--date", DAY2, "--html"]):
            daily(f"{tmp}/kg-out", args, env, tmp)
        # The cost of a morning on a graph that already holds the seed listings: a day of 40 papers.
        subprocess.run([KG, "build", *map(str, sorted(SEEDS.glob("*.txt"))), "-o", f"{tmp}/seeded"], env=env,
                       capture_output=True, check=True)
        records = [hf_record(f"2410.1{k:04d}", f"Invented paper {k} on made-up flows", DAY3,
                             abstract=f"We propose Flow{k}, trained on ImageNet with a CLIP encoder and compared with ResNet-50.")
                   for k in range(40)]
        server.route("/api/daily_papers", Reply(body=records), date=DAY3)
        daily(f"{tmp}/seeded", ["--date", DAY3], env, tmp)


def daily(out: str, args: list[str], env: dict[str, str], tmp: str) -> None:
    print(f"$ kg daily {Path(out).name} {' '.join(args)}")
    started = time.perf_counter()
    done = subprocess.run([KG, "daily", out, *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    print((done.stdout + done.stderr).replace(tmp, "~").rstrip())
    print(f"# exit {done.returncode}, {wall:.1f} s wall with Python start\n")


if __name__ == "__main__":
    main()
