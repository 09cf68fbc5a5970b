package de.ozgregistry.statistics;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class CoverageTest extends ApiTest {

	private static final String COVERAGE = """
			query($ozg: Int!, $level: RegionLevel!, $within: String, $at: Date) {
			  coverage(ozgId: $ozg, level: $level, within: $within, at: $at) { region { ars name kind }
			    municipalityCount coveredMunicipalities population populationCovered populationShare
			    municipalityShare flaechendeckend } }""";

	@Value("${local.server.port}")
	int port;

	@Test
	void theAcceptanceQueryHasOneRowPerLandAddingUpToAllGemeinden() {
		var response = execute("""
				{ coverage(ozgId: 10092, level: STATE) { region { ars name } municipalityCount coveredMunicipalities
				  population populationCovered populationShare flaechendeckend } }""");
		response.path("coverage").entityList(Object.class).hasSize(16);
		response.path("coverage[*].municipalityCount").entityList(Integer.class)
			.satisfies(counts -> assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10786));
		response.path("coverage[*].population").entityList(Long.class)
			.satisfies(p -> assertThat(p.stream().mapToLong(Long::longValue).sum()).isEqualTo(82711282L));
		execute(COVERAGE, Map.of("ozg", 10092, "level", "DISTRICT", "within", "06"))
			.path("coverage[*].region.ars").entityList(String.class)
			.satisfies(ars -> assertThat(ars).hasSize(26).allMatch(a -> a.startsWith("06") && a.endsWith("0000000")));
	}

	@Test
	void aLandAdoptionOfACentralServiceCoversEveryGemeindeOfTheLand() {
		String solution = publishSolution(organizationId("040000000000", "STATE"), unique("Zentral"), List.of(10040));
		execute("mutation($o: ID!, $s: ID!) { recordAdoption(input: { organizationId: $o, solutionId: $s, status: LIVE, operatingModel: CENTRAL_SERVICE }) { adoption { id } } }",
				Map.of("o", organizationId("040000000000", "STATE"), "s", solution));
		execute(COVERAGE, Map.of("ozg", 10040, "level", "STATE", "within", "04"))
			.path("coverage[0].flaechendeckend").entity(Boolean.class).isEqualTo(true)
			.path("coverage[0].populationShare").entity(Double.class).isEqualTo(1.0)
			.path("coverage[0].coveredMunicipalities").entity(Integer.class).isEqualTo(2);
	}

	@Test
	void invalidArgumentsAreValidationErrors() {
		assertError(execute(COVERAGE, Map.of("ozg", 99999, "level", "STATE")), "VALIDATION_FAILED", "ozgId");
		assertError(execute(COVERAGE, Map.of("ozg", 10092, "level", "STATE", "within", "99")), "VALIDATION_FAILED",
				"within");
		assertError(execute(COVERAGE, Map.of("ozg", 10092, "level", "STATE", "within", "06411")), "VALIDATION_FAILED",
				"within");
		assertError(execute(COVERAGE, Map.of("ozg", 10092, "level", "STATE", "at", LocalDate.now().plusDays(3).toString())),
				"VALIDATION_FAILED", "at");
	}

	@Test
	void theCsvExportIsUtf8WithBomSemicolonSeparatedWithAHeaderAndSixteenRows() {
		byte[] body = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build().get()
			.uri("/export/coverage.csv?ozgId=10092&level=STATE")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith("text/csv")
			.expectBody().returnResult().getResponseBody();
		assertThat(body).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
		String[] lines = new String(body, StandardCharsets.UTF_8).substring(1).split("\r\n");
		assertThat(lines).hasSize(17);
		assertThat(lines[0]).startsWith("ARS;Region;Gemeinden;");
		assertThat(lines).filteredOn(l -> l.startsWith("=\"060000000000\";Hessen;")).hasSize(1);
		assertThat(lines[1].split(";", -1)).hasSize(9);
		WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build().get()
			.uri("/export/coverage.csv?ozgId=abc&level=STATE").exchange().expectStatus().isBadRequest();
	}

	@Test
	void everyReportIsAlsoACsvForSpreadsheets() {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		Map<String, String> exports = Map.of(
				"/export/timeline.csv?ozgId=10092&from=2022-01-01&to=2022-12-31&within=06", "Datum;Gemeinden;",
				"/export/region-report.csv?within=06", "Themenfeld-Nr.;Themenfeld;",
				"/export/top-solutions.csv?by=POPULATION", "Lösung;Anbieter;",
				"/export/duplication-index.csv?within=06", "OZG-ID;OZG-Leistung;");
		exports.forEach((uri, header) -> {
			byte[] body = client.get().uri(uri).exchange().expectStatus().isOk()
				.expectHeader().contentTypeCompatibleWith("text/csv")
				.expectBody().returnResult().getResponseBody();
			String text = new String(body, StandardCharsets.UTF_8);
			assertThat(text).as(uri).startsWith("\uFEFF" + header);
			assertThat(text.split("\r\n").length).as(uri).isGreaterThan(1);
		});
		assertThat(new String(client.get().uri("/export/timeline.csv?ozgId=10092&from=2022-01-01&to=2022-12-31").exchange()
			.expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8).split("\r\n")).hasSize(13);
		client.get().uri("/export/timeline.csv?ozgId=10092").exchange().expectStatus().isBadRequest();
		client.get().uri("/export/region-report.csv?within=99").exchange().expectStatus().isBadRequest();
	}

	/**
	 * Property: on many random small datasets (random adopters at every level of Saarland, random status histories
	 * with discontinuations, random dates), every coverage row equals a brute-force count of the definition.
	 */
	@Test
	void coverageEqualsABruteForceComputationOnRandomDatasets() {
		Random random = new Random(20261123);
		List<Map<String, Object>> organizations = db.sql("select id::text as id, kind, ars, coalesce(population, 0) as population "
				+ "from organization where land_code = '10' and ars is not null")
			.fetch().all().collectList().block();
		List<Map<String, Object>> gemeinden = organizations.stream().filter(o -> "MUNICIPALITY".equals(o.get("kind"))).toList();
		List<Map<String, Object>> adopters = organizations;
		for (int dataset = 0; dataset < 12; dataset++) {
			int ozgId = 10020 + dataset;
			String solution = publishSolution(organizationId("100000000000", "STATE"), unique("Zufall"), List.of(ozgId));
			Map<String, LocalDate[]> liveByAdopter = new HashMap<>();
			int adoptions = 1 + random.nextInt(6);
			Set<String> used = new HashSet<>();
			for (int a = 0; a < adoptions; a++) {
				Map<String, Object> adopter = adopters.get(random.nextInt(adopters.size()));
				String id = (String) adopter.get("id");
				if (!used.add(id)) {
					continue;
				}
				LocalDate start = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(1500));
				String adoption = execute("mutation($o: ID!, $s: ID!, $d: Date) { recordAdoption(input: { organizationId: $o, solutionId: $s, status: PLANNED, effectiveDate: $d }) { adoption { id } } }",
						Map.of("o", id, "s", solution, "d", start.toString()))
					.path("recordAdoption.adoption.id").entity(String.class).get();
				if (random.nextInt(4) == 0) {
					continue;
				}
				LocalDate live = start.plusDays(random.nextInt(300));
				updateStatus(adoption, "LIVE", live);
				LocalDate end = null;
				if (random.nextInt(3) == 0) {
					end = live.plusDays(1 + random.nextInt(400));
					if (end.isAfter(LocalDate.now())) {
						end = null;
					}
					else {
						updateStatus(adoption, "DISCONTINUED", end);
					}
				}
				liveByAdopter.put(id, new LocalDate[] { live, end });
			}
			for (LocalDate at : List.of(LocalDate.of(2020, 6, 30), LocalDate.of(2022, 3, 31), LocalDate.of(2024, 12, 31),
					LocalDate.now())) {
				Map<String, int[]> expected = bruteForce(organizations, gemeinden, liveByAdopter, at);
				var rows = execute(COVERAGE, Map.of("ozg", ozgId, "level", "DISTRICT", "within", "10", "at", at.toString()))
					.path("coverage").entityList(Map.class).get();
				assertThat(rows).hasSize(expected.size());
				for (Map<?, ?> row : rows) {
					String kreis = ((String) ((Map<?, ?>) row.get("region")).get("ars")).substring(0, 5);
					int[] counts = expected.get(kreis);
					assertThat(row.get("coveredMunicipalities")).as("dataset %d, %s, Kreis %s", ozgId, at, kreis)
						.isEqualTo(counts[0]);
					assertThat(((Number) row.get("populationCovered")).longValue()).isEqualTo(counts[1]);
					assertThat(row.get("municipalityCount")).isEqualTo(counts[2]);
				}
				var municipalities = execute(COVERAGE, Map.of("ozg", ozgId, "level", "MUNICIPALITY", "within", "10041",
						"at", at.toString())).path("coverage").entityList(Map.class).get();
				assertThat(municipalities.stream().filter(r -> (Boolean) r.get("flaechendeckend")).count())
					.as("dataset %d, %s, Gemeinden of Kreis 10041", ozgId, at).isEqualTo(expected.get("10041")[0]);
			}
		}
	}

	private void updateStatus(String adoption, String status, LocalDate date) {
		execute("mutation($id: ID!, $s: AdoptionStatus!, $d: Date) { updateAdoptionStatus(input: { id: $id, status: $s, effectiveDate: $d }) { adoption { id } } }",
				Map.of("id", adoption, "s", status, "d", date.toString())).errors().verify();
	}

	/** The definition, literally: a Gemeinde is covered if an adopter at or above it is live on the date. */
	private static Map<String, int[]> bruteForce(List<Map<String, Object>> organizations,
			List<Map<String, Object>> gemeinden, Map<String, LocalDate[]> liveByAdopter, LocalDate at) {
		Map<String, Map<String, Object>> byId = new HashMap<>();
		organizations.forEach(o -> byId.put((String) o.get("id"), o));
		Map<String, int[]> result = new HashMap<>();
		for (Map<String, Object> g : gemeinden) {
			String ars = (String) g.get("ars");
			int[] counts = result.computeIfAbsent(ars.substring(0, 5), k -> new int[3]);
			counts[2]++;
			boolean covered = false;
			for (Map.Entry<String, LocalDate[]> live : liveByAdopter.entrySet()) {
				LocalDate[] period = live.getValue();
				if (period[0].isAfter(at) || (period[1] != null && !period[1].isAfter(at))) {
					continue;
				}
				Map<String, Object> adopter = byId.get(live.getKey());
				String adopterArs = (String) adopter.get("ars");
				covered |= switch ((String) adopter.get("kind")) {
					case "STATE" -> ars.startsWith(adopterArs.substring(0, 2));
					case "DISTRICT" -> ars.startsWith(adopterArs.substring(0, 5));
					case "MUNICIPAL_ASSOCIATION" -> ars.startsWith(adopterArs.substring(0, 9));
					case "MUNICIPALITY" -> ars.equals(adopterArs);
					default -> false;
				};
			}
			if (covered) {
				counts[0]++;
				counts[1] += ((Number) g.get("population")).intValue();
			}
		}
		return result;
	}


}
