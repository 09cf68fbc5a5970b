-- Status dates are never in the future, so the rows without an end are exactly today's coverage: an index of
-- their own answers "who has it now" without reading the history.
create index coverage_current on coverage (ozg_id, kreis_code) include (gemeinde_id, population) where live_to is null;
