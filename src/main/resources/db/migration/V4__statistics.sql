-- Statistics: which Gemeinde has which OZG-Leistung live, since when and until when, derived from the status
-- history of every adoption and kept current by triggers in the transaction of every change.
--
-- A live adoption covers the Gemeinden below its adopter: the Bund covers every Gemeinde, a Land those in the Land
-- (for example a centrally run EfA service the Land adopted), a Kreis those in the Kreis, a Gemeindeverband those
-- sharing its 9-digit Verband key, a Gemeinde itself. Adoptions by providers, vendors and agencies cover none.
-- An adoption is live from the date of its LIVE transition until the date of a later DISCONTINUED transition.

create table coverage (
    adoption_id uuid not null references adoption (id) on delete cascade,
    ozg_id      integer not null,
    gemeinde_id uuid not null,
    land_code   char(2) not null,
    kreis_code  char(5) not null,
    population  integer not null,
    live_from   date not null,
    live_to     date,
    primary key (adoption_id, ozg_id, gemeinde_id)
);
create index coverage_ozg on coverage (ozg_id, land_code, kreis_code);
create index coverage_gemeinde on coverage (gemeinde_id, ozg_id);

create function coverage_refresh(p_adoption uuid) returns void language sql as $$
    delete from coverage where adoption_id = p_adoption;
    insert into coverage (adoption_id, ozg_id, gemeinde_id, land_code, kreis_code, population, live_from, live_to)
    select a.id, ao.ozg_id, g.id, g.land_code, substr(g.ars, 1, 5), coalesce(g.population, 0), live.effective_date,
           ended.effective_date
    from adoption a
    join organization o on o.id = a.organization_id
    join adoption_ozg_service ao on ao.adoption_id = a.id
    join lateral (select t.seq, t.effective_date from adoption_status_transition t
                  where t.adoption_id = a.id and t.status = 'LIVE' order by t.seq limit 1) live on true
    left join lateral (select t.effective_date from adoption_status_transition t
                       where t.adoption_id = a.id and t.seq > live.seq and t.status = 'DISCONTINUED'
                       order by t.seq limit 1) ended on true
    join organization g on g.kind = 'MUNICIPALITY' and (
            o.kind = 'FEDERAL'
         or (o.kind = 'STATE' and g.land_code = o.land_code)
         or (o.kind = 'DISTRICT' and substr(g.ars, 1, 5) = substr(o.ars, 1, 5))
         or (o.kind = 'MUNICIPAL_ASSOCIATION' and substr(g.ars, 1, 9) = substr(o.ars, 1, 9))
         or (o.kind = 'MUNICIPALITY' and g.id = o.id))
    where a.id = p_adoption
$$;

create function coverage_trigger() returns trigger language plpgsql as $$
begin
    perform coverage_refresh(coalesce(new.adoption_id, old.adoption_id));
    return null;
end
$$;

create trigger coverage_status after insert on adoption_status_transition
    for each row execute function coverage_trigger();
create trigger coverage_ozg_services after insert or delete on adoption_ozg_service
    for each row execute function coverage_trigger();

select coverage_refresh(id) from adoption;
