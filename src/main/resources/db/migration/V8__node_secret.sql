-- Secrets of this registry node, shared by every instance on this database and kept across restarts.
-- 'cursor' signs the paging cursors (HMAC-SHA256); OZG_CURSOR_SECRET, when set, is used instead.
create table node_secret (
    name       text primary key,
    secret     bytea not null check (length(secret) >= 32),
    created_at timestamptz not null default now()
);

-- 32 bytes from two version-4 UUIDs: gen_random_uuid() is in core PostgreSQL 13+ (no pgcrypto needed) and draws
-- from the server's strong random source; 244 of the 256 bits are random.
insert into node_secret (name, secret)
values ('cursor', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
