package de.ozgregistry.statistics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import de.ozgregistry.RegistryTime;
import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: after rounds of random changes (solutions of different providers and Reifegrade, adopters at every level
 * of Saarland and the Bund, providers that cover nothing, random status histories with discontinuations, adoptions
 * of part of a solution's OZG-Leistungen, a Gemeinde's population changing), every statistic equals a brute-force
 * evaluation of its definition over the raw registry tables (organizations, adoptions, their OZG-Leistungen and status
 * histories): coverage, timeline, region report, top solutions and duplication index, for the country, a Land and a
 * Kreis, today (served from the maintained counters) and on past dates.
 */
class StatisticsPropertyTest extends ApiTest {

	private static final List<Integer> OZG_IDS = List.of(10052, 10053, 10512, 10513, 10601);

	private static final List<String> REGIONS = List.of("", "10", "10041");

	private static final LocalDate TODAY = LocalDate.now(RegistryTime.ZONE);

	private final Random random = new Random(20261124);

	@Test
	void everyStatisticEqualsABruteForceEvaluationOfItsDefinition() {
		List<Map<String, Object>> adopters = db.sql("""
				select id::text as id, kind from organization
				where (land_code = '10' and kind in ('STATE', 'DISTRICT', 'MUNICIPALITY', 'IT_SERVICE_PROVIDER')) or kind = 'FEDERAL'""")
			.fetch().all().collectList().block();
		Map<String, Object> gemeinde = db.sql("""
				select id::text as id, population from organization where kind = 'MUNICIPALITY' and ars = '100410100100'""")
			.fetch().one().block();
		int population = ((Number) gemeinde.get("population")).intValue();
		try {
			for (int round = 0; round < 5; round++) {
				for (int s = 0; s < 2; s++) {
					addSolutionWithAdoptions(adopters);
				}
				if (round == 2) {
					setPopulation((String) gemeinde.get("id"), population + 12_345);
				}
				Definition definition = Definition.load(this);
				LocalDate past = LocalDate.of(2020, 6, 1).plusDays(random.nextInt(2000));
				for (String region : REGIONS) {
					for (LocalDate at : List.of(TODAY, past.isAfter(TODAY) ? TODAY.minusDays(1) : past)) {
						checkReports(definition, region, at, "round %d, region '%s', %s".formatted(round, region, at));
					}
					checkTimelines(definition, region, "round %d, region '%s'".formatted(round, region));
				}
			}
		}
		finally {
			setPopulation((String) gemeinde.get("id"), population);
		}
	}

	private void addSolutionWithAdoptions(List<Map<String, Object>> adopters) {
		List<Integer> ozgIds = someOf(OZG_IDS);
		Map<String, Object> input = new HashMap<>(Map.of("name", unique("Eigenschaft"), "summary", "Zufallsdaten",
				"providerId", adopters.get(random.nextInt(adopters.size())).get("id"), "ozgIds", ozgIds,
				"reuseModel", "OPEN_SOURCE", "lifecycle", "PRODUCTION"));
		if (random.nextInt(4) > 0) {
			input.put("maturity", Map.of("model", "V2_0", "level", random.nextInt(8)));
		}
		String solution = execute("mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }",
				Map.of("input", input)).path("publishSolution.solution.id").entity(String.class).get();
		Set<String> used = new HashSet<>();
		int adoptions = 2 + random.nextInt(5);
		for (int a = 0; a < adoptions; a++) {
			Map<String, Object> adopter = adopters.get(random.nextInt(adopters.size()));
			if ("FEDERAL".equals(adopter.get("kind")) && random.nextInt(3) > 0) {
				continue;
			}
			if (!used.add((String) adopter.get("id"))) {
				continue;
			}
			LocalDate start = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000));
			if (start.isAfter(TODAY)) {
				start = TODAY;
			}
			Map<String, Object> adoption = new HashMap<>(Map.of("organizationId", adopter.get("id"),
					"solutionId", solution, "status", "PLANNED", "effectiveDate", start.toString()));
			if (random.nextBoolean()) {
				adoption.put("ozgIds", someOf(ozgIds));
			}
			String id = execute("mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { adoption { id } } }",
					Map.of("input", adoption)).path("recordAdoption.adoption.id").entity(String.class).get();
			if (random.nextInt(5) == 0) {
				continue;
			}
			LocalDate live = start.plusDays(random.nextInt(300));
			if (live.isAfter(TODAY)) {
				continue;
			}
			updateStatus(id, "LIVE", live);
			if (random.nextInt(3) == 0) {
				LocalDate end = live.plusDays(random.nextInt(400));
				if (!end.isAfter(TODAY)) {
					updateStatus(id, "DISCONTINUED", end);
				}
			}
		}
	}

	private List<Integer> someOf(List<Integer> ids) {
		List<Integer> some = ids.stream().filter(id -> random.nextInt(3) > 0).toList();
		return some.isEmpty() ? List.of(ids.get(random.nextInt(ids.size()))) : some;
	}

	private void updateStatus(String adoption, String status, LocalDate date) {
		execute("mutation($id: ID!, $s: AdoptionStatus!, $d: Date) { updateAdoptionStatus(input: { id: $id, status: $s, effectiveDate: $d }) { adoption { id } } }",
				Map.of("id", adoption, "s", status, "d", date.toString())).errors().verify();
	}

	private void setPopulation(String organization, int population) {
		int version = db.sql("select version from organization where id = :id::uuid").bind("id", organization)
			.map(row -> row.get("version", Integer.class)).one().block();
		execute("mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id } } }",
				Map.of("input", Map.of("id", organization, "expectedVersion", version, "population", population)))
			.errors().verify();
	}

	private void checkReports(Definition definition, String region, LocalDate at, String context) {
		Map<String, Object> variables = Map.of("within", region, "at", at.toString());
		// coverage, one level below the region
		String level = region.isEmpty() ? "STATE" : (region.length() == 2) ? "DISTRICT" : "MUNICIPALITY";
		int digits = region.isEmpty() ? 2 : (region.length() == 2) ? 5 : 12;
		int ozgId = OZG_IDS.get(random.nextInt(OZG_IDS.size()));
		List<Map> rows = execute("""
				query($ozg: Int!, $level: RegionLevel!, $within: String, $at: Date) {
				  coverage(ozgId: $ozg, level: $level, within: $within, at: $at) {
				    region { ars } municipalityCount coveredMunicipalities population populationCovered } }""",
				Map.of("ozg", ozgId, "level", level, "within", region, "at", at.toString()))
			.path("coverage").entityList(Map.class).get();
		Map<String, List<Long>> expectedCoverage = definition.coverage(ozgId, region, digits, at);
		assertThat(rows).as(context).hasSize(expectedCoverage.size());
		for (Map row : rows) {
			String code = ((String) ((Map) row.get("region")).get("ars")).substring(0, digits);
			assertThat(List.of(number(row, "municipalityCount"), number(row, "coveredMunicipalities"),
					number(row, "population"), number(row, "populationCovered")))
				.as("coverage of %d in %s, %s", ozgId, code, context)
				.isEqualTo(expectedCoverage.get(code));
		}
		// coverage of a whole Themenfeld (today, Länder or Kreise)
		if (at.equals(TODAY) && region.length() < 5) {
			List<Map> themenfeldRows = execute("""
					query($level: RegionLevel!, $within: String) {
					  themenfeldCoverage(themenfeld: 3, level: $level, within: $within) {
					    region { ars } ozgServices municipalityCount population coveragePairs flaechendeckend } }""",
					Map.of("level", level, "within", region))
				.path("themenfeldCoverage").entityList(Map.class).get();
			Map<String, List<Long>> expected = definition.themenfeldCoverage(3, region, digits);
			assertThat(themenfeldRows).as(context).hasSize(expected.size());
			for (Map row : themenfeldRows) {
				String code = ((String) ((Map) row.get("region")).get("ars")).substring(0, digits);
				assertThat(List.of(number(row, "ozgServices"), number(row, "municipalityCount"), number(row, "population"),
						number(row, "coveragePairs"), number(row, "flaechendeckend")))
					.as("Themenfeld 3 in %s, %s", code, context)
					.isEqualTo(expected.get(code));
			}
		}
		// region report
		Map report = execute("""
				query($within: String, $at: Date) { regionReport(within: $within, at: $at) {
				  themenfelder { themenfeld { number } ozgServices flaechendeckend partly none }
				  maturity { model level solutions } } }""", variables)
			.path("regionReport").entity(Map.class).get();
		Map<Integer, List<Long>> themenfelder = new TreeMap<>();
		for (Map row : (List<Map>) report.get("themenfelder")) {
			themenfelder.put(((Number) ((Map) row.get("themenfeld")).get("number")).intValue(), List.of(
					number(row, "ozgServices"), number(row, "flaechendeckend"), number(row, "partly"), number(row, "none")));
		}
		assertThat(themenfelder).as("Themenfelder, " + context).isEqualTo(definition.themenfelder(region, at));
		Map<String, Long> maturity = new TreeMap<>();
		for (Map row : (List<Map>) report.get("maturity")) {
			maturity.put(row.get("model") + "/" + row.get("level"), number(row, "solutions"));
		}
		assertThat(maturity).as("maturity, " + context).isEqualTo(definition.maturity(region, at));
		// top solutions, by adopters and by population, of all and of one Themenfeld
		for (String by : List.of("ADOPTERS", "POPULATION")) {
			for (Integer themenfeld : new Integer[] { null, 3 }) {
				Map<String, Object> arguments = new HashMap<>(Map.of("within", region, "at", at.toString(), "by", by));
				arguments.put("tf", themenfeld);
				List<List<Object>> top = execute("""
						query($within: String, $tf: Int, $at: Date, $by: SolutionRanking) {
						  topSolutions(within: $within, themenfeld: $tf, at: $at, by: $by, first: 100) {
						    solution { id } liveAdopters coveredMunicipalities populationServed } }""", arguments)
					.path("topSolutions").entityList(Map.class).get().stream()
					.map(row -> List.<Object>of(((Map) row.get("solution")).get("id"), number(row, "liveAdopters"),
							number(row, "coveredMunicipalities"), number(row, "populationServed")))
					.toList();
				assertThat(top).as("top solutions by %s, Themenfeld %s, %s", by, themenfeld, context)
					.isEqualTo(definition.topSolutions(region, themenfeld, at, by.equals("POPULATION"), 100));
			}
		}
		// duplication index, of all and of one Themenfeld
		for (Integer themenfeld : new Integer[] { null, 3 }) {
			Map<String, Object> arguments = new HashMap<>(variables);
			arguments.put("tf", themenfeld);
			List<List<Object>> index = execute("""
					query($within: String, $tf: Int, $at: Date) {
					  duplicationIndex(within: $within, themenfeld: $tf, at: $at, first: 100) {
					    ozgService { ozgId } solutionsInUse providers } }""", arguments)
				.path("duplicationIndex").entityList(Map.class).get().stream()
				.map(row -> List.<Object>of(number((Map) row.get("ozgService"), "ozgId"), number(row, "solutionsInUse"),
						number(row, "providers")))
				.toList();
			assertThat(index).as("duplication index, Themenfeld %s, %s", themenfeld, context)
				.isEqualTo(definition.duplication(region, themenfeld, at, 100));
		}
	}

	private void checkTimelines(Definition definition, String region, String context) {
		LocalDate from = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(1500));
		LocalDate to = from.plusDays(200 + random.nextInt(700));
		if (to.isAfter(TODAY)) {
			to = TODAY;
		}
		Integer ozgId = OZG_IDS.get(random.nextInt(OZG_IDS.size()));
		for (Integer ozg : new Integer[] { ozgId, null }) {
			Map<String, Object> arguments = new HashMap<>(Map.of("within", region, "from", from.toString(),
					"to", to.toString()));
			arguments.put("ozg", ozg);
			List<Map> points = execute("""
					query($ozg: Int, $within: String, $from: Date!, $to: Date) {
					  timeline(ozgId: $ozg, within: $within, from: $from, to: $to) {
					    date municipalityCount coveredMunicipalities population populationCovered coveragePairs } }""",
					arguments)
				.path("timeline").entityList(Map.class).get();
			assertThat(points).as(context).isNotEmpty();
			for (Map point : points) {
				LocalDate date = LocalDate.parse((String) point.get("date"));
				assertThat(List.of(number(point, "municipalityCount"), number(point, "coveredMunicipalities"),
						number(point, "population"), number(point, "populationCovered"), number(point, "coveragePairs")))
					.as("timeline of %s on %s, %s", ozg, date, context)
					.isEqualTo(definition.timelinePoint(ozg, region, date));
			}
		}
	}

	private List<Map<String, Object>> rows(String sql) {
		return db.sql(sql).fetch().all().collectList().block();
	}

	private static long number(Map<?, ?> row, String field) {
		return ((Number) row.get(field)).longValue();
	}

	/** The definitions, evaluated literally over the raw tables. */
	private record Definition(List<Gemeinde> gemeinden, List<Adoption> adoptions, Map<Integer, Integer> themenfeldOf) {

		record Gemeinde(String id, String ars, String landCode, long population) {
		}

		record Adoption(String id, String organization, String solution, String provider, String maturity,
				Set<Integer> ozgIds, LocalDate liveFrom, LocalDate liveTo, BitSet covers) {

			boolean liveOn(LocalDate at) {
				return liveFrom != null && !liveFrom.isAfter(at) && (liveTo == null || liveTo.isAfter(at));
			}

		}

		static Definition load(StatisticsPropertyTest test) {
			List<Gemeinde> gemeinden = test.rows("""
					select id::text as id, ars, land_code, coalesce(population, 0) as population from organization
					where kind = 'MUNICIPALITY' and ars is not null order by ars""").stream()
				.map(r -> new Gemeinde((String) r.get("id"), (String) r.get("ars"), (String) r.get("land_code"),
						((Number) r.get("population")).longValue()))
				.toList();
			Map<String, Set<Integer>> ozgIds = new HashMap<>();
			test.rows("select adoption_id::text as a, ozg_id from adoption_ozg_service")
				.forEach(r -> ozgIds.computeIfAbsent((String) r.get("a"), k -> new HashSet<>()).add((Integer) r.get("ozg_id")));
			Map<String, List<Map<String, Object>>> transitions = test.rows("""
					select adoption_id::text as a, status, effective_date from adoption_status_transition order by adoption_id, seq""")
				.stream().collect(Collectors.groupingBy(r -> (String) r.get("a"), LinkedHashMap::new, Collectors.toList()));
			List<Adoption> adoptions = new ArrayList<>();
			for (Map<String, Object> r : test.rows("""
					select a.id::text as id, a.organization_id::text as organization, a.solution_id::text as solution,
					       s.provider_id::text as provider, s.maturity_model || '/' || s.maturity_level as maturity,
					       o.kind, o.ars, o.land_code
					from adoption a join organization o on o.id = a.organization_id join solution s on s.id = a.solution_id""")) {
				LocalDate liveFrom = null;
				LocalDate liveTo = null;
				for (Map<String, Object> t : transitions.getOrDefault((String) r.get("id"), List.of())) {
					if (liveFrom == null && "LIVE".equals(t.get("status"))) {
						liveFrom = (LocalDate) t.get("effective_date");
					}
					else if (liveFrom != null && liveTo == null && "DISCONTINUED".equals(t.get("status"))) {
						liveTo = (LocalDate) t.get("effective_date");
					}
				}
				BitSet covers = new BitSet(gemeinden.size());
				for (int i = 0; i < gemeinden.size(); i++) {
					Gemeinde g = gemeinden.get(i);
					String ars = (String) r.get("ars");
					boolean covered = switch ((String) r.get("kind")) {
						case "FEDERAL" -> true;
						case "STATE" -> g.landCode().equals(r.get("land_code"));
						case "DISTRICT" -> g.ars().startsWith(ars.substring(0, 5));
						case "MUNICIPAL_ASSOCIATION" -> g.ars().startsWith(ars.substring(0, 9));
						case "MUNICIPALITY" -> g.id().equals(r.get("organization"));
						default -> false;
					};
					covers.set(i, covered);
				}
				adoptions.add(new Adoption((String) r.get("id"), (String) r.get("organization"),
						(String) r.get("solution"), (String) r.get("provider"),
						(r.get("maturity") == null) ? "null/null" : (String) r.get("maturity"),
						ozgIds.getOrDefault((String) r.get("id"), Set.of()), liveFrom, liveTo, covers));
			}
			Map<Integer, Integer> themenfeldOf = new HashMap<>();
			test.rows("select ozg_id, themenfeld from ozg_service")
				.forEach(r -> themenfeldOf.put((Integer) r.get("ozg_id"), (Integer) r.get("themenfeld")));
			return new Definition(gemeinden, adoptions, themenfeldOf);
		}

		BitSet region(String prefix) {
			BitSet region = new BitSet();
			for (int i = 0; i < gemeinden.size(); i++) {
				region.set(i, gemeinden.get(i).ars().startsWith(prefix));
			}
			return region;
		}

		/** The Gemeinden of the region covered by live adoptions (on the date) that pass the test. */
		BitSet covered(BitSet region, LocalDate at, java.util.function.Predicate<Adoption> which) {
			BitSet covered = new BitSet();
			for (Adoption a : adoptions) {
				if (!a.ozgIds().isEmpty() && a.liveOn(at) && which.test(a)) {
					covered.or(a.covers());
				}
			}
			covered.and(region);
			return covered;
		}

		/** Per OZG-Leistung, the Gemeinden of the region covered on the date. */
		Map<Integer, BitSet> coveredPerOzg(BitSet region, LocalDate at) {
			Map<Integer, BitSet> covered = new HashMap<>();
			for (Adoption a : adoptions) {
				if (a.liveOn(at)) {
					a.ozgIds().forEach(ozg -> covered.computeIfAbsent(ozg, k -> new BitSet()).or(a.covers()));
				}
			}
			covered.values().forEach(set -> set.and(region));
			return covered;
		}

		long population(BitSet set) {
			return set.stream().mapToLong(i -> gemeinden.get(i).population()).sum();
		}

		Map<String, List<Long>> coverage(int ozgId, String within, int digits, LocalDate at) {
			BitSet region = region(within);
			BitSet covered = covered(region, at, a -> a.ozgIds().contains(ozgId));
			Map<String, List<Long>> rows = new TreeMap<>();
			region.stream().forEach(i -> {
				Gemeinde g = gemeinden.get(i);
				List<Long> row = rows.computeIfAbsent(g.ars().substring(0, digits), k -> new ArrayList<>(List.of(0L, 0L, 0L, 0L)));
				row.set(0, row.get(0) + 1);
				row.set(2, row.get(2) + g.population());
				if (covered.get(i)) {
					row.set(1, row.get(1) + 1);
					row.set(3, row.get(3) + g.population());
				}
			});
			return rows;
		}

		Map<String, List<Long>> themenfeldCoverage(int themenfeld, String within, int digits) {
			List<Integer> services = themenfeldOf.entrySet().stream().filter(e -> e.getValue() == themenfeld)
				.map(Map.Entry::getKey).toList();
			Map<Integer, BitSet> perOzg = coveredPerOzg(region(within), TODAY);
			Map<String, List<Long>> rows = new TreeMap<>();
			for (String code : region(within).stream().mapToObj(i -> gemeinden.get(i).ars().substring(0, digits))
				.collect(Collectors.toCollection(java.util.TreeSet::new))) {
				BitSet part = region(code);
				long pairs = 0;
				long everywhere = 0;
				for (int ozg : services) {
					BitSet covered = (BitSet) perOzg.getOrDefault(ozg, new BitSet()).clone();
					covered.and(part);
					pairs += covered.cardinality();
					everywhere += (covered.cardinality() == part.cardinality()) ? 1 : 0;
				}
				rows.put(code, List.of((long) services.size(), (long) part.cardinality(), population(part), pairs,
						everywhere));
			}
			return rows;
		}

		List<Long> timelinePoint(Integer ozgId, String within, LocalDate at) {
			BitSet region = region(within);
			BitSet covered = covered(region, at, a -> ozgId == null || a.ozgIds().contains(ozgId));
			long pairs = coveredPerOzg(region, at).entrySet().stream()
				.filter(e -> ozgId == null || e.getKey().equals(ozgId))
				.mapToLong(e -> e.getValue().cardinality())
				.sum();
			return List.of((long) region.cardinality(), (long) covered.cardinality(), population(region),
					population(covered), pairs);
		}

		Map<Integer, List<Long>> themenfelder(String within, LocalDate at) {
			BitSet region = region(within);
			Map<Integer, BitSet> perOzg = coveredPerOzg(region, at);
			Map<Integer, List<Long>> rows = new TreeMap<>();
			themenfeldOf.forEach((ozg, themenfeld) -> {
				int covered = perOzg.getOrDefault(ozg, new BitSet()).cardinality();
				List<Long> row = rows.computeIfAbsent(themenfeld, k -> new ArrayList<>(List.of(0L, 0L, 0L, 0L)));
				row.set(0, row.get(0) + 1);
				int column = (covered == region.cardinality()) ? 1 : (covered > 0) ? 2 : 3;
				row.set(column, row.get(column) + 1);
			});
			return rows;
		}

		/** Adoptions live on the date that cover at least one Gemeinde of the region. */
		List<Adoption> inUse(BitSet region, LocalDate at) {
			return adoptions.stream()
				.filter(a -> !a.ozgIds().isEmpty() && a.liveOn(at) && a.covers().intersects(region))
				.toList();
		}

		Map<String, Long> maturity(String within, LocalDate at) {
			Map<String, Set<String>> solutions = new TreeMap<>();
			for (Adoption a : inUse(region(within), at)) {
				solutions.computeIfAbsent(a.maturity(), k -> new HashSet<>()).add(a.solution());
			}
			Map<String, Long> counts = new TreeMap<>();
			solutions.forEach((maturity, ids) -> counts.put(maturity, (long) ids.size()));
			return counts;
		}

		List<List<Object>> topSolutions(String within, Integer themenfeld, LocalDate at, boolean byPopulation,
				int limit) {
			BitSet region = region(within);
			Map<String, List<Adoption>> bySolution = inUse(region, at).stream()
				.filter(a -> themenfeld == null || a.ozgIds().stream().anyMatch(o -> themenfeld.equals(themenfeldOf.get(o))))
				.collect(Collectors.groupingBy(Adoption::solution));
			List<List<Object>> rows = new ArrayList<>();
			bySolution.forEach((solution, uses) -> {
				BitSet covered = new BitSet();
				uses.forEach(a -> covered.or(a.covers()));
				covered.and(region);
				long adopters = uses.stream().map(Adoption::organization).distinct().count();
				rows.add(List.of(solution, adopters, (long) covered.cardinality(), population(covered)));
			});
			rows.sort(Comparator.<List<Object>, Long>comparing(row -> (Long) row.get(byPopulation ? 3 : 1)).reversed()
				.thenComparing(row -> (String) row.get(0)));
			return rows.subList(0, Math.min(limit, rows.size()));
		}

		List<List<Object>> duplication(String within, Integer themenfeld, LocalDate at, int limit) {
			Map<Integer, Set<String>> solutions = new HashMap<>();
			Map<Integer, Set<String>> providers = new HashMap<>();
			for (Adoption a : inUse(region(within), at)) {
				for (int ozg : a.ozgIds()) {
					if (themenfeld == null || themenfeld.equals(themenfeldOf.get(ozg))) {
						solutions.computeIfAbsent(ozg, k -> new HashSet<>()).add(a.solution());
						Set<String> p = providers.computeIfAbsent(ozg, k -> new HashSet<>());
						if (a.provider() != null) {
							p.add(a.provider());
						}
					}
				}
			}
			List<List<Object>> rows = new ArrayList<>();
			solutions.forEach((ozg, ids) -> rows.add(List.of((long) ozg, (long) ids.size(), (long) providers.get(ozg).size())));
			rows.sort(Comparator.<List<Object>, Long>comparing(row -> (Long) row.get(2)).reversed()
				.thenComparing(Comparator.<List<Object>, Long>comparing(row -> (Long) row.get(1)).reversed())
				.thenComparing(row -> (Long) row.get(0)));
			return rows.subList(0, Math.min(limit, rows.size()));
		}

	}

}
