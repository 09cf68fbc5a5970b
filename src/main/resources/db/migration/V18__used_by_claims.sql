-- What a provider's publiccode.yml says about who uses the software (its usedBy list, issue 15): kept with the
-- solution as the provider's own statements, unverified. They are never adoptions: no organization is resolved from
-- them and no statistic counts them. Set only by importPubliccode (not by publishSolution or updateSolution).
alter table solution add column used_by_claims text[] not null default '{}';
