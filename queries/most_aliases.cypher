// Which entities are written in the most different ways? Surface forms seen, per entity.
MATCH (e)
WHERE (e:Method OR e:Dataset OR e:Task) AND size(coalesce(e.aliases, [])) > 0
RETURN labels(e)[0] AS kind, e.name AS name, size(e.aliases) AS aliases, e.aliases AS written_as
ORDER BY aliases DESC, name
LIMIT 20;
