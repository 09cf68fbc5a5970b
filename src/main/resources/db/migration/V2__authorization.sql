-- Authentication and authorization: registry-issued API tokens, the role in the change log, restricted fields,
-- and disputes of adoptions by the solution's provider.

create table api_token (
    id                    uuid primary key,
    -- SHA-256 of the token; the token itself is shown once when issued and never stored
    token_hash            bytea not null unique,
    -- the first characters of the token, so that its owner can recognise it in a list
    token_prefix          text not null,
    organization_id       uuid not null references organization (id),
    role                  text not null check (role in ('PUBLISHER', 'VENDOR', 'STATE_COORDINATOR',
                                                        'FEDERAL_COORDINATOR', 'ADMIN')),
    label                 text check (length(label) <= 200),
    expires_at            timestamptz not null,
    created_at            timestamptz not null default now(),
    created_by_subject    text,
    revoked_at            timestamptz,
    last_used_at          timestamptz,
    registry_node_id      text not null
);
create index api_token_organization on api_token (organization_id, created_at desc, id desc);

alter table change_log add column actor_role text;
alter table change_log drop constraint change_log_operation_check;
alter table change_log add constraint change_log_operation_check
    check (operation in ('CREATE', 'UPDATE', 'STATUS_TRANSITION', 'CONFIRM', 'DISPUTE'));

-- A named contact person of a solution: restricted, like its terms and costs.
alter table solution add column contact_person text check (length(contact_person) <= 300);

-- The provider either confirms or disputes an adoption of its solution.
alter table adoption add column confirmation_status text check (confirmation_status in ('CONFIRMED', 'DISPUTED'));
alter table adoption add column confirmation_note text check (length(confirmation_note) <= 1000);
update adoption set confirmation_status = 'CONFIRMED' where confirmed_by is not null;
alter table adoption add constraint adoption_confirmation_complete
    check ((confirmed_by is null) = (confirmation_status is null));
