-- Search that answers first: the ranking takes the query's words one by one (partial matches, "Kindergeld
-- beantragen") and feeds the grouped answer, so search_entries gets a new signature. The old one of
-- V3__discovery.sql goes; the current definitions of search_entries and search_answer live in R__search.sql only.
drop function search_entries(text, tsquery, tsquery, text[], text[], integer, text, integer, text, text, boolean);
