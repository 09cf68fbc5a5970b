package de.ozgregistry.solution;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import de.ozgregistry.support.ApiTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /export/solutions/{id}/publiccode.yml}: a solution as the publiccode.yml standard (0.4) has it, with every
 * key the standard requires that the registry's data fill, and the values of the standard's code lists.
 */
class PubliccodeExportTest extends ApiTest {

	/** The standard's required keys (publiccode.yml 0.4) that the registry's data always fill. */
	private static final List<String> REQUIRED = List.of("publiccodeYmlVersion", "name", "url", "platforms",
			"categories", "developmentStatus", "softwareType", "description", "legal", "maintenance", "localisation");

	/** The standard's developmentStatus values (../shared/data/enums/ozg_enums.json, publiccode_developmentStatus). */
	private static final List<String> DEVELOPMENT_STATUS = List.of("concept", "development", "beta", "stable",
			"obsolete");

	@LocalServerPort
	int port;

	@Test
	@SuppressWarnings("unchecked")
	void aSolutionLeavesAsPubliccodeYml() {
		String mainz = municipality("073150000000");
		String name = unique("Hundesteuer-Anmeldung");
		String id = execute("""
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
				Map.of("input", Map.ofEntries(Map.entry("name", name),
						Map.entry("summary", "An- und Abmeldung von Hunden für die Hundesteuer, online"),
						Map.entry("description", "Bürgerinnen und Bürger melden Hunde online an und ab; die "
								+ "Steuerverwaltung erhält die Anmeldung strukturiert und ohne Medienbruch."),
						Map.entry("providerId", mainz), Map.entry("ozgIds", List.of(10160)),
						Map.entry("reuseModel", "OPEN_SOURCE"), Map.entry("lifecycle", "PILOT"),
						Map.entry("licence", "EUPL-1.2"),
						Map.entry("repositoryUrl", "https://gitlab.opencode.de/mainz/hundesteuer.git"),
						Map.entry("termsAndCosts", "Vertraulich: 1.000 Euro im Jahr"),
						Map.entry("legalPaths", List.of("OPEN_LICENCE")))))
			.path("publishSolution.solution.id")
			.entity(String.class)
			.get();
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		String text = http.get().uri("/export/solutions/" + id + "/publiccode.yml").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/yaml"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Map<String, Object> document = new Yaml().load(text);
		assertThat(document).containsKeys(REQUIRED.toArray(String[]::new));
		assertThat(document.get("publiccodeYmlVersion")).isEqualTo("0.4");
		assertThat(document.get("name")).isEqualTo(name);
		assertThat(document.get("url")).isEqualTo("https://gitlab.opencode.de/mainz/hundesteuer.git");
		assertThat(DEVELOPMENT_STATUS).contains((String) document.get("developmentStatus"));
		assertThat(document.get("developmentStatus")).isEqualTo("beta");
		Map<String, Object> german = (Map<String, Object>) ((Map<String, Object>) document.get("description")).get("de");
		assertThat((String) german.get("shortDescription")).hasSizeLessThanOrEqualTo(150);
		assertThat((List<String>) german.get("features")).containsExactly("10160 Hundehaltung");
		assertThat((Map<String, Object>) document.get("legal")).containsEntry("license", "EUPL-1.2")
			.containsEntry("mainCopyrightOwner", "Mainz");
		assertThat((Map<String, Object>) document.get("maintenance")).containsEntry("type", "internal");
		assertThat(text).as("restricted fields stay inside").doesNotContain("Vertraulich").doesNotContain("# missing");

		http.get().uri("/export/solutions/00000000-0000-0000-0000-000000000000/publiccode.yml").exchange()
			.expectStatus().isNotFound();
		http.get().uri("/export/solutions/kein-schluessel/publiccode.yml").exchange().expectStatus().isBadRequest();
	}

}
