// Everything a paper links to: its methods, datasets, tasks, code and listings.
// :param title => 'UniFormerV2: Spatiotemporal Learning by Arming Image ViTs with Video UniFormer'
MATCH (p:Paper)-[r]->(x)
WHERE toLower(p.title) = toLower($title)
RETURN type(r) AS relation, labels(x)[0] AS kind, coalesce(x.name, x.id) AS name, r.role AS role, r.confidence AS confidence
ORDER BY relation, name;
