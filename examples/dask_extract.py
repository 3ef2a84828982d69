"""kg's extraction on Dask: each shard of ``kg extract`` one task on a cluster.

Here the cluster is a LocalCluster of two worker processes; on a real cluster only the
``cluster`` line changes (see docs/scale.md): a ``dask_jobqueue.SLURMCluster``, a
``dask_kubernetes`` cluster, or ``Client("tcp://scheduler:8786")`` for one already running.
The workers need kg installed and SHARDS on a file system they all reach.

Then merge, in one process (merging needs only the entities):
    kg build --from-extractions SHARDS -o OUT

Usage: python examples/dask_extract.py SHARDS SOURCES...
"""

from __future__ import annotations

import sys

from distributed import Client, LocalCluster

from kg.pipeline import read
from kg.shards import extract_to_shards


def main(shards: str, sources: list[str]) -> None:
    ingested = read(sources)  # reading and merging the listings: on the client, it is quick
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        report = extract_to_shards(ingested, shards, size=100, client=client)
    print(f"{report.extracted} papers extracted on Dask in {report.shards} shards ({report.kept} kept) -> {shards}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
