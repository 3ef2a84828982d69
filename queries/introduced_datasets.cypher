// Which new datasets and benchmarks do papers release?
MATCH (p:Paper)-[r:INTRODUCES]->(d:Dataset)
RETURN d.name AS dataset, p.title AS paper, r.confidence AS confidence
ORDER BY dataset;
