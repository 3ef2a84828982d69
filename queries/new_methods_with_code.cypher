// Which new methods have code? Methods a paper proposes, with the paper's own (official) repository.
MATCH (p:Paper)-[:PROPOSES]->(m:Method), (p)-[c:HAS_CODE]->(r:Repository)
WHERE c.official = true
RETURN m.name AS method, r.url AS code, p.title AS paper
ORDER BY method, code;
