// What do the papers that use a method also use? Other methods, by number of shared papers.
// :param method => 'CLIP'
MATCH (m:Method)<-[:USES|PROPOSES]-(p:Paper)-[:USES|PROPOSES]->(other:Method)
WHERE toLower(m.name) = toLower($method) AND other <> m
RETURN other.name AS method, count(DISTINCT p) AS papers
ORDER BY papers DESC, method
LIMIT 20;
