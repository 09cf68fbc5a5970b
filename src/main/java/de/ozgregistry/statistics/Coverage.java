package de.ozgregistry.statistics;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Organization;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Coverage of an OZG-Leistung by region: how many Gemeinden (and inhabitants) have it live on a date, from the
 * {@code coverage} table (see V4__statistics.sql for the definition).
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

	/** Gemeinden and inhabitants per region: the denominators (region_total, V7__adoption_reach.sql). */
	private static final String REGIONS = """
			with regions as (
			    select t.prefix as code, t.municipalities, t.population
			    from region_total t
			    where length(t.prefix) = :digits and starts_with(t.prefix, :within)
			), """;

	/** Each region with its totals and what of it is covered. */
	private static final String ROWS = """
			select %s, r.municipalities as region_municipalities, r.population as region_population,
			       coalesce(c.municipalities, 0) as covered_municipalities,
			       coalesce(c.population, 0) as covered_population
			from regions r
			left join covered c on c.code = r.code
			join organization o on o.kinds @> array[:kind]::text[] and o.ars = format(:arsPattern, r.code)
			order by r.code""".formatted(Organization.COLUMNS);

	/** Coverage on any date, from the coverage rows and their live periods. */
	private static final String SQL = REGIONS + """
			covered as (
			    select substr(g.ars, 1, :digits) as code, count(*)::int as municipalities,
			           coalesce(sum(g.population), 0)::bigint as population
			    from organization g
			    where g.kind = 'MUNICIPALITY' and starts_with(g.ars, :within)
			      and g.id in (select c.gemeinde_id from coverage c
			                   where c.ozg_id = :ozgId and starts_with(c.kreis_code, left(:within, 5))
			                     and c.live_from <= :at and (c.live_to is null or c.live_to > :at))
			    group by 1
			)
			""" + ROWS;

	/** Today's coverage from the counters of V6 and V7: a few hundred rows instead of millions. */
	private static final String TODAY_SQL = REGIONS + """
			covered as (
			    select l.land_code as code, l.municipalities, l.population
			    from coverage_land l
			    where l.ozg_id = :ozgId and starts_with(l.land_code, :within) and :digits = 2
			    union all
			    select k.kreis_code, k.municipalities, k.population
			    from coverage_kreis k
			    where k.ozg_id = :ozgId and starts_with(k.kreis_code, left(:within, 5)) and :digits = 5
			    union all
			    select g.ars, 1, coalesce(g.population, 0)
			    from coverage_count c join organization g on g.id = c.gemeinde_id
			    where c.ozg_id = :ozgId and starts_with(c.kreis_code, left(:within, 5)) and :digits = 12
			      and starts_with(g.ars, :within)
			)
			""" + ROWS;

	/**
	 * Today's coverage of all OZG-Leistungen of a Themenfeld per region, from the per-Kreis counters: Gemeinde ×
	 * OZG-Leistung pairs (and their inhabitants) covered, and the OZG-Leistungen available in every Gemeinde.
	 */
	private static final String THEMENFELD_SQL = REGIONS + """
			services as (
			    select ozg_id from ozg_service where themenfeld = :themenfeld
			),
			covered as (
			    select substr(k.kreis_code, 1, :digits) as code, k.ozg_id, sum(k.municipalities)::bigint as municipalities,
			           sum(k.population)::bigint as population
			    from coverage_kreis k
			    where k.ozg_id in (select ozg_id from services) and starts_with(k.kreis_code, left(:within, 5))
			    group by 1, 2
			),
			per_region as (
			    select c.code, sum(c.municipalities)::bigint as pairs, sum(c.population)::bigint as population_pairs,
			           (count(*) filter (where c.municipalities = r.municipalities))::int as flaechendeckend
			    from covered c join regions r on r.code = c.code
			    group by c.code
			)
			select %s, r.municipalities as region_municipalities, r.population as region_population,
			       (select count(*) from services)::int as services,
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
		boolean today = at.equals(LocalDate.now(clock));
		var spec = db.sql(today ? TODAY_SQL : SQL)
			.bind("digits", level.digits)
			.bind("within", within)
			.bind("ozgId", ozgId)
			.bind("kind", level.kind)
			.bind("arsPattern", level.arsPattern);
		return (today ? spec : spec.bind("at", at))
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
		return db.sql(THEMENFELD_SQL)
			.bind("digits", level.digits)
			.bind("within", within)
			.bind("themenfeld", themenfeld)
			.bind("kind", level.kind)
			.bind("arsPattern", level.arsPattern)
			.map(row -> new ThemenfeldCoverageRow(Organization.of(row), row.get("services", Integer.class),
					row.get("region_municipalities", Integer.class), row.get("region_population", Long.class),
					row.get("pairs", Long.class), row.get("population_pairs", Long.class),
					row.get("flaechendeckend", Integer.class)))
			.all()
			.collectList()
			.as(plans::run);
	}

}
