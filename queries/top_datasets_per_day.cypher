// The most used datasets on each listing day.
// :param per_day => 3
MATCH (l:Listing)<-[:LISTED_IN]-(p:Paper)-[:USES_DATASET]->(d:Dataset)
WITH l.date_text AS day, l.id AS listing, d.name AS dataset, count(DISTINCT p) AS papers
ORDER BY listing, papers DESC, dataset
WITH day, listing, collect({dataset: dataset, papers: papers}) AS ranked
RETURN day, listing, ranked[0..$per_day] AS top_datasets
ORDER BY listing;
