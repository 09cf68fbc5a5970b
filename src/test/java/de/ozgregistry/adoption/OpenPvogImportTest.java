package de.ozgregistry.adoption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.test.tester.GraphQlTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code importOpenPvog} with the constructed Open-PVOG files of {@code src/test/resources/open-pvog/} (no real
 * export is available here; see the README there): URLs matched to the URL patterns of solutions the tests publish,
 * a dry run that writes nothing, an apply that is all or nothing and idempotent, unmatched hosts grouped without
 * stopping the file, and the permissions of the mutations.
 */
class OpenPvogImportTest extends ApiTest {

	private static final String FRANKFURT = "064120000000";

	private static final String DARMSTADT = "064110000000";

	@Test
	void aDryRunReportsEveryRowThenTheFileIsAppliedOnceAndUnmatchedHostsAreGroupedWithoutStoppingIt() {
		String name = unique("Hundesteuer online (Open-PVOG-Test)");
		String solution = solutionWithPatterns(municipality(FRANKFURT), name, List.of(10160, 10173),
				List.of("formulare.hundesteuer-test.example"));
		String darmstadt = plannedSince2024(municipality(DARMSTADT), solution);

		Report dry = importFile("hundesteuer.csv", true);
		dry.path("dryRun").entity(Boolean.class).isEqualTo(true);
		dry.path("applied").entity(Boolean.class).isEqualTo(false);
		dry.path("format").entity(String.class).isEqualTo("CSV");
		dry.path("separator").entity(String.class).isEqualTo(";");
		dry.path("rows[*].outcome").entityList(String.class)
			.containsExactly("CREATE", "UNCHANGED", "UNCHANGED", "CHANGE", "UNCHANGED", "UNCHANGED", "UNCHANGED",
					"UNCHANGED", "UNCHANGED");
		dry.path("rows[*].ozgId").entityList(Integer.class)
			.containsExactly(10160, 10173, 10160, 10160, null, 10160, 10160, 10160, 10173);
		dry.path("rows[*].status").entityList(String.class)
			.containsExactly("LIVE", "LIVE", "LIVE", "LIVE", null, null, null, null, "LIVE");
		dry.path("rows[0].organizationName").entity(String.class).isEqualTo("Frankfurt am Main");
		dry.path("rows[0].solutionName").entity(String.class).isEqualTo(name);
		dry.path("rows[0].ozgServiceName").entity(String.class).isEqualTo("Hundehaltung");
		message(dry, 0).startsWith("New adoption, LIVE (Datenstand 2025-03-01), for the OZG-Leistungen [10160, 10173].")
			.containsPattern("PVOG art_flaechendeckung: flächendeckend; registry before this file: [01] of 1 Gemeinde "
					+ "with OZG-Leistung 10160 live\\.");
		message(dry, 1).startsWith("Same adoption as line 2 (its OZG-Leistung 10173 included).");
		message(dry, 2).startsWith("Same adoption as line 2 (the same LeiKa-Leistung again).");
		message(dry, 3).startsWith("PLANNED → LIVE (Datenstand 2025-03-01).").contains("PVOG art_flaechendeckung: teilweise");
		message(dry, 4).isEqualTo("Not online in PVOG (online_status 'false', aktiv 'true'): nothing inferred.");
		message(dry, 5).startsWith("No solution declares a URL pattern matching the host "
				+ "www.buergerservice-wiesbaden-test.example: not imported (listed in unmatchedHosts).");
		message(dry, 8).contains("The file's ozgid 10160 differs from the LeiKa catalogue (99108001001000 belongs to "
				+ "OZG-Leistung 10173): the catalogue's is taken.");
		dry.path("notes").entityList(String.class).satisfies(notes -> assertThat(String.join("\n", notes))
			.contains("1 rows are not online in PVOG")
			.contains("3 online rows on 2 hosts match no solution's URL pattern"));
		dry.response().path("importOpenPvog.unmatchedHosts[*].host").entityList(String.class)
			.containsExactly("portal.kommunal-test.example", "www.buergerservice-wiesbaden-test.example");
		dry.response().path("importOpenPvog.unmatchedHosts[0].rows").entity(Integer.class).isEqualTo(2);
		dry.response().path("importOpenPvog.unmatchedHosts[0].organizations").entity(Integer.class).isEqualTo(2);
		dry.response().path("importOpenPvog.unmatchedHosts[0].ozgServiceCount").entity(Integer.class).isEqualTo(1);
		dry.response().path("importOpenPvog.unmatchedHosts[0].ozgServices[*].ozgId").entityList(Integer.class)
			.containsExactly(10160);
		dry.response().path("importOpenPvog.unmatchedHosts[0].exampleUrls").entityList(String.class)
			.containsExactly("https://portal.kommunal-test.example/offenbach/hund",
					"https://portal.kommunal-test.example/hanau/hundesteuer");
		assertThat(count("select count(*) from adoption where solution_id = '" + solution + "'"))
			.as("a dry run writes nothing").isOne();
		assertThat(count("select count(*) from adoption where id = '" + darmstadt + "' and status = 'PLANNED'")).isOne();
		assertThat(count("select count(*) from data_source where name = 'hundesteuer.csv'")).isZero();

		Report applied = importFile("hundesteuer.csv", false);
		applied.path("applied").entity(Boolean.class).isEqualTo(true);
		applied.path("created").entity(Integer.class).isEqualTo(1);
		applied.path("changed").entity(Integer.class).isEqualTo(1);
		applied.path("refused").entity(Integer.class).isEqualTo(0);
		String sha256 = applied.path("sha256").entity(String.class).get();
		assertThat(count("""
				select count(*) from adoption a join data_source d on d.id = a.data_source_id
				where a.solution_id = '%s' and a.status = 'LIVE' and a.source = 'IMPORTED'
				  and d.id = 'import-%s' and d.name = 'hundesteuer.csv' and d.data_date = '2025-03-02'
				  and d.attribution like '%%%s%%Open-PVOG (Dashboard Digitale Verwaltung), Datenstand 2025-03-02'"""
			.formatted(solution, sha256.substring(0, 16), sha256))).isEqualTo(2);
		assertThat(count("""
				select count(*) from adoption a join adoption_ozg_service o on o.adoption_id = a.id
				join organization g on g.id = a.organization_id
				where a.solution_id = '%s' and g.ars = '%s'""".formatted(solution, FRANKFURT)))
			.as("one adoption with the OZG-Leistungen of all its rows").isEqualTo(2);
		assertThat(count("""
				select count(*) from adoption_status_transition t join adoption a on a.id = t.adoption_id
				where a.solution_id = '%s' and t.status = 'LIVE' and t.effective_date = '2025-03-01'"""
			.formatted(solution))).as("live from the earliest Datenstand of its rows").isEqualTo(2);
		long entries = count("select count(*) from change_log c join adoption a on a.id = c.entity_id "
				+ "where a.solution_id = '" + solution + "'");

		Report again = importFile("hundesteuer.csv", false);
		again.path("rows[*].outcome").entityList(String.class)
			.satisfies(outcomes -> assertThat(outcomes).isNotEmpty().containsOnly("UNCHANGED"));
		again.path("applied").entity(Boolean.class).isEqualTo(true);
		message(again, 0).startsWith("Already LIVE.")
			.contains("registry before this file: 1 of 1 Gemeinde with OZG-Leistung 10160 live.");
		assertThat(count("select count(*) from change_log c join adoption a on a.id = c.entity_id "
				+ "where a.solution_id = '" + solution + "'")).as("the same file again writes nothing")
			.isEqualTo(entries);
	}

	/** German Excel's CSV (Windows-1252, CRLF), a Landkreis among the Gemeinden, and the coordinators of two Länder. */
	@Test
	void aWindows1252FileIsImportedByTheCoordinatorOfItsLandOnlyAndComparesTheCoverageOfAKreis() {
		String name = unique("Mängelmelder Mittelhessen (Open-PVOG-Test)");
		solutionWithPatterns(municipality("065340014014"), name, List.of(10136),
				List.of("maengel.mittelhessen-test.example"));
		String rlp = issueToken(organizationId("070000000000", "STATE"), "STATE_COORDINATOR");
		Report refused = new Report(executeAs(rlp, document("importOpenPvog"),
				input("maengelmelder-windows-1252.csv", resource("maengelmelder-windows-1252.csv"), true)));
		refused.path("rows[*].outcome").entityList(String.class).containsExactly("REFUSED", "REFUSED", "REFUSED");
		message(refused, 0).startsWith("Importing adoptions is only allowed for Marburg itself, its Land's coordinator "
				+ "or an admin.");

		String hessen = issueToken(organizationId("060000000000", "STATE"), "STATE_COORDINATOR");
		Report applied = new Report(executeAs(hessen, document("importOpenPvog"),
				input("maengelmelder-windows-1252.csv", resource("maengelmelder-windows-1252.csv"), false)));
		applied.path("encoding").entity(String.class).isEqualTo("windows-1252");
		applied.path("applied").entity(Boolean.class).isEqualTo(true);
		applied.path("rows[*].outcome").entityList(String.class).containsExactly("CREATE", "CREATE", "CREATE");
		applied.path("rows[0].ozgServiceName").entity(String.class).isEqualTo("Mängel melden");
		applied.path("rows[2].organizationName").entity(String.class).isEqualTo("Marburg-Biedenkopf");
		long gemeinden = count("select municipalities from region_total where prefix = '06534'");
		message(applied, 2).containsPattern("PVOG art_flaechendeckung: flächendeckend; registry before this file: "
				+ "[0-9]+ of " + gemeinden + " Gemeinden with OZG-Leistung 10136 live\\.");
		assertThat(count("""
				select count(*) from adoption_status_transition t join adoption a on a.id = t.adoption_id
				join solution s on s.id = a.solution_id
				where s.name = '%s' and t.status = 'LIVE' and t.effective_date = '2025-02-14'""".formatted(name)))
			.isEqualTo(3);

		Report again = new Report(executeAs(hessen, document("importOpenPvog"),
				input("maengelmelder-windows-1252.csv", resource("maengelmelder-windows-1252.csv"), true)));
		again.path("rows[*].outcome").entityList(String.class)
			.satisfies(outcomes -> assertThat(outcomes).isNotEmpty().containsOnly("UNCHANGED"));
		message(again, 2).contains("registry before this file: " + gemeinden + " of " + gemeinden + " Gemeinden");
	}

	@Test
	void anUnknownArsRefusesItsRowAndNothingOfTheFileIsWritten() {
		String solution = solutionWithPatterns(municipality("066310009009"), unique("Wohnsitzanmeldung Osthessen"),
				List.of(10124), List.of("melden.osthessen-test.example"));
		Report report = importFile("unbekannte-ars.csv", false);
		report.path("separator").entity(String.class).isEqualTo(",");
		report.path("rows[*].outcome").entityList(String.class).containsExactly("CREATE", "REFUSED");
		message(report, 1).startsWith("No organization with ARS 065340099099.");
		report.path("applied").entity(Boolean.class).isEqualTo(false);
		assertThat(count("select count(*) from adoption where solution_id = '" + solution + "'")).isZero();
		assertThat(count("select count(*) from data_source where name = 'unbekannte-ars.csv'")).isZero();
	}

	@Test
	void theLongestPatternWinsAndTwoSolutionsMatchingEquallyAreAmbiguous() {
		String provider = organizationId("064340000000", "DISTRICT");
		String zulassung = unique("Kfz-Zulassung (Pfad)");
		solutionWithPatterns(provider, zulassung, List.of(10439), List.of("kfz.zulassung-test.example/zulassung"));
		String first = unique("Kfz-Portal A");
		String second = unique("Kfz-Portal B");
		solutionWithPatterns(provider, first, List.of(10439), List.of("kfz.zulassung-test.example"));
		solutionWithPatterns(provider, second, List.of(10439), List.of("zulassung-test.example",
				"kfz.zulassung-test.example"));
		Report report = importFile("mehrdeutig.csv", true);
		report.path("rows[*].outcome").entityList(String.class).containsExactly("CREATE", "REFUSED");
		report.path("rows[0].solutionName").entity(String.class).isEqualTo(zulassung);
		message(report, 1).startsWith("The URL https://kfz.zulassung-test.example/main-kinzig-kreis matches the "
				+ "solutions " + List.of(first, second) + " equally (pattern kfz.zulassung-test.example): ambiguous, "
				+ "not guessed.");
		report.path("applied").entity(Boolean.class).isEqualTo(false);
	}

	@Test
	void urlPatternsAreValidatedNormalizedAndInTheHistory() {
		String solution = publishSolution(municipality(FRANKFURT), unique("Muster-Onlinedienst"), List.of(10160));
		for (Object invalid : List.of(List.of("https://service.example.de"), List.of("Service.Example.de"),
				List.of("service.example.de/kfz?x=1"), List.of("localhost"), List.of("service.example.de:8443/kfz"),
				List.of("service example.de"), twentyOnePatterns())) {
			assertError(execute(document("updateSolutionUrlPatterns"),
					Map.of("input", Map.of("id", solution, "expectedVersion", 1, "urlPatterns", invalid))),
					"VALIDATION_FAILED", "input.urlPatterns");
		}
		var updated = execute(document("updateSolutionUrlPatterns"), Map.of("input", Map.of("id", solution,
				"expectedVersion", 1, "urlPatterns", List.of("service.example.de/kfz/", "service.example.de/kfz",
						"buergerportal.example.de"))));
		updated.path("updateSolution.solution.urlPatterns").entityList(String.class)
			.containsExactly("service.example.de/kfz", "buergerportal.example.de");
		updated.path("updateSolution.solution.version").entity(Integer.class).isEqualTo(2);
		execute("query($id: ID!) { solution(id: $id) { history(first: 1) { edges { node { changes { field to } } } } } }",
				Map.of("id", solution))
			.path("solution.history.edges[0].node.changes[*].field")
			.entityList(String.class)
			.contains("urlPatterns");
		var published = execute("""
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { urlPatterns } } }""",
				Map.of("input", Map.of("name", unique("Muster-Portal"), "summary", "s", "providerId",
						municipality(FRANKFURT), "ozgIds", List.of(10160), "reuseModel", "OPEN_SOURCE", "lifecycle",
						"PRODUCTION", "urlPatterns", List.of("portal.example.de/"))));
		published.path("publishSolution.solution.urlPatterns").entityList(String.class)
			.containsExactly("portal.example.de");
	}

	@Test
	void aFileWithoutTheOpenPvogColumnsIsRefused() {
		assertError(execute(document("importOpenPvog"), input("falsch.csv",
				"leika_key;ars;url\n99102013000000;064120000000;https://a.example.de\n".getBytes(StandardCharsets.UTF_8),
				true)), "VALIDATION_FAILED", "input.content");
		assertError(executeAs(null, document("importOpenPvog"), input("hundesteuer.csv", resource("hundesteuer.csv"),
				true)), "UNAUTHENTICATED", null);
	}

	private static List<String> twentyOnePatterns() {
		List<String> patterns = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			patterns.add("host" + i + ".example.de");
		}
		return patterns;
	}

	/** Publishes a solution and declares its URL patterns through {@code updateSolution}. */
	private String solutionWithPatterns(String provider, String name, List<Integer> ozgIds, List<String> patterns) {
		String id = publishSolution(provider, name, ozgIds);
		execute(document("updateSolutionUrlPatterns"),
				Map.of("input", Map.of("id", id, "expectedVersion", 1, "urlPatterns", patterns)))
			.path("updateSolution.solution.urlPatterns")
			.entityList(String.class)
			.containsExactly(patterns.toArray(String[]::new));
		return id;
	}

	/** An adoption recorded as PLANNED on 2024-06-01. */
	private String plannedSince2024(String organization, String solution) {
		Map<String, Object> input = new HashMap<>(Map.of("organizationId", organization, "solutionId", solution,
				"status", "PLANNED", "effectiveDate", "2024-06-01"));
		return execute("""
				mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { adoption { id } } }""",
				Map.of("input", input))
			.path("recordAdoption.adoption.id")
			.entity(String.class)
			.get();
	}

	private Report importFile(String file, boolean dryRun) {
		return new Report(execute(document("importOpenPvog"), input(file, resource(file), dryRun)));
	}

	private static org.assertj.core.api.AbstractStringAssert<?> message(Report report, int row) {
		return assertThat(report.path("rows[" + row + "].message").entity(String.class).get());
	}

	/** The report of a response, by paths relative to it. */
	private record Report(GraphQlTester.Response response) {

		GraphQlTester.Path path(String path) {
			return response.path("importOpenPvog.report." + path);
		}

	}

	private static Map<String, Object> input(String name, byte[] content, boolean dryRun) {
		return Map.of("input", Map.of("fileName", name, "content", Base64.getEncoder().encodeToString(content),
				"dryRun", dryRun));
	}

	private static byte[] resource(String file) {
		try {
			return new ClassPathResource("open-pvog/" + file).getContentAsByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String document(String operationName) {
		try {
			return new ClassPathResource("graphql-test/" + operationName + ".graphql")
				.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
