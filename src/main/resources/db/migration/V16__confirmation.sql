-- A provider's confirmation or dispute of an adoption becomes a record of its own (issue 14), owned by the node of
-- the provider: an adoption recorded on one registry node can be confirmed by a provider on another, and nobody can
-- write the other's statement. The adoption's confirmed_by, confirmed_at, confirmation_status and confirmation_note
-- stay, as what the confirmation of its solution's provider says (adoption_confirmation_show in R__adoption.sql);
-- confirming no longer changes the adoption's version.
create table confirmation (
    id               uuid primary key,
    adoption_id      uuid not null references adoption (id) on delete cascade,
    provider_id      uuid not null references organization (id),
    status           text not null check (status in ('CONFIRMED', 'DISPUTED')),
    note             text check (length(note) <= 1000),
    data_source_id   text references data_source (id),
    registry_node_id text not null,
    version          integer not null default 1,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    unique (adoption_id, provider_id)
);

-- the confirmations given so far, as records (their IDs derived from the adoption's)
insert into confirmation (id, adoption_id, provider_id, status, note, data_source_id, registry_node_id, created_at,
                          updated_at)
select md5('confirmation:' || a.id)::uuid, a.id, a.confirmed_by, a.confirmation_status, a.confirmation_note,
       a.data_source_id, a.registry_node_id, a.confirmed_at, a.confirmed_at
from adoption a
where a.confirmed_by is not null;

alter table change_log drop constraint change_log_entity_type_check;
alter table change_log add constraint change_log_entity_type_check
    check (entity_type in ('ORGANIZATION', 'SOLUTION', 'ADOPTION', 'RESPONSIBILITY_RULE', 'CONFIRMATION'));
