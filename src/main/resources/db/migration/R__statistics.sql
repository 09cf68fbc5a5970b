-- Statistics: the rules of who covers what, and the refresh and rebuild functions of the statistics projection.
-- This file holds the one current definition of each (a repeatable migration: Flyway runs it again whenever it
-- changes). The Java side, de.ozgregistry.statistics.StatisticsProjection, calls the refresh functions in the
-- transaction of every change and statistics_rebuild() for a rebuild; the reports (Reports, Coverage) and the
-- solution page (adoption.Adopters) read the derived tables through the rule functions below.
--
-- The derived tables (created in V7__adoption_reach.sql):
--   region_total           per ARS prefix of a Gemeinde (lengths 0, 2, 5, 9, 12): Gemeinden and inhabitants;
--   adoption_reach         per adoption with an area, at least one OZG-Leistung and a LIVE transition: its area and
--                          live period; adoption_reach_service the same per OZG-Leistung of the adoption;
--   solution_reach         per solution, for Germany ('') and each Land: today's adopters, covered Gemeinden and
--                          inhabitants.

-- ---------------------------------------------------------------------------------------------------------------
-- Rules
-- ---------------------------------------------------------------------------------------------------------------

-- The area of an organization: the Gemeinden an adoption by it covers are those whose ARS starts with it. '' for the
-- Bund, the Land code for a Land, the 5-digit Kreis key for a Kreis, the 9-digit Verband key for a
-- Gemeindeverband, the 12-digit ARS for a Gemeinde (also for a kreisfreie Stadt, Berlin and Hamburg: the only
-- Gemeinde of their Kreis or Land). Providers, vendors and other authorities have none (null).
create or replace function organization_area(p_kind text, p_ars text, p_land_code text) returns text
    language sql immutable parallel safe as $$
    select case p_kind
               when 'FEDERAL' then ''
               when 'STATE' then p_land_code
               when 'DISTRICT' then substr(p_ars, 1, 5)
               when 'MUNICIPAL_ASSOCIATION' then substr(p_ars, 1, 9)
               when 'MUNICIPALITY' then p_ars
           end
$$;

-- Nesting: the areas that contain an area are its prefixes at the administrative levels above it (Bund '', Land 2,
-- Kreis 5, Gemeindeverband 9 digits).
create or replace function wider_areas(p_area text) returns text[]
    language sql immutable parallel safe strict as $$
    select coalesce(array_agg(left(p_area, n) order by n), '{}') from unnest(array[0, 2, 5, 9]) n where n < length(p_area)
$$;

-- The ARS prefixes region_total counts a Gemeinde under: its own ARS and the areas that contain it.
create or replace function area_prefixes(p_ars text) returns text[]
    language sql immutable parallel safe strict as $$
    select wider_areas(p_ars) || p_ars
$$;

-- The part of an area inside a region: the narrower of the two if one contains the other, otherwise null.
create or replace function area_within(p_area text, p_region text) returns text
    language sql immutable parallel safe as $$
    select case when starts_with(p_area, p_region) then p_area when starts_with(p_region, p_area) then p_region end
$$;

-- The live period: an adoption is live from the date of its first LIVE transition until the date of the first
-- DISCONTINUED transition after it (exclusive); on a date d it is live if live_from <= d < live_to.
drop view if exists adoption_live_period;
create view adoption_live_period as
select l.adoption_id, l.effective_date as live_from,
       (select d.effective_date from adoption_status_transition d
        where d.adoption_id = l.adoption_id and d.seq > l.seq and d.status = 'DISCONTINUED'
        order by d.seq limit 1) as live_to
from (select distinct on (t.adoption_id) t.adoption_id, t.seq, t.effective_date
      from adoption_status_transition t where t.status = 'LIVE' order by t.adoption_id, t.seq) l;

create or replace function live_on(p_from date, p_to date, p_at date) returns boolean
    language sql immutable parallel safe as $$
    select p_from <= p_at and (p_to is null or p_to > p_at)
$$;

-- The union of nested areas: of a set of (key, area) pairs, the areas that lie in no other area of the same key.
-- Their Gemeinden are disjoint, so the Gemeinden under the union of a key's areas are the sum of these areas' totals.
-- A key is whatever the caller groups by (a solution, an OZG-Leistung, a region, combined as text). One statement for
-- all keys: hash joins on (key, area), never a comparison of every pair.
create or replace function outermost_areas(p_keys text[], p_areas text[]) returns table (key text, area text)
    language sql immutable parallel safe as $$
    with pair as materialized (
        select distinct k, a from unnest(p_keys, p_areas) p (k, a) where a is not null
    ), inside_another as (
        select p.k, p.a from pair p
        cross join lateral unnest(wider_areas(p.a)) w (prefix)
        join pair wider on wider.k = p.k and wider.a = w.prefix
    )
    select k, a from pair
    except
    select k, a from inside_another
$$;

-- Gemeinden and inhabitants under the union of the areas of each key (areas without Gemeinden count nothing).
create or replace function area_union_totals(p_keys text[], p_areas text[])
    returns table (key text, municipalities integer, population bigint)
    language sql stable parallel safe as $$
    select o.key, sum(t.municipalities)::int, sum(t.population)::bigint
    from outermost_areas(p_keys, p_areas) o join region_total t on t.prefix = o.area
    group by o.key
$$;

-- The regions of a level (their ARS prefixes have p_digits digits) an area meets, with the part of the area inside
-- each: an area at or below the level lies in one region; a wider one covers each region below it whole.
create or replace function area_by_region(p_area text, p_digits integer) returns table (region text, area text)
    language sql stable parallel safe as $$
    select left(p_area, p_digits), p_area where length(p_area) >= p_digits
    union all
    select t.prefix, t.prefix from region_total t
    where length(p_area) < p_digits and length(t.prefix) = p_digits and starts_with(t.prefix, p_area)
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Refresh: each brings one derived table up to date for the records named (StatisticsProjection calls them)
-- ---------------------------------------------------------------------------------------------------------------

-- region_total for the prefixes named (all for null), from the Gemeinden.
create or replace function region_total_refresh(p_prefixes text[]) returns void language sql as $$
    delete from region_total where p_prefixes is null or prefix = any (p_prefixes);
    insert into region_total (prefix, municipalities, population)
    select p.prefix, count(*), sum(coalesce(g.population, 0))
    from organization g cross join lateral unnest(area_prefixes(g.ars)) p (prefix)
    where g.kind = 'MUNICIPALITY' and g.ars is not null and (p_prefixes is null or p.prefix = any (p_prefixes))
    group by p.prefix;
$$;

-- What adoption_reach and adoption_reach_service hold, as views: the one definition of their rows. A refresh reads
-- them for a few adoptions (the condition on adoption_id reaches the live periods' index scan), a rebuild whole.
drop view if exists adoption_reach_service_source;
drop view if exists adoption_reach_source;
create view adoption_reach_source as
select p.adoption_id, a.solution_id, a.organization_id, organization_area(o.kind, o.ars, o.land_code) as area,
       p.live_from, p.live_to
from adoption_live_period p
join adoption a on a.id = p.adoption_id
join organization o on o.id = a.organization_id
where organization_area(o.kind, o.ars, o.land_code) is not null
  and exists (select 1 from adoption_ozg_service ao where ao.adoption_id = p.adoption_id);

create view adoption_reach_service_source as
select ao.ozg_id, r.adoption_id, r.area, r.live_from, r.live_to
from adoption_reach_source r join adoption_ozg_service ao on ao.adoption_id = r.adoption_id;

-- adoption_reach and adoption_reach_service of the adoptions named.
create or replace function adoption_reach_refresh(p_adoptions uuid[]) returns void language sql as $$
    delete from adoption_reach_service where adoption_id = any (p_adoptions);
    delete from adoption_reach where adoption_id = any (p_adoptions);
    insert into adoption_reach (adoption_id, solution_id, organization_id, area, live_from, live_to)
    select adoption_id, solution_id, organization_id, area, live_from, live_to
    from adoption_reach_source where adoption_id = any (p_adoptions);
    insert into adoption_reach_service (ozg_id, adoption_id, area, live_from, live_to)
    select ozg_id, adoption_id, area, live_from, live_to
    from adoption_reach_service_source where adoption_id = any (p_adoptions);
$$;

-- solution_reach of the solutions named: today's live areas of each, cut to Germany and to each Land, united. An
-- adopter counts in a region where its area holds Gemeinden.
create or replace function solution_reach_refresh(p_solutions uuid[]) returns void language sql as $$
    delete from solution_reach where solution_id in (select unnest(p_solutions));
    insert into solution_reach (solution_id, region, adopters, municipalities, population)
    with regions as (
        select '' as region union all select prefix from region_total where length(prefix) = 2
    ), parts as materialized (
        select r.solution_id, g.region, r.organization_id, area_within(r.area, g.region) as area
        from adoption_reach r join regions g on area_within(r.area, g.region) is not null
        where r.solution_id in (select unnest(p_solutions)) and r.live_to is null
    ), adopters as (
        select p.solution_id, p.region, count(distinct p.organization_id)::int as adopters
        from parts p where exists (select 1 from region_total t where t.prefix = p.area)
        group by 1, 2
    )
    select a.solution_id, a.region, a.adopters, u.municipalities, u.population
    from adopters a
    join area_union_totals((select array_agg(solution_id || ' ' || region) from parts),
                           (select array_agg(area) from parts)) u on u.key = a.solution_id || ' ' || a.region;
$$;

-- Everything above from the base tables alone: seeding, bulk loads (bench/synthetic/national-scenario.sql) and a
-- start after a change of the projection's version call it (StatisticsProjection.rebuildStatement()).
create or replace function statistics_rebuild() returns void language sql as $$
    select region_total_refresh(null);
    analyze region_total;
    delete from adoption_reach_service;
    delete from adoption_reach;
    insert into adoption_reach (adoption_id, solution_id, organization_id, area, live_from, live_to)
    select adoption_id, solution_id, organization_id, area, live_from, live_to from adoption_reach_source;
    insert into adoption_reach_service (ozg_id, adoption_id, area, live_from, live_to)
    select ozg_id, adoption_id, area, live_from, live_to from adoption_reach_service_source;
    -- fresh planner statistics: after a bulk load, estimates for the new rows would lead to nested loops
    analyze adoption_reach;
    analyze adoption_reach_service;
    delete from solution_reach;
    select solution_reach_refresh(array(select id from solution));
$$;
