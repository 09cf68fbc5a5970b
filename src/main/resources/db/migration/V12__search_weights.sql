-- The ranking weights of search, one row each: what a kind of evidence adds to a search entry's score. Seeded and
-- read by R__search.sql, where their values, their descriptions and the functions that use them live.
create table search_weight (
    name        text primary key,
    value       double precision not null,
    description text not null
);
