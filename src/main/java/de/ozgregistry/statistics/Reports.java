package de.ozgregistry.statistics;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.Binds;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Region report, timeline, top solutions and duplication index, all from the {@code coverage} table: plain SQL over
 * its indexes, so that every acknowledged write is reflected at once.
 */
@Repository
class Reports {

	/** Coverage at the end of one period. */
	record TimelinePoint(LocalDate date, int municipalityCount, int coveredMunicipalities, long population,
			long populationCovered, long coveragePairs) {

		public double municipalityShare() {
			return (municipalityCount == 0) ? 0 : (double) coveredMunicipalities / municipalityCount;
		}

		public double populationShare() {
			return (population == 0) ? 0 : (double) populationCovered / population;
		}

	}

	/** How many OZG-Leistungen of a Themenfeld are available everywhere, partly or nowhere in a region. */
	record ThemenfeldCoverage(int themenfeld, int ozgServices, int flaechendeckend, int partly, int none) {
	}

	/** Number of solutions in use at a Reifegrad. */
	record MaturityCount(String model, Integer level, int solutions) {
	}

	/** A solution with its use in a region. */
	record SolutionUse(UUID solutionId, int liveAdopters, int coveredMunicipalities, long populationServed) {
	}

	/** Independent solutions in use for an OZG-Leistung in a region. */
	record Duplication(int ozgId, int solutionsInUse, int providers) {
	}

	/**
	 * Coverage rows live on {@code :at} in the region {@code :within}. Land and Kreis codes are columns of the
	 * coverage table; only a Gemeindeverband or Gemeinde needs the organization table.
	 */
	private static final String LIVE_IN_REGION = """
			c.live_from <= :at and (c.live_to is null or c.live_to > :at)
			and starts_with(c.kreis_code, left(:within, 5))
			and (length(:within) <= 5 or c.gemeinde_id in (select g.id from organization g
			     where g.kind = 'MUNICIPALITY' and starts_with(g.ars, :within)))""";

	private final DatabaseClient db;

	Reports(DatabaseClient db) {
		this.db = db;
	}

	Mono<List<TimelinePoint>> timeline(Integer ozgId, String within, LocalDate from, LocalDate to, String interval) {
		String step = interval.equals("QUARTER") ? "3 months" : "1 month";
		String unit = interval.equals("QUARTER") ? "quarter" : "month";
		var spec = db.sql("""
				with dates as (
				    select least((d + interval '%1$s' - interval '1 day')::date, :to) as at
				    from generate_series(date_trunc('%2$s', :from::date), date_trunc('%2$s', :to::date), interval '%1$s') d
				), region as (
				    select count(*)::int as n, coalesce(sum(population), 0)::bigint as population from organization
				    where kind = 'MUNICIPALITY' and starts_with(ars, :within)
				), spans as (
				    select c.gemeinde_id, c.ozg_id, c.population, c.live_from, coalesce(c.live_to, 'infinity') as live_to
				    from coverage c
				    where (:ozgId::int is null or c.ozg_id = :ozgId::int)
				      and c.live_from <= :to
				      and starts_with(c.kreis_code, left(:within, 5))
				      and (length(:within) <= 5 or c.gemeinde_id in (select g.id from organization g
				           where g.kind = 'MUNICIPALITY' and starts_with(g.ars, :within)))
				), merged_pairs as (
				    -- overlapping live periods of several adoptions for the same Gemeinde and OZG-Leistung are merged
				    select gemeinde_id, ozg_id, max(population) as population, min(live_from) as live_from,
				           max(live_to) as live_to
				    from (select *, sum(case when previous_end >= live_from then 0 else 1 end)
				                  over (partition by gemeinde_id, ozg_id order by live_from, live_to) as island
				          from (select *, max(live_to) over (partition by gemeinde_id, ozg_id order by live_from, live_to
				                                             rows between unbounded preceding and 1 preceding) as previous_end
				                from spans) o) i
				    group by gemeinde_id, ozg_id, island
				), merged_gemeinden as (
				    -- and for the Gemeinde as a whole (any OZG-Leistung live)
				    select gemeinde_id, max(population) as population, min(live_from) as live_from, max(live_to) as live_to
				    from (select *, sum(case when previous_end >= live_from then 0 else 1 end)
				                  over (partition by gemeinde_id order by live_from, live_to) as island
				          from (select *, max(live_to) over (partition by gemeinde_id order by live_from, live_to
				                                             rows between unbounded preceding and 1 preceding) as previous_end
				                from merged_pairs) o) i
				    group by gemeinde_id, island
				), events as (
				    -- a running sum over start (+) and end (-) events gives the state on every day
				    select day, sum(municipalities) as municipalities, sum(population) as population, sum(pairs) as pairs
				    from (select live_from as day, 1 as municipalities, population, 0 as pairs from merged_gemeinden
				          union all select live_to, -1, -population, 0 from merged_gemeinden where live_to <> 'infinity'
				          union all select live_from, 0, 0, 1 from merged_pairs
				          union all select live_to, 0, 0, -1 from merged_pairs where live_to <> 'infinity') e
				    group by day
				), running as (
				    select day, sum(municipalities) over (order by day) as municipalities,
				           sum(population) over (order by day) as population, sum(pairs) over (order by day) as pairs
				    from events
				)
				select dates.at, region.n, region.population,
				       coalesce(r.municipalities, 0)::int as municipalities,
				       coalesce(r.population, 0)::bigint as covered_population, coalesce(r.pairs, 0)::bigint as pairs
				from dates cross join region
				left join lateral (select * from running where running.day <= dates.at order by running.day desc limit 1) r
				  on true
				order by dates.at""".formatted(step, unit))
			.bind("from", from)
			.bind("to", to)
			.bind("within", within);
		spec = Binds.nullable(spec, "ozgId", ozgId, Integer.class);
		return spec
			.map(row -> new TimelinePoint(row.get("at", LocalDate.class), row.get("n", Integer.class),
					row.get("municipalities", Integer.class), row.get("population", Long.class),
					row.get("covered_population", Long.class), row.get("pairs", Long.class)))
			.all()
			.collectList();
	}

	Mono<List<ThemenfeldCoverage>> themenfelder(String within, LocalDate at) {
		// today, for the country, a Land or a Kreis: from the maintained counters (V6__coverage_counts.sql)
		boolean counters = within.length() <= 5 && at.equals(LocalDate.now(java.time.ZoneId.of("Europe/Berlin")));
		String perOzg = counters ? """
				select k.ozg_id, sum(k.municipalities)::int as covered from coverage_kreis k
				where starts_with(k.kreis_code, :within) and :at is not null group by k.ozg_id"""
				: """
				select c.ozg_id, count(distinct c.gemeinde_id)::int as covered from coverage c
				where %s group by c.ozg_id""".formatted(LIVE_IN_REGION);
		return db.sql("""
				with region as (
				    select count(*)::int as n from organization where kind = 'MUNICIPALITY' and starts_with(ars, :within)
				), per_ozg as (%s
				)
				select o.themenfeld, count(*)::int as total,
				       count(*) filter (where p.covered = region.n)::int as full,
				       count(*) filter (where p.covered > 0 and p.covered < region.n)::int as partly,
				       count(*) filter (where p.covered is null)::int as none
				from ozg_service o cross join region left join per_ozg p on p.ozg_id = o.ozg_id
				group by o.themenfeld order by o.themenfeld""".formatted(perOzg))
			.bind("within", within)
			.bind("at", at)
			.map(row -> new ThemenfeldCoverage(row.get("themenfeld", Integer.class), row.get("total", Integer.class),
					row.get("full", Integer.class), row.get("partly", Integer.class), row.get("none", Integer.class)))
			.all()
			.collectList();
	}

	Mono<List<MaturityCount>> maturity(String within, LocalDate at) {
		// today, for the country, a Land or a Kreis: the live adoptions by bodies in or above the region (each covers
		// at least one of its Gemeinden), without reading the coverage rows
		boolean today = within.length() <= 5 && at.equals(LocalDate.now(java.time.ZoneId.of("Europe/Berlin")));
		String solutionsInUse = today ? """
				select s.maturity_model, s.maturity_level, count(distinct s.id)::int as solutions
				from adoption a join organization o on o.id = a.organization_id join solution s on s.id = a.solution_id
				where a.status = 'LIVE' and :at is not null
				  and (o.kind = 'FEDERAL'
				       or (o.kind in ('STATE', 'DISTRICT', 'MUNICIPAL_ASSOCIATION', 'MUNICIPALITY')
				           and (starts_with(o.ars, :within)
				                or (o.kind = 'STATE' and starts_with(:within, o.land_code))
				                or (o.kind = 'DISTRICT' and starts_with(:within, left(o.ars, 5))))))
				group by s.maturity_model, s.maturity_level order by s.maturity_model nulls last, s.maturity_level"""
				: """
				select s.maturity_model, s.maturity_level, count(distinct s.id)::int as solutions
				from coverage c join adoption a on a.id = c.adoption_id join solution s on s.id = a.solution_id
				where %s
				group by s.maturity_model, s.maturity_level order by s.maturity_model nulls last, s.maturity_level"""
			.formatted(LIVE_IN_REGION);
		return db.sql(solutionsInUse)
			.bind("within", within)
			.bind("at", at)
			.map(row -> new MaturityCount(row.get("maturity_model", String.class),
					row.get("maturity_level", Integer.class), row.get("solutions", Integer.class)))
			.all()
			.collectList();
	}

	Mono<List<SolutionUse>> topSolutions(String within, Integer themenfeld, LocalDate at, boolean byPopulation,
			int limit) {
		var spec = db.sql("""
				with live as (
				    select a.solution_id, a.organization_id, c.gemeinde_id, c.population
				    from coverage c join adoption a on a.id = c.adoption_id
				    where %s
				      and (:themenfeld::int is null
				           or c.ozg_id in (select ozg_id from ozg_service where themenfeld = :themenfeld::int))
				), per_gemeinde as (
				    select solution_id, gemeinde_id, max(population) as population from live group by 1, 2
				)
				select p.solution_id,
				       (select count(distinct l.organization_id) from live l where l.solution_id = p.solution_id)::int
				           as adopters,
				       count(*)::int as municipalities, sum(p.population)::bigint as population
				from per_gemeinde p
				group by p.solution_id
				order by %s desc, p.solution_id
				limit :limit""".formatted(LIVE_IN_REGION, byPopulation ? "population" : "adopters"))
			.bind("within", within)
			.bind("at", at)
			.bind("limit", limit);
		spec = Binds.nullable(spec, "themenfeld", themenfeld, Integer.class);
		return spec
			.map(row -> new SolutionUse(row.get("solution_id", UUID.class), row.get("adopters", Integer.class),
					row.get("municipalities", Integer.class), row.get("population", Long.class)))
			.all()
			.collectList();
	}

	Mono<List<Duplication>> duplication(String within, Integer themenfeld, LocalDate at, int limit) {
		var spec = db.sql("""
				select c.ozg_id, count(distinct a.solution_id)::int as solutions, count(distinct s.provider_id)::int as providers
				from coverage c join adoption a on a.id = c.adoption_id join solution s on s.id = a.solution_id
				where %s
				  and (:themenfeld::int is null or c.ozg_id in (select ozg_id from ozg_service where themenfeld = :themenfeld::int))
				group by c.ozg_id
				order by count(distinct s.provider_id) desc, count(distinct a.solution_id) desc, c.ozg_id
				limit :limit""".formatted(LIVE_IN_REGION))
			.bind("within", within)
			.bind("at", at)
			.bind("limit", limit);
		spec = Binds.nullable(spec, "themenfeld", themenfeld, Integer.class);
		return spec
			.map(row -> new Duplication(row.get("ozg_id", Integer.class), row.get("solutions", Integer.class),
					row.get("providers", Integer.class)))
			.all()
			.collectList();
	}

}
