-- The reuse marketplace (issue 17): reuse requests between an organization and a solution's provider
-- (de.ozgregistry.reuse), and notifications that outlive a browser tab (de.ozgregistry.notification). Functions of
-- both live in R__reuse.sql and R__notification.sql.

-- ---------------------------------------------------------------------------------------------------------------
-- Reuse requests: REQUESTED -> ANSWERED (an offer) or DECLINED -> AGREED. Restricted to the two parties, their Land
-- coordinators and admins; in the change log (type REUSE_REQUEST) but never in the federation's feed or snapshot,
-- which list only organizations, solutions, adoptions and confirmations.
-- ---------------------------------------------------------------------------------------------------------------

create table reuse_request (
    id                uuid primary key,
    solution_id       uuid not null references solution (id),
    requester_id      uuid not null references organization (id),
    -- the solution's provider when the request was made: the party that answers
    provider_id       uuid not null references organization (id),
    -- the requester's adoption of the solution (INTERESTED when the request created it)
    adoption_id       uuid not null references adoption (id),
    state             text not null check (state in ('REQUESTED', 'ANSWERED', 'DECLINED', 'AGREED')),
    message           text not null,
    operating_model   text check (operating_model in ('CENTRAL_SERVICE', 'OWN_INSTANCE', 'FORK')),
    legal_path        text,
    -- role mailboxes of the organizations, never a person's address chosen by the registry
    requester_contact text not null,
    provider_contact  text,
    conditions        text,
    next_steps        text,
    marketplace_url   text,
    decline_reason    text,
    answered_at       timestamptz,
    agreed_at         timestamptz,
    registry_node_id  text not null,
    version           integer not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);
-- at most one open request (requested or answered) per organization and solution
create unique index reuse_request_open on reuse_request (requester_id, solution_id)
    where state in ('REQUESTED', 'ANSWERED');
create index reuse_request_provider on reuse_request (provider_id, created_at desc, id desc);
create index reuse_request_requester on reuse_request (requester_id, created_at desc, id desc);

alter table change_log drop constraint change_log_entity_type_check;
alter table change_log add constraint change_log_entity_type_check
    check (entity_type in ('ORGANIZATION', 'SOLUTION', 'ADOPTION', 'RESPONSIBILITY_RULE', 'CONFIRMATION',
                           'REUSE_REQUEST'));

-- ---------------------------------------------------------------------------------------------------------------
-- Notifications: subscriptions, the events found for them in the change log, the messages (one event or a digest)
-- and their deliveries by e-mail or webhook. Everything waits in tables, so a restart loses nothing.
-- ---------------------------------------------------------------------------------------------------------------

create table notification_subscription (
    id                uuid primary key,
    organization_id   uuid not null references organization (id),
    events            text[] not null,
    email             text,
    webhook_url       text,
    -- the HMAC-SHA256 key of the webhook's signatures: kept as given out, since signing needs it
    webhook_secret    text,
    -- the capability behind the unsubscribe link of the e-mails
    unsubscribe_token text not null unique,
    active            boolean not null default true,
    created_by        text,
    created_at        timestamptz not null default now(),
    ended_at          timestamptz,
    check (email is not null or webhook_url is not null),
    check ((webhook_url is null) = (webhook_secret is null))
);
create index notification_subscription_organization on notification_subscription (organization_id, created_at desc, id desc);

-- Where the search of the change log for events stands: (txid, seq) of the last entry read, in the order of the
-- federation's feed (V15__federation.sql), so that an entry that commits late is not skipped.
create table notification_cursor (
    id    boolean primary key default true check (id),
    txid  xid8 not null,
    seq   bigint not null
);

-- Events found, waiting to be put into a message (debounced per subscription).
create table notification_event (
    id              bigserial primary key,
    subscription_id uuid not null references notification_subscription (id),
    event           text not null,
    seq             bigint not null,
    entity_type     text not null,
    entity_id       uuid not null,
    details         jsonb not null,
    found_at        timestamptz not null default now(),
    unique (subscription_id, seq, event)
);
create index notification_event_subscription on notification_event (subscription_id, found_at);

-- A message: one event or a digest of several, as it is sent on every channel of the subscription.
create table notification_message (
    id              uuid primary key,
    subscription_id uuid not null references notification_subscription (id),
    event_count     integer not null,
    events          jsonb not null,
    created_at      timestamptz not null default now()
);

-- The delivery of a message on one channel, with its attempts: the delivery log a subscriber reads.
create table notification_delivery (
    id               uuid primary key,
    message_id       uuid not null references notification_message (id),
    subscription_id  uuid not null references notification_subscription (id),
    channel          text not null check (channel in ('EMAIL', 'WEBHOOK')),
    state            text not null default 'PENDING' check (state in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    last_http_status integer,
    last_error       text,
    created_at       timestamptz not null default now()
);
create index notification_delivery_due on notification_delivery (next_attempt_at) where state = 'PENDING';
create index notification_delivery_subscription on notification_delivery (subscription_id, created_at desc, id desc);
