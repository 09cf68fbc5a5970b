-- Search: the current definition of every function of the search feature, and its ranking weights. A repeatable
-- migration: Flyway applies it after all versioned migrations and again whenever this file changes, so a change
-- to a weight or to a function is an edit of this file, never a new versioned migration. The index itself
-- (search_entry) is V3__discovery.sql; earlier definitions of these functions in V3 and V9 are
-- history, this file is what runs.

-- The ranking weights of search_entries, one row each (table search_weight, V12__search_weights.sql): what a
-- kind of evidence adds to the score. This file seeds them (and resets them to these values whenever it changes);
-- `update search_weight set value = ... where name = ...` tries another value at run time (the read and response
-- caches keep earlier results until the next change or restart). RelevanceTest guards them: its floors must hold
-- after every change.
with seed (name, value, description) as (values
    ('key_match', 100::double precision, 'the query is an official key of the entry (OZG-ID, LeiKa key, ARS, AGS, '
                                         'Kreis or Land key)'),
    ('exact_title', 20, 'the folded title is the query'),
    ('title_prefix', 6, 'the folded title begins with the query'),
    ('full_text', 10, 'times ts_rank of the full-text match of all words (title A, body B)'),
    ('word_share', 10, 'times the share of the query''s words (each with its synonyms) the entry has, each word '
                       'weighted by its rarity; only for queries of several words'),
    ('word_rarity_floor', 0.1, 'the least weight of a word in word_share: ln(entries / (1 + entries with it))'),
    ('similarity', 8, 'times the trigram word similarity of the query and the title'),
    ('similarity_threshold', 0.45, 'the trigram word similarity from which an entry is a candidate (typos)'),
    ('typo', 3, 'times (3 - edits) for a title word one or two edits away from the query ("hundsteuer")'),
    ('length_penalty', 0.08, 'subtracted per character the title is longer than the query (shorter titles first)'),
    ('length_penalty_max', 3, 'the most length_penalty subtracts'),
    ('synonym', 12, 'a full-text match that needed a synonym, or of a query of several words'),
    ('prior_ozg_service', 0.5, 'times the prior of an OZG-Leistung (1 for each)'),
    ('prior_leika_service', 0.5, 'times the prior of a LeiKa-Leistung (0: no effect today)'),
    ('prior_solution', 0.2, 'times the prior of a solution: ln(1 + live adopters)'),
    ('prior_organization', 0.15, 'times the prior of an organization: ln(1 + population)'),
    ('kind_ozg_service', 1.5, 'added to every OZG-Leistung: above its LeiKa-Leistungen and solutions of equal match'),
    ('kind_solution', 1, 'added to every solution'),
    ('kind_leika_service', 0.5, 'added to every LeiKa-Leistung: below the OZG-Leistung of equal match'),
    ('kind_organization', 0, 'added to every organization')),
upsert as (
    insert into search_weight (name, value, description) select * from seed
    on conflict (name) do update set value = excluded.value, description = excluded.description)
-- a weight no longer seeded is gone
delete from search_weight where name not in (select name from seed);

-- The weights as one row, one column each, as search_entries reads them (recreated: its columns follow the seed).
drop view if exists search_weights;
create view search_weights as
select max(value) filter (where name = 'key_match') as key_match,
       max(value) filter (where name = 'exact_title') as exact_title,
       max(value) filter (where name = 'title_prefix') as title_prefix,
       max(value) filter (where name = 'full_text') as full_text,
       max(value) filter (where name = 'word_share') as word_share,
       max(value) filter (where name = 'word_rarity_floor') as word_rarity_floor,
       max(value) filter (where name = 'similarity') as similarity,
       max(value) filter (where name = 'similarity_threshold') as similarity_threshold,
       max(value) filter (where name = 'typo') as typo,
       max(value) filter (where name = 'length_penalty') as length_penalty,
       max(value) filter (where name = 'length_penalty_max') as length_penalty_max,
       max(value) filter (where name = 'synonym') as synonym,
       max(value) filter (where name = 'prior_ozg_service') as prior_ozg_service,
       max(value) filter (where name = 'prior_leika_service') as prior_leika_service,
       max(value) filter (where name = 'prior_solution') as prior_solution,
       max(value) filter (where name = 'prior_organization') as prior_organization,
       max(value) filter (where name = 'kind_ozg_service') as kind_ozg_service,
       max(value) filter (where name = 'kind_solution') as kind_solution,
       max(value) filter (where name = 'kind_leika_service') as kind_leika_service,
       max(value) filter (where name = 'kind_organization') as kind_organization
from search_weight;

-- The search itself. Candidates: an exact key, a full-text match of all words (German stemming on the folded text,
-- so that umlauts, their transliteration and ß match each other), a full-text match of some of the words
-- (p_any, only for queries of several words), or a trigram word similarity above similarity_threshold (typos).
-- The score adds up evidence, each piece times its weight (w: the row of search_weights): exact key, equal or
-- prefix title, full-text rank, the share of the query's words (each with its synonyms, p_terms; weighted by their
-- rarity) the entry matches, trigram similarity, edit distance of the closest title word, synonym match, a prior
-- (population, adopters) and the kind.
-- `strong` says whether the entry matched by key or by all words (not only by similarity or by some of the words):
-- only such a match makes an OZG-Leistung a real hit of search_answer. `exact` says whether it matched by key or
-- its title is the query or begins with the query's whole words ("Mainz", "civento – Digitalisierungsplattform …"
-- for "civento", not "Wohngeld-…" for "wohngel"). `matched` has bit i - 1 set if the entry has word i of the query
-- (p_terms). The function sets the similarity operator's threshold to similarity_threshold; the function-level
-- setting (pg_trgm's default, 0.6, not a weight) only keeps that change inside the function. The candidates are a
-- union of index scans (one OR of the conditions makes the planner scan the whole table).
create or replace function search_entries(p_folded text, p_query tsquery, p_synonyms tsquery, p_terms tsquery[],
                                          p_any tsquery, p_keys text[], p_kinds text[], p_themenfeld integer,
                                          p_land text, p_min_maturity integer, p_reuse_model text, p_lifecycle text,
                                          p_open_licence boolean)
    returns table (kind text, entity_id uuid, title text, score real, strong boolean, exact boolean,
                   matched integer, themenfelder integer[], land_code char(2), maturity_level smallint,
                   reuse_model text, lifecycle text, open_licence boolean)
    language plpgsql stable
    set pg_trgm.word_similarity_threshold = 0.6
as $$
declare
    -- the ranking weights, read once per call and passed to the query as one row ($15, there called w)
    w search_weights;
    -- the weight of each word of the query: ln(entries / (1 + entries that have it)), at least word_rarity_floor
    v_weights real[];
begin
    select * into w from search_weights;
    perform set_config('pg_trgm.word_similarity_threshold', w.similarity_threshold::text, true);
    if cardinality(p_terms) > 1 then
        select array_agg(greatest(w.word_rarity_floor, ln(n.total / (1 + (select count(*) from search_entry s
                                                                           where s.document @@ u.t))))
                         order by u.ord)
        into v_weights
        from unnest(p_terms) with ordinality u(t, ord), (select count(*)::real as total from search_entry) n;
    end if;
    -- dynamic SQL: planned for every call with the actual values (a cached generic plan scans the whole table)
    return query execute '
    select e.kind, e.entity_id, e.title,
           (case when e.keys && $6 then w.key_match else 0 end
            + case when e.folded = $1 then w.exact_title else 0 end
            + case when starts_with(e.folded, $1) then w.title_prefix else 0 end
            + w.full_text * ts_rank(e.document, $2)
            -- the share of the query''s words (or their synonyms) the entry has, each word weighted by how rare it
            -- is: "Kindergeld beantragen" still finds Kindergeld (rare) rather than everything to "beantragen"
            -- (common), and an entry with both words comes first
            + case when cardinality($4) > 1
                   then w.word_share
                        * coalesce((select sum(x.w) from unnest($4, $14) x(t, w) where e.document @@ x.t), 0)
                        / (select sum(w) from unnest($14) w)
                   else 0 end
            + w.similarity * word_similarity($1, e.folded)
            -- a word of the title one or two edits away from the query: a typo ("hundsteuer")
            + coalesce((select case when min(levenshtein(left($1, 100), t)) between 1 and 2
                                    then w.typo * (3 - min(levenshtein(left($1, 100), t))) else 0 end
                        from unnest(regexp_split_to_array(e.folded, ''[^a-z0-9]+'')) t
                        where length(t) > 3 and length($1) > 3), 0)
            -- shorter titles first among equals: "Hundesteuer" before "Hundesteuer Befreiung"
            - least(w.length_penalty_max, w.length_penalty * greatest(0, length(e.folded) - length($1)))
            -- a match by synonym ("Ummeldung" finds Wohnsitz); for several words every entry that has all of them
            -- (by synonym or not), so that for "Gewerbe anmelden" the synonym Zulassung of anmelden alone lifts
            -- neither every Zulassung nor Gewerbe-Zulassungen above "Gewerbe Anmeldung"
            + case when e.document @@ $2 and (cardinality($4) > 1 or ($3 is not null and e.document @@ $3))
                   then w.synonym else 0 end
            + case e.kind when ''OZG_SERVICE'' then w.prior_ozg_service
                          when ''LEIKA_SERVICE'' then w.prior_leika_service
                          when ''SOLUTION'' then w.prior_solution else w.prior_organization end * e.prior
            + case e.kind when ''OZG_SERVICE'' then w.kind_ozg_service when ''SOLUTION'' then w.kind_solution
                          when ''LEIKA_SERVICE'' then w.kind_leika_service else w.kind_organization end
           )::real,
           (e.keys && $6 or e.document @@ $2),
           (e.keys && $6 or e.folded = $1
            or (starts_with(e.folded, $1) and substr(e.folded, length($1) + 1, 1) !~ ''[a-z0-9]'')),
           (select coalesce(sum(1 << (x.i::int - 1)), 0)::int from unnest($4) with ordinality x(t, i)
            where e.document @@ x.t),
           e.themenfelder, e.land_code, e.maturity_level, e.reuse_model, e.lifecycle, e.open_licence
    from (select c.kind, c.entity_id from search_entry c where c.keys && $6
          union
          select c.kind, c.entity_id from search_entry c where c.document @@ $2
          union
          select c.kind, c.entity_id from search_entry c where $5 is not null and c.document @@ $5
          union
          select c.kind, c.entity_id from search_entry c where $1 <% c.folded) candidate
    join search_entry e on e.kind = candidate.kind and e.entity_id = candidate.entity_id
    -- offset 0: the weights are taken apart once, not for every candidate (as the flattened subquery would)
    cross join (select ($15).* offset 0) w
    where ($7 is null or e.kind = any ($7))
      and ($8 is null or $8 = any (e.themenfelder))
      and ($9 is null or e.land_code = $9)
      and ($10 is null or e.maturity_level >= $10)
      and ($11 is null or e.reuse_model = $11)
      and ($12 is null or e.lifecycle = $12)
      and ($13 is null or e.open_licence = $13)
    ' using p_folded, p_query, p_synonyms, p_terms, p_any, p_keys, p_kinds, p_themenfeld, p_land, p_min_maturity,
            p_reuse_model, p_lifecycle, p_open_licence, v_weights, w;
end
$$;

-- The grouped answer: every matched LeiKa-Leistung counts as a match of its OZG-Leistung (the LeiKa-Leistungen of
-- an OZG-Leistung are its synonyms: "Hundesteuer" is a LeiKa-Leistung of Hundehaltung) and is folded under it.
-- An OZG-Leistung is a group; its score is the best of its own score and that of its LeiKa-Leistungen. Groups with
-- a strong match (key or all words, by itself, by one of its LeiKa-Leistungen, or all words spread over them) come
-- before groups found only by similarity or by some of the words (Kaffeesteuer for "Hundesteuer"), whatever their
-- scores. Solutions and organizations follow as they are. LeiKa-Leistungen assigned to no OZG-Leistung are left out.
-- Rows come in the order to show them within their section (and, for LeiKa-Leistungen, within their group).
-- The order of the sections follows their first rows: first the sections whose first row is exact (key, the whole
-- title: "Mainz", "civento"), then the OZG-Leistungen if the first has a strong match (the answer to "what is there
-- for X" comes before solutions that merely carry X in their names), then by score (section_rank, section_score;
-- on equal rank and score the OZG-Leistungen first).
create or replace function search_answer(p_folded text, p_query tsquery, p_synonyms tsquery, p_terms tsquery[],
                                         p_any tsquery, p_keys text[], p_kinds text[], p_themenfeld integer,
                                         p_land text, p_min_maturity integer, p_reuse_model text, p_lifecycle text,
                                         p_open_licence boolean)
    returns table (section text, entity_id uuid, parent_id uuid, title text, score real, strong boolean,
                   exact boolean, section_rank integer, section_score real, themenfelder integer[],
                   land_code char(2), maturity_level smallint, reuse_model text, lifecycle text,
                   open_licence boolean)
    language sql stable
as $$
    with hits as (
        select * from search_entries(p_folded, p_query, p_synonyms, p_terms, p_any, p_keys, p_kinds, p_themenfeld,
                                     p_land, p_min_maturity, p_reuse_model, p_lifecycle, p_open_licence)
    ),
    lines as (
        select h.entity_id, o.id as parent_id, h.title, h.score, h.strong, h.exact, h.matched
        from hits h join leika_service l on l.id = h.entity_id join ozg_service o on o.ozg_id = l.ozg_id
        where h.kind = 'LEIKA_SERVICE'
    ),
    groups as (
        -- strong: a strong entry, or every word of the query in one of the group's entries ("Hundesteuer
        -- anmelden": the LeiKa-Leistungen Hundesteuer and Hundehaltung Anmeldung)
        select m.parent_id as entity_id, max(m.score) as score,
               bool_or(m.strong) or (cardinality(p_terms) > 0
                                     and bit_or(m.matched) = (1 << cardinality(p_terms)) - 1) as strong,
               bool_or(m.exact) as exact
        from (select h.entity_id as parent_id, h.score, h.strong, h.exact, h.matched from hits h
              where h.kind = 'OZG_SERVICE'
              union all
              select l.parent_id, l.score, l.strong, l.exact, l.matched from lines l) m
        group by m.parent_id
    ),
    ranked as (
        select 'OZG_SERVICE' as section, g.entity_id, null::uuid as parent_id, e.title, g.score, g.strong, g.exact,
               e.themenfelder, e.land_code, e.maturity_level, e.reuse_model, e.lifecycle, e.open_licence,
               row_number() over (order by g.strong desc, g.score desc, e.title, g.entity_id) as position
        from groups g join search_entry e on e.kind = 'OZG_SERVICE' and e.entity_id = g.entity_id
        union all
        select 'LEIKA_SERVICE', l.entity_id, l.parent_id, l.title, l.score, l.strong, l.exact, null, null, null, null,
               null, null,
               row_number() over (partition by l.parent_id order by l.score desc, l.title, l.entity_id)
        from lines l
        union all
        select h.kind, h.entity_id, null, h.title, h.score, h.strong, h.exact, h.themenfelder, h.land_code,
               h.maturity_level, h.reuse_model, h.lifecycle, h.open_licence,
               row_number() over (partition by h.kind order by h.score desc, h.kind, h.entity_id)
        from hits h where h.kind in ('SOLUTION', 'ORGANIZATION')
    )
    select r.section, r.entity_id, r.parent_id, r.title, r.score, r.strong, r.exact,
           case when f.exact then 0 when r.section = 'OZG_SERVICE' and f.strong then 1 else 2 end,
           coalesce(f.score, 0),
           r.themenfelder, r.land_code, r.maturity_level, r.reuse_model, r.lifecycle, r.open_licence
    from ranked r
    -- the section's first row decides where the section is shown
    left join ranked f on f.section = r.section and f.parent_id is null and f.position = 1
    order by r.section, r.parent_id nulls first, r.position
$$;

-- The search index (search_entry, V3__discovery.sql) as a projection of the discovery feature: one refresher per
-- kind, each rebuilding the entries of the records named from their tables, set-based (de.ozgregistry.discovery
-- .SearchIndex calls them in the transaction of every change), and search_rebuild() for all of them (seeding, bulk
-- loads, a start after a change of the projection's version). Earlier definitions in V3 and V9 are history.

create or replace function search_refresh_ozg_services(p_ozg_ids integer[]) returns void language sql as $$
    insert into search_entry (kind, entity_id, title, body, keys, themenfelder, prior)
    select 'OZG_SERVICE', o.id, o.name, l.name || ' ' || t.name, array[o.ozg_id::text], array[o.themenfeld], 1
    from ozg_service o join lebenslage l on l.number = o.lebenslage join themenfeld t on t.number = o.themenfeld
    where o.ozg_id in (select unnest(p_ozg_ids))
    on conflict (kind, entity_id) do update set title = excluded.title, body = excluded.body, keys = excluded.keys,
        themenfelder = excluded.themenfelder
$$;

create or replace function search_refresh_leika_services(p_ids uuid[]) returns void language sql as $$
    insert into search_entry (kind, entity_id, title, body, keys, themenfelder, prior)
    select 'LEIKA_SERVICE', l.id, l.name, o.name, case when l.leika_key is null then '{}' else array[l.leika_key::text] end,
           case when o.themenfeld is null then '{}' else array[o.themenfeld] end, 0
    from leika_service l left join ozg_service o on o.ozg_id = l.ozg_id
    where l.id in (select unnest(p_ids))
    on conflict (kind, entity_id) do update set title = excluded.title, body = excluded.body, keys = excluded.keys,
        themenfelder = excluded.themenfelder
$$;

-- A body is found under the keys of each of its roles (Kreis key, Land code, ARS and AGS).
create or replace function search_refresh_organizations(p_ids uuid[]) returns void language sql as $$
    insert into search_entry (kind, entity_id, title, body, keys, land_code, prior)
    select 'ORGANIZATION', o.id, o.name,
           concat_ws(' ', o.designation,
                     case when 'FEDERAL' = any (o.kinds) then 'Bund' end,
                     case when 'STATE' = any (o.kinds) then 'Land' end,
                     case when 'DISTRICT' = any (o.kinds) then 'Kreis' end,
                     case when 'MUNICIPALITY' = any (o.kinds) then 'Gemeinde' end),
           case when o.ars is null then '{}'
                else array[o.ars::text]
                     || case when 'STATE' = any (o.kinds) then array[substr(o.ars, 1, 2)] else '{}' end
                     || case when 'DISTRICT' = any (o.kinds) then array[substr(o.ars, 1, 5)] else '{}' end
                     || case when 'MUNICIPALITY' = any (o.kinds)
                             then array[substr(o.ars, 1, 5) || substr(o.ars, 10, 3)] else '{}' end end,
           o.land_code, ln(1 + coalesce(o.population, 0))
    from organization o where o.id in (select unnest(p_ids))
    on conflict (kind, entity_id) do update set title = excluded.title, body = excluded.body, keys = excluded.keys,
        land_code = excluded.land_code, prior = excluded.prior
$$;

-- A solution's ranking prior: ln(1 + its live adoptions) (adoption.Adopters: a Nutzer is a LIVE adoption).
create or replace function search_solution_prior(p_solution uuid) returns real language sql stable as $$
    select ln(1 + count(*))::real from adoption a where a.solution_id = p_solution and a.status = 'LIVE'
$$;

-- Only the prior of the solutions named (an adoption's status changed): an update of one column, no new document.
create or replace function search_refresh_priors(p_ids uuid[]) returns void language sql as $$
    update search_entry e set prior = search_solution_prior(e.entity_id)
    where e.kind = 'SOLUTION' and e.entity_id in (select unnest(p_ids))
      and e.prior is distinct from search_solution_prior(e.entity_id)
$$;

create or replace function search_refresh_solutions(p_ids uuid[]) returns void language sql as $$
    delete from search_entry where kind = 'SOLUTION' and entity_id in (select unnest(p_ids))
        and not exists (select 1 from solution s where s.id = entity_id);
    insert into search_entry (kind, entity_id, title, body, keys, themenfelder, land_code, maturity_level,
                              maturity_model, reuse_model, lifecycle, open_licence, prior)
    select 'SOLUTION', s.id, s.name,
           concat_ws(' ', s.summary, array_to_string(s.standards, ' '), p.name,
                     -- in a fixed order, so that a rebuild gives the same document
                     (select string_agg(o.name, ' ' order by o.ozg_id) from solution_ozg_service so
                      join ozg_service o on o.ozg_id = so.ozg_id where so.solution_id = s.id)),
           '{}',
           coalesce((select array_agg(distinct o.themenfeld order by o.themenfeld) from solution_ozg_service so
                     join ozg_service o on o.ozg_id = so.ozg_id where so.solution_id = s.id), '{}'),
           p.land_code, s.maturity_level, s.maturity_model, s.reuse_model, s.lifecycle,
           (s.reuse_model = 'OPEN_SOURCE' or 'OPEN_LICENCE' = any (s.legal_paths)),
           search_solution_prior(s.id)
    from solution s join organization p on p.id = s.provider_id
    where s.id in (select unnest(p_ids))
    on conflict (kind, entity_id) do update set title = excluded.title, body = excluded.body,
        themenfelder = excluded.themenfelder, land_code = excluded.land_code,
        maturity_level = excluded.maturity_level, maturity_model = excluded.maturity_model,
        reuse_model = excluded.reuse_model, lifecycle = excluded.lifecycle, open_licence = excluded.open_licence,
        prior = excluded.prior
$$;

create or replace function search_rebuild() returns void language sql as $$
    delete from search_entry;
    select search_refresh_ozg_services(array(select ozg_id from ozg_service));
    select search_refresh_leika_services(array(select id from leika_service));
    select search_refresh_organizations(array(select id from organization));
    select search_refresh_solutions(array(select id from solution));
    analyze search_entry;
$$;
