package de.ozgregistry.statistics;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Organization;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Coverage of an OZG-Leistung by region: how many Gemeinden (and inhabitants) have it live on a date, from the areas
 * and live periods of its adoptions ({@code adoption_reach_service}, kept by {@link StatisticsProjection}; the rules
 * are in {@code R__statistics.sql}).
 */
@Repository
public class Coverage {

	/** The level of the regions a coverage is broken down into. */
	public enum Level {

		STATE(2, "STATE", "%s0000000000"), DISTRICT(5, "DISTRICT", "%s0000000"), MUNICIPALITY(12, "MUNICIPALITY", "%s");

		private final int digits;

		private final String kind;

		private final String arsPattern;

		Level(int digits, String kind, String arsPattern) {
			this.digits = digits;
			this.kind = kind;
			this.arsPattern = arsPattern;
		}

	}

	/** Gemeinden and inhabitants per region: the denominators (region_total). */
	private static final String REGIONS = """
			with regions as (
			    select t.prefix as code, t.municipalities, t.population
			    from region_total t
			    where length(t.prefix) = :digits and starts_with(t.prefix, :within)
			), """;

	/**
	 * The parts, per region of the level, of the areas of the OZG-Leistungen {@code :ozgIds} live on {@code :at} in
	 * {@code :within}: each area cut to the region asked for, then to each region of the level it meets.
	 */
	private static final String PARTS = """
			parts as (
			    select r.ozg_id, p.region as code, p.area
			    from adoption_reach_service r
			    cross join lateral area_by_region(area_within(r.area, :within), :digits) p
			    where r.ozg_id = any (:ozgIds) and live_on(r.live_from, r.live_to, :at)
			      and area_within(r.area, :within) is not null
			), """;

	/** Each region with its totals and what of it is covered (the union of the parts in it). */
	private static final String SQL = REGIONS + PARTS + """
			covered as (
			    select u.key as code, u.municipalities, u.population
			    from area_union_totals((select array_agg(code) from parts), (select array_agg(area) from parts)) u
			)
			select %s, r.municipalities as region_municipalities, r.population as region_population,
			       coalesce(c.municipalities, 0) as covered_municipalities,
			       coalesce(c.population, 0) as covered_population
			from regions r
			left join covered c on c.code = r.code
			join organization o on o.kinds @> array[:kind]::text[] and o.ars = format(:arsPattern, r.code)
			order by r.code""".formatted(Organization.COLUMNS);

	/**
	 * Today's coverage of all OZG-Leistungen of a Themenfeld per region: Gemeinde × OZG-Leistung pairs (and their
	 * inhabitants) covered, and the OZG-Leistungen available in every Gemeinde.
	 */
	private static final String THEMENFELD_SQL = REGIONS + PARTS + """
			covered as (
			    select split_part(u.key, ' ', 1) as code, u.municipalities, u.population
			    from area_union_totals((select array_agg(code || ' ' || ozg_id) from parts),
			                           (select array_agg(area) from parts)) u
			),
			per_region as (
			    select c.code, sum(c.municipalities)::bigint as pairs, sum(c.population)::bigint as population_pairs,
			           (count(*) filter (where c.municipalities = r.municipalities))::int as flaechendeckend
			    from covered c join regions r on r.code = c.code
			    group by c.code
			)
			select %s, r.municipalities as region_municipalities, r.population as region_population,
			       cardinality(:ozgIds::int[]) as services,
			       coalesce(p.pairs, 0) as pairs, coalesce(p.population_pairs, 0) as population_pairs,
			       coalesce(p.flaechendeckend, 0) as flaechendeckend
			from regions r
			left join per_region p on p.code = r.code
			join organization o on o.kinds @> array[:kind]::text[] and o.ars = format(:arsPattern, r.code)
			order by r.code""".formatted(Organization.COLUMNS);

	private final DatabaseClient db;

	private final CustomPlans plans;

	private final Clock clock;

	Coverage(DatabaseClient db, CustomPlans plans, Clock clock) {
		this.db = db;
		this.plans = plans;
		this.clock = clock;
	}

	/**
	 * Coverage of {@code ozgId} on {@code at}, broken down into the regions of {@code level} within the region
	 * {@code within} (a Land or Kreis code, or an ARS prefix; empty for the whole country).
	 */
	public Mono<List<CoverageRow>> of(int ozgId, Level level, String within, LocalDate at) {
		if (within.length() > level.digits) {
			return Mono.error(RegistryException.invalid("within", "level",
					"The regions of level " + level + " lie below " + within + "; choose a lower level or a wider region."));
		}
		return db.sql(SQL)
			.bind("digits", level.digits)
			.bind("within", within)
			.bind("ozgIds", new Integer[] { ozgId })
			.bind("kind", level.kind)
			.bind("arsPattern", level.arsPattern)
			.bind("at", at)
			.map(row -> new CoverageRow(Organization.of(row), row.get("region_municipalities", Integer.class),
					row.get("covered_municipalities", Integer.class), row.get("region_population", Long.class),
					row.get("covered_population", Long.class)))
			.all()
			.collectList()
			.as(plans::run);
	}

	/**
	 * Today's coverage of the OZG-Leistungen of Themenfeld {@code themenfeld} in the regions of {@code level}
	 * (Länder or Kreise) within {@code within}.
	 */
	public Mono<List<ThemenfeldCoverageRow>> ofThemenfeld(int themenfeld, Level level, String within) {
		if (level == Level.MUNICIPALITY) {
			return Mono.error(RegistryException.invalid("level", "level",
					"Themenfeld coverage is broken down into Länder or Kreise."));
		}
		if (within.length() > level.digits) {
			return Mono.error(RegistryException.invalid("within", "level",
					"The regions of level " + level + " lie below " + within + "; choose a lower level or a wider region."));
		}
		return db.sql("select array_agg(ozg_id order by ozg_id) as ids from ozg_service where themenfeld = :themenfeld")
			.bind("themenfeld", themenfeld)
			.map(row -> Optional.ofNullable(row.get("ids", Integer[].class)).orElse(new Integer[0]))
			.one()
			.flatMapMany(ozgIds -> db.sql(THEMENFELD_SQL)
				.bind("digits", level.digits)
				.bind("within", within)
				.bind("ozgIds", ozgIds)
				.bind("kind", level.kind)
				.bind("arsPattern", level.arsPattern)
				.bind("at", LocalDate.now(clock))
				.map(row -> new ThemenfeldCoverageRow(Organization.of(row), row.get("services", Integer.class),
						row.get("region_municipalities", Integer.class), row.get("region_population", Long.class),
						row.get("pairs", Long.class), row.get("population_pairs", Long.class),
						row.get("flaechendeckend", Integer.class)))
				.all())
			.collectList()
			.as(plans::run);
	}

}
