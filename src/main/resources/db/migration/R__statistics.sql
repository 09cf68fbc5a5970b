-- Statistics: the rules of who covers what, and the refresh and rebuild functions of the statistics projection.
-- This file holds the one current definition of each (a repeatable migration: Flyway runs it again whenever it
-- changes). The Java side, de.ozgregistry.statistics.StatisticsProjection, calls the refresh functions in the
-- transaction of every change and statistics_rebuild() for a rebuild; the reports (Reports, Coverage) and the
-- solution page (adoption.Adopters) read the derived tables through the rule functions below.
--
-- The derived tables (created in V7__adoption_reach.sql and V13__projections.sql):
--   region_total           per ARS prefix of a Gemeinde (lengths 0, 2, 5, 9, 12): Gemeinden and inhabitants;
--   adoption_reach         per adoption with an area, at least one OZG-Leistung and a LIVE transition: its area and
--                          live period; adoption_reach_service the same per OZG-Leistung of the adoption;
--   coverage_step          per Germany, Land and Kreis and per OZG-Leistung: covered Gemeinden over time (below);
--   solution_use           per Germany, Land and Kreis, OZG-Leistung and solution: the days it was in use (below);
--   solution_reach         per solution, for Germany ('') and each Land: today's adopters, covered Gemeinden and
--                          inhabitants.

-- The views are recreated below (a view can change its columns only that way), dependents first.
drop view if exists adoption_reach_service_source;
drop view if exists adoption_reach_source;
drop view if exists adoption_live_period;
-- functions whose signature changed
drop function if exists solution_reach_refresh(uuid[]);

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
    language sql immutable parallel safe as $$
    -- an expression, not a query, so that the planner inlines it
    select (array['', left(p_area, 2), left(p_area, 5), left(p_area, 9)])[
               1:(length(p_area) > 0)::int + (length(p_area) > 2)::int + (length(p_area) > 5)::int
                 + (length(p_area) > 9)::int]
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
-- all keys, without a join of the set with itself (the planner cannot estimate the arrays and would compare every
-- pair with every other): only a key with an area wider than a Gemeinde and another area can have nested ones; for
-- those, each pair's area and its wider areas are sorted together by (key, area), and a wider area that is itself
-- one of the key's areas puts the pairs it contains inside another.
create or replace function outermost_areas(p_keys text[], p_areas text[]) returns table (key text, area text)
    language sql immutable parallel safe as $$
    with pair as materialized (
        select distinct k, a from unnest(p_keys, p_areas) p (k, a) where a is not null
    ), nesting as materialized (
        select k from pair group by k having count(*) > 1 and min(length(a)) < 12
    ), marks as (
        -- (key, area) as an area of the key, and (key, wider area) for every area it would contain
        select p.k, p.a as at, null::text as contained from pair p where p.k in (select k from nesting)
        union all
        select p.k, w.prefix, p.a from pair p cross join lateral unnest(wider_areas(p.a)) w (prefix)
        where p.k in (select k from nesting)
    ), flagged as (
        select k, contained, bool_or(contained is null) over (partition by k, at) as at_is_area from marks
    )
    select k, a from pair
    except
    select k, contained from flagged where contained is not null and at_is_area
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
-- The PL/pgSQL refreshers run on every write and use generic plans (plan_cache_mode): planned once per connection,
-- not on every call. A custom plan of their larger statements takes longer to make (2-3 ms) than to run, and their
-- statements are written so that a generic plan reads by index whatever the arrays hold (a subquery by key or
-- offset 0 where the planner, not knowing how few rows an array brings, would hash a whole table).

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
-- them for a few adoptions (the condition on adoption_id reaches the live periods' index scan), a rebuild whole;
-- both write adoption_reach first, from which adoption_reach_service's rows follow.
create view adoption_reach_source as
select p.adoption_id, a.solution_id, a.organization_id, organization_area(o.kind, o.ars, o.land_code) as area,
       p.live_from, p.live_to
from adoption_live_period p
join adoption a on a.id = p.adoption_id
join organization o on o.id = a.organization_id
where organization_area(o.kind, o.ars, o.land_code) is not null
  and exists (select 1 from adoption_ozg_service ao where ao.adoption_id = p.adoption_id);

-- adoption_reach_service: a row of adoption_reach (written first) for each OZG-Leistung of its adoption.
create view adoption_reach_service_source as
select ao.ozg_id, r.adoption_id, r.solution_id, r.area, r.live_from, r.live_to
from adoption_reach r join adoption_ozg_service ao on ao.adoption_id = r.adoption_id;

-- adoption_reach and adoption_reach_service of the adoptions named; returns the first day on which any of them is
-- live differently than before (null if none is), from which the coverage steps change (coverage_refresh).
create or replace function adoption_reach_refresh(p_adoptions uuid[]) returns date language plpgsql
    set plan_cache_mode = force_generic_plan as $$
declare
    v_from date;
begin
    select min(case when o.adoption_id is null then n.live_from
                    when n.adoption_id is null then o.live_from
                    when o.live_from <> n.live_from then least(o.live_from, n.live_from)
                    when o.live_to is distinct from n.live_to
                        then least(coalesce(o.live_to, n.live_to), coalesce(n.live_to, o.live_to)) end)
    into v_from
    from (select adoption_id, live_from, live_to from adoption_reach where adoption_id = any (p_adoptions)) o
    full join (select adoption_id, live_from, live_to from adoption_reach_source
               where adoption_id = any (p_adoptions)) n on n.adoption_id = o.adoption_id;
    if v_from is null then
        -- no live period changed (an adoption's area and OZG-Leistungen never do): the rows stay as they are
        return null;
    end if;
    delete from adoption_reach_service where adoption_id = any (p_adoptions);
    delete from adoption_reach where adoption_id = any (p_adoptions);
    insert into adoption_reach (adoption_id, solution_id, organization_id, area, live_from, live_to)
    select adoption_id, solution_id, organization_id, area, live_from, live_to
    from adoption_reach_source where adoption_id = any (p_adoptions);
    insert into adoption_reach_service (ozg_id, adoption_id, solution_id, area, live_from, live_to)
    select ozg_id, adoption_id, solution_id, area, live_from, live_to
    from adoption_reach_service_source where adoption_id = any (p_adoptions);
    return v_from;
end
$$;

-- solution_reach of the solutions named from p_from on ('-infinity': all their history), in the regions the areas
-- named meet (Germany, the Land of each area, every Land for the Bund's '' ): on each day, the areas of the solution's
-- adoptions live then, cut to the region, united (area_union_steps), and its adopters there. An adopter counts where
-- its area holds Gemeinden. A row holds from `since` until `until` (exclusive, null: still), no row repeats the value
-- before it, and a row of zeros ends a series that drops to nothing.
create or replace function solution_reach_refresh(p_solutions uuid[], p_areas text[], p_from date) returns void
    language plpgsql set plan_cache_mode = force_generic_plan as $$
declare
    v_regions text[];
begin
    select array_agg(distinct r.region) into v_regions
    from unnest(p_areas) a (area)
    cross join lateral (select ''
                        union all
                        select left(a.area, 2) where length(a.area) >= 2
                        union all
                        select t.prefix from region_total t where a.area = '' and length(t.prefix) = 2) r (region)
    where a.area is not null;
    if v_regions is null or p_from is null then
        return;
    end if;
    -- the rows from p_from on go; the row before them holds again until the new rows say otherwise
    delete from solution_reach s
    where s.solution_id = any (p_solutions) and s.region = any (v_regions) and s.since >= p_from;
    update solution_reach s set until = null
    where s.solution_id = any (p_solutions) and s.region = any (v_regions) and s.until >= p_from;
    insert into solution_reach (solution_id, region, since, until, adopters, municipalities, population)
    with live as materialized (
        -- the live periods from p_from on, each area cut to each region; only areas that hold Gemeinden
        select r.solution_id, g.region, r.organization_id, w.area, greatest(r.live_from, p_from) as live_from,
               r.live_to
        from adoption_reach r
        cross join unnest(v_regions) g (region)
        cross join lateral (select area_within(r.area, g.region) as area) w
        where r.solution_id = any (p_solutions) and (r.live_to is null or r.live_to > p_from)
          and (select true from region_total t where t.prefix = w.area)
    ), reach as (
        select split_part(u.key, ' ', 1)::uuid as solution_id, split_part(u.key, ' ', 2) as region, u.day,
               u.municipalities, u.population
        from area_union_steps((select array_agg(solution_id || ' ' || region) from live),
                              (select array_agg(area) from live), (select array_agg(live_from) from live),
                              (select array_agg(live_to) from live)) u
    ), tenure as (
        -- each adopter's days, once even if it adopted the solution more than once
        select l.solution_id, l.region, unnest(range_agg(daterange(l.live_from, l.live_to))) as days
        from live l group by l.solution_id, l.region, l.organization_id
    ), events as (
        -- the united areas' values where they change, the adopters' arrivals and departures, and p_from itself
        select solution_id, region, day, municipalities as m, population as p, 0 as d from reach
        union all
        select t.solution_id, t.region, v.day, null, null, v.d
        from tenure t cross join lateral (values (lower(t.days), 1), (upper(t.days), -1)) v (day, d)
        where v.day is not null
        union all
        select s.solution_id, g.region, p_from, null, null, 0
        from unnest(p_solutions) s (solution_id), unnest(v_regions) g (region)
        where p_from > '-infinity'
    ), running as (
        select e.solution_id, e.region, e.day, e.m, e.p,
               sum(e.d) over w as adopters, count(e.m) over w as reach_group, row_number() over w as position
        from events e
        window w as (partition by e.solution_id, e.region order by e.day, e.m nulls last rows unbounded preceding)
    ), daily as (
        -- the value at the end of each day: the adopters summed up, the united areas' last value
        select distinct on (x.solution_id, x.region, x.day) x.solution_id, x.region, x.day, x.adopters,
               x.municipalities, x.population
        from (select r.solution_id, r.region, r.day, r.position, r.adopters::int,
                     coalesce(first_value(r.m) over g, 0) as municipalities,
                     coalesce(first_value(r.p) over g, 0) as population
              from running r
              window g as (partition by r.solution_id, r.region, r.reach_group order by r.position)) x
        order by x.solution_id, x.region, x.day, x.position desc
    ), changed as (
        -- the days whose value differs from the day before (the first from the row before p_from, or from nothing)
        select y.solution_id, y.region, y.day, y.adopters, y.municipalities, y.population
        from (select d.*, lag(d.adopters) over s as a0, lag(d.municipalities) over s as m0,
                     lag(d.population) over s as p0
              from daily d
              window s as (partition by d.solution_id, d.region order by d.day)) y
        left join lateral (select b.adopters, b.municipalities, b.population from solution_reach b
                           where y.a0 is null and b.region = y.region and b.solution_id = y.solution_id
                             and b.since < p_from
                           order by b.since desc limit 1) b on true
        where (y.adopters, y.municipalities, y.population) is distinct from (
                  coalesce(y.a0, b.adopters, 0), coalesce(y.m0, b.municipalities, 0), coalesce(y.p0, b.population, 0))
    )
    select c.solution_id, c.region, c.day, lead(c.day) over (partition by c.solution_id, c.region order by c.day),
           c.adopters, c.municipalities, c.population
    from changed c;
    -- the row before p_from holds until the first new one
    update solution_reach s set until = n.since
    from (select solution_id, region, min(since) as since from solution_reach
          where solution_id = any (p_solutions) and region = any (v_regions) and since >= p_from
          group by 1, 2) n
    where s.solution_id = n.solution_id and s.region = n.region and s.since < p_from and s.until is null;
end
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Coverage over time (coverage_step)
-- ---------------------------------------------------------------------------------------------------------------
-- For Germany (region ''), each Land and each Kreis, and each OZG-Leistung (ozg_id; 0: any OZG-Leistung), the
-- Gemeinden and inhabitants of the region covered by live areas inside it (its own area included), as a step
-- function: a row holds the value from its day until the next row's day, before the first row it is 0, and no row
-- repeats the value before it. ozg_id -1 holds the Gemeinde × OZG-Leistung pairs: the sum over the OZG-Leistungen.
-- Areas wider than the region (the Bund for a Land; the Bund and its Land for a Kreis) cover it whole while they are
-- live: the reports add that when they read (coverage_on), so that a change of a Bund- or Land-level adoption
-- rewrites no step of the regions below it.
--   a Kreis: from the live areas in it (coverage_area_steps);
--   a Land, Germany: the whole region while its own area is live, otherwise the sum over its Kreise or Länder
--   (coverage_parent_steps).

-- The union of nested areas over time: per key (whatever the caller groups by, as text), the Gemeinden and
-- inhabitants under the areas live on each day, as steps (a row from its day on; only days where the value changes).
-- An area counts while it is live and none of its wider areas of the same key is; the changes are summed up day by
-- day. No join of the set with itself (the planner cannot estimate the arrays): each area's live days reach the areas
-- it contains through a window over (key, area) and the areas' wider areas.
create or replace function area_union_steps(p_keys text[], p_areas text[], p_from date[], p_to date[])
    returns table (key text, day date, municipalities integer, population bigint)
    language sql stable as $$
    with live as materialized (
        select u.k as key, u.a as area, daterange(u.f, u.t) as live
        from unnest(p_keys, p_areas, p_from, p_to) u (k, a, f, t)
    ), nesting as materialized (
        -- only a key with an area wider than a Gemeinde and another area can have nested ones
        select l.key from live l group by l.key having count(distinct l.area) > 1 and min(length(l.area)) < 12
    ), marks as (
        -- an area's own live days, and for each area one row per wider area it would lie in
        select l.key, l.area as at, l.area, l.live, true as own from live l where l.key in (select key from nesting)
        union all
        select a.key, w.prefix, a.area, null::daterange, false
        from (select distinct key, area from live where key in (select key from nesting)) a
        cross join lateral unnest(wider_areas(a.area)) w (prefix)
    ), reached as (
        -- own rows keep their days; a contained area's row gets the days its wider area was live
        select m.key, m.area, m.own, m.live,
               case when not m.own then range_agg(m.live) over (partition by m.key, m.at) end as wider
        from marks m
    ), per_area as (
        select r.key, r.area, range_agg(r.live) filter (where r.own) as live,
               range_agg(x.r) filter (where x.r is not null) as wider
        from reached r left join lateral unnest(r.wider) x (r) on true
        group by 1, 2
        union all
        select l.key, l.area, range_agg(l.live), null from live l where l.key not in (select key from nesting)
        group by 1, 2
    ), changes as (
        select a.key, v.day, sum(v.m) as m, sum(v.p) as p
        from per_area a
        join region_total t on t.prefix = a.area
        cross join lateral unnest(a.live - coalesce(a.wider, '{}')) x (r)
        cross join lateral (values (lower(x.r), t.municipalities, t.population),
                                   (upper(x.r), -t.municipalities, -t.population)) v (day, m, p)
        where a.live is not null and v.day is not null
        group by 1, 2
        having sum(v.m) <> 0 or sum(v.p) <> 0
    )
    select c.key, c.day, (sum(c.m) over w)::int, (sum(c.p) over w)::bigint
    from changes c
    window w as (partition by c.key order by c.day)
$$;

-- The steps of regions at or below the Kreis level (Kreise, Gemeindeverbände, Gemeinden; their ARS prefixes) for
-- the keys named, from the adoptions' areas inside them (area_union_steps). The projection keeps the Kreise's; a
-- timeline of a smaller region computes its own (Reports).
create or replace function coverage_area_steps(p_regions text[], p_keys integer[])
    returns table (region text, ozg_id integer, day date, municipalities integer, population bigint)
    language sql stable as $$
    with live as materialized (
        -- (left(area, 5) and (ozg_id, left(area, 5)) are indexed: index ranges per Kreis and key)
        select g.region || ' ' || 0 as key, r.area, r.live_from, r.live_to
        from unnest(p_regions) g (region)
        join adoption_reach r on left(r.area, 5) = left(g.region, 5) and starts_with(r.area, g.region)
        where length(g.region) >= 5 and 0 = any (p_keys)
        union all
        select g.region || ' ' || r.ozg_id, r.area, r.live_from, r.live_to
        from unnest(p_regions) g (region)
        join adoption_reach_service r on r.ozg_id = any (p_keys) and left(r.area, 5) = left(g.region, 5)
             and starts_with(r.area, g.region)
        where length(g.region) >= 5
    )
    select split_part(u.key, ' ', 1), split_part(u.key, ' ', 2)::int, u.day, u.municipalities, u.population
    from area_union_steps((select array_agg(key) from live), (select array_agg(area) from live),
                          (select array_agg(live_from) from live), (select array_agg(live_to) from live)) u
$$;

-- The steps from p_from on of the Länder or of Germany named ('' is Germany) for the keys named: the whole region
-- while its own area is live, otherwise the sum of the steps of its Kreise (of a Land) or Länder (of Germany). The
-- first row, on p_from, holds the value on that day (it may repeat the value before it); '-infinity' gives all steps.
create or replace function coverage_parent_steps(p_regions text[], p_keys integer[], p_from date)
    returns table (region text, ozg_id integer, day date, municipalities integer, population bigint)
    language sql stable as $$
    with children as (
        -- the Länder of Germany, the Kreise of a Land: the ARS prefixes of the child level that begin with the
        -- region's, as a range of the index on (length, prefix) (all digits: every collation orders them alike)
        select p.region, c.code
        from unnest(p_regions) p (region)
        cross join lateral (select case when p.region = '' then 2 else 5 end - length(p.region) as digits) l
        cross join lateral (select t.prefix as code from region_total t
                            where length(t.prefix) = length(p.region) + l.digits
                              and t.prefix between p.region || repeat('0', l.digits)
                                               and p.region || repeat('9', l.digits) offset 0) c
    ), child_rows as (
        -- each child's step on p_from (its latest one until then, moved to p_from), then its steps after it
        select c.region, c.code, k.ozg_id, p_from as day, v.municipalities, v.population
        from children c cross join unnest(p_keys) k (ozg_id)
        join lateral (select s.municipalities, s.population from coverage_step s
                      where s.region = c.code and s.ozg_id = k.ozg_id and s.day <= p_from
                      order by s.day desc limit 1) v on true
        union all
        select c.region, c.code, s.ozg_id, s.day, s.municipalities, s.population
        from children c
        join coverage_step s on s.region = c.code and s.ozg_id = any (p_keys) and s.day > p_from
    ), changes as (
        select x.region, x.ozg_id, x.day, sum(x.dm) as dm, sum(x.dp) as dp
        from (select r.region, r.ozg_id, r.day,
                     r.municipalities - lag(r.municipalities, 1, 0) over w as dm,
                     r.population - lag(r.population, 1, 0::bigint) over w as dp
              from child_rows r
              window w as (partition by r.code, r.ozg_id order by r.day)) x
        group by 1, 2, 3
    ), sums as (
        select c.region, c.ozg_id, c.day, sum(c.dm) over w as m, sum(c.dp) over w as p, lead(c.day) over w as next_day
        from changes c
        window w as (partition by c.region, c.ozg_id order by c.day)
    ), own as (
        select r.area as region, 0 as ozg_id, range_agg(daterange(r.live_from, r.live_to)) as live
        from adoption_reach r
        where r.area = any (p_regions) and 0 = any (p_keys)
        group by 1
        union all
        select r.area, r.ozg_id, range_agg(daterange(r.live_from, r.live_to))
        from adoption_reach_service r
        where r.area = any (p_regions) and r.ozg_id = any (p_keys)
        group by 1, 2
    ), pieces as (
        select s.region, s.ozg_id, lower(x.r) as day, upper(x.r) as until, s.m, s.p
        from sums s
        left join own o on o.region = s.region and o.ozg_id = s.ozg_id
        cross join lateral unnest(datemultirange(daterange(s.day, s.next_day)) - coalesce(o.live, '{}')) x (r)
        union all
        select o.region, o.ozg_id, greatest(lower(x.r), p_from), upper(x.r), t.municipalities, t.population
        -- (the region's row by its key: the planner, not knowing how few the regions are, would hash all of them)
        from own o cross join lateral (select * from region_total t where t.prefix = o.region offset 0) t
        cross join lateral unnest(o.live) x (r)
        where upper(x.r) is null or upper(x.r) > p_from
    ), points as (
        -- a step where a piece begins, with its value; where one ends and none begins, a step to 0; on p_from the
        -- value on that day (0 if nothing covers it)
        select distinct on (region, ozg_id, day) region, ozg_id, day, m, p
        from (select region, ozg_id, day, m, p, 0 as rank from pieces
              union all
              select region, ozg_id, until, 0, 0, 1 from pieces where until is not null
              union all
              select r.region, k.ozg_id, p_from, 0, 0, 2 from unnest(p_regions) r (region), unnest(p_keys) k (ozg_id)
              where p_from > '-infinity') e
        order by region, ozg_id, day, rank
    ), steps as (
        select t.*, lag(t.m) over w as m0, lag(t.p) over w as p0
        from points t
        window w as (partition by t.region, t.ozg_id order by t.day)
    )
    -- the first row is kept (from '-infinity' only if it is not 0), the others where the value changes
    select region, ozg_id, day, m::int, p::bigint from steps
    where case when m0 is null then p_from > '-infinity' or m <> 0 or p <> 0 else m <> m0 or p <> p0 end
$$;

-- The pairs (ozg_id -1) of the regions named from p_from on, from the steps of every OZG-Leistung: their sum. The
-- first row, on p_from, holds the value on that day (it may repeat the value before it).
create or replace function coverage_pair_steps(p_regions text[], p_from date)
    returns table (region text, ozg_id integer, day date, municipalities integer, population bigint)
    language sql stable as $$
    with key_rows as (
        -- each OZG-Leistung's step on p_from (its latest until then, moved to p_from), then its steps after it
        select r.region, o.ozg_id, p_from as day, v.municipalities, v.population
        from unnest(p_regions) r (region) cross join ozg_service o
        join lateral (select s.municipalities, s.population from coverage_step s
                      where s.region = r.region and s.ozg_id = o.ozg_id and s.day <= p_from
                      order by s.day desc limit 1) v on true
        where p_from > '-infinity'
        union all
        select s.region, s.ozg_id, s.day, s.municipalities, s.population
        from coverage_step s
        where s.region = any (p_regions) and s.ozg_id > 0 and s.day > p_from
    ), changes as (
        select x.region, x.day, sum(x.dm) as dm, sum(x.dp) as dp
        from (select k.region, k.day, k.municipalities - lag(k.municipalities, 1, 0) over w as dm,
                     k.population - lag(k.population, 1, 0::bigint) over w as dp
              from key_rows k
              window w as (partition by k.region, k.ozg_id order by k.day)) x
        group by 1, 2
        union all
        -- a row on p_from even if nothing covers anything then
        select r.region, p_from, 0, 0 from unnest(p_regions) r (region) where p_from > '-infinity'
    ), summed as (
        select c.region, c.day, sum(c.dm) as dm, sum(c.dp) as dp from changes c group by 1, 2
    ), steps as (
        select c.region, c.day, sum(c.dm) over w as m, sum(c.dp) over w as p, c.dm, c.dp
        from summed c
        window w as (partition by c.region order by c.day)
    )
    select region, -1, day, m::int, p::bigint from steps
    where day = p_from or dm <> 0 or dp <> 0
$$;

-- Replaces the steps from p_from on of the regions and keys named (a Kreis's from its areas, the others' from their
-- children), and moves their pairs by the difference: from p_from on, the pairs change by the sum over the keys of
-- (new value - old value), so the other OZG-Leistungen are not read.
create or replace function coverage_steps_replace(p_regions text[], p_keys integer[], p_kreise boolean, p_from date)
    returns void language plpgsql set plan_cache_mode = force_generic_plan as $$
declare
    v_old coverage_step[];
    v_new coverage_step[];
    v_pairs coverage_step[];
begin
    with gone as (
        delete from coverage_step s where s.region = any (p_regions) and s.ozg_id = any (p_keys) and s.day >= p_from
        returning s.*
    )
    select array_agg(row(g.region, g.ozg_id, g.day, g.municipalities, g.population)::coverage_step) into v_old
    from gone g;
    -- the new steps, without a row on p_from that repeats the value before it (that value stays as it is)
    insert into coverage_step (region, ozg_id, day, municipalities, population)
    select f.* from (select * from coverage_area_steps(p_regions, p_keys) a where p_kreise and a.day >= p_from
                     union all
                     select * from coverage_parent_steps(p_regions, p_keys, p_from) where not p_kreise) f
    where f.day > p_from
       or (f.municipalities, f.population) <> (
              select coalesce(max(b.municipalities), 0), coalesce(max(b.population), 0)
              from (select c.municipalities, c.population from coverage_step c
                    where c.region = f.region and c.ozg_id = f.ozg_id and c.day < p_from
                    order by c.day desc limit 1) b);
    select array_agg(c) into v_new
    from coverage_step c where c.region = any (p_regions) and c.ozg_id = any (p_keys) and c.ozg_id > 0
                           and c.day >= p_from;
    if v_old is null and v_new is null then
        return;
    end if;
    with changed as (
        select region, ozg_id, day, municipalities as m, population as p, 1 as sign from unnest(v_new)
        union all
        select region, ozg_id, day, municipalities, population, -1 from unnest(v_old) where ozg_id > 0
    ), base as (
        -- each changed key's value before p_from, the same before and after the change
        select k.region, k.ozg_id, coalesce(b.municipalities, 0) as m, coalesce(b.population, 0) as p
        from (select distinct region, ozg_id from changed) k
        left join lateral (select c.municipalities, c.population from coverage_step c
                           where c.region = k.region and c.ozg_id = k.ozg_id and c.day < p_from
                           order by c.day desc limit 1) b on true
    ), changes as (
        -- how the sum over the changed keys of (new value - old value) changes, day by day: each series' own
        -- changes (from its value before p_from on), the old ones subtracted
        select x.region, x.day, sum(x.dm) as dm, sum(x.dp) as dp
        from (select c.region, c.day,
                     c.sign * (c.m - coalesce(lag(c.m) over w, b.m)) as dm,
                     c.sign * (c.p - coalesce(lag(c.p) over w, b.p)) as dp
              from changed c join base b on b.region = c.region and b.ozg_id = c.ozg_id
              window w as (partition by c.region, c.ozg_id, c.sign order by c.day)) x
        group by 1, 2
        having sum(x.dm) <> 0 or sum(x.dp) <> 0
    ), pairs_before as (
        select r.region, coalesce(b.municipalities, 0) as m, coalesce(b.population, 0) as p
        from unnest(p_regions) r (region)
        left join lateral (select c.municipalities, c.population from coverage_step c
                           where c.region = r.region and c.ozg_id = -1 and c.day < p_from
                           order by c.day desc limit 1) b on true
    ), merged as (
        -- the pairs' steps from p_from on and the changes in one order (on one day, the step first)
        select s.region, s.day, 0 as kind, s.municipalities::bigint as m, s.population as p, 0::numeric as dm,
               0::numeric as dp
        from coverage_step s where s.region = any (p_regions) and s.ozg_id = -1 and s.day >= p_from
        union all
        select c.region, c.day, 1, null, null, c.dm, c.dp from changes c
    ), running as (
        select m.*, count(m.m) over w as step_group, sum(m.dm) over w as moved_m, sum(m.dp) over w as moved_p
        from merged m
        window w as (partition by m.region order by m.day, m.kind rows unbounded preceding)
    ), valued as (
        -- on each day: the last pairs step until then (or the one before p_from), moved by the changes until then
        select r.region, r.day, r.kind,
               coalesce(first_value(r.m) over g, b.m) + r.moved_m as m,
               coalesce(first_value(r.p) over g, b.p) + r.moved_p as p
        from running r join pairs_before b on b.region = r.region
        window g as (partition by r.region, r.step_group order by r.day, r.kind)
    )
    select array_agg(row(v.region, -1, v.day, v.m, v.p)::coverage_step)
    into v_pairs
    from (select distinct on (region, day) region, day, m, p from valued order by region, day, kind desc) v;
    delete from coverage_step s where s.region = any (p_regions) and s.ozg_id = -1 and s.day >= p_from;
    insert into coverage_step select * from unnest(v_pairs);
    -- no pairs step repeats the value before it (the steps from p_from on and the one before them)
    delete from coverage_step s
    using (select c.region, c.day,
                  c.municipalities = lag(c.municipalities, 1, 0) over w
                  and c.population = lag(c.population, 1, 0::bigint) over w as same
           from unnest(p_regions) r (region)
           cross join lateral (select coalesce(max(b.day), '-infinity') as day from coverage_step b
                               where b.region = r.region and b.ozg_id = -1 and b.day < p_from) f
           join coverage_step c on c.region = r.region and c.ozg_id = -1 and c.day >= f.day
           window w as (partition by c.region order by c.day)) x
    where x.same and x.day >= p_from and s.region = x.region and s.ozg_id = -1 and s.day = x.day;
end
$$;

-- The steps after a change of the areas named (of an adoption, or a Gemeinde whose population changed) for the keys
-- named, from the first day the change touches: its Kreis from its areas, then its Land and Germany from their
-- children.
create or replace function coverage_refresh(p_areas text[], p_keys integer[], p_from date) returns void
    language plpgsql set plan_cache_mode = force_generic_plan as $$
declare
    v_kreise text[];
    v_lands text[];
begin
    if p_from is null or p_areas is null or cardinality(p_areas) = 0 then
        return;
    end if;
    select array_agg(distinct left(a, 5)) filter (where length(a) >= 5),
           array_agg(distinct left(a, 2)) filter (where length(a) >= 2)
    into v_kreise, v_lands
    from unnest(p_areas) a;
    if v_kreise is not null then
        perform coverage_steps_replace(v_kreise, p_keys, true, p_from);
    end if;
    if v_lands is not null then
        perform coverage_steps_replace(v_lands, p_keys, false, p_from);
    end if;
    perform coverage_steps_replace(array[''], p_keys, false, p_from);
end
$$;

-- The covered Gemeinden and inhabitants of regions of the steps (Germany, Länder, Kreise) for each key on a date: the
-- whole region while an area wider than it is live, otherwise its step on that date.
create or replace function coverage_on(p_regions text[], p_keys integer[], p_at date)
    returns table (region text, ozg_id integer, municipalities integer, population bigint)
    language sql stable as $$
    with whole as (
        -- the keys with an area wider than the region live on the date (index ranges per wider area and key)
        select distinct g.region, r.ozg_id
        from unnest(p_regions) g (region)
        cross join lateral unnest(wider_areas(g.region)) w (area)
        -- by area (few rows each), not by key (offset 0: the planner would read every row of the keys)
        cross join lateral (select x.ozg_id, x.live_from, x.live_to from adoption_reach_service x
                            where x.area = w.area offset 0) r
        where r.ozg_id = any (p_keys) and live_on(r.live_from, r.live_to, p_at)
        union
        select g.region, 0 from unnest(p_regions) g (region)
        where 0 = any (p_keys) and exists (select 1 from unnest(wider_areas(g.region)) w (area)
                                           join adoption_reach r on r.area = w.area
                                           where live_on(r.live_from, r.live_to, p_at))
    )
    select g.region, k.ozg_id,
           case when w.ozg_id is not null then t.municipalities else coalesce(s.municipalities, 0) end,
           case when w.ozg_id is not null then t.population else coalesce(s.population, 0) end
    from unnest(p_regions) g (region)
    cross join unnest(p_keys) k (ozg_id)
    join region_total t on t.prefix = g.region
    left join whole w on w.region = g.region and w.ozg_id = k.ozg_id
    left join lateral (select c.municipalities, c.population from coverage_step c
                       where c.region = g.region and c.ozg_id = k.ozg_id and c.day <= p_at
                       order by c.day desc limit 1) s on true
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Solutions in use (solution_use)
-- ---------------------------------------------------------------------------------------------------------------
-- Per region (Germany, Land, Kreis), OZG-Leistung and solution, the days on which the solution was in live use for
-- the OZG-Leistung there through an adoption whose area lies in the region (and holds Gemeinden). An adoption with an
-- area wider than the region (a Land's for its Kreise, the Bund's) is in use there too: the readers add those from
-- the adoptions' reach (as coverage_on adds wider areas), so that such an adoption writes three rows, not one per
-- Kreis. The duplication index and the Reifegrad distribution count them on a date.

-- The regions of the statistics' levels (Germany, Land, Kreis) an area lies in, if it holds Gemeinden.
create or replace function regions_met(p_area text) returns table (region text)
    language sql stable as $$
    select w.prefix from unnest(wider_areas(p_area) || p_area) w (prefix)
    where length(w.prefix) in (0, 2, 5) and exists (select 1 from region_total t where t.prefix = p_area)
$$;

-- solution_use of the (OZG-Leistung, solution) pairs named. The regions an area meets are looked up per adoption
-- (an index lookup each): joining the adoptions to their distinct areas instead ran as a nested loop over both, since
-- the planner cannot tell how many pairs the arrays hold, and took 31 s for all of the national scenario's pairs
-- (a new node's rebuild) instead of 1.8 s.
create or replace function solution_use_refresh(p_ozg_ids integer[], p_solutions uuid[]) returns void
    language sql as $$
    delete from solution_use u
    using unnest(p_ozg_ids, p_solutions) k (ozg_id, solution_id)
    where u.ozg_id = k.ozg_id and u.solution_id = k.solution_id;
    insert into solution_use (region, ozg_id, solution_id, live)
    select m.region, r.ozg_id, r.solution_id, range_agg(daterange(r.live_from, r.live_to))
    from unnest(p_ozg_ids, p_solutions) k (ozg_id, solution_id)
    join adoption_reach_service r on r.solution_id = k.solution_id and r.ozg_id = k.ozg_id
    cross join lateral regions_met(r.area) m
    group by 1, 2, 3;
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
    insert into adoption_reach_service (ozg_id, adoption_id, solution_id, area, live_from, live_to)
    select ozg_id, adoption_id, solution_id, area, live_from, live_to from adoption_reach_service_source;
    -- fresh planner statistics: after a bulk load, estimates for the new rows would lead to nested loops
    analyze adoption_reach;
    analyze adoption_reach_service;
    delete from solution_reach;
    select solution_reach_refresh(array(select id from solution), array[''], '-infinity');
    delete from coverage_step;
    insert into coverage_step (region, ozg_id, day, municipalities, population)
    select * from coverage_area_steps(array(select prefix from region_total where length(prefix) = 5),
                                       array(select 0 union all select ozg_id from ozg_service));
    insert into coverage_step (region, ozg_id, day, municipalities, population)
    select * from coverage_parent_steps(array(select prefix from region_total where length(prefix) = 2),
                                        array(select 0 union all select ozg_id from ozg_service), '-infinity');
    insert into coverage_step (region, ozg_id, day, municipalities, population)
    select * from coverage_parent_steps(array[''], array(select 0 union all select ozg_id from ozg_service),
                                        '-infinity');
    insert into coverage_step (region, ozg_id, day, municipalities, population)
    select * from coverage_pair_steps(array(select prefix from region_total where length(prefix) <= 5), '-infinity');
    analyze coverage_step;
    delete from solution_use;
    select solution_use_refresh(array_agg(ozg_id), array_agg(solution_id))
    from (select distinct ozg_id, solution_id from adoption_reach_service) p;
    analyze solution_use;
$$;
