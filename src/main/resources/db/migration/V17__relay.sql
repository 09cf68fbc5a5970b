-- Federation, transitive (issue 14): a node passes on the records it received, still signed by their owners, so that
-- a Land node that pulls only from the national node gets every other Land's records, once.

-- The owner's signed CloudEvent of an entry received from another node (without the relay's attributes): what this
-- node's feed passes on, unchanged, so that every reader checks the owner's signature, not the relay's word.
alter table change_log add column origin_event jsonb;

-- Nodes whose records a peer relays: known from the relay's node description (their keys, scope and the signatures
-- over their key set), not pulled; their rows name the relay (via). The signatures over a peer's key set
-- (jwksSignatures) are kept to be passed on to the nodes that learn of it through this one.
alter table federation_peer add column via text references federation_peer (node_id) on delete cascade;
alter table federation_peer add column key_signatures jsonb;
alter table federation_peer drop constraint federation_peer_state_check;
alter table federation_peer add constraint federation_peer_state_check
    check (state in ('NEW', 'OK', 'FAILING', 'RELAYED'));

-- Where in the feed of the peer it came through the record's version was received; null if it came from a snapshot,
-- after which the feed shows older versions again (skipped, not refused).
alter table replica add column position text;

-- Snapshots (repair and bootstrap): a peer's snapshot lists every current record it holds; a replicated record it
-- no longer lists is withdrawn here (a WITHDRAW entry, the tombstone), unless the snapshot would withdraw more than
-- the allowed share of what came through that peer (then nothing of it is applied, and the refusal says why).
alter table change_log drop constraint change_log_operation_check;
alter table change_log add constraint change_log_operation_check
    check (operation in ('CREATE', 'UPDATE', 'STATUS_TRANSITION', 'CONFIRM', 'DISPUTE', 'MERGE', 'WITHDRAW'));
alter table federation_peer add column last_snapshot_at timestamptz;

-- The signature of each feed entry of this node, made once (soon after the entry's commit, or when a reader first asks
-- for it) and then served to every reader: the entry's CloudEvent without its data (the change log's snapshot is the
-- data), ozgsignature included, and the ID of the key that signed it (an entry is signed again once that key is no
-- longer published).
create table change_signature (
    seq      bigint primary key references change_log (seq) on delete cascade,
    kid      text not null,
    envelope jsonb not null
);

-- Backoff: a peer that failed is tried again after the pull interval, doubled with each failure in a row (at most
-- ten minutes); a push hint from it pulls at once.
alter table federation_peer add column failures integer not null default 0;
alter table federation_peer add column next_attempt_at timestamptz;
