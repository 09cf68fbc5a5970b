-- Open-PVOG import (issue 15): the addresses a solution's Onlinedienste are reached at, as `host[/path-prefix]`
-- (lower-case host, no scheme, no query). The import infers from the URL that PVOG links for a Gemeinde's
-- LeiKa-Leistung which solution it runs; the matching rule is in Java (solution.UrlPatterns), validation too.
alter table solution add column url_patterns text[] not null default '{}';
