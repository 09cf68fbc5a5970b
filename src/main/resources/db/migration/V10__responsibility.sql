-- Zuständigkeit: which level executes an OZG-Leistung (responsibility package, Responsibility.java).
--
-- One row per rule:
--   DEFAULT       one per OZG-Leistung, written by the seed (derived from the LeiKa-Typ, or the curated table
--                 seed-data/responsibility/zustaendigkeit.csv) and changed by the federal coordinator or an admin;
--   LAND          a Land-wide replacement of the levels for one OZG-Leistung (set by the Land's coordinator);
--   ORGANIZATION  an addition for one organization (a große Kreisstadt that carries the Bauaufsicht).
-- A LAND or ORGANIZATION rule with no levels is withdrawn (kept for its history). Rows are never deleted: the change
-- log holds their history like that of other records.

create table responsibility_rule (
    id              uuid primary key,
    ozg_id          integer not null references ozg_service (ozg_id),
    scope           text not null check (scope in ('DEFAULT', 'LAND', 'ORGANIZATION')),
    land_code       char(2) check (land_code ~ '^[0-9]{2}$'),
    organization_id uuid references organization (id),
    levels          text[] not null,
    basis           text not null check (basis in ('LEIKA_TYPE', 'CURATED', 'LAND_RULE', 'ORGANIZATION_RULE')),
    source          text not null,
    note            text,
    data_source_id  text references data_source (id),
    registry_node_id text not null,
    version         integer not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    check (levels <@ array['FEDERAL', 'STATE', 'DISTRICT', 'MUNICIPAL_ASSOCIATION', 'MUNICIPALITY']::text[]),
    check ((scope = 'DEFAULT' and land_code is null and organization_id is null)
        or (scope = 'LAND' and land_code is not null and organization_id is null)
        or (scope = 'ORGANIZATION' and land_code is null and organization_id is not null))
);
create unique index responsibility_rule_default on responsibility_rule (ozg_id) where scope = 'DEFAULT';
create unique index responsibility_rule_land on responsibility_rule (land_code, ozg_id) where scope = 'LAND';
create unique index responsibility_rule_organization on responsibility_rule (organization_id, ozg_id)
    where scope = 'ORGANIZATION';

-- its history lives in the change log like that of organizations, solutions and adoptions
alter table change_log drop constraint change_log_entity_type_check;
alter table change_log add constraint change_log_entity_type_check
    check (entity_type in ('ORGANIZATION', 'SOLUTION', 'ADOPTION', 'RESPONSIBILITY_RULE'));
