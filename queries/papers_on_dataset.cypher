// Which papers evaluate on (or introduce) a dataset? Matches the name or any alias, ignoring case.
// :param dataset => 'COCO'
MATCH (p:Paper)-[r:USES_DATASET|INTRODUCES]->(d:Dataset)
WHERE toLower(d.name) = toLower($dataset) OR $dataset IN d.aliases
RETURN p.title AS paper, type(r) AS relation, d.name AS dataset
ORDER BY paper;
