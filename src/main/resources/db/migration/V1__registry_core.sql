-- The registry core: catalogue, organizations, solutions, adoptions and the append-only change log.
-- Enumerations are text with CHECK constraints so that values read the same in SQL, JSON snapshots and GraphQL.

create extension if not exists pg_trgm;
create extension if not exists unaccent;

-- Case-, accent- and transliteration-insensitive form of a German text: "Führerschein", "Fuehrerschein" and
-- "fuhrerschein" all fold to "fuhrerschein"; "Straße" and "Strasse" to "strasse".
-- unaccent() is only STABLE, so it is wrapped with a fixed dictionary to be usable in indexes.
create function de_fold(t text) returns text
    language sql immutable parallel safe strict
as $$
select public.unaccent('public.unaccent'::regdictionary,
         replace(replace(replace(replace(lower(t), 'ae', 'a'), 'oe', 'o'), 'ue', 'u'), 'ß', 'ss'))
$$;

create table data_source (
    id          text primary key,
    name        text not null,
    data_date   date,
    attribution text,
    illustrative boolean not null default false
);

-- ---------------------------------------------------------------------------------------------------------------
-- Catalogue (reference data, seeded; IDs are name-based UUIDs so that every registry node has the same ones)
-- ---------------------------------------------------------------------------------------------------------------

create table themenfeld (
    number         integer primary key,
    id             uuid not null unique,
    name           text not null unique,
    data_source_id text not null references data_source (id)
);

create table lebenslage (
    number         integer primary key,
    id             uuid not null unique,
    name           text not null unique,
    themenfeld     integer not null references themenfeld (number),
    data_source_id text not null references data_source (id)
);

create table ozg_service (
    ozg_id         integer primary key check (ozg_id between 10000 and 99999),
    id             uuid not null unique,
    name           text not null,
    lebenslage     integer not null references lebenslage (number),
    themenfeld     integer not null references themenfeld (number),
    data_source_id text not null references data_source (id)
);
create index ozg_service_themenfeld on ozg_service (themenfeld);
create index ozg_service_lebenslage on ozg_service (lebenslage);
create index ozg_service_name_fold on ozg_service using gin (de_fold(name) gin_trgm_ops);

create table leika_service (
    id             uuid primary key,
    leika_key      char(14) unique check (leika_key ~ '^[0-9]{14}$'),
    name           text not null,
    leika_type     text,
    legal_basis    text,
    -- 26 rows of the catalogue name no OZG-Leistung
    ozg_id         integer references ozg_service (ozg_id),
    data_source_id text not null references data_source (id)
);
create index leika_service_ozg on leika_service (ozg_id);

-- ---------------------------------------------------------------------------------------------------------------
-- Organizations
-- ---------------------------------------------------------------------------------------------------------------

create table organization (
    id               uuid primary key,
    kind             text not null check (kind in ('FEDERAL', 'STATE', 'DISTRICT', 'MUNICIPAL_ASSOCIATION',
                                                   'MUNICIPALITY', 'IT_SERVICE_PROVIDER', 'VENDOR',
                                                   'OTHER_AUTHORITY')),
    name             text not null check (length(name) between 1 and 200),
    designation      text,
    ars              char(12) check (ars ~ '^[0-9]{12}$'),
    land_code        char(2) check (land_code ~ '^[0-9]{2}$'),
    population       integer check (population >= 0),
    website          text,
    contact_email    text,
    parent_id        uuid references organization (id),
    source           text not null default 'SELF_REPORTED',
    data_source_id   text references data_source (id),
    registry_node_id text not null,
    version          integer not null default 1,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
-- A kreisfreie Stadt shares its ARS with its Kreis, Hamburg and Berlin with their Land: unique per kind only.
create unique index organization_ars_kind on organization (ars, kind) where ars is not null;
create index organization_ars on organization (ars);
create index organization_parent on organization (parent_id, name collate "C", id);
create index organization_name on organization (name, id);
create index organization_kind on organization (kind);
create index organization_land on organization (land_code);
create index organization_name_fold on organization using gin (de_fold(name) gin_trgm_ops);

-- ---------------------------------------------------------------------------------------------------------------
-- Solutions
-- ---------------------------------------------------------------------------------------------------------------

create table solution (
    id               uuid primary key,
    name             text not null check (length(name) between 1 and 200),
    summary          text not null check (length(summary) between 1 and 500),
    description      text check (length(description) <= 10000),
    provider_id      uuid not null references organization (id),
    vendor_id        uuid references organization (id),
    maturity_level   smallint,
    maturity_model   text check (maturity_model in ('V1_1', 'V2_0')),
    reuse_model      text not null check (reuse_model in ('EFA_SERVICE', 'OPEN_SOURCE', 'SHARED_PLATFORM',
                                                          'COMMERCIAL', 'OWN_DEVELOPMENT')),
    legal_paths      text[] not null default '{}',
    licence          text,
    repository_url   text,
    landing_url      text,
    standards        text[] not null default '{}',
    lifecycle        text not null check (lifecycle in ('PLANNED', 'IN_DEVELOPMENT', 'PILOT', 'PRODUCTION',
                                                        'RETIRED')),
    release_version  text,
    terms_and_costs  text,
    source           text not null check (source in ('SELF_REPORTED', 'PROVIDER_REPORTED', 'IMPORTED',
                                                     'ILLUSTRATIVE')),
    data_source_id   text references data_source (id),
    registry_node_id text not null,
    version          integer not null default 1,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    check ((maturity_level is null) = (maturity_model is null)),
    check (maturity_level is null
        or (maturity_model = 'V1_1' and maturity_level between 0 and 4)
        or (maturity_model = 'V2_0' and maturity_level between 0 and 7))
);
create index solution_provider on solution (provider_id, name, id);
create index solution_vendor on solution (vendor_id);
create index solution_name on solution (name, id);

create table solution_ozg_service (
    solution_id uuid not null references solution (id) on delete cascade,
    ozg_id      integer not null references ozg_service (ozg_id),
    primary key (solution_id, ozg_id)
);
create index solution_ozg_service_ozg on solution_ozg_service (ozg_id, solution_id);

create table solution_leika_service (
    solution_id uuid not null references solution (id) on delete cascade,
    leika_id    uuid not null references leika_service (id),
    primary key (solution_id, leika_id)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Adoptions
-- ---------------------------------------------------------------------------------------------------------------

create table adoption (
    id               uuid primary key,
    organization_id  uuid not null references organization (id),
    solution_id      uuid not null references solution (id),
    status           text not null check (status in ('INTERESTED', 'PLANNED', 'IN_PROGRESS', 'LIVE',
                                                     'DISCONTINUED')),
    operating_model  text check (operating_model in ('CENTRAL_SERVICE', 'OWN_INSTANCE', 'FORK')),
    legal_path       text check (legal_path in ('FIT_STORE', 'GOVDIGITAL_MARKETPLACE', 'KOMMUNALVERTRETER_MODELL',
                                                'VERWALTUNGSVEREINBARUNG', 'DIRECT_CONTRACT', 'OPEN_LICENCE')),
    solution_version text,
    confirmed_by     uuid references organization (id),
    confirmed_at     timestamptz,
    source           text not null check (source in ('SELF_REPORTED', 'PROVIDER_REPORTED', 'IMPORTED',
                                                     'ILLUSTRATIVE')),
    data_source_id   text references data_source (id),
    registry_node_id text not null,
    version          integer not null default 1,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    check ((confirmed_by is null) = (confirmed_at is null))
);
-- At most one adoption that is not discontinued per organization and solution.
create unique index adoption_active_per_org_solution on adoption (organization_id, solution_id)
    where status <> 'DISCONTINUED';
create index adoption_organization on adoption (organization_id, created_at desc, id desc);
create index adoption_solution on adoption (solution_id, created_at desc, id desc);
create index adoption_created on adoption (created_at desc, id desc);

create table adoption_ozg_service (
    adoption_id uuid not null references adoption (id) on delete cascade,
    ozg_id      integer not null references ozg_service (ozg_id),
    primary key (adoption_id, ozg_id)
);
create index adoption_ozg_service_ozg on adoption_ozg_service (ozg_id, adoption_id);

create table adoption_status_transition (
    adoption_id    uuid not null references adoption (id) on delete cascade,
    seq            integer not null,
    status         text not null check (status in ('INTERESTED', 'PLANNED', 'IN_PROGRESS', 'LIVE',
                                                   'DISCONTINUED')),
    effective_date date not null,
    recorded_at    timestamptz not null default now(),
    primary key (adoption_id, seq)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Change log: append-only, written in the same transaction as the change it records.
-- History, live notifications, statistics over time and federation read from here.
-- ---------------------------------------------------------------------------------------------------------------

create table change_log (
    seq                   bigserial primary key,
    entity_type           text not null check (entity_type in ('ORGANIZATION', 'SOLUTION', 'ADOPTION')),
    entity_id             uuid not null,
    entity_version        integer not null,
    operation             text not null check (operation in ('CREATE', 'UPDATE', 'STATUS_TRANSITION', 'CONFIRM')),
    snapshot              jsonb not null,
    changed_at            timestamptz not null default now(),
    actor_organization_id uuid,
    actor_subject         text,
    registry_node_id      text not null
);
create index change_log_entity on change_log (entity_type, entity_id, seq);

create function change_log_is_append_only() returns trigger
    language plpgsql
as $$
begin
    raise exception 'change_log is append-only';
end
$$;
create trigger change_log_append_only
    before update or delete on change_log
    for each row execute function change_log_is_append_only();
