-- Federation: which node owns a record (the one writer of it), in one definition for the local write guard, the
-- change feed and the check of what a peer sends. A scope is two arrays: ARS prefixes ('' covers everything) and
-- organization IDs. de.ozgregistry.federation calls these functions.

-- An organization is owned by a node if the node's scope names it, or covers its ARS, or (a body without ARS and
-- without an official data source, e.g. a vendor registered through the API) if it was created on that node.
create or replace function organization_owned(p_node text, p_prefixes text[], p_ids uuid[], p_id uuid, p_ars text,
                                              p_data_source text, p_registry_node text) returns boolean
    language sql immutable parallel safe as $$
    -- no subquery: PostgreSQL inlines the function into a statement over many records
    select '' = any (p_prefixes)
        or p_id = any (p_ids)
        or coalesce(p_ars ^@ any (p_prefixes), false)
        or (p_ars is null and p_data_source is null and p_registry_node = p_node)
$$;

-- The organization a record belongs to: an organization itself, the provider of a solution, the adopter of an
-- adoption, the provider who confirmed or disputed an adoption (null for other records: rules of Zuständigkeit are
-- not exchanged). PL/pgSQL, as record_owned: called once per record, its plans kept (a SQL function's are not).
create or replace function record_organization(p_type text, p_id uuid) returns uuid
    language plpgsql stable parallel safe as $$
begin
    case p_type
        when 'ORGANIZATION' then return p_id;
        when 'SOLUTION' then return (select s.provider_id from solution s where s.id = p_id);
        when 'ADOPTION' then return (select a.organization_id from adoption a where a.id = p_id);
        when 'CONFIRMATION' then return (select c.provider_id from confirmation c where c.id = p_id);
        else return null;
    end case;
end
$$;

-- Whether the node with this scope owns the record (true for records that are not exchanged).
create or replace function record_owned(p_type text, p_id uuid, p_node text, p_prefixes text[], p_ids uuid[])
    returns boolean language plpgsql stable parallel safe as $$
declare
    v_owned boolean;
begin
    if p_type not in ('ORGANIZATION', 'SOLUTION', 'ADOPTION', 'CONFIRMATION') then
        return true;
    end if;
    select organization_owned(p_node, p_prefixes, p_ids, o.id, o.ars, o.data_source_id, o.registry_node_id)
    into v_owned from organization o where o.id = record_organization(p_type, p_id);
    return coalesce(v_owned, false);
end
$$;

-- Who owns the record, if not the node with this scope: the node it was replicated from, or the peer whose scope
-- covers its organization, or '' if no known node does. Null if the node owns it.
create or replace function record_owner(p_type text, p_id uuid, p_node text, p_prefixes text[], p_ids uuid[])
    returns text language sql stable parallel safe as $$
    select case
               when r.node_id is not null then r.node_id
               when record_owned(p_type, p_id, p_node, p_prefixes, p_ids) then null
               else coalesce((select p.node_id from federation_peer p
                              join organization o on o.id = record_organization(p_type, p_id)
                              where organization_owned(p.node_id, p.scope_prefixes, p.scope_ids, o.id, o.ars,
                                                       o.data_source_id, o.registry_node_id)
                              order by p.node_id limit 1), '')
           end
    from (select 1) one
    left join replica r on r.entity_type = p_type and r.entity_id = p_id
$$;

-- What a record's snapshot says of the record itself, without what each node keeps for its own (which node wrote its
-- row, when): the same on every node that has the record the same, e.g. an organization seeded on both from the
-- same official data.
create or replace function record_content(p_data jsonb) returns jsonb language sql immutable parallel safe as $$
    select p_data - 'registry_node_id' - 'created_at' - 'updated_at'
$$;

-- The hash of a record's content, as a snapshot lists it and as the receiving node compares its copy: SHA-256 (hex)
-- of the jsonb text, which is the same on every node for the same value.
create or replace function record_hash(p_data jsonb) returns text language sql immutable parallel safe as $$
    select encode(sha256(convert_to(record_content(p_data)::text, 'UTF8')), 'hex')
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Applying a peer's change (de.ozgregistry.federation.Replication)
-- ---------------------------------------------------------------------------------------------------------------

-- Whether the owner of each entry of a page (an array of {type, node, data}: node the record's owner, or the peer if
-- absent) owns the record its snapshot is of: an organization by its own fields, a solution or a confirmation by its
-- provider, an adoption by its adopter (as this node knows them). Per entry of the type (by its position, from 1), the
-- reason it does not, or null. For a page at once: one statement, not one per entry.
create or replace function peer_owns_each(p_peer text, p_type text, p_entries jsonb)
    returns table (n bigint, reason text) language sql stable as $$
    select x.n,
           case when (p_type = 'ORGANIZATION' or g.org is not null)
                     and not coalesce(organization_owned(coalesce(x.e ->> 'node', p_peer), p.scope_prefixes,
                                                         p.scope_ids, (g.org).id, (g.org).ars, (g.org).data_source_id,
                                                         (g.org).registry_node_id), false)
                then format('%s outside the scope of %s (%s %s)', initcap(p_type), coalesce(x.e ->> 'node', p_peer),
                            case when p_type = 'ORGANIZATION' then 'ARS' else 'its organization''s ARS' end,
                            coalesce((g.org).ars, 'none'))
           end
    from jsonb_array_elements(p_entries) with ordinality x (e, n)
    left join federation_peer p on p.node_id = coalesce(x.e ->> 'node', p_peer)
    -- a missing provider or adopter is a missing dependency, found when applying
    left join organization o
        on p_type <> 'ORGANIZATION'
       and o.id = (x.e -> 'data' ->> case p_type when 'ADOPTION' then 'organization_id' else 'provider_id' end)::uuid
    cross join lateral (select case when p_type = 'ORGANIZATION'
                                    then jsonb_populate_record(null::organization, x.e -> 'data') else o end as org
                        offset 0) g
    where coalesce(x.e ->> 'type', p_type) = p_type
$$;

-- The same for one record's snapshot, sent by its owner.
create or replace function peer_owns(p_peer text, p_type text, p_snapshot jsonb) returns text
    language sql stable as $$
    select reason from peer_owns_each(p_peer, p_type, jsonb_build_array(jsonb_build_object('data', p_snapshot)))
$$;

-- Inserts or updates rows of the table from JSON snapshots of them (an array): every column a snapshot names;
-- generated columns are the table's own. Snapshots that name other columns (from nodes of another version) are
-- written apart, so that a column a snapshot lacks keeps its default or its value.
drop function if exists replica_upsert(regclass, jsonb);
create function replica_upsert(p_table regclass, p_rows jsonb) returns void language plpgsql as $$
declare
    v_keys text[];
    v_columns text;
    v_set text;
begin
    for v_keys in select distinct array(select k from jsonb_object_keys(r) k order by k)
                  from jsonb_array_elements(p_rows) r loop
        select string_agg(quote_ident(a.attname), ', ' order by a.attnum),
               string_agg(format('%1$I = excluded.%1$I', a.attname), ', ' order by a.attnum)
                   filter (where a.attname <> 'id')
        into v_columns, v_set
        from pg_attribute a
        where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
          and a.attname = any (v_keys);
        execute format('insert into %s (%s) select %s from jsonb_populate_recordset(null::%s, $1) '
                       'on conflict (id) do update set %s', p_table, v_columns, v_columns, p_table, v_set)
            using (select jsonb_agg(r) from jsonb_array_elements(p_rows) r
                   where array(select k from jsonb_object_keys(r) k order by k) = v_keys);
    end loop;
end
$$;

-- Writes the records of the snapshots (an array, each record once) as the peer has them: the rows and their lists
-- (OZG-Leistungen, LeiKa-Leistungen, status history), a statement per table. Raises the error of the first rule of the
-- tables here one of them breaks (a missing record it refers to, a unique ARS, a required value).
create or replace function replica_apply_all(p_type text, p_snapshots jsonb) returns void language plpgsql as $$
declare
    v_ids uuid[];
begin
    -- a data source of the owner's that this node does not have (an import there): the record is kept without it
    -- (its provenance names the owning node)
    select jsonb_agg(case when s ->> 'data_source_id' is not null
                               and not exists (select 1 from data_source d where d.id = s ->> 'data_source_id')
                          then s || jsonb_build_object('data_source_id', null) else s end order by n),
           array_agg((s ->> 'id')::uuid order by n)
    into p_snapshots, v_ids
    from jsonb_array_elements(p_snapshots) with ordinality x (s, n);
    if p_type = 'ORGANIZATION' then
        perform replica_upsert('organization', p_snapshots);
    elsif p_type = 'SOLUTION' then
        perform replica_upsert('solution', (select jsonb_agg(s - 'ozg_ids' - 'leika_keys')
                                            from jsonb_array_elements(p_snapshots) s));
        delete from solution_ozg_service where solution_id = any (v_ids);
        insert into solution_ozg_service (solution_id, ozg_id)
        select (s ->> 'id')::uuid, x::int
        from jsonb_array_elements(p_snapshots) s cross join jsonb_array_elements_text(s -> 'ozg_ids') x;
        delete from solution_leika_service where solution_id = any (v_ids);
        insert into solution_leika_service (solution_id, leika_id)
        select (s ->> 'id')::uuid, l.id
        from jsonb_array_elements(p_snapshots) s
        join leika_service l on l.leika_key in (select jsonb_array_elements_text(s -> 'leika_keys'));
    elsif p_type = 'ADOPTION' then
        -- what the adoption shows of confirmations is derived here, from the confirmations this node has
        perform replica_upsert('adoption', (select jsonb_agg(s - 'ozg_ids' - 'status_history' - 'confirmed_by'
                                                             - 'confirmed_at' - 'confirmation_status'
                                                             - 'confirmation_note')
                                            from jsonb_array_elements(p_snapshots) s));
        delete from adoption_ozg_service where adoption_id = any (v_ids);
        insert into adoption_ozg_service (adoption_id, ozg_id)
        select (s ->> 'id')::uuid, x::int
        from jsonb_array_elements(p_snapshots) s cross join jsonb_array_elements_text(s -> 'ozg_ids') x;
        delete from adoption_status_transition where adoption_id = any (v_ids);
        insert into adoption_status_transition (adoption_id, seq, status, effective_date, recorded_at)
        select (s ->> 'id')::uuid, t.n, t.e ->> 'status', (t.e ->> 'effective_date')::date,
               (t.e ->> 'recorded_at')::timestamptz
        from jsonb_array_elements(p_snapshots) s
        cross join jsonb_array_elements(s -> 'status_history') with ordinality t (e, n);
        perform adoption_confirmation_show(v_ids);
    elsif p_type = 'CONFIRMATION' then
        perform replica_upsert('confirmation', p_snapshots);
        perform adoption_confirmation_show(array(select (s ->> 'adoption_id')::uuid
                                                 from jsonb_array_elements(p_snapshots) s));
    else
        raise exception 'records of type % are not exchanged', p_type;
    end if;
end
$$;

-- Writes the record of the snapshot as the peer has it (replica_apply_all). Returns null; or what is missing for it
-- (a provider, an adopter, a solution not received yet): then nothing of it is written, and the peer's later entries
-- wait; or 'refused: <why>' if it breaks a rule of the tables here (a unique ARS, a required value): then nothing of
-- it is written either.
create or replace function replica_apply(p_type text, p_snapshot jsonb) returns text language plpgsql as $$
begin
    if p_type not in ('ORGANIZATION', 'SOLUTION', 'ADOPTION', 'CONFIRMATION') then
        return 'records of type ' || p_type || ' are not exchanged';
    end if;
    perform replica_apply_all(p_type, jsonb_build_array(p_snapshot));
    return null;
exception
    when foreign_key_violation then
        return 'waiting for a record it refers to (' || sqlerrm || ')';
    when unique_violation or not_null_violation or check_violation or invalid_text_representation
         or datatype_mismatch or invalid_datetime_format then
        return 'refused: ' || sqlerrm;
end
$$;

-- The record's version here, if this node has it.
create or replace function replica_current(p_type text, p_id uuid) returns table (version integer)
    language sql stable as $$
    select version from organization where p_type = 'ORGANIZATION' and id = p_id
    union all select version from solution where p_type = 'SOLUTION' and id = p_id
    union all select version from adoption where p_type = 'ADOPTION' and id = p_id
    union all select version from confirmation where p_type = 'CONFIRMATION' and id = p_id
$$;

-- Whether the peer owns the record as this node has it now (its organization, provider or adopter as this node
-- knows them); the reason it does not, or null (also if this node does not have the record).
create or replace function peer_owns_current(p_peer text, p_type text, p_id uuid) returns text
    language sql stable as $$
    select format('%s outside the scope of %s as this node has it (ARS %s)', initcap(p_type), p_peer,
                  coalesce(o.ars, 'none'))
    from organization o
    join federation_peer p on p.node_id = p_peer
    where o.id = record_organization(p_type, p_id)
      and not organization_owned(p_peer, p.scope_prefixes, p.scope_ids, o.id, o.ars, o.data_source_id,
                                 o.registry_node_id)
$$;

-- Takes a page of a peer's feed (or of its snapshot: without positions), in order, as an array of entries {type, id,
-- version, operation, position, event, subject, node, origin, data, refusal, force} (node: the record's owner, the
-- peer itself or a node whose records it relays; origin: the owner's signed event, kept to be passed on; refusal: the
-- reason the signature check refused it, or null; force: apply again the version this node has, whose data differ
-- from the snapshot's): each entry is refused (and recorded), found here already (or older than what is here), or
-- written (replica_apply, its change log entry, the owner in replica; the records new here all at once,
-- replica_apply_all) and the peer's cursor moves past it; an entry that waits for a record it refers to stops the page
-- there. Going back in version is refused only in the owner's own feed after a version it sent there: through a relay,
-- or after a snapshot, older versions come by legitimately.
-- Returns {"written": [{seq, type, id, operation}], "applied": n, "refusals": [{event, subject, reason}], "waiting":
-- reason or null}; the caller logs the refusals and brings the projections up to date with the written entries (or
-- rebuilds them after a backlog), in the same transaction.
-- Custom plans: a node bootstrapping starts with empty tables, and a plan cached while they were empty (a sequential
-- scan) would stay while they grow by tens of thousands of rows.
create or replace function replica_receive(p_peer text, p_entries jsonb, p_from text, p_node text,
                                           p_prefixes text[], p_ids uuid[]) returns jsonb language plpgsql
    set plan_cache_mode = force_custom_plan as $$
declare
    v_entry jsonb;
    v_type text;
    v_id uuid;
    v_version integer;
    v_reason text;
    v_replica integer;
    v_local integer;
    v_same boolean;
    v_seq bigint;
    v_written jsonb := '[]';
    v_applied integer := 0;
    v_refused integer := 0;
    v_refusals jsonb := '[]';
    v_waiting text;
    v_cursor text;
    v_owner text;
    v_node text;
    v_via text;
    v_position text;
    v_new jsonb;
    v_logged jsonb;
    v_new_keys jsonb := '{}';
begin
    -- one pull of a peer at a time, even with several instances on this database: the page must start where the
    -- peer's cursor is now, otherwise another instance applied it meanwhile
    perform 1 from federation_peer where node_id = p_peer and coalesce(cursor, '0-0') = p_from for update;
    if not found then
        return jsonb_build_object('written', '[]'::jsonb, 'applied', 0, 'refusals', '[]'::jsonb, 'waiting', null,
                                  'moved', true);
    end if;
    -- records new here (neither this node's nor received before, once in the page, signed and owned by their owner
    -- as sent): written together, a statement per table and type (a new node's snapshot is almost all of them),
    -- instead of one by one below. If one of a type breaks a rule of the tables (it refers to a record not here yet,
    -- its ARS is taken), none of that type is written here, and the loop below writes, refuses or waits for each.
    foreach v_type in array array['ORGANIZATION', 'SOLUTION', 'ADOPTION', 'CONFIRMATION'] loop
        select jsonb_agg(x.e order by x.n) into v_new
        from (select e, n, count(*) over (partition by e ->> 'id') as times
              from jsonb_array_elements(p_entries) with ordinality y (e, n)
              where e ->> 'type' = v_type and e ->> 'refusal' is null) x  -- (only these have a valid ID)
        join peer_owns_each(p_peer, v_type, p_entries) w on w.n = x.n and w.reason is null
        where x.times = 1
          and not exists (select 1 from replica r where r.entity_type = v_type and r.entity_id = (x.e ->> 'id')::uuid)
          and not exists (select 1 from replica_current(v_type, (x.e ->> 'id')::uuid));
        continue when v_new is null;
        begin
            perform replica_apply_all(v_type, (select jsonb_agg(e -> 'data') from jsonb_array_elements(v_new) e));
            with logged as (
                insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, actor_subject,
                                        registry_node_id, origin_event)
                select v_type, (e ->> 'id')::uuid, (e ->> 'version')::integer, e ->> 'operation', e -> 'data',
                       'federation:' || p_peer, coalesce(e ->> 'node', p_peer), e -> 'origin'
                from jsonb_array_elements(v_new) with ordinality x (e, n)
                order by n
                returning seq, entity_id, operation)
            select jsonb_agg(jsonb_build_object('seq', seq, 'type', v_type, 'id', entity_id, 'operation', operation)
                             order by seq)
            into v_logged
            from logged;
            insert into replica (entity_type, entity_id, node_id, version, via, position)
            select v_type, (e ->> 'id')::uuid, coalesce(e ->> 'node', p_peer), (e ->> 'version')::integer, p_peer,
                   e ->> 'position'
            from jsonb_array_elements(v_new) e;
            v_written := v_written || v_logged;
            v_applied := v_applied + jsonb_array_length(v_new);
            v_new_keys := v_new_keys || (select jsonb_object_agg(v_type || '/' || (e ->> 'id'), true)
                                         from jsonb_array_elements(v_new) e);
        exception
            when foreign_key_violation or unique_violation or not_null_violation or check_violation
                 or invalid_text_representation or datatype_mismatch or invalid_datetime_format
                 or cardinality_violation then
                null;  -- nothing of this type written: one by one below
        end;
    end loop;
    for v_entry in select e from jsonb_array_elements(p_entries) e loop
        v_type := v_entry ->> 'type';
        v_node := coalesce(v_entry ->> 'node', p_peer);
        v_version := (v_entry ->> 'version')::integer;
        v_reason := v_entry ->> 'refusal';
        v_id := case when v_reason is null then (v_entry ->> 'id')::uuid end;
        if v_new_keys ? (v_type || '/' || v_id) then
            v_cursor := v_entry ->> 'position';
            continue;  -- written together above
        end if;
        if v_reason is null then
            -- the owner (the peer, or the node it relays) must own the record as this node has it and as it is
            -- sent; a record this node owns, or one another node owns, it cannot take over
            select r.node_id, r.version, r.via, r.position into v_owner, v_replica, v_via, v_position
            from replica r where r.entity_type = v_type and r.entity_id = v_id;
            v_reason := case
                when v_owner is not null and v_owner <> v_node then format('a record of node %s', v_owner)
                when v_owner is null and exists (select 1 from replica_current(v_type, v_id))
                     and record_owned(v_type, v_id, p_node, p_prefixes, p_ids)
                    then format('a record of this node (%s)', p_node)
                else coalesce(peer_owns_current(v_node, v_type, v_id), peer_owns(v_node, v_type, v_entry -> 'data'))
            end;
        end if;
        if v_reason is null then
            v_local := (select c.version from replica_current(v_type, v_id) c);
            if v_version < v_replica and v_node = p_peer and v_via = p_peer and v_position is not null then
                v_reason := format('goes back in version (%s after %s)', v_version, v_replica);
            end if;
        end if;
        if v_reason is not null then
            v_refusals := v_refusals || jsonb_build_object('event', v_entry ->> 'event', 'subject',
                                                           v_entry ->> 'subject', 'reason', v_reason);
            insert into federation_refusal (peer, event_id, subject, reason)
            values (p_peer, v_entry ->> 'event', v_entry ->> 'subject', v_reason);
            v_refused := v_refused + 1;
        elsif v_version <= coalesce(v_replica, v_local - 1)
              and not (coalesce((v_entry ->> 'force')::boolean, false) and v_version = v_replica) then
            null;  -- applied before, or older than what this node has (through another way): nothing to do
        else
            -- an organization this node has exactly as the peer sends it (seeded on both from the same official
            -- data): nothing to write, only who owns it
            v_same := v_type = 'ORGANIZATION' and v_replica is null and (
                select record_content(to_jsonb(o)) = record_content(v_entry -> 'data')
                from organization o where o.id = v_id);
            if not coalesce(v_same, false) then
                v_waiting := replica_apply(v_type, v_entry -> 'data');
                if v_waiting like 'refused: %' then
                    -- the record breaks a rule of this node's tables: refused like the others
                    v_reason := substr(v_waiting, 10);
                    v_waiting := null;
                    v_refusals := v_refusals || jsonb_build_object('event', v_entry ->> 'event', 'subject',
                                                                   v_entry ->> 'subject', 'reason', v_reason);
                    insert into federation_refusal (peer, event_id, subject, reason)
                    values (p_peer, v_entry ->> 'event', v_entry ->> 'subject', v_reason);
                    v_refused := v_refused + 1;
                    v_cursor := v_entry ->> 'position';
                    continue;
                end if;
                exit when v_waiting is not null;
                insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, actor_subject,
                                        registry_node_id, origin_event)
                values (v_type, v_id, v_version, v_entry ->> 'operation', v_entry -> 'data', 'federation:' || p_peer,
                        v_node, v_entry -> 'origin')
                returning seq into v_seq;
                v_written := v_written || jsonb_build_object('seq', v_seq, 'type', v_type, 'id', v_id,
                                                             'operation', v_entry ->> 'operation');
            end if;
            insert into replica (entity_type, entity_id, node_id, version, via, position)
            values (v_type, v_id, v_node, v_version, p_peer, v_entry ->> 'position')
            on conflict (entity_type, entity_id) do update set node_id = excluded.node_id,
                version = excluded.version, via = excluded.via, position = excluded.position, received_at = now();
            v_applied := v_applied + 1;
        end if;
        v_cursor := v_entry ->> 'position';
    end loop;
    update federation_peer
    set cursor = coalesce(v_cursor, cursor), applied_count = applied_count + v_applied,
        refused_count = refused_count + v_refused
    where node_id = p_peer;
    return jsonb_build_object('written', v_written, 'applied', v_applied, 'refusals', v_refusals, 'waiting', v_waiting);
end
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Snapshots: every current record a node holds, for a peer to bootstrap from and to reconcile against
-- ---------------------------------------------------------------------------------------------------------------


-- The records of the node's snapshot after (p_type, p_id) in the order organizations, solutions, adoptions,
-- confirmations (what a record refers to comes first), then by ID: of each record that exists, its latest change log
-- entry, if the node owns the record or passes it on (received from another node, not from p_except), as the feed
-- would show it (with its signature, if made). Together with the feed's position at the same moment (the last entry of a transaction older than
-- every running one): every entry up to it is in the snapshot, as that version or a later one.
drop function if exists snapshot_records(text, text[], uuid[], text, text, uuid, integer);
create function snapshot_records(p_node text, p_prefixes text[], p_ids uuid[], p_except text,
                                 p_type text, p_id uuid, p_limit integer)
    returns table (seq bigint, txid text, entity_type text, entity_id uuid, entity_version integer, operation text,
                   snapshot text, changed_at timestamptz, origin_event text, hash text, node text, envelope text,
                   kid text)
    language plpgsql stable as $$
declare
    v_types constant text[] := array['ORGANIZATION', 'SOLUTION', 'ADOPTION', 'CONFIRMATION'];
    v_left integer := p_limit;
    v_read integer;
begin
    -- a type after another only if the page is not full yet (a page of organizations reads no solution)
    for v_rank in array_position(v_types, p_type) .. array_length(v_types, 1) loop
        exit when v_left <= 0;
        -- planned for each call (execute): the tables of a node grow from nothing while it receives
        return query execute $q$
            select c.seq, c.txid::text, c.entity_type, c.entity_id, c.entity_version, c.operation, c.snapshot::text,
                   c.changed_at, c.origin_event::text, record_hash(c.snapshot), c.registry_node_id,
                   (select s.envelope::text from change_signature s where s.seq = c.seq),
                   (select s.kid from change_signature s where s.seq = c.seq)
            from (select distinct x.entity_id from change_log x
                  where x.entity_type = $1 and ($2 or x.entity_id > $3)) ids
            cross join lateral (select * from change_log y
                                where y.entity_type = $1 and y.entity_id = ids.entity_id
                                  and y.txid < pg_snapshot_xmin(pg_current_snapshot())
                                order by y.seq desc limit 1) c
            -- whom the record belongs to (record_owned, with its organization joined, which the page needs anyway)
            join organization o on o.id = record_organization($1, c.entity_id)
            where (c.registry_node_id = $4
                   and organization_owned($4, $5, $6, o.id, o.ars, o.data_source_id, o.registry_node_id)
                   or c.origin_event is not null and c.registry_node_id <> $7)
              -- the record as it is here (a withdrawn one is not)
              and exists (select 1 from replica_current($1, c.entity_id))
            -- the order of the index the IDs come from: read as far as the page needs, not sorted whole
            order by ids.entity_id
            limit $8 $q$
            using v_types[v_rank], v_rank > array_position(v_types, p_type), p_id, p_node, p_prefixes, p_ids,
                  p_except, v_left;
        get diagnostics v_read = row_count;
        v_left := v_left - v_read;
    end loop;
end
$$;

-- The feed's position up to which a snapshot read now holds every entry.
create or replace function snapshot_position() returns text language sql stable as $$
    select coalesce((select c.txid || '-' || c.seq from change_log c
                     where c.txid < pg_snapshot_xmin(pg_current_snapshot())
                     order by c.txid desc, c.seq desc limit 1), '0-0')
$$;

-- The records of a peer's snapshot (an array of {type, id, node, version, hash}) that this node has exactly so
-- without having received them: organizations seeded on both from the same official data, in the scope of the node
-- the snapshot names as their owner (the peer, or a node it relays), and not this node's. They need not be sent.
create or replace function replica_same(p_peer text, p_records jsonb, p_node text, p_prefixes text[], p_ids uuid[])
    returns table (type text, id uuid, node text, version integer) language sql stable as $$
    select 'ORGANIZATION', o.id, l.node, l.version
    from jsonb_to_recordset(p_records) l (type text, id uuid, node text, version integer, hash text)
    join organization o on o.id = l.id and o.version = l.version
    join federation_peer p on p.node_id = l.node and (p.node_id = p_peer or p.via = p_peer)
    where l.type = 'ORGANIZATION'
      and not exists (select 1 from replica r where r.entity_type = 'ORGANIZATION' and r.entity_id = o.id)
      and record_hash(to_jsonb(o)) = l.hash
      and organization_owned(l.node, p.scope_prefixes, p.scope_ids, o.id, o.ars, o.data_source_id, o.registry_node_id)
      and not organization_owned(p_node, p_prefixes, p_ids, o.id, o.ars, o.data_source_id, o.registry_node_id)
$$;

-- Compares a peer's snapshot (an array of {type, id, node, version, hash}) with what this node has. Returns
-- {"wanted": [{type, id, force}] (records it lists that this node lacks, has in an older version, or has in the same
-- version with other data: force), "same": n (records this node has exactly so without having received them:
-- replica_same), "withdraw": [{type, id}] (records received through the peer that it no longer lists), "held": the
-- number of records received through the peer}.
create or replace function replica_compare(p_peer text, p_records jsonb, p_node text, p_prefixes text[],
                                           p_ids uuid[]) returns jsonb language sql stable as $$
    with listed as (
        select * from jsonb_to_recordset(p_records) l (type text, id uuid, node text, version integer, hash text)),
    same as (select * from replica_same(p_peer, p_records, p_node, p_prefixes, p_ids)),
    compared as (
        select l.*, h.version as have,
               (select record_hash(c.snapshot) from change_log c
                where c.entity_type = l.type and c.entity_id = l.id and c.origin_event is not null
                order by c.seq desc limit 1) as have_hash
        from listed l
        left join replica h on h.entity_type = l.type and h.entity_id = l.id
        where not exists (select 1 from same s where s.type = l.type and s.id = l.id))
    select jsonb_build_object(
        'wanted', (select coalesce(jsonb_agg(jsonb_build_object('type', type, 'id', id, 'force', have = version)),
                                   '[]')
                   from compared
                   where have is null or have < version or have = version and have_hash <> hash),
        'same', (select count(*) from same),
        'withdraw', (select coalesce(jsonb_agg(jsonb_build_object('type', r.entity_type, 'id', r.entity_id)), '[]')
                     from replica r
                     where r.via = p_peer
                       and not exists (select 1 from listed l where l.type = r.entity_type and l.id = r.entity_id)),
        'held', (select count(*) from replica r where r.via = p_peer))
$$;

-- Notes the owner of the records replica_same finds (nothing else of them is written).
create or replace function replica_note_same(p_peer text, p_records jsonb, p_node text, p_prefixes text[],
                                             p_ids uuid[]) returns integer language sql as $$
    with noted as (
        insert into replica (entity_type, entity_id, node_id, version, via)
        select type, id, node, version, p_peer from replica_same(p_peer, p_records, p_node, p_prefixes, p_ids)
        on conflict (entity_type, entity_id) do nothing
        returning 1)
    select count(*)::integer from noted
$$;

-- Withdraws a record received through the peer that the peer no longer lists: deletes it (an adoption with the
-- confirmations of it), notes the tombstone in the change log (operation WITHDRAW, the owner's node ID, the last data
-- as its snapshot) and forgets the replica. Returns null; or why it is kept (records here still refer to it, e.g.
-- adoptions of a solution).
create or replace function replica_withdraw(p_peer text, p_type text, p_id uuid) returns text language plpgsql as $$
declare
    v_replica replica;
    v_adoption uuid;
begin
    select * into v_replica from replica where entity_type = p_type and entity_id = p_id and via = p_peer;
    if v_replica.entity_id is null then
        return 'not received through ' || p_peer;
    end if;
    begin
        if p_type = 'ORGANIZATION' then
            delete from organization where id = p_id;
        elsif p_type = 'SOLUTION' then
            delete from solution where id = p_id;
        elsif p_type = 'ADOPTION' then
            delete from replica where entity_type = 'CONFIRMATION'
                                  and entity_id in (select id from confirmation where adoption_id = p_id);
            delete from adoption where id = p_id;
        elsif p_type = 'CONFIRMATION' then
            delete from confirmation where id = p_id returning adoption_id into v_adoption;
            perform adoption_confirmation_show(v_adoption);
        end if;
    exception
        when foreign_key_violation then
            return 'kept: records here still refer to it';
    end;
    delete from replica where entity_type = p_type and entity_id = p_id;
    insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, actor_subject, registry_node_id)
    select p_type, p_id, v_replica.version, 'WITHDRAW',
           coalesce((select c.snapshot from change_log c where c.entity_type = p_type and c.entity_id = p_id
                     order by c.seq desc limit 1), jsonb_build_object('id', p_id)),
           'federation:' || p_peer, v_replica.node_id;
    return null;
end
$$;
