// Why does kg say a paper uses a dataset? The sentences behind each edge to it.
// :param dataset => 'MVTec AD'
MATCH (p:Paper)-[r:USES_DATASET|INTRODUCES]->(d:Dataset)
WHERE toLower(d.name) = toLower($dataset)
RETURN p.title AS paper, [s IN r.evidence_sentence WHERE s <> ''] AS sentences, r.component AS found_by, r.confidence AS confidence
ORDER BY paper;
