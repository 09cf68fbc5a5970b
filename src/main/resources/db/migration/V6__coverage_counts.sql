-- Today's coverage as counters, maintained by triggers on the coverage table in the writing transaction, so that
-- reports of the current state read a few hundred rows instead of millions:
--   coverage_count: per OZG-Leistung and Gemeinde, the number of live adoptions covering it (rows with count 0 go);
--   coverage_kreis: per OZG-Leistung and Kreis, the covered Gemeinden and their inhabitants.
-- Only coverage rows without an end count: status dates are never in the future, so they are exactly today's.

create table coverage_count (
    ozg_id         integer not null,
    gemeinde_id    uuid not null,
    kreis_code     char(5) not null,
    land_code      char(2) not null,
    population     integer not null,
    live_adoptions integer not null check (live_adoptions >= 0),
    primary key (ozg_id, gemeinde_id)
);

create table coverage_kreis (
    ozg_id         integer not null,
    kreis_code     char(5) not null,
    land_code      char(2) not null,
    municipalities integer not null,
    population     bigint not null,
    primary key (ozg_id, kreis_code)
);
create index coverage_kreis_land on coverage_kreis (land_code, ozg_id);

create function coverage_count_change(p_ozg integer, p_gemeinde uuid, p_kreis char(5), p_land char(2),
                                      p_population integer, p_delta integer) returns void language plpgsql as $$
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
        end if;
    end if;
end
$$;

create function coverage_count_trigger() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' and new.live_to is null then
        perform coverage_count_change(new.ozg_id, new.gemeinde_id, new.kreis_code, new.land_code, new.population, 1);
    elsif tg_op = 'DELETE' and old.live_to is null then
        perform coverage_count_change(old.ozg_id, old.gemeinde_id, old.kreis_code, old.land_code, old.population, -1);
    end if;
    return null;
end
$$;
create trigger coverage_count after insert or delete on coverage
    for each row execute function coverage_count_trigger();

-- Set-based rebuild, for bulk loads that bypass the triggers (bench/synthetic/national-scenario.sql) and for here.
create function coverage_counts_rebuild() returns void language sql as $$
    delete from coverage_count;
    delete from coverage_kreis;
    insert into coverage_count (ozg_id, gemeinde_id, kreis_code, land_code, population, live_adoptions)
    select ozg_id, gemeinde_id, min(kreis_code), min(land_code), max(population), count(*)
    from coverage where live_to is null group by ozg_id, gemeinde_id;
    insert into coverage_kreis (ozg_id, kreis_code, land_code, municipalities, population)
    select ozg_id, kreis_code, min(land_code), count(*), sum(population)
    from coverage_count group by ozg_id, kreis_code;
$$;
select coverage_counts_rebuild();
