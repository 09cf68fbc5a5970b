-- Notifications (de.ozgregistry.notification): which subscriptions an entry of the change log concerns. The events
-- are found after the entries committed, in the order of the federation's feed (snapshot_position, R__federation.sql),
-- by de.ozgregistry.notification.Dispatcher; a new solution for a gap is found in Java (discovery.OpenGaps).

-- Inserts the events of these change-log entries for the subscriptions they concern (subscribed before the change,
-- still active, and not the organization's own doing as provider). Returns how many it inserted.
create or replace function notification_enqueue(p_seqs bigint[]) returns integer language sql as $$
    with entries as (
        select c.seq, c.entity_type, c.entity_id, c.operation, c.snapshot, c.changed_at
        from change_log c where c.seq = any (p_seqs)
    ),
    found as (
        -- a new adopter of a solution the subscriber provides
        select s.id as subscription_id, 'NEW_ADOPTER' as event, e.seq, e.entity_type, e.entity_id,
               jsonb_build_object('solutionId', so.id, 'solutionName', so.name, 'organizationId', o.id,
                                  'organizationName', o.name, 'status', e.snapshot ->> 'status') as details
        from entries e
        join solution so on so.id = (e.snapshot ->> 'solution_id')::uuid
        join organization o on o.id = (e.snapshot ->> 'organization_id')::uuid
        join notification_subscription s on s.organization_id = so.provider_id
        where e.entity_type = 'ADOPTION' and e.operation = 'CREATE' and o.id <> so.provider_id
          and s.active and 'NEW_ADOPTER' = any (s.events) and s.created_at <= e.changed_at
        union all
        -- a change of a solution the subscriber uses
        select s.id, 'SOLUTION_CHANGED', e.seq, e.entity_type, e.entity_id,
               jsonb_build_object('solutionId', so.id, 'solutionName', so.name, 'organizationId', p.id,
                                  'organizationName', p.name)
        from entries e
        join solution so on so.id = e.entity_id
        join organization p on p.id = so.provider_id
        join notification_subscription s on s.active and 'SOLUTION_CHANGED' = any (s.events)
                                          and s.created_at <= e.changed_at and s.organization_id <> so.provider_id
        where e.entity_type = 'SOLUTION' and e.operation = 'UPDATE'
          and exists (select 1 from adoption a where a.solution_id = so.id and a.organization_id = s.organization_id
                                                 and a.status <> 'DISCONTINUED')
        union all
        -- to the provider: a new request, and the requester's agreement; to the requester: the provider's answer
        select s.id, case when e.snapshot ->> 'state' in ('REQUESTED', 'AGREED') then 'REUSE_REQUEST'
                          else 'REUSE_ANSWER' end,
               e.seq, e.entity_type, e.entity_id,
               jsonb_build_object('solutionId', so.id, 'solutionName', so.name, 'organizationId', other.id,
                                  'organizationName', other.name, 'state', e.snapshot ->> 'state')
        from entries e
        join reuse_request r on r.id = e.entity_id
        join solution so on so.id = r.solution_id
        join notification_subscription s
          on s.active and s.created_at <= e.changed_at
         and (e.snapshot ->> 'state' in ('REQUESTED', 'AGREED') and s.organization_id = r.provider_id
              and 'REUSE_REQUEST' = any (s.events)
              or e.snapshot ->> 'state' in ('ANSWERED', 'DECLINED') and s.organization_id = r.requester_id
              and 'REUSE_ANSWER' = any (s.events))
        join organization other
          on other.id = case when s.organization_id = r.provider_id then r.requester_id else r.provider_id end
        where e.entity_type = 'REUSE_REQUEST'
    ),
    inserted as (
        insert into notification_event (subscription_id, event, seq, entity_type, entity_id, details)
        select subscription_id, event, seq, entity_type, entity_id, details from found
        on conflict (subscription_id, seq, event) do nothing
        returning 1
    )
    select count(*)::integer from inserted
$$;
