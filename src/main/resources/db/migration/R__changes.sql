-- The announcement of every change-log entry to every registry instance on this database (LISTEN ozg_changes), on
-- commit. Besides the entry's sequence number, type, record and operation it names the records the changed one
-- refers to (change_log_keys), so that a cache can drop just the answers that read them (ChangeNotifications).

-- The references of a record's snapshot: its top-level "*_id" fields that hold a value (an adoption's solution_id
-- and organization_id, say), and when it was created (created_at: the pages of adoptions read those of some days), as
-- a JSON object of texts; here and in the change log's own writes (ChangeLog.append).
create or replace function change_log_keys(snapshot jsonb) returns jsonb language sql immutable as $$
    select coalesce(jsonb_object_agg(key, value), '{}'::jsonb)
    from jsonb_each_text(case when jsonb_typeof(snapshot) = 'object' then snapshot else '{}'::jsonb end)
    where (key like '%\_id' or key = 'created_at') and value is not null
$$;

create or replace function change_log_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('ozg_changes', json_build_object('seq', new.seq, 'type', new.entity_type,
        'id', new.entity_id, 'operation', new.operation, 'keys', change_log_keys(new.snapshot))::text);
    return null;
end
$$;
