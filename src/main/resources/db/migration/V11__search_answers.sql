-- Search that answers first: the ranking of search entries, now also crediting queries whose words match only in
-- part ("Kindergeld beantragen"), and the grouped answer built on it (OZG-Leistungen with their matching
-- LeiKa-Leistungen folded under them, then solutions and organizations). This file replaces the ranking of
-- V3__discovery.sql; the ranking rule lives here and only here (search_entries), the grouping in search_answer.

drop function search_entries(text, tsquery, tsquery, text[], text[], integer, text, integer, text, text, boolean);

-- The search itself. Candidates: an exact key, a full-text match of all words (German stemming on the folded text,
-- so that umlauts, their transliteration and ß match each other), a full-text match of some of the words
-- (p_any, only for queries of several words), or a trigram word similarity above 0.45 (typos).
-- The score adds up evidence: exact key, equal or prefix title, full-text rank, the share of the query's words
-- (each with its synonyms, p_terms; weighted by their rarity) the entry matches, trigram similarity, edit distance
-- of the closest title word, synonym match, a prior (population, adopters) and the kind.
-- `strong` says whether the entry matched by key or by all words (not only by similarity or by some of the words):
-- only such a match makes an OZG-Leistung a real hit of search_answer. `exact` says whether it matched by key or
-- its title is the query or begins with the query's whole words ("Mainz", "civento – Digitalisierungsplattform …"
-- for "civento", not "Wohngeld-…" for "wohngel"). `matched` has bit i - 1 set if the entry has word i of the query
-- (p_terms). The function-level setting makes the similarity operator use the 0.45 threshold. The candidates are a
-- union of index scans (one OR of the conditions makes the planner scan the whole table).
create function search_entries(p_folded text, p_query tsquery, p_synonyms tsquery, p_terms tsquery[], p_any tsquery,
                               p_keys text[], p_kinds text[], p_themenfeld integer, p_land text,
                               p_min_maturity integer, p_reuse_model text, p_lifecycle text, p_open_licence boolean)
    returns table (kind text, entity_id uuid, title text, score real, strong boolean, exact boolean,
                   matched integer, themenfelder integer[], land_code char(2), maturity_level smallint,
                   reuse_model text, lifecycle text, open_licence boolean)
    language plpgsql stable
    set pg_trgm.word_similarity_threshold = 0.45
as $$
declare
    -- the weight of each word of the query: ln(entries / (1 + entries that have it)), at least 0.1
    v_weights real[];
begin
    if cardinality(p_terms) > 1 then
        select array_agg(greatest(0.1, ln(n.total / (1 + (select count(*) from search_entry s
                                                           where s.document @@ u.t)))) order by u.ord)
        into v_weights
        from unnest(p_terms) with ordinality u(t, ord), (select count(*)::real as total from search_entry) n;
    end if;
    -- dynamic SQL: planned for every call with the actual values (a cached generic plan scans the whole table)
    return query execute '
    select e.kind, e.entity_id, e.title,
           (case when e.keys && $6 then 100 else 0 end
            + case when e.folded = $1 then 20 else 0 end
            + case when starts_with(e.folded, $1) then 6 else 0 end
            + 10 * ts_rank(e.document, $2)
            -- the share of the query''s words (or their synonyms) the entry has, each word weighted by how rare it
            -- is: "Kindergeld beantragen" still finds Kindergeld (rare) rather than everything to "beantragen"
            -- (common), and an entry with both words comes first
            + case when cardinality($4) > 1
                   then 10 * coalesce((select sum(x.w) from unnest($4, $14) x(t, w) where e.document @@ x.t), 0)
                        / (select sum(w) from unnest($14) w)
                   else 0 end
            + 8 * word_similarity($1, e.folded)
            -- a word of the title one or two edits away from the query: a typo ("hundsteuer")
            + coalesce((select case when min(levenshtein(left($1, 100), w)) between 1 and 2
                                    then 3 * (3 - min(levenshtein(left($1, 100), w))) else 0 end
                        from unnest(regexp_split_to_array(e.folded, ''[^a-z0-9]+'')) w
                        where length(w) > 3 and length($1) > 3), 0)
            -- shorter titles first among equals: "Hundesteuer" before "Hundesteuer Befreiung"
            - least(3, 0.08 * greatest(0, length(e.folded) - length($1)))
            -- a match by synonym ("Ummeldung" finds Wohnsitz); for several words every entry that has all of them
            -- (by synonym or not), so that for "Gewerbe anmelden" the synonym Zulassung of anmelden alone lifts
            -- neither every Zulassung nor Gewerbe-Zulassungen above "Gewerbe Anmeldung"
            + case when e.document @@ $2 and (cardinality($4) > 1 or ($3 is not null and e.document @@ $3))
                   then 12 else 0 end
            + case e.kind when ''ORGANIZATION'' then 0.15 when ''SOLUTION'' then 0.2 else 0.5 end * e.prior
            + case e.kind when ''OZG_SERVICE'' then 1.5 when ''SOLUTION'' then 1 when ''LEIKA_SERVICE'' then 0.5 else 0 end
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
    where ($7 is null or e.kind = any ($7))
      and ($8 is null or $8 = any (e.themenfelder))
      and ($9 is null or e.land_code = $9)
      and ($10 is null or e.maturity_level >= $10)
      and ($11 is null or e.reuse_model = $11)
      and ($12 is null or e.lifecycle = $12)
      and ($13 is null or e.open_licence = $13)
    ' using p_folded, p_query, p_synonyms, p_terms, p_any, p_keys, p_kinds, p_themenfeld, p_land, p_min_maturity,
            p_reuse_model, p_lifecycle, p_open_licence, v_weights;
end
$$;

-- The grouped answer: every matched LeiKa-Leistung counts as a match of its OZG-Leistung (the LeiKa-Leistungen of
-- an OZG-Leistung are its synonyms: "Hundesteuer" is a LeiKa-Leistung of Hundehaltung) and is folded under it.
-- An OZG-Leistung is a group; its score is the best of its own score and that of its LeiKa-Leistungen. Groups with
-- a strong match (key or all words, by itself, by one of its LeiKa-Leistungen, or all words spread over them) come
-- before groups found only by similarity or by some of the words (Kaffeesteuer for "Hundesteuer"), whatever their
-- scores. Solutions and
-- organizations follow as they are. LeiKa-Leistungen assigned to no OZG-Leistung are left out.
-- Rows come in the order to show them within their section (and, for LeiKa-Leistungen, within their group).
-- The order of the sections follows their first rows: first the sections whose first row is exact (key, the whole
-- title: "Mainz", "civento"), then the OZG-Leistungen if the first has a strong match (the answer to "what is there
-- for X" comes before solutions that merely carry X in their names), then by score (section_rank, section_score;
-- on equal rank and score the OZG-Leistungen first).
create function search_answer(p_folded text, p_query tsquery, p_synonyms tsquery, p_terms tsquery[], p_any tsquery,
                              p_keys text[], p_kinds text[], p_themenfeld integer, p_land text,
                              p_min_maturity integer, p_reuse_model text, p_lifecycle text, p_open_licence boolean)
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
