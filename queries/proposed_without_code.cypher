// Which papers propose a method but link no code of their own?
MATCH (p:Paper)-[:PROPOSES]->(m:Method)
WHERE NOT EXISTS { MATCH (p)-[c:HAS_CODE]->(:Repository) WHERE c.official = true }
RETURN p.title AS paper, collect(m.name) AS methods
ORDER BY paper;
