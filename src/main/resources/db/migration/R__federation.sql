-- Federation: which node owns a record (the one writer of it), in one definition for the local write guard, the
-- change feed and the check of what a peer sends. A scope is two arrays: ARS prefixes ('' covers everything) and
-- organization IDs. de.ozgregistry.federation calls these functions.

-- An organization is owned by a node if the node's scope names it, or covers its ARS, or (a body without ARS and
-- without an official data source, e.g. a vendor registered through the API) if it was created on that node.
create or replace function organization_owned(p_node text, p_prefixes text[], p_ids uuid[], p_id uuid, p_ars text,
                                              p_data_source text, p_registry_node text) returns boolean
    language sql immutable parallel safe as $$
    select '' = any (p_prefixes)
        or p_id = any (p_ids)
        or (p_ars is not null and exists (select 1 from unnest(p_prefixes) x (prefix) where starts_with(p_ars, x.prefix)))
        or (p_ars is null and p_data_source is null and p_registry_node = p_node)
$$;

-- The organization a record belongs to: an organization itself, the provider of a solution, the adopter of an
-- adoption (null for other records: rules of Zuständigkeit are not exchanged).
create or replace function record_organization(p_type text, p_id uuid) returns uuid
    language sql stable parallel safe as $$
    select case p_type
               when 'ORGANIZATION' then p_id
               when 'SOLUTION' then (select s.provider_id from solution s where s.id = p_id)
               when 'ADOPTION' then (select a.organization_id from adoption a where a.id = p_id)
           end
$$;

-- Whether the node with this scope owns the record (true for records that are not exchanged).
create or replace function record_owned(p_type text, p_id uuid, p_node text, p_prefixes text[], p_ids uuid[])
    returns boolean language sql stable parallel safe as $$
    select coalesce((select organization_owned(p_node, p_prefixes, p_ids, o.id, o.ars, o.data_source_id,
                                                o.registry_node_id)
                     from organization o where o.id = record_organization(p_type, p_id)), p_type not in
                    ('ORGANIZATION', 'SOLUTION', 'ADOPTION'))
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
