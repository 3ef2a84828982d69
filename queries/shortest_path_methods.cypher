// How are two methods connected? The shortest path between them through papers and datasets.
// :param from => 'CLIP'
// :param to => 'BERT'
MATCH (a:Method), (b:Method)
WHERE toLower(a.name) = toLower($from) AND toLower(b.name) = toLower($to)
MATCH path = shortestPath((a)-[*..6]-(b))
RETURN [n IN nodes(path) | coalesce(n.name, n.title, n.id)] AS path, length(path) AS hops;
