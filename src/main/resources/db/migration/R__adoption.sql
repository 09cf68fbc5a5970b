-- Adoptions: what an adoption shows of the confirmations of it (V16__confirmation.sql). Called by
-- de.ozgregistry.adoption.AdoptionRecording after a local confirmation and by the federation after a replicated
-- confirmation or adoption.

-- The adoptions' confirmed_by, confirmed_at, confirmation_status and confirmation_note: those of the confirmation by
-- the solution's provider, or nothing (for one adoption, or for the adoptions of a page a peer sent). The adoption's
-- version does not change (the confirmation is the provider's record, not the adopter's).
create or replace function adoption_confirmation_show(p_adoptions uuid[]) returns void language sql as $$
    update adoption a
    set confirmed_by = c.provider_id, confirmed_at = c.updated_at, confirmation_status = c.status,
        confirmation_note = c.note
    from (select x.id, c.provider_id, c.updated_at, c.status, c.note
          from adoption x
          join solution s on s.id = x.solution_id
          left join confirmation c on c.adoption_id = x.id and c.provider_id = s.provider_id
          where x.id = any (p_adoptions)) c
    where a.id = c.id
      and (a.confirmed_by, a.confirmed_at, a.confirmation_status, a.confirmation_note)
          is distinct from (c.provider_id, c.updated_at, c.status, c.note)
$$;

create or replace function adoption_confirmation_show(p_adoption uuid) returns void language sql as $$
    select adoption_confirmation_show(array[p_adoption])
$$;
