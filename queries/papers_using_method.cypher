// Which papers use (or propose) a method, and in which role?
// :param method => 'ViT'
MATCH (p:Paper)-[r:USES|PROPOSES]->(m:Method)
WHERE toLower(m.name) = toLower($method) OR $method IN m.aliases
RETURN p.title AS paper, type(r) AS relation
ORDER BY paper;
