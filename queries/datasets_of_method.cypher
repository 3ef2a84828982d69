// Which datasets was a method evaluated on? Datasets used by the papers that use or propose it.
// :param method => 'CLIP'
MATCH (m:Method)<-[:USES|PROPOSES]-(p:Paper)-[:USES_DATASET]->(d:Dataset)
WHERE toLower(m.name) = toLower($method)
RETURN d.name AS dataset, count(DISTINCT p) AS papers
ORDER BY papers DESC, dataset;
