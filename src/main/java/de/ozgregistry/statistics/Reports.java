package de.ozgregistry.statistics;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.database.Binds;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Region report, timeline, top solutions and duplication index, from the adoptions' areas and live periods and
 * today's reach per solution (the tables of {@link StatisticsProjection}, kept in the writing transaction, so that
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

	private final Clock clock;

	Reports(DatabaseClient db, CustomPlans plans, Clock clock) {
		this.db = db;
		this.plans = plans;
		this.clock = clock;
	}

	Mono<List<TimelinePoint>> timeline(Integer ozgId, String within, LocalDate from, LocalDate to, String interval) {
		Mono<List<TimelinePoint>> municipalities = timelineOf(ozgId, false, within, from, to, interval);
		if (ozgId != null) {
			// for one OZG-Leistung, the pairs are its covered Gemeinden
			return plans.run(municipalities.map(points -> points.stream()
				.map(p -> new TimelinePoint(p.date(), p.municipalityCount(), p.coveredMunicipalities(), p.population(),
						p.populationCovered(), p.coveredMunicipalities()))
				.toList()));
		}
		return plans.run(municipalities.flatMap(perGemeinde -> timelineOf(null, true, within, from, to, interval)
			.map(perPair -> {
				List<TimelinePoint> points = new ArrayList<>();
				for (int i = 0; i < perGemeinde.size(); i++) {
					TimelinePoint p = perGemeinde.get(i);
					points.add(new TimelinePoint(p.date(), p.municipalityCount(), p.coveredMunicipalities(),
							p.population(), p.populationCovered(), perPair.get(i).coveredMunicipalities()));
				}
				return points;
			})));
	}

	/**
	 * Covered Gemeinden at the end of every period, from the live periods of the adoptions' areas: the union of nested
	 * areas over time, an area counts while it is live and none of its wider areas ({@code wider_areas}) of the same
	 * key is; the changes are summed up day by day. With {@code perOzg}, areas count per OZG-Leistung, which gives the
	 * pairs.
	 */
	private Mono<List<TimelinePoint>> timelineOf(Integer ozgId, boolean perOzg, String within, LocalDate from,
			LocalDate to, String interval) {
		String step = interval.equals("QUARTER") ? "3 months" : "1 month";
		String unit = interval.equals("QUARTER") ? "quarter" : "month";
		String key = perOzg ? "r.ozg_id" : "0";
		// per OZG-Leistung from the reach of each adoption and OZG-Leistung, otherwise from that of each adoption
		String reach = (ozgId != null || perOzg) ? "adoption_reach_service" : "adoption_reach";
		String ozgFilter = (ozgId != null) ? "r.ozg_id = :ozgId and" : "";
		var spec = db.sql("""
				with dates as (
				    select least((d + interval '%1$s' - interval '1 day')::date, :to) as at
				    from generate_series(date_trunc('%2$s', :from::date), date_trunc('%2$s', :to::date), interval '%1$s') d
				), spans as (
				    -- per key and area (cut to the region), the days it was live
				    select %3$s as key, area_within(r.area, :within) as area,
				           range_agg(daterange(r.live_from, r.live_to)) as live
				    from %4$s r
				    where %5$s r.live_from <= :to and area_within(r.area, :within) is not null
				    group by 1, 2
				), wider_areas as materialized (
				    -- the areas that would contain each area (materialized: joined by both keys, never by one)
				    select s.key, s.area, p.prefix from spans s
				    cross join lateral unnest(wider_areas(s.area)) p (prefix)
				), wider as (
				    -- the days a wider area of the same key was live
				    select c.key, c.area, range_agg(x.r) as live
				    from wider_areas c
				    join spans w on w.key = c.key and w.area = c.prefix
				    cross join lateral unnest(w.live) x (r)
				    group by c.key, c.area
				), changes as (
				    select v.day, sum(v.municipalities) as municipalities, sum(v.population) as population
				    from spans s
				    join region_total t on t.prefix = s.area
				    left join wider w on w.key = s.key and w.area = s.area
				    cross join lateral unnest(s.live - coalesce(w.live, '{}')) x (r)
				    cross join lateral (values (lower(x.r), t.municipalities, t.population),
				                               (upper(x.r), -t.municipalities, -t.population)) v (day, municipalities, population)
				    where v.day is not null
				    group by v.day
				), running as (
				    -- the changes summed up day by day; each period end reads the sum after that day's changes
				    select day, is_date, sum(municipalities) over (order by day, is_date) as municipalities,
				           sum(population) over (order by day, is_date) as population
				    from (select day, municipalities, population, false as is_date from changes
				          union all select at, 0, 0, true from dates) e
				)
				select r.day as at, coalesce(t.municipalities, 0) as n, coalesce(t.population, 0) as population,
				       r.municipalities::int as municipalities, r.population::bigint as covered_population
				from running r
				left join region_total t on t.prefix = :within
				where r.is_date
				order by r.day""".formatted(step, unit, key, reach, ozgFilter))
			.bind("from", from)
			.bind("to", to)
			.bind("within", within);
		if (ozgId != null) {
			spec = spec.bind("ozgId", ozgId);
		}
		return spec
			.map(row -> new TimelinePoint(row.get("at", LocalDate.class), row.get("n", Integer.class),
					row.get("municipalities", Integer.class), row.get("population", Long.class),
					row.get("covered_population", Long.class), 0))
			.all()
			.collectList();
	}

	Mono<List<ThemenfeldCoverage>> themenfelder(String within, LocalDate at) {
		return db.sql("""
				with region as (
				    select coalesce((select municipalities from region_total where prefix = :within), 0) as n
				), live as (
				    select r.ozg_id::text as key, area_within(r.area, :within) as area
				    from adoption_reach_service r where %s
				), per_ozg as (
				    select u.key::int as ozg_id, u.municipalities as covered
				    from area_union_totals((select array_agg(key) from live), (select array_agg(area) from live)) u
				)
				select o.themenfeld, count(*)::int as total,
				       count(*) filter (where p.covered = region.n)::int as full,
				       count(*) filter (where p.covered > 0 and p.covered < region.n)::int as partly,
				       count(*) filter (where p.covered is null)::int as none
				from ozg_service o cross join region left join per_ozg p on p.ozg_id = o.ozg_id
				group by o.themenfeld order by o.themenfeld""".formatted(LIVE_REACH))
			.bind("within", within)
			.bind("at", at)
			.map(row -> new ThemenfeldCoverage(row.get("themenfeld", Integer.class), row.get("total", Integer.class),
					row.get("full", Integer.class), row.get("partly", Integer.class), row.get("none", Integer.class)))
			.all()
			.collectList()
			.as(plans::run);
	}

	Mono<List<MaturityCount>> maturity(String within, LocalDate at) {
		// today, for the country or a Land: the solutions with a reach there; otherwise the adoptions' areas
		String inUse = hasReachCounters(within, at) ? """
				select s.maturity_model, s.maturity_level, count(*)::int as solutions
				from solution_reach r join solution s on s.id = r.solution_id
				where r.region = :within and :at is not null
				group by 1, 2 order by 1 nulls last, 2"""
				: """
				select s.maturity_model, s.maturity_level, count(distinct s.id)::int as solutions
				from adoption_reach r join solution s on s.id = r.solution_id
				join region_total t on t.prefix = area_within(r.area, :within)
				where %s
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
		if (themenfeld == null && hasReachCounters(within, at)) {
			return db.sql("""
					select solution_id, adopters, municipalities, population from solution_reach
					where region = :within and :at is not null
					order by %s desc, solution_id limit :limit""".formatted(order))
				.bind("within", within)
				.bind("at", at)
				.bind("limit", limit)
				.map(Reports::solutionUse)
				.all()
				.collectList();
		}
		var spec = db.sql("""
				with live as (
				    select r.solution_id, r.organization_id, area_within(r.area, :within) as area
				    from adoption_reach r
				    where %s
				      and (:themenfeld::int is null or exists (
				           select 1 from adoption_ozg_service ao join ozg_service o on o.ozg_id = ao.ozg_id
				           where ao.adoption_id = r.adoption_id and o.themenfeld = :themenfeld::int))
				), reach as (
				    select u.key::uuid as solution_id, u.municipalities, u.population
				    from area_union_totals((select array_agg(solution_id::text) from live),
				                           (select array_agg(area) from live)) u
				), adopters as (
				    -- an adopter counts where its area holds Gemeinden
				    select l.solution_id, count(distinct l.organization_id)::int as adopters
				    from live l where exists (select 1 from region_total t where t.prefix = l.area)
				    group by l.solution_id
				)
				select r.solution_id, a.adopters, r.municipalities, r.population
				from reach r join adopters a on a.solution_id = r.solution_id
				order by %s desc, r.solution_id
				limit :limit""".formatted(LIVE_REACH, order))
			.bind("within", within)
			.bind("at", at)
			.bind("limit", limit);
		spec = Binds.nullable(spec, "themenfeld", themenfeld, Integer.class);
		return spec.map(Reports::solutionUse).all().collectList().as(plans::run);
	}

	Mono<List<Duplication>> duplication(String within, Integer themenfeld, LocalDate at, int limit) {
		var spec = db.sql("""
				select ao.ozg_id, count(distinct r.solution_id)::int as solutions,
				       count(distinct s.provider_id)::int as providers
				from adoption_reach r
				join adoption_ozg_service ao on ao.adoption_id = r.adoption_id
				join solution s on s.id = r.solution_id
				join region_total t on t.prefix = area_within(r.area, :within)
				where %s
				  and (:themenfeld::int is null
				       or ao.ozg_id in (select ozg_id from ozg_service where themenfeld = :themenfeld::int))
				group by ao.ozg_id
				order by count(distinct s.provider_id) desc, count(distinct r.solution_id) desc, ao.ozg_id
				limit :limit""".formatted(LIVE_REACH))
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

	/** Today's reach per solution is kept for the country and every Land (solution_reach). */
	private boolean hasReachCounters(String within, LocalDate at) {
		return (within.isEmpty() || within.length() == 2) && isToday(at);
	}

	private boolean isToday(LocalDate at) {
		return at.equals(LocalDate.now(clock));
	}

}
