package de.ozgregistry.adoption;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Organization;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The one definition of a solution's adopters: the organizations with an adoption of it, counted per status of that
 * adoption. Its "Nutzer" (users) are its live adopters, those whose adoption is {@code LIVE}; the other statuses
 * are counted apart. Every count of adopters the API shows for a solution (in total, per Land, per Kreis) comes
 * from here.
 */
@Repository
public class Adopters {

	/** How many organizations have an adoption in this status. */
	public record Count(AdoptionStatus status, int count) {
	}

	/** Adopters by status, every status in the order of {@link AdoptionStatus}, zeros included. */
	public record Counts(List<Count> byStatus) {

		static final Counts NONE = of(new EnumMap<>(AdoptionStatus.class));

		static Counts of(Map<AdoptionStatus, Integer> counts) {
			List<Count> list = new ArrayList<>();
			for (AdoptionStatus status : AdoptionStatus.values()) {
				list.add(new Count(status, counts.getOrDefault(status, 0)));
			}
			return new Counts(List.copyOf(list));
		}

		public int of(AdoptionStatus status) {
			return byStatus.get(status.ordinal()).count();
		}

		/** The Nutzer: live adopters. */
		public int live() {
			return of(AdoptionStatus.LIVE);
		}

		/** Adopters whose adoption has not ended (the old {@code adoptionCount}). */
		public int notDiscontinued() {
			return byStatus.stream().filter(c -> c.status() != AdoptionStatus.DISCONTINUED).mapToInt(Count::count).sum();
		}

	}

	/**
	 * A solution in one Land or Kreis today: its adopters based there (whose own area, the ARS prefix the adoption
	 * covers, lies inside the region) by status, and the Gemeinden (and inhabitants) its live adoptions cover there,
	 * including those covered from above (by the Land or the Bund).
	 */
	public record RegionUse(String code, Organization region, Counts adopters, int municipalityCount,
			int coveredMunicipalities, long population, long populationCovered) {

		public int liveAdopters() {
			return adopters.live();
		}

		public double municipalityShare() {
			return (municipalityCount == 0) ? 0 : (double) coveredMunicipalities / municipalityCount;
		}

		public double populationShare() {
			return (population == 0) ? 0 : (double) populationCovered / population;
		}

	}

	/** The levels a solution's use is broken down into: the digits of the region's code and its kind. */
	public enum Level {

		STATE(2, "STATE"), DISTRICT(5, "DISTRICT");

		private final int digits;

		private final String kind;

		Level(int digits, String kind) {
			this.digits = digits;
			this.kind = kind;
		}

		/** The level of a {@code RegionLevel} argument; Gemeinden are not offered (the adopter list shows them). */
		public static Level of(String name, String field) {
			for (Level level : values()) {
				if (level.name().equals(name)) {
					return level;
				}
			}
			throw RegistryException.invalid(field, "level",
					field + " must be STATE or DISTRICT: per Gemeinde, list the adoptions instead.");
		}

	}

	private static final String STATUS_COLUMNS = String.join(", ", adopters("INTERESTED") + " as interested",
			adopters("PLANNED") + " as planned", adopters("IN_PROGRESS") + " as in_progress",
			adopters("LIVE") + " as live", adopters("DISCONTINUED") + " as discontinued");

	/**
	 * The adopters in {@code status} among the adoptions {@code a} (an aggregate): distinct organizations, so that an
	 * organization with two adoptions of one solution counts once; here and on the compiled read path. Only
	 * discontinued adoptions can repeat: of the others an organization has at most one per solution (the unique index
	 * {@code adoption_active_per_org_solution}), so they are counted as rows, without the sort that {@code distinct}
	 * costs (a Themenfeld's live counts: 3.8 ms of PostgreSQL time down to 2.8 ms).
	 */
	static String adopters(String status) {
		AdoptionStatus counted = AdoptionStatus.valueOf(status);
		return ((counted == AdoptionStatus.DISCONTINUED) ? "count(distinct a.organization_id)" : "count(*)")
				+ " filter (where a.status = '" + counted.name() + "')::int";
	}

	private static final String COUNTS = """
			select a.solution_id, %s
			from adoption a where a.solution_id = any(:ids)
			group by a.solution_id""".formatted(STATUS_COLUMNS);

	/**
	 * Per solution and region: the Gemeinden under the union of its live areas (adoption_reach: an adoption covers the
	 * Gemeinden whose ARS starts with its area; area_by_region cuts an area into the regions of the level it meets,
	 * area_union_totals unites nested areas, both in R__statistics.sql), and its adopters by the region their own
	 * area lies in (organization_area; a provider or agency without an area in its Land).
	 */
	private static final String REGIONS = """
			with live as (
			    -- today's: status dates are never in the future, so a live period without an end is live today
			    select r.solution_id, p.region as code, p.area
			    from adoption_reach r cross join lateral area_by_region(r.area, :digits) p
			    where r.solution_id = any(:ids) and r.live_to is null
			), covered as (
			    select split_part(u.key, ' ', 1)::uuid as solution_id, split_part(u.key, ' ', 2) as code,
			           u.municipalities, u.population
			    from area_union_totals((select array_agg(solution_id || ' ' || code) from live),
			                           (select array_agg(area) from live)) u
			), adopters as (
			    -- where an adopter is based: its area, or the Land of a provider or agency without one (the Land the
			    -- list adoptions(land:) filters by, so that both count the same adopters in a Land)
			    select a.solution_id, left(b.based, :digits) as code, %s
			    from adoption a join organization o on o.id = a.organization_id
			    cross join lateral (select coalesce(organization_area(o.kind, o.ars, o.land_code), o.land_code) as based) b
			    where a.solution_id = any(:ids) and length(b.based) >= :digits
			    group by 1, 2
			), used as (
			    select coalesce(c.solution_id, d.solution_id) as solution_id, coalesce(c.code, d.code) as code,
			           coalesce(c.municipalities, 0) as covered_municipalities,
			           coalesce(c.population, 0) as covered_population,
			           coalesce(d.interested, 0) as interested, coalesce(d.planned, 0) as planned,
			           coalesce(d.in_progress, 0) as in_progress, coalesce(d.live, 0) as live,
			           coalesce(d.discontinued, 0) as discontinued
			    from covered c full join adopters d on d.solution_id = c.solution_id and d.code = c.code
			)
			select u.*, t.municipalities as region_municipalities, t.population as region_population, %s
			from used u
			join region_total t on t.prefix = u.code
			cross join lateral (
			    -- the record of the region: of the level's kind where a city shares its ARS with its Kreis or Land
			    select * from organization r where r.ars = rpad(u.code, 12, '0')::char(12)
			    order by r.kind = :kind desc, r.kind limit 1) o
			order by u.solution_id, u.code""".formatted(STATUS_COLUMNS, Organization.COLUMNS);

	private final DatabaseClient db;

	Adopters(DatabaseClient db) {
		this.db = db;
	}

	/** The adopters of each solution by status (every solution asked for is in the map). */
	public Mono<Map<UUID, Counts>> counts(Collection<UUID> solutionIds) {
		return db.sql(COUNTS)
			.bind("ids", solutionIds.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("solution_id", UUID.class), countsOf(row)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.map(found -> {
				Map<UUID, Counts> result = new HashMap<>(found);
				solutionIds.forEach(id -> result.putIfAbsent(id, Counts.NONE));
				return result;
			});
	}

	/**
	 * Today's use of each solution per Land or Kreis: the regions with an adopter (in any status) or a covered
	 * Gemeinde, ordered by code. One statement for all solutions.
	 */
	public Mono<Map<UUID, List<RegionUse>>> byRegion(Collection<UUID> solutionIds, Level level) {
		return db.sql(REGIONS)
			.bind("ids", solutionIds.toArray(UUID[]::new))
			.bind("digits", level.digits)
			.bind("kind", level.kind)
			.map(row -> Map.entry(row.get("solution_id", UUID.class),
					new RegionUse(row.get("code", String.class), Organization.of(row), countsOf(row),
							row.get("region_municipalities", Integer.class),
							row.get("covered_municipalities", Integer.class),
							row.get("region_population", Long.class), row.get("covered_population", Long.class))))
			.all()
			.collectList()
			.map(rows -> {
				Map<UUID, List<RegionUse>> result = new HashMap<>();
				solutionIds.forEach(id -> result.put(id, new ArrayList<>()));
				rows.forEach(row -> result.get(row.getKey()).add(row.getValue()));
				return result;
			});
	}

	private static Counts countsOf(Readable row) {
		Map<AdoptionStatus, Integer> counts = new EnumMap<>(AdoptionStatus.class);
		counts.put(AdoptionStatus.INTERESTED, row.get("interested", Integer.class));
		counts.put(AdoptionStatus.PLANNED, row.get("planned", Integer.class));
		counts.put(AdoptionStatus.IN_PROGRESS, row.get("in_progress", Integer.class));
		counts.put(AdoptionStatus.LIVE, row.get("live", Integer.class));
		counts.put(AdoptionStatus.DISCONTINUED, row.get("discontinued", Integer.class));
		return Counts.of(counts);
	}

}
