-- The OZG catalogue changes ("die Zahl ist nicht statisch"): its versions, loaded one after another by
-- importCatalogue (catalog/CatalogueImport.java). An OZG-Leistung is never deleted: one that a newer version lacks is
-- retired, with every solution and adoption link kept; a renamed one keeps its former names. Version 1 is the
-- catalogue as seeded (seed-data/catalog/).
create table catalogue_version (
    number          integer primary key check (number > 0),
    label           text not null unique,
    published_on    date,
    file_name       text,
    file_sha256     char(64),
    data_source_id  text references data_source (id),
    loaded_at       timestamptz not null default now()
);
insert into catalogue_version (number, label)
values (1, 'OZG-Umsetzungskatalog, Stand ca. 2019/2020 (OZG-Datenbank NRW der KDN)');

alter table ozg_service
    add column introduced_in integer not null default 1 references catalogue_version (number),
    add column retired_in integer references catalogue_version (number);

-- a name an OZG-Leistung had until the version that renamed it
create table ozg_service_former_name (
    ozg_id          integer not null references ozg_service (ozg_id),
    name            text not null,
    renamed_in      integer not null references catalogue_version (number),
    primary key (ozg_id, renamed_in)
);
