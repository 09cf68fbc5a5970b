-- Statistics without reading millions of coverage rows.
--
-- The Gemeinden an adoption covers are all Gemeinden whose ARS starts with one prefix, its "area": '' for the Bund,
-- the Land code for a Land, the 5-digit Kreis key for a Kreis, the 9-digit Verband key for a Gemeindeverband, the
-- 12-digit ARS for a Gemeinde, which no other Gemeinde shares (V4__statistics.sql gives the same definition row by
-- row). Every coverage row of an adoption shares its live period. So "which Gemeinden have it live on a date" is the
-- union of the areas of the adoptions live on that date; areas are nested, so the union is the sum of the totals of
-- the areas that lie in no other one of the set. That needs small tables:
--   adoption_reach: per adoption with at least one OZG-Leistung and a LIVE transition, its area and live period
--                   (about as many rows as adoptions, kept by the same triggers as the coverage rows; and per
--                   adoption and OZG-Leistung in adoption_reach_service);
--   region_total:   per ARS prefix of a Gemeinde (lengths 0, 2, 5, 9 and 12) the number of Gemeinden and their
--                   inhabitants, kept by triggers on the organization table.
-- For the reports of today two more counters, kept in the same transactions:
--   solution_reach: per solution, for Germany ('') and each Land, today's adopters, covered Gemeinden, inhabitants;
--   coverage_land:  per OZG-Leistung and Land, the covered Gemeinden and inhabitants (as coverage_kreis of V6).

create function organization_area(p_kind text, p_ars text, p_land_code text) returns text
    language sql immutable as $$
    select case p_kind
               when 'FEDERAL' then ''
               when 'STATE' then p_land_code
               when 'DISTRICT' then substr(p_ars, 1, 5)
               when 'MUNICIPAL_ASSOCIATION' then substr(p_ars, 1, 9)
               when 'MUNICIPALITY' then p_ars
           end
$$;

create table adoption_reach (
    adoption_id     uuid primary key references adoption (id) on delete cascade,
    solution_id     uuid not null,
    organization_id uuid not null,
    area            text not null,
    live_from       date not null,
    live_to         date
);
create index adoption_reach_solution on adoption_reach (solution_id);
create index adoption_reach_area on adoption_reach (area text_pattern_ops);

-- The same per OZG-Leistung of the adoption, for timelines of one OZG-Leistung (one index range, no join).
create table adoption_reach_service (
    ozg_id      integer not null,
    adoption_id uuid not null references adoption (id) on delete cascade,
    area        text not null,
    live_from   date not null,
    live_to     date,
    primary key (adoption_id, ozg_id)
);
create index adoption_reach_service_ozg on adoption_reach_service (ozg_id) include (area, live_from, live_to);

create table region_total (
    prefix         text primary key,
    municipalities integer not null,
    population     bigint not null
);
create index region_total_prefix on region_total (prefix text_pattern_ops);

create function adoption_reach_refresh(p_adoption uuid) returns void language sql as $$
    delete from adoption_reach where adoption_id = p_adoption;
    insert into adoption_reach (adoption_id, solution_id, organization_id, area, live_from, live_to)
    select a.id, a.solution_id, a.organization_id, organization_area(o.kind, o.ars, o.land_code),
           live.effective_date, ended.effective_date
    from adoption a
    join organization o on o.id = a.organization_id
    join lateral (select t.seq, t.effective_date from adoption_status_transition t
                  where t.adoption_id = a.id and t.status = 'LIVE' order by t.seq limit 1) live on true
    left join lateral (select t.effective_date from adoption_status_transition t
                       where t.adoption_id = a.id and t.seq > live.seq and t.status = 'DISCONTINUED'
                       order by t.seq limit 1) ended on true
    where a.id = p_adoption
      and organization_area(o.kind, o.ars, o.land_code) is not null
      and exists (select 1 from adoption_ozg_service ao where ao.adoption_id = a.id);
    delete from adoption_reach_service where adoption_id = p_adoption;
    insert into adoption_reach_service (ozg_id, adoption_id, area, live_from, live_to)
    select ao.ozg_id, r.adoption_id, r.area, r.live_from, r.live_to
    from adoption_reach r join adoption_ozg_service ao on ao.adoption_id = r.adoption_id
    where r.adoption_id = p_adoption
$$;

create or replace function coverage_trigger() returns trigger language plpgsql as $$
begin
    perform coverage_refresh(coalesce(new.adoption_id, old.adoption_id));
    perform adoption_reach_refresh(coalesce(new.adoption_id, old.adoption_id));
    return null;
end
$$;

create table solution_reach (
    solution_id    uuid not null,
    region         text not null,
    adopters       integer not null,
    municipalities integer not null,
    population     bigint not null,
    primary key (region, solution_id)
);
create index solution_reach_solution on solution_reach (solution_id);

-- Today's reach of one solution (of all for null) in Germany and in every Land: the areas of its live adoptions, each
-- cut to the region, without those inside another one, summed. An adopter counts where its area holds Gemeinden.
create function solution_reach_refresh(p_solution uuid) returns void language sql as $$
    delete from solution_reach where p_solution is null or solution_id = p_solution;
    insert into solution_reach (solution_id, region, adopters, municipalities, population)
    with parts as (
        select r.solution_id, g.region, r.organization_id,
               case when length(r.area) >= length(g.region) then r.area else g.region end as area
        from adoption_reach r
        join (select '' as region union all select prefix from region_total where length(prefix) = 2) g
          on starts_with(r.area, g.region) or starts_with(g.region, r.area)
        where (p_solution is null or r.solution_id = p_solution) and r.live_to is null
    ), areas as (
        select distinct p.solution_id, p.region, p.area, t.municipalities, t.population
        from parts p join region_total t on t.prefix = p.area
    ), wider_areas as materialized (
        -- the areas that would contain each area (materialized, so that they are joined by all three keys)
        select a.solution_id, a.region, a.area, w.prefix
        from areas a
        cross join lateral (values (''), (left(a.area, 2)), (left(a.area, 5)), (left(a.area, 9))) w (prefix)
        where w.prefix <> a.area
    ), inside_another as (
        select w.solution_id, w.region, w.area
        from wider_areas w
        join areas wider on wider.solution_id = w.solution_id and wider.region = w.region and wider.area = w.prefix
    ), reach as (
        select a.solution_id, a.region, sum(a.municipalities)::int as municipalities,
               sum(a.population)::bigint as population
        from areas a
        where not exists (select 1 from inside_another i
                          where i.solution_id = a.solution_id and i.region = a.region and i.area = a.area)
        group by a.solution_id, a.region
    ), adopters as (
        select p.solution_id, p.region, count(distinct p.organization_id)::int as adopters
        from parts p
        join areas a on a.solution_id = p.solution_id and a.region = p.region and a.area = p.area
        group by p.solution_id, p.region
    )
    select r.solution_id, r.region, a.adopters, r.municipalities, r.population
    from reach r join adopters a on a.solution_id = r.solution_id and a.region = r.region
$$;

-- A bulk load (seeding) sets ozg.bulk_load for its transaction and rebuilds region totals and reach at its end.
create function bulk_load() returns boolean language sql stable as $$
    select coalesce(current_setting('ozg.bulk_load', true), '') = 'on'
$$;

create function solution_reach_trigger() returns trigger language plpgsql as $$
begin
    if bulk_load() then
        return null;
    end if;
    perform solution_reach_refresh(coalesce(new.solution_id, old.solution_id));
    return null;
end
$$;
create trigger solution_reach after insert or delete on adoption_reach
    for each row execute function solution_reach_trigger();

create table coverage_land (
    ozg_id         integer not null,
    land_code      char(2) not null,
    municipalities integer not null,
    population     bigint not null,
    primary key (ozg_id, land_code)
);
create index coverage_land_land on coverage_land (land_code);

-- V6's counter change, now also per Land.
create or replace function coverage_count_change(p_ozg integer, p_gemeinde uuid, p_kreis char(5), p_land char(2),
                                                 p_population integer, p_delta integer) returns void
    language plpgsql as $$
declare
    v_count integer;
begin
    if p_delta > 0 then
        insert into coverage_count as c (ozg_id, gemeinde_id, kreis_code, land_code, population, live_adoptions)
        values (p_ozg, p_gemeinde, p_kreis, p_land, p_population, 1)
        on conflict (ozg_id, gemeinde_id) do update set live_adoptions = c.live_adoptions + 1
        returning live_adoptions into v_count;
        if v_count = 1 then
            insert into coverage_kreis as k (ozg_id, kreis_code, land_code, municipalities, population)
            values (p_ozg, p_kreis, p_land, 1, p_population)
            on conflict (ozg_id, kreis_code) do update set municipalities = k.municipalities + 1,
                                                          population = k.population + p_population;
            insert into coverage_land as l (ozg_id, land_code, municipalities, population)
            values (p_ozg, p_land, 1, p_population)
            on conflict (ozg_id, land_code) do update set municipalities = l.municipalities + 1,
                                                         population = l.population + p_population;
        end if;
    else
        update coverage_count set live_adoptions = live_adoptions - 1
        where ozg_id = p_ozg and gemeinde_id = p_gemeinde
        returning live_adoptions into v_count;
        if v_count = 0 then
            delete from coverage_count where ozg_id = p_ozg and gemeinde_id = p_gemeinde;
            update coverage_kreis set municipalities = municipalities - 1, population = population - p_population
            where ozg_id = p_ozg and kreis_code = p_kreis;
            delete from coverage_kreis where ozg_id = p_ozg and kreis_code = p_kreis and municipalities = 0;
            update coverage_land set municipalities = municipalities - 1, population = population - p_population
            where ozg_id = p_ozg and land_code = p_land;
            delete from coverage_land where ozg_id = p_ozg and land_code = p_land and municipalities = 0;
        end if;
    end if;
end
$$;

-- Gemeinden entering, leaving or changing: the totals of their five prefixes change by the difference.
create function region_total_apply(p_ars text[], p_population bigint[], p_sign integer) returns void
    language sql as $$
    insert into region_total as r (prefix, municipalities, population)
    select v.prefix, p_sign * count(*), p_sign * sum(g.population)
    from unnest(p_ars, p_population) g (ars, population)
    cross join lateral (values (''), (substr(g.ars, 1, 2)), (substr(g.ars, 1, 5)), (substr(g.ars, 1, 9)),
                               (g.ars)) v (prefix)
    group by v.prefix
    on conflict (prefix) do update set municipalities = r.municipalities + excluded.municipalities,
                                       population = r.population + excluded.population;
    delete from region_total
    where p_sign < 0 and municipalities = 0
      and prefix in (select v.prefix from unnest(p_ars) g (ars)
                     cross join lateral (values (''), (substr(g.ars, 1, 2)), (substr(g.ars, 1, 5)),
                                                (substr(g.ars, 1, 9)), (g.ars)) v (prefix));
$$;

create function region_total_trigger() returns trigger language plpgsql as $$
begin
    if bulk_load() then
        return null;
    end if;
    if tg_op = 'INSERT' then
        perform region_total_apply(array_agg(ars), array_agg(coalesce(population, 0)::bigint), 1)
        from new_rows where kind = 'MUNICIPALITY' and ars is not null having count(*) > 0;
    elsif tg_op = 'DELETE' then
        perform region_total_apply(array_agg(ars), array_agg(coalesce(population, 0)::bigint), -1)
        from old_rows where kind = 'MUNICIPALITY' and ars is not null having count(*) > 0;
    else
        -- only Gemeinden whose kind, ARS or population changed
        perform region_total_apply(array_agg(o.ars), array_agg(coalesce(o.population, 0)::bigint), -1)
        from old_rows o join new_rows n on n.id = o.id
        where o.kind = 'MUNICIPALITY' and o.ars is not null
          and (o.kind, o.ars, o.population) is distinct from (n.kind, n.ars, n.population)
        having count(*) > 0;
        perform region_total_apply(array_agg(n.ars), array_agg(coalesce(n.population, 0)::bigint), 1)
        from old_rows o join new_rows n on n.id = o.id
        where n.kind = 'MUNICIPALITY' and n.ars is not null
          and (o.kind, o.ars, o.population) is distinct from (n.kind, n.ars, n.population)
        having count(*) > 0;
        -- today's reach of the solutions live there follows the new totals
        perform solution_reach_refresh(s.solution_id)
        from (select distinct r.solution_id
              from old_rows o join new_rows n on n.id = o.id
              join adoption_reach r on r.live_to is null and (starts_with(n.ars, r.area) or starts_with(o.ars, r.area))
              where (o.kind, o.ars, o.population) is distinct from (n.kind, n.ars, n.population)
                and 'MUNICIPALITY' in (o.kind, n.kind)) s;
    end if;
    return null;
end
$$;
create trigger region_total_insert after insert on organization referencing new table as new_rows
    for each statement execute function region_total_trigger();
create trigger region_total_update after update on organization referencing old table as old_rows new table as new_rows
    for each statement execute function region_total_trigger();
create trigger region_total_delete after delete on organization referencing old table as old_rows
    for each statement execute function region_total_trigger();

-- A Gemeinde's population changes (updateOrganization): the copies in the coverage rows and today's counters follow.
create function coverage_population_trigger() returns trigger language plpgsql as $$
begin
    update coverage set population = coalesce(new.population, 0) where gemeinde_id = new.id;
    update coverage_kreis k set population = k.population + coalesce(new.population, 0) - coalesce(old.population, 0)
    from coverage_count c
    where c.gemeinde_id = new.id and k.ozg_id = c.ozg_id and k.kreis_code = c.kreis_code;
    update coverage_land k set population = k.population + coalesce(new.population, 0) - coalesce(old.population, 0)
    from coverage_count c
    where c.gemeinde_id = new.id and k.ozg_id = c.ozg_id and k.land_code = c.land_code;
    update coverage_count set population = coalesce(new.population, 0) where gemeinde_id = new.id;
    return null;
end
$$;
create trigger coverage_population after update of population on organization
    for each row when (new.kind = 'MUNICIPALITY' and old.population is distinct from new.population)
    execute function coverage_population_trigger();

create function region_total_rebuild() returns void language sql as $$
    delete from region_total;
    insert into region_total (prefix, municipalities, population)
    select p.prefix, count(*), sum(coalesce(g.population, 0))
    from organization g
    cross join lateral (values (''), (substr(g.ars, 1, 2)), (substr(g.ars, 1, 5)), (substr(g.ars, 1, 9)), (g.ars)) p (prefix)
    where g.kind = 'MUNICIPALITY' and g.ars is not null
    group by p.prefix;
$$;

create function solution_reach_rebuild() returns void language sql as $$
    -- fresh planner statistics first: after a bulk load, estimates for the new rows would lead to nested loops
    analyze adoption_reach;
    analyze region_total;
    select solution_reach_refresh(null);
$$;

-- Set-based rebuild of everything the statistics triggers maintain, for bulk loads that switch triggers off
-- (bench/synthetic/national-scenario.sql). Replaces coverage_counts_rebuild() of V6.
create function statistics_rebuild() returns void language sql as $$
    select coverage_counts_rebuild();
    delete from coverage_land;
    insert into coverage_land (ozg_id, land_code, municipalities, population)
    select ozg_id, land_code, sum(municipalities), sum(population) from coverage_kreis group by ozg_id, land_code;
    delete from adoption_reach;
    insert into adoption_reach (adoption_id, solution_id, organization_id, area, live_from, live_to)
    select a.id, a.solution_id, a.organization_id, organization_area(o.kind, o.ars, o.land_code),
           live.effective_date, ended.effective_date
    from adoption a
    join organization o on o.id = a.organization_id
    join lateral (select t.seq, t.effective_date from adoption_status_transition t
                  where t.adoption_id = a.id and t.status = 'LIVE' order by t.seq limit 1) live on true
    left join lateral (select t.effective_date from adoption_status_transition t
                       where t.adoption_id = a.id and t.seq > live.seq and t.status = 'DISCONTINUED'
                       order by t.seq limit 1) ended on true
    where organization_area(o.kind, o.ars, o.land_code) is not null
      and exists (select 1 from adoption_ozg_service ao where ao.adoption_id = a.id);
    delete from adoption_reach_service;
    insert into adoption_reach_service (ozg_id, adoption_id, area, live_from, live_to)
    select ao.ozg_id, r.adoption_id, r.area, r.live_from, r.live_to
    from adoption_reach r join adoption_ozg_service ao on ao.adoption_id = r.adoption_id;
    select region_total_rebuild();
    select solution_reach_rebuild();
$$;
set local ozg.bulk_load = 'on';
set local jit = off;
select statistics_rebuild();
