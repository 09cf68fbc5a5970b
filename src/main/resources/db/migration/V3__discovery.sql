-- Discovery: one search index over OZG-Leistungen, LeiKa-Leistungen, solutions and organizations, kept current by
-- triggers in the transaction of every change; synonyms as data; change notifications for live subscriptions.

create extension if not exists fuzzystrmatch;

create table search_synonym (
    term      text not null,
    expansion text not null,
    primary key (term, expansion)
);

create table search_entry (
    kind           text not null check (kind in ('OZG_SERVICE', 'LEIKA_SERVICE', 'SOLUTION', 'ORGANIZATION')),
    entity_id      uuid not null,
    title          text not null,
    body           text,
    -- official keys that find the entry exactly: OZG-ID, LeiKa key, ARS, AGS
    keys           text[] not null default '{}',
    folded         text generated always as (de_fold(title)) stored,
    document       tsvector generated always as (
                       setweight(to_tsvector('german', de_fold(title)), 'A')
                       || setweight(to_tsvector('german', de_fold(coalesce(body, ''))), 'B')) stored,
    -- facets and filters
    themenfelder   integer[] not null default '{}',
    land_code      char(2),
    maturity_level smallint,
    maturity_model text,
    reuse_model    text,
    lifecycle      text,
    open_licence   boolean,
    -- a prior for ranking among equally good matches (population, adopters)
    prior          real not null default 0,
    primary key (kind, entity_id)
);
-- The index changes only with the registry's records; without a pending list every search reads a tidy index.
create index search_entry_document on search_entry using gin (document) with (fastupdate = off);
create index search_entry_folded on search_entry using gin (folded gin_trgm_ops) with (fastupdate = off);
create index search_entry_keys on search_entry using gin (keys) with (fastupdate = off);

-- Refreshers: one per kind, each rebuilding the entry of one record from its tables.

create function search_refresh_ozg_service(p_ozg_id integer) returns void language sql as $$
    insert into search_entry (kind, entity_id, title, body, keys, themenfelder, prior)
    select 'OZG_SERVICE', o.id, o.name, l.name || ' ' || t.name, array[o.ozg_id::text], array[o.themenfeld], 1
    from ozg_service o join lebenslage l on l.number = o.lebenslage join themenfeld t on t.number = o.themenfeld
    where o.ozg_id = p_ozg_id
    on conflict (kind, entity_id) do update set title = excluded.title, body = excluded.body, keys = excluded.keys,
        themenfelder = excluded.themenfelder
$$;

create function search_refresh_leika_service(p_id uuid) returns void language sql as $$
    insert into search_entry (kind, entity_id, title, body, keys, themenfelder, prior)
    select 'LEIKA_SERVICE', l.id, l.name, o.name, case when l.leika_key is null then '{}' else array[l.leika_key::text] end,
           case when o.themenfeld is null then '{}' else array[o.themenfeld] end, 0
    from leika_service l left join ozg_service o on o.ozg_id = l.ozg_id
    where l.id = p_id
    on conflict (kind, entity_id) do update set title = excluded.title, body = excluded.body, keys = excluded.keys,
        themenfelder = excluded.themenfelder
$$;

create function search_refresh_organization(p_id uuid) returns void language sql as $$
    insert into search_entry (kind, entity_id, title, body, keys, land_code, prior)
    select 'ORGANIZATION', o.id, o.name,
           concat_ws(' ', o.designation, case o.kind when 'DISTRICT' then 'Kreis' when 'STATE' then 'Land'
                                                     when 'MUNICIPALITY' then 'Gemeinde' when 'FEDERAL' then 'Bund'
                                                     else null end),
           case when o.ars is null then '{}'
                when o.kind = 'DISTRICT' then array[o.ars::text, substr(o.ars, 1, 5)]
                when o.kind = 'STATE' then array[o.ars::text, substr(o.ars, 1, 2)]
                else array[o.ars::text, substr(o.ars, 1, 5) || substr(o.ars, 10, 3)] end,
           o.land_code, ln(1 + coalesce(o.population, 0))
    from organization o where o.id = p_id
    on conflict (kind, entity_id) do update set title = excluded.title, body = excluded.body, keys = excluded.keys,
        land_code = excluded.land_code, prior = excluded.prior
$$;

create function search_refresh_solution(p_id uuid) returns void language sql as $$
    delete from search_entry where kind = 'SOLUTION' and entity_id = p_id
        and not exists (select 1 from solution where id = p_id);
    insert into search_entry (kind, entity_id, title, body, keys, themenfelder, land_code, maturity_level,
                              maturity_model, reuse_model, lifecycle, open_licence, prior)
    select 'SOLUTION', s.id, s.name,
           concat_ws(' ', s.summary, array_to_string(s.standards, ' '), p.name,
                     (select string_agg(o.name, ' ') from solution_ozg_service so
                      join ozg_service o on o.ozg_id = so.ozg_id where so.solution_id = s.id)),
           '{}',
           coalesce((select array_agg(distinct o.themenfeld) from solution_ozg_service so
                     join ozg_service o on o.ozg_id = so.ozg_id where so.solution_id = s.id), '{}'),
           p.land_code, s.maturity_level, s.maturity_model, s.reuse_model, s.lifecycle,
           (s.reuse_model = 'OPEN_SOURCE' or 'OPEN_LICENCE' = any (s.legal_paths)),
           ln(1 + (select count(*) from adoption a where a.solution_id = s.id and a.status = 'LIVE'))
    from solution s join organization p on p.id = s.provider_id
    where s.id = p_id
    on conflict (kind, entity_id) do update set title = excluded.title, body = excluded.body,
        themenfelder = excluded.themenfelder, land_code = excluded.land_code,
        maturity_level = excluded.maturity_level, maturity_model = excluded.maturity_model,
        reuse_model = excluded.reuse_model, lifecycle = excluded.lifecycle, open_licence = excluded.open_licence,
        prior = excluded.prior
$$;

create function search_trigger() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'ozg_service' then
        perform search_refresh_ozg_service(new.ozg_id);
    elsif tg_table_name = 'leika_service' then
        perform search_refresh_leika_service(new.id);
    elsif tg_table_name = 'organization' then
        perform search_refresh_organization(new.id);
    elsif tg_table_name = 'solution' then
        perform search_refresh_solution(new.id);
    elsif tg_table_name = 'solution_ozg_service' then
        perform search_refresh_solution(coalesce(new.solution_id, old.solution_id));
    elsif tg_table_name = 'adoption' then
        perform search_refresh_solution(new.solution_id);
    end if;
    return null;
end
$$;

create trigger search_ozg_service after insert or update on ozg_service
    for each row execute function search_trigger();
create trigger search_leika_service after insert or update on leika_service
    for each row execute function search_trigger();
create trigger search_organization after insert or update of name, designation, ars, land_code, population
    on organization for each row execute function search_trigger();
create trigger search_solution after insert or update on solution
    for each row execute function search_trigger();
create trigger search_solution_ozg_service after insert or delete on solution_ozg_service
    for each row execute function search_trigger();
create trigger search_adoption after insert or update of status on adoption
    for each row execute function search_trigger();

-- Backfill for databases seeded before this migration.
select search_refresh_ozg_service(ozg_id) from ozg_service;
select search_refresh_leika_service(id) from leika_service;
select search_refresh_organization(id) from organization;
select search_refresh_solution(id) from solution;

-- Live notifications: every change-log entry is announced on commit to every registry instance on this database.
create function change_log_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('ozg_changes', json_build_object('seq', new.seq, 'type', new.entity_type,
        'id', new.entity_id, 'operation', new.operation)::text);
    return null;
end
$$;
create trigger change_log_notify after insert on change_log
    for each row execute function change_log_notify();

-- The search itself. Candidates: an exact key, a full-text match (German stemming on the folded text, so that
-- umlauts, their transliteration and ß match each other), or a trigram word similarity above 0.45 (typos).
-- The score adds up evidence: exact key, equal or prefix title, full-text rank, trigram similarity, edit distance of
-- the closest title word, synonym match, a prior (population, adopters) and the kind. The function-level setting
-- makes the similarity operator use the 0.45 threshold. The candidates are a union of three index scans (one OR
-- of the three conditions makes the planner scan the whole table).
create function search_entries(p_folded text, p_query tsquery, p_synonyms tsquery, p_keys text[], p_kinds text[],
                               p_themenfeld integer, p_land text, p_min_maturity integer, p_reuse_model text,
                               p_lifecycle text, p_open_licence boolean)
    returns table (kind text, entity_id uuid, title text, score real, themenfelder integer[], land_code char(2),
                   maturity_level smallint, reuse_model text, lifecycle text, open_licence boolean)
    language plpgsql stable
    set pg_trgm.word_similarity_threshold = 0.45
as $$
begin
    -- dynamic SQL: planned for every call with the actual values (a cached generic plan scans the whole table)
    return query execute '
    select e.kind, e.entity_id, e.title,
           (case when e.keys && $4 then 100 else 0 end
            + case when e.folded = $1 then 20 else 0 end
            + case when starts_with(e.folded, $1) then 6 else 0 end
            + 10 * ts_rank(e.document, $2)
            + 8 * word_similarity($1, e.folded)
            -- a word of the title one or two edits away from the query: a typo ("hundsteuer")
            + coalesce((select case when min(levenshtein(left($1, 100), w)) between 1 and 2
                                    then 3 * (3 - min(levenshtein(left($1, 100), w))) else 0 end
                        from unnest(regexp_split_to_array(e.folded, ''[^a-z0-9]+'')) w
                        where length(w) > 3 and length($1) > 3), 0)
            -- shorter titles first among equals: "Hundesteuer" before "Hundesteuer Befreiung"
            - least(3, 0.08 * greatest(0, length(e.folded) - length($1)))
            + case when $3 is not null and e.document @@ $3 then 12 else 0 end
            + case e.kind when ''ORGANIZATION'' then 0.15 when ''SOLUTION'' then 0.2 else 0.5 end * e.prior
            + case e.kind when ''OZG_SERVICE'' then 1.5 when ''SOLUTION'' then 1 when ''LEIKA_SERVICE'' then 0.5 else 0 end
           )::real,
           e.themenfelder, e.land_code, e.maturity_level, e.reuse_model, e.lifecycle, e.open_licence
    from (select c.kind, c.entity_id from search_entry c where c.keys && $4
          union
          select c.kind, c.entity_id from search_entry c where c.document @@ $2
          union
          select c.kind, c.entity_id from search_entry c where $1 <% c.folded) candidate
    join search_entry e on e.kind = candidate.kind and e.entity_id = candidate.entity_id
    where ($5 is null or e.kind = any ($5))
      and ($6 is null or $6 = any (e.themenfelder))
      and ($7 is null or e.land_code = $7)
      and ($8 is null or e.maturity_level >= $8)
      and ($9 is null or e.reuse_model = $9)
      and ($10 is null or e.lifecycle = $10)
      and ($11 is null or e.open_licence = $11)
    ' using p_folded, p_query, p_synonyms, p_keys, p_kinds, p_themenfeld, p_land, p_min_maturity, p_reuse_model,
            p_lifecycle, p_open_licence;
end
$$;
