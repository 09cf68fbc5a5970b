-- One record per body. A kreisfreie Stadt is one organization that is both Gemeinde and Kreis (Darmstadt, Mainz,
-- Trier, ...); Berlin and Hamburg are one organization that is Land, Kreis and Gemeinde; Bremen is a Land with two
-- Gemeinden that are kreisfreie Städte. Until now each role was a record of its own with the same ARS.
--
-- kinds: every role the body has. kind: the body's own kind, for a body with several roles its Gemeinde role, so
-- that every Gemeinde is one row of kind MUNICIPALITY (the statistics count Gemeinden that way) and an adoption's
-- area (organization_area, V7) is the same Gemeinden as that of its widest role.
--
-- Existing databases: the records that share an ARS are merged into the one of kind MUNICIPALITY. Everything that
-- pointed at a merged record (children, solutions, adoptions, confirmations, API tokens) points at the survivor;
-- organization_merge keeps the merged IDs, so that organization(id:) still finds the body under an old ID and its
-- history includes the entries of the merged records. Where several records had an active adoption of the same
-- solution, the most advanced one stays and the others end as DISCONTINUED today, recorded in their history.

alter table organization add column kinds text[];
update organization set kinds = array[kind];

create temporary table merge_plan on commit drop as
select o.id as merged_id, s.id as organization_id
from organization o
join lateral (select s.id from organization s
              where s.ars = o.ars
              order by case s.kind when 'MUNICIPALITY' then 0 when 'MUNICIPAL_ASSOCIATION' then 1
                                   when 'DISTRICT' then 2 when 'STATE' then 3 else 4 end, s.id
              limit 1) s on s.id <> o.id
where o.ars is not null;

-- The survivor takes every role, the designation and parent of its widest role ("Kreisfreie Stadt", "Land") and
-- a version step.
update organization s
set kinds = roles.kinds, designation = widest.designation,
    parent_id = coalesce((select p.organization_id from merge_plan p where p.merged_id = widest.parent_id),
                         widest.parent_id),
    version = s.version + 1, updated_at = now()
from (select p.organization_id, array_agg(distinct o.kind) || (select array[k.kind] from organization k
                                                              where k.id = p.organization_id) as kinds
      from merge_plan p join organization o on o.id = p.merged_id
      group by p.organization_id) roles
cross join lateral (select o.designation, o.parent_id from organization o
                    where o.ars = (select x.ars from organization x where x.id = roles.organization_id)
                    order by case o.kind when 'FEDERAL' then 0 when 'STATE' then 1 when 'DISTRICT' then 2
                                         when 'MUNICIPAL_ASSOCIATION' then 3 else 4 end
                    limit 1) widest
where s.id = roles.organization_id;
update organization s
set kinds = (select array_agg(k order by case k when 'FEDERAL' then 0 when 'STATE' then 1 when 'DISTRICT' then 2
                                               when 'MUNICIPAL_ASSOCIATION' then 3 else 4 end)
             from (select distinct k from unnest(s.kinds) k) roles)
where s.id in (select organization_id from merge_plan);

-- Active adoptions of the same solution by several records of one body (Berlin had three): the most advanced one
-- stays (on a tie the survivor's own, then the oldest), every other one ends.
create temporary table ended_adoption on commit drop as
select ranked.id
from (select a.id,
             row_number() over (partition by coalesce(p.organization_id, a.organization_id), a.solution_id
                                order by case a.status when 'LIVE' then 4 when 'IN_PROGRESS' then 3
                                                       when 'PLANNED' then 2 else 1 end desc,
                                         (p.organization_id is null) desc, a.created_at, a.id) as place
      from adoption a
      left join merge_plan p on p.merged_id = a.organization_id
      where a.status <> 'DISCONTINUED'
        and coalesce(p.organization_id, a.organization_id) in (select organization_id from merge_plan)) ranked
where ranked.place > 1;

insert into adoption_status_transition (adoption_id, seq, status, effective_date)
select e.id, (select coalesce(max(t.seq), 0) + 1 from adoption_status_transition t where t.adoption_id = e.id),
       'DISCONTINUED', current_date
from ended_adoption e;
update adoption set status = 'DISCONTINUED', version = version + 1, updated_at = now()
where id in (select id from ended_adoption);

-- Everything that pointed at a merged record points at the survivor.
update organization o set parent_id = p.organization_id from merge_plan p where o.parent_id = p.merged_id
    and o.id <> p.organization_id;
update solution s set provider_id = p.organization_id, version = s.version + 1, updated_at = now()
from merge_plan p where s.provider_id = p.merged_id;
update solution s set vendor_id = p.organization_id, version = s.version + 1, updated_at = now()
from merge_plan p where s.vendor_id = p.merged_id;
update adoption a set organization_id = p.organization_id,
    version = case when a.id in (select id from ended_adoption) then a.version else a.version + 1 end,
    updated_at = now()
from merge_plan p where a.organization_id = p.merged_id;
update adoption a set confirmed_by = p.organization_id from merge_plan p where a.confirmed_by = p.merged_id;
update api_token t set organization_id = p.organization_id from merge_plan p where t.organization_id = p.merged_id;

create table organization_merge (
    merged_id       uuid primary key,
    organization_id uuid not null references organization (id),
    merged_at       timestamptz not null default now()
);
create index organization_merge_organization on organization_merge (organization_id);
insert into organization_merge (merged_id, organization_id) select merged_id, organization_id from merge_plan;

-- The change log tells every reader (history, federation) what happened, as the application would.
alter table change_log drop constraint change_log_operation_check;
alter table change_log add constraint change_log_operation_check
    check (operation in ('CREATE', 'UPDATE', 'STATUS_TRANSITION', 'CONFIRM', 'DISPUTE', 'MERGE'));
insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, actor_subject,
                        registry_node_id)
select 'ORGANIZATION', o.id, o.version, 'MERGE',
       to_jsonb(o) || jsonb_build_object('merged_ids', (select jsonb_agg(p.merged_id order by p.merged_id)
                                                        from merge_plan p where p.organization_id = o.id)),
       'migration:V9', o.registry_node_id
from organization o where o.id in (select organization_id from merge_plan);
insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, actor_subject,
                        registry_node_id)
select 'SOLUTION', s.id, s.version, 'UPDATE',
       to_jsonb(s) || jsonb_build_object(
           'ozg_ids', coalesce((select jsonb_agg(so.ozg_id order by so.ozg_id)
                                from solution_ozg_service so where so.solution_id = s.id), '[]'),
           'leika_keys', coalesce((select jsonb_agg(l.leika_key order by l.leika_key)
                                   from solution_leika_service sl join leika_service l on l.id = sl.leika_id
                                   where sl.solution_id = s.id), '[]')),
       'migration:V9', s.registry_node_id
from solution s where s.updated_at = now()
    and (s.provider_id in (select organization_id from merge_plan)
         or s.vendor_id in (select organization_id from merge_plan));
insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, actor_subject,
                        registry_node_id)
select 'ADOPTION', a.id, a.version, case when a.id in (select id from ended_adoption) then 'STATUS_TRANSITION'
                                         else 'UPDATE' end,
       to_jsonb(a) || jsonb_build_object(
           'ozg_ids', coalesce((select jsonb_agg(ao.ozg_id order by ao.ozg_id)
                                from adoption_ozg_service ao where ao.adoption_id = a.id), '[]'),
           'status_history', coalesce((select jsonb_agg(jsonb_build_object('status', t.status,
                                         'effective_date', t.effective_date, 'recorded_at', t.recorded_at)
                                         order by t.seq)
                                       from adoption_status_transition t where t.adoption_id = a.id), '[]')),
       'migration:V9', a.registry_node_id
from adoption a where a.organization_id in (select organization_id from merge_plan)
    and (a.id in (select id from ended_adoption) or a.updated_at = now());

delete from search_entry where kind = 'ORGANIZATION' and entity_id in (select merged_id from merge_plan);
delete from organization where id in (select merged_id from merge_plan);

alter table organization alter column kinds set not null;
alter table organization add constraint organization_kinds check (
    kinds <@ array['FEDERAL', 'STATE', 'DISTRICT', 'MUNICIPAL_ASSOCIATION', 'MUNICIPALITY', 'IT_SERVICE_PROVIDER',
                   'VENDOR', 'OTHER_AUTHORITY']
    and kind = any (kinds));
create index organization_kinds on organization using gin (kinds);
drop index organization_ars_kind;
create unique index organization_ars_unique on organization (ars) where ars is not null;

-- Search: a body is found under the keys of each of its roles (Kreis key, Land code, ARS and AGS).
create or replace function search_refresh_organization(p_id uuid) returns void language sql as $$
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
    from organization o where o.id = p_id
    on conflict (kind, entity_id) do update set title = excluded.title, body = excluded.body, keys = excluded.keys,
        land_code = excluded.land_code, prior = excluded.prior
$$;
drop trigger search_organization on organization;
create trigger search_organization after insert or update of name, designation, ars, land_code, population, kinds
    on organization for each row execute function search_trigger();
select search_refresh_organization(organization_id) from (select distinct organization_id from merge_plan) s;

-- The statistics read who adopted what from these tables; rebuilt set-based (V7), as after a bulk load.
set local ozg.bulk_load = 'on';
set local jit = off;
select statistics_rebuild();
