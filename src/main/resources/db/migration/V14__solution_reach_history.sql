-- solution_reach keeps its history (issue 13: the top solutions on a past date read it instead of uniting every
-- adoption's area on that date). A row holds a solution's adopters, covered Gemeinden and inhabitants in Germany ('')
-- or a Land from `since` until `until` (exclusive; null while it holds). DDL only: the statistics projection
-- (R__statistics.sql, version 2) rebuilds the rows at the next start.
truncate solution_reach;
alter table solution_reach
    add column since date not null,
    add column until date,
    drop constraint solution_reach_pkey,
    add primary key (region, solution_id, since);
-- the rows that hold on a date, per region: those still holding (until is null) and those ending after it
create index solution_reach_until on solution_reach (region, until);
