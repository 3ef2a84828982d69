// The most used methods, by number of papers that use or propose them.
// :param limit => 20
MATCH (p:Paper)-[:USES|PROPOSES]->(m:Method)
RETURN m.name AS method, count(DISTINCT p) AS papers
ORDER BY papers DESC, method
LIMIT $limit;
