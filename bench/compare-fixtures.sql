-- The IDs bench/compare.mjs sends (one JSON document): Themenfelder; solutions with at least 50 adopters; Kreise
-- with at least 5 organizations directly below; 200 Gemeinden and the 50 most covered OZG-Leistungen for
-- reuseOptions and coverage; 100,000 (Gemeinde, EfA service) pairs without an adoption for recordAdoption; 5,000
-- live adoptions for the writer of the mixed mode to discontinue.
select json_build_object(
  'themenfelder', (select json_agg(number order by number) from themenfeld),
  'solutions', (select json_agg(solution_id order by solution_id)
                from (select solution_id from adoption group by 1 having count(*) >= 50) s),
  'kreise', (select json_agg(json_build_object('id', p.id, 'ars', p.ars) order by p.ars)
             from organization p where p.kind = 'DISTRICT'
             and (select count(*) from organization c where c.parent_id = p.id) >= 5),
  'municipalities', (select json_agg(id) from (select id from organization where kind = 'MUNICIPALITY'
                                                order by md5(id::text) limit 200) m),
  'ozgIds', (select json_agg(ozg_id) from (select ozg_id from solution_ozg_service group by 1
                                            order by count(*) desc, ozg_id limit 50) o),
  'pairs', (select json_agg(json_build_array(g, s))
            from (select g.id as g, s.id as s
                  from organization g cross join solution s
                  where g.kind = 'MUNICIPALITY' and s.reuse_model = 'EFA_SERVICE'
                    and not exists (select 1 from adoption a where a.organization_id = g.id and a.solution_id = s.id)
                  order by md5(g.id::text || s.id::text) limit 100000) p),
  'live', (select json_agg(id) from (select id from adoption where status = 'LIVE' order by md5(id::text)
                                      limit 5000) l));
