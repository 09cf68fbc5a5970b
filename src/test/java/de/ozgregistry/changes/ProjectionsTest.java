package de.ozgregistry.changes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.RegistryTime;
import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every projection, rebuilt from the base tables alone, holds exactly the rows the incremental path (each change
 * applied in its transaction) gave, after a random sequence of writes through the API: solutions published and
 * changed, adoptions by the Bund, Länder, Kreise, Gemeinden and a provider without an area, of all or part of a
 * solution's OZG-Leistungen, with back-dated status histories and discontinuations, confirmations, a Gemeinde's
 * population and name and a provider's name changing. The rebuild runs in a transaction that is rolled back.
 */
class ProjectionsTest extends ApiTest {

	private static final List<Integer> OZG_IDS = List.of(10052, 10053, 10512, 10513, 10601, 10092);

	private static final LocalDate TODAY = LocalDate.now(RegistryTime.ZONE);

	private final Random random = new Random(20261201);

	@Autowired
	private Projections projections;

	@Autowired
	private TransactionalOperator transaction;

	/** Organizations the test renamed, with their names before. */
	private final Map<String, String> renamed = new HashMap<>();

	@Test
	void everyProjectionRebuiltFromTheBaseTablesEqualsWhatTheChangesGave() {
		List<String> adopters = db.sql("""
				select id::text from organization
				where (land_code = '10' and kind in ('STATE', 'DISTRICT', 'MUNICIPALITY', 'IT_SERVICE_PROVIDER'))
				   or kind = 'FEDERAL' or ars in ('064110000000', '110000000000')""")
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block();
		String gemeinde = municipality("100410100100");
		Map<String, Object> original = db.sql("select name, population from organization where id = :id::uuid")
			.bind("id", gemeinde)
			.fetch()
			.one()
			.block();
		int population = (Integer) original.get("population");
		try {
			for (int round = 0; round < 4; round++) {
				writeSomething(adopters);
				// an import brings the projections up to date once, after its last row
				importSomething(adopters);
				if (round == 1) {
					updateOrganization(gemeinde, Map.of("population", population + 4_321));
				}
			}
			updateOrganization(gemeinde, Map.of("name", unique("Umbenannt")));
			// a provider renamed: its name is in the search entries of its solutions
			String provider = adopters.get(0);
			String providerName = db.sql("select name from organization where id = :id::uuid").bind("id", provider)
				.map(row -> row.get(0, String.class)).one().block();
			publishSolution(provider, unique("Umbenennung"), List.of(10052));
			updateOrganization(provider, Map.of("name", unique("Anbieter umbenannt")));
			renamed.put(provider, providerName);
			assertThat(projections.all()).extracting(Projection::name).contains("search", "statistics");
			for (Projection projection : projections.all()) {
				Map<String, List<String>> incremental = rowsOf(projection).block();
				Map<String, List<String>> rebuilt = transaction.execute(status -> {
					status.setRollbackOnly();
					return db.sql(projection.rebuildStatement()).then().then(rowsOf(projection));
				}).single().block();
				for (String table : projection.tables()) {
					List<String> before = incremental.get(table);
					List<String> after = rebuilt.get(table);
					assertThat(before).as("%s: %s", projection.name(), table).isNotEmpty();
					// the rows only one side has (a few, not the whole table, if they differ)
					assertThat(without(after, before)).as("%s: rows of %s only the rebuild has", projection.name(), table)
						.isEmpty();
					assertThat(without(before, after)).as("%s: rows of %s only the changes gave", projection.name(), table)
						.isEmpty();
					assertThat(after).as("%s: %s", projection.name(), table).hasSameSizeAs(before);
				}
			}
		}
		finally {
			updateOrganization(gemeinde, Map.of("population", population, "name", original.get("name")));
			renamed.forEach((id, name) -> updateOrganization(id, Map.of("name", name)));
		}
	}

	private static List<String> without(List<String> rows, List<String> others) {
		java.util.Set<String> other = new java.util.HashSet<>(others);
		return rows.stream().filter(row -> !other.contains(row)).limit(10).toList();
	}

	/** Every row of every table of the projection, as text, in a stable order. */
	private Mono<Map<String, List<String>>> rowsOf(Projection projection) {
		return Flux.fromIterable(projection.tables())
			.concatMap(table -> db.sql("select t::text as row from " + table + " t order by 1")
				.map(row -> row.get("row", String.class))
				.all()
				.collectList()
				.map(rows -> Map.entry(table, rows)))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
	}

	private void writeSomething(List<String> adopters) {
		List<Integer> ozgIds = someOf(OZG_IDS);
		String solution = publishSolution(adopters.get(random.nextInt(adopters.size())), unique("Projektion"), ozgIds);
		if (random.nextBoolean()) {
			int version = execute("query($id: ID!) { solution(id: $id) { version } }", Map.of("id", solution))
				.path("solution.version").entity(Integer.class).get();
			execute("""
					mutation($input: UpdateSolutionInput!) { updateSolution(input: $input) { solution { id } } }""",
					Map.of("input", Map.of("id", solution, "expectedVersion", version, "summary", "Geändert",
							"lifecycle", "PILOT")))
				.path("updateSolution.solution.id").hasValue();
		}
		List<String> used = new ArrayList<>();
		for (int a = 0; a < 6; a++) {
			String adopter = adopters.get(random.nextInt(adopters.size()));
			if (used.contains(adopter)) {
				continue;
			}
			used.add(adopter);
			LocalDate start = TODAY.minusDays(200 + random.nextInt(1500));
			Map<String, Object> input = new HashMap<>(Map.of("organizationId", adopter, "solutionId", solution,
					"status", "PLANNED", "effectiveDate", start.toString()));
			if (random.nextBoolean()) {
				input.put("ozgIds", someOf(ozgIds));
			}
			String adoption = execute("""
					mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { adoption { id } } }""",
					Map.of("input", input))
				.path("recordAdoption.adoption.id").entity(String.class).get();
			if (random.nextInt(4) == 0) {
				continue;
			}
			LocalDate live = start.plusDays(random.nextInt(150));
			transition(adoption, "LIVE", live);
			if (random.nextInt(3) == 0) {
				transition(adoption, "DISCONTINUED", live.plusDays(random.nextInt(150)));
			}
			else if (random.nextBoolean()) {
				execute("mutation($id: ID!) { confirmAdoption(input: { adoptionId: $id }) { adoption { id } } }",
						Map.of("id", adoption))
					.path("confirmAdoption.adoption.id").hasValue();
			}
		}
	}

	/** A file of adoptions imported, then a second one moving some of them on (each applied as one change). */
	private void importSomething(List<String> adopters) {
		String name = unique("Projektion per Import");
		publishSolution(adopters.get(random.nextInt(adopters.size())), name, someOf(OZG_IDS));
		List<String> ars = db.sql("select ars from organization where id = any (:ids::uuid[]) and ars is not null")
			.bind("ids", adopters.subList(0, Math.min(40, adopters.size())).toArray(String[]::new))
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block();
		StringBuilder first = new StringBuilder("ARS;Lösung;Status;Datum\n");
		StringBuilder second = new StringBuilder("ARS;Lösung;Status;Datum\n");
		for (String key : ars.subList(0, Math.min(8, ars.size()))) {
			LocalDate start = TODAY.minusDays(300 + random.nextInt(1000));
			first.append(key).append(';').append(name).append(";geplant;").append(start).append('\n');
			second.append(key).append(';').append(name).append(random.nextBoolean() ? ";live;" : ";geplant;")
				.append(start.plusDays(random.nextInt(200))).append('\n');
		}
		for (StringBuilder file : List.of(first, second)) {
			execute("""
					mutation($input: ImportAdoptionsInput!) { importAdoptions(input: $input) { report { applied } } }""",
					Map.of("input", Map.of("fileName", "projektion.csv", "content",
							java.util.Base64.getEncoder().encodeToString(file.toString().getBytes(
									java.nio.charset.StandardCharsets.UTF_8)), "dryRun", false)))
				.path("importAdoptions.report.applied").entity(Boolean.class).isEqualTo(true);
		}
	}

	private void transition(String adoption, String status, LocalDate date) {
		execute("""
				mutation($id: ID!, $s: AdoptionStatus!, $d: Date) {
				  updateAdoptionStatus(input: { id: $id, status: $s, effectiveDate: $d }) { adoption { id } } }""",
				Map.of("id", adoption, "s", status, "d", date.toString()))
			.path("updateAdoptionStatus.adoption.id").hasValue();
	}

	private void updateOrganization(String id, Map<String, Object> fields) {
		int version = db.sql("select version from organization where id = :id::uuid")
			.bind("id", id)
			.map(row -> row.get(0, Integer.class))
			.one()
			.block();
		Map<String, Object> input = new HashMap<>(fields);
		input.put("id", id);
		input.put("expectedVersion", version);
		execute("mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id } } }",
				Map.of("input", input))
			.path("updateOrganization.organization.id").hasValue();
	}

	private List<Integer> someOf(List<Integer> ids) {
		List<Integer> chosen = new ArrayList<>();
		for (Integer id : ids) {
			if (random.nextInt(3) == 0) {
				chosen.add(id);
			}
		}
		return chosen.isEmpty() ? List.of(ids.get(random.nextInt(ids.size()))) : chosen;
	}

}
