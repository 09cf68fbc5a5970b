package de.ozgregistry.statistics;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.database.Binds;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Region report, timeline, top solutions and duplication index, from the adoptions' areas and live periods and
 * each solution's reach over time (the tables of {@link StatisticsProjection}, kept in the writing transaction, so that
 * every acknowledged write is reflected at once). The rules (live period, area, union of nested areas) are the
 * functions of R__statistics.sql.
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
	 * Adoptions (their reach, StatisticsProjection) live on {@code :at} whose area meets the region {@code :within};
	 * {@code area_within(r.area, :within)} is the part of the area inside the region (R__statistics.sql).
	 */
	private static final String LIVE_REACH = """
			live_on(r.live_from, r.live_to, :at) and area_within(r.area, :within) is not null""";

	private final DatabaseClient db;

	private final CustomPlans plans;

	Reports(DatabaseClient db, CustomPlans plans) {
		this.db = db;
		this.plans = plans;
	}

	/**
	 * Covered Gemeinden (of the OZG-Leistung, or of any: key 0) and the Gemeinde × OZG-Leistung pairs at the end of
	 * every period: for Germany, a Land or a Kreis from its coverage steps (the pairs: key -1), for a smaller region
	 * from steps computed from the areas in it (coverage_area_steps; the pairs: the sum over the OZG-Leistungen). While
	 * an area wider than the region is live for a key, the whole region counts for it.
	 */
	Mono<List<TimelinePoint>> timeline(Integer ozgId, String within, LocalDate from, LocalDate to, String interval) {
		String step = interval.equals("QUARTER") ? "3 months" : "1 month";
		String unit = interval.equals("QUARTER") ? "quarter" : "month";
		int main = (ozgId == null) ? 0 : ozgId;
		boolean stored = hasSteps(within);
		// the keys read: the main one; for all OZG-Leistungen also the pairs (stored) or every OZG-Leistung
		String keys = (ozgId != null) ? "array[:main]::int[]"
				: stored ? "array[0, -1]" : "array(select 0 union all select ozg_id from ozg_service)";
		// (with the keys a wider area covers: their steps are what the whole region replaces)
		String steps = stored ? """
				select * from coverage_step where region = :within and ozg_id = any (%1$s)
				union all
				select * from coverage_step
				where region = :within and ozg_id in (select key from whole) and not ozg_id = any (%1$s)""".formatted(keys)
				: "select * from coverage_area_steps(array[:within], %s)".formatted(keys);
		return db.sql("""
				with dates as (
				    select least((d + interval '%1$s' - interval '1 day')::date, :to) as at
				    from generate_series(date_trunc('%2$s', :from::date), date_trunc('%2$s', :to::date), interval '%1$s') d
				), region as (
				    select municipalities, population from region_total where prefix = :within
				), whole as (
				    -- the days an area wider than the region was live, per key
				    select r.ozg_id as key, daterange(r.live_from, r.live_to) as live from adoption_reach_service r
				    where r.area = any (wider_areas(:within)) and (r.ozg_id = :main or :main = 0)
				    union all
				    select 0, daterange(r.live_from, r.live_to) from adoption_reach r
				    where r.area = any (wider_areas(:within)) and :main = 0
				), steps as materialized (%3$s
				), keys as (
				    select unnest(%4$s) as key union select key from whole
				), events as (
				    -- the dates and the steps of each key in one order (a step before a date of the same day), each date
				    -- in the group of the last step before it
				    select e.*, count(e.m) over (partition by e.key order by e.day, e.is_date) as step_group
				    from (select k.key, d.at as day, true as is_date, null::int as m, null::bigint as p
				          from dates d cross join keys k
				          union all
				          select s.ozg_id, s.day, false, s.municipalities, s.population from steps s
				          where s.ozg_id in (select key from keys)) e
				), value_at as (
				    -- each key's value on each date: that of the last step before it (0 before the first)
				    select e.day as at, e.key,
				           e.is_date and exists (select 1 from whole w where w.key = e.key and w.live @> e.day) as whole,
				           coalesce(first_value(e.m) over g, 0) as m, coalesce(first_value(e.p) over g, 0) as p, e.is_date
				    from events e
				    window g as (partition by e.key, e.step_group order by e.day, e.is_date)
				), per_date as (
				    select v.at,
				           max(case when v.key = :main then case when v.whole then r.municipalities else v.m end end) as covered,
				           max(case when v.key = :main then case when v.whole then r.population else v.p end end)
				               as covered_population,
				           max(v.m) filter (where v.key = -1) as covered_of_pairs,
				           sum(v.m) filter (where v.key > 0 and not v.whole) as sum_of_services_open,
				           sum(r.municipalities - v.m) filter (where v.key > 0 and v.whole) as whole_extra,
				           count(*) filter (where v.key > 0 and v.whole) as whole_keys
				    from value_at v cross join region r
				    where v.is_date
				    group by v.at
				)
				select p.at, r.municipalities as n, r.population, p.covered::int as municipalities,
				       p.covered_population::bigint as covered_population,
				       (%5$s)::bigint as pairs
				from per_date p cross join region r
				order by p.at""".formatted(step, unit, steps, keys, pairsExpression(ozgId, stored)))
			.bind("from", from)
			.bind("to", to)
			.bind("within", within)
			.bind("main", main)
			.map(row -> new TimelinePoint(row.get("at", LocalDate.class), row.get("n", Integer.class),
					row.get("municipalities", Integer.class), row.get("population", Long.class),
					row.get("covered_population", Long.class), row.get("pairs", Long.class)))
			.all()
			.collectList()
			.as(plans::run);
	}

	/**
	 * The pairs on a date: of one OZG-Leistung its covered Gemeinden; of all, the stored pairs (or the sum over the
	 * OZG-Leistungen) with the whole region for every OZG-Leistung a wider area covers then.
	 */
	private static String pairsExpression(Integer ozgId, boolean stored) {
		if (ozgId != null) {
			return "p.covered";
		}
		return stored ? "coalesce(p.covered_of_pairs, 0) + coalesce(p.whole_extra, 0)"
				: "coalesce(p.sum_of_services_open, 0) + p.whole_keys * r.municipalities";
	}

	Mono<List<ThemenfeldCoverage>> themenfelder(String within, LocalDate at) {
		// Germany, a Land, a Kreis: their coverage steps; a smaller region: the union of the live areas in it
		String perOzg = hasSteps(within) ? """
				select c.ozg_id, nullif(c.municipalities, 0) as covered
				from coverage_on(array[:within], array(select ozg_id from ozg_service), :at) c"""
				: """
				select u.key::int as ozg_id, u.municipalities as covered
				from area_union_totals((select array_agg(key) from live), (select array_agg(area) from live)) u""";
		return db.sql("""
				with region as (
				    select coalesce((select municipalities from region_total where prefix = :within), 0) as n
				), live as (
				    select r.ozg_id::text as key, area_within(r.area, :within) as area
				    from adoption_reach_service r where %s
				), per_ozg as (%s
				)
				select o.themenfeld, count(*)::int as total,
				       count(*) filter (where p.covered = region.n)::int as full,
				       count(*) filter (where p.covered > 0 and p.covered < region.n)::int as partly,
				       count(*) filter (where p.covered is null)::int as none
				from ozg_service o cross join region left join per_ozg p on p.ozg_id = o.ozg_id
				group by o.themenfeld order by o.themenfeld""".formatted(LIVE_REACH, perOzg))
			.bind("within", within)
			.bind("at", at)
			.map(row -> new ThemenfeldCoverage(row.get("themenfeld", Integer.class), row.get("total", Integer.class),
					row.get("full", Integer.class), row.get("partly", Integer.class), row.get("none", Integer.class)))
			.all()
			.collectList()
			.as(plans::run);
	}

	Mono<List<MaturityCount>> maturity(String within, LocalDate at) {
		// Germany, a Land, a Kreis: the solutions in use there (solution_use, and the adoptions with a wider area);
		// otherwise the adoptions' areas
		String inUse = hasSteps(within) ? """
				select s.maturity_model, s.maturity_level, count(*)::int as solutions
				from solution s
				where s.id in (select u.solution_id from solution_use u where u.region = :within and u.live @> :at::date
				               union all
				               select r.solution_id from adoption_reach r
				               where r.area = any (wider_areas(:within)) and live_on(r.live_from, r.live_to, :at))
				group by 1, 2 order by 1 nulls last, 2"""
				: """
				select s.maturity_model, s.maturity_level, count(*)::int as solutions
				from solution s
				where exists (select 1 from adoption_reach r join region_total t on t.prefix = area_within(r.area, :within)
				              where r.solution_id = s.id and %s)
				group by 1, 2 order by 1 nulls last, 2""".formatted(LIVE_REACH);
		return db.sql(inUse)
			.bind("within", within)
			.bind("at", at)
			.map(row -> new MaturityCount(row.get("maturity_model", String.class),
					row.get("maturity_level", Integer.class), row.get("solutions", Integer.class)))
			.all()
			.collectList()
			.as(plans::run);
	}

	Mono<List<SolutionUse>> topSolutions(String within, Integer themenfeld, LocalDate at, boolean byPopulation,
			int limit) {
		String order = byPopulation ? "population" : "adopters";
		if (themenfeld == null && hasReachCounters(within)) {
			return db.sql("""
					select solution_id, adopters, municipalities, population from solution_reach
					where region = :within and since <= :at and (until is null or until > :at) and adopters > 0
					order by %s desc, solution_id limit :limit""".formatted(order))
				.bind("within", within)
				.bind("at", at)
				.bind("limit", limit)
				.map(Reports::solutionUse)
				.all()
				.collectList();
		}
		// ranked by adopters, only the first need their reach (the union of their areas); by population, all do
		String ranked = byPopulation ? "select solution_id from adopters"
				: "select solution_id from adopters order by adopters desc, solution_id limit :limit";
		var spec = db.sql("""
				with live as materialized (
				    select r.solution_id, r.organization_id, area_within(r.area, :within) as area
				    from adoption_reach r
				    where %s
				      and (:themenfeld::int is null or exists (
				           select 1 from adoption_ozg_service ao join ozg_service o on o.ozg_id = ao.ozg_id
				           where ao.adoption_id = r.adoption_id and o.themenfeld = :themenfeld::int))
				), adopters as (
				    -- an adopter counts where its area holds Gemeinden
				    select l.solution_id, count(distinct l.organization_id)::int as adopters
				    from live l where exists (select 1 from region_total t where t.prefix = l.area)
				    group by l.solution_id
				), ranked as materialized (%s
				), reach as (
				    select u.key::uuid as solution_id, u.municipalities, u.population
				    from area_union_totals(
				        (select array_agg(solution_id::text) from live where solution_id in (select solution_id from ranked)),
				        (select array_agg(area) from live where solution_id in (select solution_id from ranked))) u
				)
				select r.solution_id, a.adopters, r.municipalities, r.population
				from reach r join adopters a on a.solution_id = r.solution_id
				order by %s desc, r.solution_id
				limit :limit""".formatted(LIVE_REACH, ranked, order))
			.bind("within", within)
			.bind("at", at)
			.bind("limit", limit);
		spec = Binds.nullable(spec, "themenfeld", themenfeld, Integer.class);
		return spec.map(Reports::solutionUse).all().collectList().as(plans::run);
	}

	Mono<List<Duplication>> duplication(String within, Integer themenfeld, LocalDate at, int limit) {
		// the solutions of each OZG-Leistung with a live adoption in the region: in Germany, a Land, a Kreis as kept
		// (solution_use), in a smaller region from the adoptions' areas
		String used = hasSteps(within) ? """
				select u.ozg_id, u.solution_id from solution_use u where u.region = :within and u.live @> :at::date
				union
				-- adoptions whose area is wider than the region (a Land's in a Kreis, the Bund's)
				select r.ozg_id, r.solution_id from adoption_reach_service r
				where r.area = any (wider_areas(:within)) and live_on(r.live_from, r.live_to, :at)"""
				: """
				select distinct r.ozg_id, r.solution_id
				from adoption_reach_service r
				join region_total t on t.prefix = area_within(r.area, :within)
				where %s""".formatted(LIVE_REACH);
		var spec = db.sql("""
				with used as (
				    select x.ozg_id, x.solution_id from (%s) x
				    where (:themenfeld::int is null
				           or x.ozg_id in (select ozg_id from ozg_service where themenfeld = :themenfeld::int))
				)
				select u.ozg_id, count(*)::int as solutions, count(distinct s.provider_id)::int as providers
				from used u join solution s on s.id = u.solution_id
				group by u.ozg_id
				order by count(distinct s.provider_id) desc, count(*) desc, u.ozg_id
				limit :limit""".formatted(used))
			.bind("within", within)
			.bind("at", at)
			.bind("limit", limit);
		spec = Binds.nullable(spec, "themenfeld", themenfeld, Integer.class);
		return spec
			.map(row -> new Duplication(row.get("ozg_id", Integer.class), row.get("solutions", Integer.class),
					row.get("providers", Integer.class)))
			.all()
			.collectList()
			.as(plans::run);
	}

	private static SolutionUse solutionUse(io.r2dbc.spi.Readable row) {
		return new SolutionUse(row.get("solution_id", UUID.class), row.get("adopters", Integer.class),
				row.get("municipalities", Integer.class), row.get("population", Long.class));
	}

	/** Germany, the Länder and the Kreise have coverage steps (coverage_step). */
	private static boolean hasSteps(String within) {
		return within.length() <= 2 || within.length() == 5;
	}

	/** The reach per solution over time is kept for the country and every Land (solution_reach). */
	private static boolean hasReachCounters(String within) {
		return within.isEmpty() || within.length() == 2;
	}

}
