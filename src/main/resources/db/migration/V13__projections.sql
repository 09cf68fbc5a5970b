-- Derived data as projections owned by their features (issue 13): the search index (discovery), the adoptions'
-- reach, the region totals and today's reach per solution (statistics) are no longer kept by row triggers but by the
-- features' Projection classes, called by ChangeLog.record in the transaction of every change. Their rules and
-- refresh functions have one current definition each, in the repeatable migrations R__search.sql and
-- R__statistics.sql. This migration holds only the DDL: the triggers and the functions they ran go, and so do the
-- per-Gemeinde coverage rows (about 3 million at national scale) and their counters, because the adoptions' areas
-- answer every report for any date (with coverage_step, a few rows per region and change instead of one per Gemeinde).
-- The projections are rebuilt at the next start (projection_state).

drop trigger coverage_status on adoption_status_transition;
drop trigger coverage_ozg_services on adoption_ozg_service;
drop trigger coverage_count on coverage;
drop trigger solution_reach on adoption_reach;
drop trigger region_total_insert on organization;
drop trigger region_total_update on organization;
drop trigger region_total_delete on organization;
drop trigger coverage_population on organization;
drop trigger search_ozg_service on ozg_service;
drop trigger search_leika_service on leika_service;
drop trigger search_organization on organization;
drop trigger search_solution on solution;
drop trigger search_solution_ozg_service on solution_ozg_service;
drop trigger search_adoption on adoption;

drop function coverage_trigger();
drop function coverage_refresh(uuid);
drop function coverage_count_trigger();
drop function coverage_count_change(integer, uuid, char, char, integer, integer);
drop function coverage_counts_rebuild();
drop function coverage_population_trigger();
drop function solution_reach_trigger();
drop function region_total_trigger();
drop function region_total_apply(text[], bigint[], integer);
drop function bulk_load();
drop function statistics_rebuild();
drop function solution_reach_rebuild();
drop function region_total_rebuild();
drop function solution_reach_refresh(uuid);
drop function adoption_reach_refresh(uuid);
drop function search_trigger();
drop function search_refresh_ozg_service(integer);
drop function search_refresh_leika_service(uuid);
drop function search_refresh_organization(uuid);
drop function search_refresh_solution(uuid);

drop table coverage_count;
drop table coverage_kreis;
drop table coverage_land;
drop table coverage;

-- Coverage over time as step functions per region and OZG-Leistung (R__statistics.sql says what a row means), and
-- the indexes its refresh and the reports look the adoptions' areas up by.
create table coverage_step (
    region         text not null,
    ozg_id         integer not null,
    day            date not null,
    municipalities integer not null,
    population     bigint not null,
    primary key (region, ozg_id, day)
);
-- the adopted solution of each adoption's OZG-Leistung (the duplication index counts solutions per OZG-Leistung)
alter table adoption_reach_service add column solution_id uuid;
create index adoption_reach_kreis on adoption_reach (left(area, 5));
create index adoption_reach_service_kreis on adoption_reach_service (ozg_id, left(area, 5));
create index adoption_reach_service_area on adoption_reach_service (area, ozg_id);
create index adoption_reach_service_solution on adoption_reach_service (solution_id, ozg_id);
-- the regions of a level (Länder, Kreise) without reading the 11,000 Gemeinden
create index region_total_level on region_total (length(prefix), prefix);

-- Which solutions are in live use for which OZG-Leistung in which region, over time (R__statistics.sql).
create table solution_use (
    region      text not null,
    ozg_id      integer not null,
    solution_id uuid not null,
    live        datemultirange not null,
    primary key (region, ozg_id, solution_id)
);
create index solution_use_solution on solution_use (ozg_id, solution_id);

-- Which version of each projection the database holds (de.ozgregistry.changes.Projections).
-- definition: Flyway's checksum of the projection's repeatable migration when it was rebuilt (a changed function
-- can make the stored rows wrong).
create table projection_state (
    name       text primary key,
    version    integer not null,
    definition integer,
    rebuilt_at timestamptz not null
);
