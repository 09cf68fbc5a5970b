-- Federation (issue 14): registry nodes exchange the changes of the records each is authoritative for.
--
-- The change feed must never let a reader skip an entry. change_log.seq is drawn at insert but becomes visible at
-- commit, so a reader that has seen 101 could miss a 100 that commits later. Each entry therefore also keeps the ID of
-- its transaction (txid, xid8: 64 bits, never wraps): the feed is ordered by (txid, seq) and shows only entries of
-- transactions older than the oldest one still running (pg_snapshot_xmin of the reader's snapshot). Every entry that
-- becomes visible later has a txid at least that high, so it sorts after everything a reader has already seen.
alter table change_log add column txid xid8 not null default pg_current_xact_id();
create index change_log_feed on change_log (txid, seq);

-- The node's signing keys (ES256; JWKS at /.well-known/ozg-registry). A new key is made at the first start and by
-- rotation; a retired key stays published until its retired_at plus the overlap, so that peers verify what it signed.
create table node_key (
    kid         text primary key,
    private_key bytea not null,
    public_jwk  jsonb not null,
    created_at  timestamptz not null default now(),
    retired_at  timestamptz
);

-- The peers this node pulls from, added by an admin; the key fingerprint (RFC 7638 thumbprint of one of the peer's
-- keys) is pinned at the first contact if the admin did not give one. The scope is the peer's, from its node
-- description (ARS prefixes, '' for everything, and organization IDs).
create table federation_peer (
    node_id         text primary key,
    url             text not null,
    name            text,
    fingerprint     text,
    scope_prefixes  text[] not null default '{}',
    scope_ids       uuid[] not null default '{}',
    keys            jsonb,
    cursor          text,
    state           text not null default 'NEW' check (state in ('NEW', 'OK', 'FAILING')),
    last_success_at timestamptz,
    last_attempt_at timestamptz,
    last_error      text,
    lag_entries     bigint,
    applied_count   bigint not null default 0,
    refused_count   bigint not null default 0,
    added_at        timestamptz not null default now()
);

-- Entries of a peer's feed that were refused (bad signature, unknown key, outside the peer's scope, going back in
-- version): nothing of them is applied.
create table federation_refusal (
    id          bigserial primary key,
    peer        text not null references federation_peer (node_id) on delete cascade,
    event_id    text,
    subject     text,
    reason      text not null,
    refused_at  timestamptz not null default now()
);
create index federation_refusal_peer on federation_refusal (peer, id desc);

-- Where a replicated record came from: its owning node, the version applied and when it arrived. Local records have
-- no row here.
create table replica (
    entity_type text not null,
    entity_id   uuid not null,
    node_id     text not null,
    version     integer not null,
    via         text not null,
    received_at timestamptz not null default now(),
    primary key (entity_type, entity_id)
);

-- The nodes that pull from this one and want a push hint when it changes (a hint only: they pull to learn what
-- changed). They subscribe themselves, unauthenticated: a hint carries no data, the URLs follow the peers' address
-- rule when each hint is sent, and there are at most 100 (de.ozgregistry.federation.PushHints).
create table federation_subscriber (
    node_id       text primary key,
    url           text not null,
    subscribed_at timestamptz not null default now()
);
