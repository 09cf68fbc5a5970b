package de.ozgregistry.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import reactor.core.publisher.Mono;

import de.ozgregistry.database.Binds;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.OrganizationKind;
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.Solutions;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Ranks the solutions an organization could adopt for OZG-Leistungen. The score adds up, each dampened
 * logarithmically: live adopters overall (×2), in the same Land (×3) and the same Kreis (×2), adopters of similar size
 * (half to twice the population, ×1.5), population served (×1 per log of 100,000s); plus the Reifegrad (up to 2),
 * the lifecycle (production 2, pilot 1, in development 0.3), the share of provider-confirmed adoptions (up to 1), and
 * 1.5 if a legal path is open to the organization (−1 if none is). Each option lists what every factor adds
 * ({@link ReuseOption.ScorePart}), so that the score can be explained in words.
 * <p>
 * Legal paths: an open licence and a direct contract are always open; the govdigital Marktplatz to every public body;
 * the FIT-Store, the Kommunalvertreter-Modell and a Verwaltungsvereinbarung to a Land itself, and to the bodies in a
 * Land through their Land once the Land uses the solution live.
 */
@Component
public class ReuseRanking {

	private static final String STATS = """
			select so.solution_id, so.ozg_id,
			       count(o.id)::int as live,
			       count(o.id) filter (where o.land_code = :land)::int as in_land,
			       count(o.id) filter (where substr(o.ars, 1, 5) = :kreis)::int as in_kreis,
			       coalesce(sum(o.population), 0)::bigint as population,
			       count(o.id) filter (where o.population between :minPopulation and :maxPopulation)::int as similar,
			       count(o.id) filter (where a.confirmation_status = 'CONFIRMED')::int as confirmed
			from solution_ozg_service so
			join solution s on s.id = so.solution_id and s.lifecycle <> 'RETIRED'
			left join adoption a on a.solution_id = so.solution_id and a.status = 'LIVE'
			     and exists (select 1 from adoption_ozg_service ao where ao.adoption_id = a.id and ao.ozg_id = so.ozg_id)
			left join organization o on o.id = a.organization_id
			where so.ozg_id = any(:ozgIds)
			group by so.solution_id, so.ozg_id""";

	private final DatabaseClient db;

	private final Solutions solutions;

	ReuseRanking(DatabaseClient db, Solutions solutions) {
		this.db = db;
		this.solutions = solutions;
	}

	private record Stats(UUID solutionId, int ozgId, int live, int inLand, int inKreis, long population, int similar,
			int confirmed) {
	}

	/** The options per OZG-ID, best first, of the solutions that pass {@code include}. */
	public Mono<Map<Integer, List<ReuseOption>>> rank(Organization organization, Collection<Integer> ozgIds,
			Predicate<Solution> include) {
		if (ozgIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		Integer population = organization.population();
		var spec = db.sql(STATS)
			.bind("ozgIds", ozgIds.toArray(Integer[]::new))
			.bind("minPopulation", (population == null) ? -1 : population / 2)
			.bind("maxPopulation", (population == null) ? -1 : population * 2);
		spec = Binds.nullable(spec, "land", organization.landCode(), String.class);
		spec = Binds.nullable(spec, "kreis", (organization.ars() == null) ? null : organization.ars().substring(0, 5),
				String.class);
		return spec
			.map(row -> new Stats(row.get("solution_id", UUID.class), row.get("ozg_id", Integer.class),
					row.get("live", Integer.class), row.get("in_land", Integer.class),
					row.get("in_kreis", Integer.class), row.get("population", Long.class),
					row.get("similar", Integer.class), row.get("confirmed", Integer.class)))
			.all()
			.collectList()
			.flatMap(stats -> {
				List<UUID> ids = stats.stream().map(Stats::solutionId).distinct().toList();
				if (ids.isEmpty()) {
					return Mono.just(Map.<Integer, List<ReuseOption>>of());
				}
				return Mono.zip(solutions.byIds(ids).collectMap(Solution::id), landAdoptions(organization, ids))
					.map(both -> options(organization, stats, both.getT1(), both.getT2(), include));
			});
	}

	/** Live adoptions by the organization's Land: the way a Gemeinde reaches EfA services and Land contracts. */
	private Mono<Map<UUID, UUID>> landAdoptions(Organization organization, List<UUID> solutionIds) {
		if (organization.landCode() == null) {
			return Mono.just(Map.of());
		}
		return db.sql("select a.solution_id, a.organization_id from adoption a join organization o "
				+ "on o.id = a.organization_id where o.kinds @> array['STATE'] and o.land_code = :land and a.status = 'LIVE' "
				+ "and a.solution_id = any(:ids)")
			.bind("land", organization.landCode())
			.bind("ids", solutionIds.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("solution_id", UUID.class), row.get("organization_id", UUID.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	private static Map<Integer, List<ReuseOption>> options(Organization organization, List<Stats> stats,
			Map<UUID, Solution> byId, Map<UUID, UUID> landAdoptions, Predicate<Solution> include) {
		Map<Integer, List<ReuseOption>> result = new HashMap<>();
		for (Stats s : stats) {
			Solution solution = byId.get(s.solutionId());
			if (solution == null || !include.test(solution)) {
				continue;
			}
			List<ReuseOption.LegalPathOption> paths = legalPaths(organization, solution,
					landAdoptions.get(solution.id()));
			ReuseOption.Reasons reasons = new ReuseOption.Reasons(s.live(), s.inLand(), s.inKreis(), s.population(),
					s.similar(), s.confirmed(),
					(solution.maturity() == null) ? null : solution.maturity().level(),
					(solution.maturity() == null) ? null : solution.maturity().model().name(), solution.lifecycle(), paths);
			List<ReuseOption.ScorePart> parts = scoreParts(reasons, solution);
			result.computeIfAbsent(s.ozgId(), k -> new ArrayList<>())
				.add(new ReuseOption(solution, s.ozgId(), score(parts), parts, reasons));
		}
		result.values().forEach(list -> list.sort(Comparator.comparingDouble(ReuseOption::score).reversed()
			.thenComparing(option -> option.solution().name())));
		return result;
	}

	/** The score: the sum of its parts, rounded to three decimals. */
	static double score(List<ReuseOption.ScorePart> parts) {
		double score = 0;
		for (ReuseOption.ScorePart part : parts) {
			score += part.points();
		}
		return Math.round(score * 1000) / 1000.0;
	}

	/** What each factor adds to the score; factors that add nothing are left out. */
	static List<ReuseOption.ScorePart> scoreParts(ReuseOption.Reasons r, Solution solution) {
		List<ReuseOption.ScorePart> parts = new ArrayList<>();
		part(parts, ReuseOption.ScoreFactor.LIVE_ADOPTERS, 2 * Math.log1p(r.liveAdopters()));
		part(parts, ReuseOption.ScoreFactor.LIVE_ADOPTERS_IN_LAND, 3 * Math.log1p(r.liveAdoptersInLand()));
		part(parts, ReuseOption.ScoreFactor.LIVE_ADOPTERS_IN_KREIS, 2 * Math.log1p(r.liveAdoptersInKreis()));
		part(parts, ReuseOption.ScoreFactor.SIMILAR_SIZE_ADOPTERS, 1.5 * Math.log1p(r.similarSizeAdopters()));
		part(parts, ReuseOption.ScoreFactor.POPULATION_SERVED, Math.log1p(r.populationServed() / 100_000.0));
		if (solution.maturity() != null) {
			double max = solution.maturity().model().name().equals("V1_1") ? 4 : 7;
			part(parts, ReuseOption.ScoreFactor.MATURITY, 2 * solution.maturity().level() / max);
		}
		part(parts, ReuseOption.ScoreFactor.LIFECYCLE, switch (r.lifecycle()) {
			case "PRODUCTION" -> 2;
			case "PILOT" -> 1;
			case "IN_DEVELOPMENT" -> 0.3;
			default -> 0;
		});
		if (r.liveAdopters() > 0) {
			part(parts, ReuseOption.ScoreFactor.CONFIRMED_ADOPTIONS, (double) r.confirmedAdoptions() / r.liveAdopters());
		}
		part(parts, ReuseOption.ScoreFactor.LEGAL_PATH,
				r.legalPaths().stream().anyMatch(ReuseOption.LegalPathOption::open) ? 1.5 : -1);
		return parts;
	}

	private static void part(List<ReuseOption.ScorePart> parts, ReuseOption.ScoreFactor factor, double points) {
		if (points != 0) {
			parts.add(new ReuseOption.ScorePart(factor, Math.round(points * 1000) / 1000.0));
		}
	}

	private static final Set<OrganizationKind> KOMMUNEN = Set.of(OrganizationKind.MUNICIPALITY,
			OrganizationKind.MUNICIPAL_ASSOCIATION, OrganizationKind.DISTRICT);

	static List<ReuseOption.LegalPathOption> legalPaths(Organization organization, Solution solution,
			UUID landAdoption) {
		boolean isLand = organization.is(OrganizationKind.STATE);
		boolean publicBody = organization.kind() != OrganizationKind.VENDOR;
		List<ReuseOption.LegalPathOption> paths = new ArrayList<>();
		for (String path : solution.legalPaths()) {
			paths.add(switch (path) {
				case "OPEN_LICENCE" -> new ReuseOption.LegalPathOption(path, true, null,
						"Open licence: anyone may use it without a contract.");
				case "DIRECT_CONTRACT" -> new ReuseOption.LegalPathOption(path, true, null,
						"A direct contract with the provider (in-house award or procurement).");
				case "GOVDIGITAL_MARKETPLACE" -> new ReuseOption.LegalPathOption(path, publicBody, null, publicBody
						? "Public bodies can call it off the govdigital Marktplatz." : "Only for public bodies.");
				default -> viaLand(path, isLand, landAdoption,
						!path.equals("KOMMUNALVERTRETER_MODELL") || organization.kinds().stream().anyMatch(KOMMUNEN::contains));
			});
		}
		return paths;
	}

	private static ReuseOption.LegalPathOption viaLand(String path, boolean isLand, UUID landAdoption,
			boolean eligible) {
		if (isLand) {
			return new ReuseOption.LegalPathOption(path, true, null, "A Land can join this itself.");
		}
		if (eligible && landAdoption != null) {
			return new ReuseOption.LegalPathOption(path, true, landAdoption,
					"Open through the Land, which uses the solution live.");
		}
		return new ReuseOption.LegalPathOption(path, false, null,
				"Reaches the organization only through its Land, which does not use the solution yet.");
	}

}
