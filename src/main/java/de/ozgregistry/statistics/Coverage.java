package de.ozgregistry.statistics;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Organization;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Coverage of an OZG-Leistung by region: how many Gemeinden (and inhabitants) have it live on a date. Per Land and
 * Kreis from the coverage steps, per Gemeinde from the areas and live periods of its adoptions (both kept by
 * {@link StatisticsProjection}; the rules are in {@code R__statistics.sql}).
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

	/** Each region with its totals and what of it is covered (from {@code covered}). */
	private static final String ROWS = """
			select %s, r.municipalities as region_municipalities, r.population as region_population,
			       coalesce(c.municipalities, 0) as covered_municipalities,
			       coalesce(c.population, 0) as covered_population
			from regions r
			left join covered c on c.code = r.code
			join organization o on o.kinds @> array[:kind]::text[] and o.ars = format(:arsPattern, r.code)
			order by r.code""".formatted(Organization.COLUMNS);

	/** Länder and Kreise: their coverage steps on the date (coverage_on). */
	private static final String SQL = REGIONS + """
			covered as (
			    select c.region as code, c.municipalities, c.population
			    from coverage_on(array(select code from regions), array[:ozgId]::int[], :at) c
			)
			""" + ROWS;

	/** Gemeinden: the union of the parts of the live areas in each (area_union_totals). */
	private static final String MUNICIPALITY_SQL = REGIONS + PARTS + """
			covered as (
			    select u.key as code, u.municipalities, u.population
			    from area_union_totals((select array_agg(code) from parts), (select array_agg(area) from parts)) u
			)
			""" + ROWS;

	/**
	 * Today's coverage of all OZG-Leistungen of a Themenfeld per Land or Kreis: Gemeinde × OZG-Leistung pairs (and
	 * their inhabitants) covered, and the OZG-Leistungen available in every Gemeinde.
	 */
	private static final String THEMENFELD_SQL = REGIONS + """
			services as (
			    select array_agg(ozg_id) as ids from ozg_service where themenfeld = :themenfeld
			),
			covered as (
			    select c.region as code, c.ozg_id, c.municipalities, c.population
			    from coverage_on(array(select code from regions), (select ids from services), :at) c
			),
			per_region as (
			    select c.code, sum(c.municipalities)::bigint as pairs, sum(c.population)::bigint as population_pairs,
			           (count(*) filter (where c.municipalities > 0 and c.municipalities = r.municipalities))::int
			               as flaechendeckend
			    from covered c join regions r on r.code = c.code
			    group by c.code
			)
			select %s, r.municipalities as region_municipalities, r.population as region_population,
			       coalesce(cardinality((select ids from services)), 0) as services,
			       coalesce(p.pairs, 0) as pairs, coalesce(p.population_pairs, 0) as population_pairs,
			       coalesce(p.flaechendeckend, 0) as flaechendeckend
			from regions r
			left join per_region p on p.code = r.code
			join organization o on o.kinds @> array[:kind]::text[] and o.ars = format(:arsPattern, r.code)
			order by r.code""".formatted(Organization.COLUMNS);

	/**
	 * Per pair of an organization and an OZG-Leistung: the Gemeinden in the organization's area, and those of them
	 * covered by the live adoptions of the OZG-Leistung, as the Gemeinde level of {@link #of} counts them (the parts
	 * of the live areas inside the region, united).
	 */
	private static final String AREAS_SQL = """
			with pair as (
			    select p.organization_id, p.ozg_id, organization_area(o.kind, o.ars, o.land_code) as area
			    from unnest(cast(:organizations as uuid[]), cast(:ozgIds as int[])) p (organization_id, ozg_id)
			    join organization o on o.id = p.organization_id
			), parts as (
			    select p.area || '/' || p.ozg_id as key, area_within(r.area, p.area) as part
			    from pair p
			    join adoption_reach_service r on r.ozg_id = p.ozg_id
			    where p.area is not null and live_on(r.live_from, r.live_to, :at)
			      and area_within(r.area, p.area) is not null
			)
			select p.organization_id, p.ozg_id, t.municipalities as region_municipalities,
			       coalesce(u.municipalities, 0) as covered_municipalities
			from pair p
			join region_total t on t.prefix = p.area
			left join area_union_totals((select array_agg(key) from parts), (select array_agg(part) from parts)) u
			       on u.key = p.area || '/' || p.ozg_id""";

	/** Gemeinden in an organization's area and those of them with the OZG-Leistung live (see {@link #ofAreas}). */
	public record AreaCoverage(UUID organizationId, int ozgId, int municipalities, int covered) {
	}

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
		var spec = (level == Level.MUNICIPALITY)
				? db.sql(MUNICIPALITY_SQL).bind("ozgIds", new Integer[] { ozgId })
				: db.sql(SQL).bind("ozgId", ozgId);
		return spec
			.bind("digits", level.digits)
			.bind("within", within)
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
	 * Coverage on {@code at} of each pair ({@code organizationIds[i]}, {@code ozgIds[i]}) in the organization's own
	 * area (a Gemeinde: itself; a Kreis, Verband or Land: its Gemeinden), in one statement; organizations without an
	 * area with Gemeinden are left out.
	 */
	public Mono<List<AreaCoverage>> ofAreas(List<UUID> organizationIds, List<Integer> ozgIds, LocalDate at) {
		if (organizationIds.isEmpty()) {
			return Mono.just(List.of());
		}
		return db.sql(AREAS_SQL)
			.bind("organizations", organizationIds.toArray(UUID[]::new))
			.bind("ozgIds", ozgIds.toArray(Integer[]::new))
			.bind("at", at)
			.map(row -> new AreaCoverage(row.get("organization_id", UUID.class), row.get("ozg_id", Integer.class),
					row.get("region_municipalities", Integer.class), row.get("covered_municipalities", Integer.class)))
			.all()
			.collectList();
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
		return db.sql(THEMENFELD_SQL)
			.bind("digits", level.digits)
			.bind("within", within)
			.bind("themenfeld", themenfeld)
			.bind("kind", level.kind)
			.bind("arsPattern", level.arsPattern)
			.bind("at", LocalDate.now(clock))
			.map(row -> new ThemenfeldCoverageRow(Organization.of(row), row.get("services", Integer.class),
					row.get("region_municipalities", Integer.class), row.get("region_population", Long.class),
					row.get("pairs", Long.class), row.get("population_pairs", Long.class),
					row.get("flaechendeckend", Integer.class)))
			.all()
			.collectList()
			.as(plans::run);
	}

}
