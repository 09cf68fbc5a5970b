package de.ozgregistry.solution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * {@code importPubliccode}: real publiccode.yml files (Elterngeldrechner of the DigitalService, MUCGPT of München, the
 * standard's examples, the test files of Developers Italia's parser) become a solution of the organization that
 * publishes them, after a dry run that writes nothing; applied once, again unchanged; refused when the file breaks
 * the standard (naming the key), does not name the organization, or is no YAML a server should read.
 */
class PubliccodeImportTest extends ApiTest {

	private static final String IMPORT = """
			mutation($input: ImportPubliccodeInput!) { importPubliccode(input: $input) {
			  report { fileName sha256 dryRun applied format notes created changed unchanged refused
			           rows { line outcome message organizationId organizationName solutionId solutionName } }
			  solution { id name summary description licence repositoryUrl landingUrl lifecycle releaseVersion
			             reuseModel usedByClaims source version ozgServices { ozgId }
			             provenance { source attribution }
			             history(first: 5) { edges { node { operation } } } } } }""";

	private static final String ELTERNGELDRECHNER = "real-de/digitalservicebund-elterngeldrechner/publiccode.yml";

	@LocalServerPort
	int port;

	@Test
	void theRealElterngeldrechnerIsDryRunThenAppliedOnceThenChanged() {
		String digitalService = organization("DigitalService GmbH des Bundes", "IT_SERVICE_PROVIDER",
				"https://digitalservice.bund.de");
		byte[] file = resource(ELTERNGELDRECHNER);
		long solutions = count("select count(*) from solution");

		var dryRun = importFile(digitalService, "publiccode.yml", file, true, List.of(10000));
		dryRun.path("report.rows[0].outcome").entity(String.class).isEqualTo("CREATE");
		dryRun.path("report.rows[0].solutionName").entity(String.class).isEqualTo("Elterngeldrechner und Planer");
		dryRun.path("report.format").entity(String.class).isEqualTo("YAML");
		dryRun.path("report.applied").entity(Boolean.class).isEqualTo(false);
		dryRun.path("solution").valueIsNull();
		assertThat(count("select count(*) from solution")).as("a dry run writes nothing").isEqualTo(solutions);

		var applied = importFile(digitalService, "publiccode.yml", file, false, List.of(10000));
		applied.path("report.applied").entity(Boolean.class).isEqualTo(true);
		applied.path("report.rows[0].outcome").entity(String.class).isEqualTo("CREATE");
		applied.path("solution.summary").entity(String.class).isEqualTo(
				"Elterngeldrechner und Planer zur unverbindlichen Berechnung und Planung des Elterngeldbezugs.");
		applied.path("solution.licence").entity(String.class).isEqualTo("EUPL-1.2");
		applied.path("solution.lifecycle").entity(String.class).isEqualTo("PRODUCTION");
		applied.path("solution.repositoryUrl").entity(String.class)
			.isEqualTo("https://gitlab.opencode.de/digitalservicebund/elterngeldrechner.git");
		applied.path("solution.landingUrl").entity(String.class)
			.isEqualTo("https://gitlab.opencode.de/digitalservicebund/elterngeldrechner");
		applied.path("solution.reuseModel").entity(String.class).isEqualTo("OPEN_SOURCE");
		applied.path("solution.source").entity(String.class).isEqualTo("IMPORTED");
		applied.path("solution.ozgServices[*].ozgId").entityList(Integer.class).containsExactly(10000);
		applied.path("solution.provenance.source").entity(String.class).isEqualTo("publiccode.yml");
		applied.path("solution.history.edges[*].node.operation").entityList(String.class).containsExactly("CREATE");
		applied.path("report.notes").entityList(String.class).satisfies(notes -> assertThat(notes)
			.anyMatch(note -> note.startsWith("Read but not kept") && note.contains("maintenance")));
		String id = applied.path("solution.id").entity(String.class).get();
		String sha256 = applied.path("report.sha256").entity(String.class).get();
		assertThat(count("""
				select count(*) from solution s join data_source d on d.id = s.data_source_id
				where s.id = '%s' and d.id = 'import-%s' and d.name = 'publiccode.yml' and d.attribution like '%%%s%%'"""
			.formatted(id, sha256.substring(0, 16), sha256))).isOne();
		assertThat(count("select count(*) from change_log where entity_id = '" + id + "'")).isOne();

		// the same file again: unchanged, nothing written (the OZG-Leistungen it has are kept without ozgIds)
		var again = importFile(digitalService, "publiccode.yml", file, false, null);
		again.path("report.rows[0].outcome").entity(String.class).isEqualTo("UNCHANGED");
		again.path("solution.version").entity(Integer.class).isEqualTo(1);
		assertThat(count("select count(*) from change_log where entity_id = '" + id + "'")).isOne();

		// a new release: changed through updateSolution, recorded as an update
		byte[] changed = new String(file, StandardCharsets.UTF_8).replace("developmentStatus: stable",
				"developmentStatus: stable\nsoftwareVersion: \"2.1.0\"").getBytes(StandardCharsets.UTF_8);
		var update = importFile(digitalService, "publiccode (2.1.0).yml", changed, false, null);
		update.path("report.rows[0].outcome").entity(String.class).isEqualTo("CHANGE");
		update.path("report.rows[0].message").entity(String.class).isEqualTo("Changes releaseVersion.");
		update.path("solution.id").entity(String.class).isEqualTo(id);
		update.path("solution.version").entity(Integer.class).isEqualTo(2);
		update.path("solution.releaseVersion").entity(String.class).isEqualTo("2.1.0");
		update.path("solution.provenance.source").entity(String.class).isEqualTo("publiccode (2.1.0).yml");
		update.path("solution.history.edges[*].node.operation").entityList(String.class)
			.containsExactly("UPDATE", "CREATE");
	}

	@Test
	void theUsedByOfMucgptIsAnUnverifiedClaimAndNoAdoption() {
		String muenchen = municipality("091620000000");
		byte[] file = resource("real-de/it-at-m-mucgpt/publiccode.yml");
		var applied = importFile(muenchen, "mucgpt-publiccode.yml", file, false, List.of(10160));
		applied.path("report.rows[0].outcome").entity(String.class).isEqualTo("CREATE");
		applied.path("solution.usedByClaims").entityList(String.class)
			.containsExactly("Landeshauptstadt Stuttgart (BW): Fork unter dem Namen \"ChatSTR\"");
		applied.path("solution.summary").entity(String.class).isEqualTo(
				"MUCGPT ist ein KI-Werkzeug mit wiederverwendbaren, teilbaren Assistenten und erweiterbaren Tools.");
		applied.path("solution.licence").entity(String.class).isEqualTo("MIT");
		applied.path("solution.releaseVersion").entity(String.class).isEqualTo("2.0");
		applied.path("report.notes").entityList(String.class).satisfies(notes -> assertThat(notes)
			.anyMatch(note -> note.startsWith("maintenance.contacts are not kept"))
			.anyMatch(note -> note.startsWith("usedBy is kept as the provider's unverified claims")));
		String id = applied.path("solution.id").entity(String.class).get();
		assertThat(count("select count(*) from adoption where solution_id = '" + id + "'")).isZero();
		assertThat(count("select count(*) from solution where id = '" + id + "' and 'Landeshauptstadt Stuttgart "
				+ "(BW): Fork unter dem Namen \"ChatSTR\"' = any (used_by_claims)")).isOne();
	}

	@Test
	void theStandardsExampleIsReadWithItsItalianSectionNoted() {
		String chicago = organization("City of Chicago", "OTHER_AUTHORITY", null);
		var report = importFile(chicago, "publiccode.yml", resource("standard-examples/publiccode.yml"), true,
				List.of(10160));
		report.path("report.rows[0].outcome").entity(String.class).isEqualTo("CREATE");
		report.path("report.notes").entityList(String.class).satisfies(notes -> assertThat(notes)
			.contains("The country section 'IT' is ignored (country extensions are not read).",
					"The file has no German description: the en one is read."));
	}

	@Test
	void aFileThatDoesNotNameTheOrganizationIsRefusedAndWritesNothing() {
		String mainz = municipality("073150000000");
		long solutions = count("select count(*) from solution");
		var report = importFile(mainz, "publiccode.yml", resource(ELTERNGELDRECHNER), false, List.of(10000));
		report.path("report.rows[0].outcome").entity(String.class).isEqualTo("REFUSED");
		report.path("report.rows[0].message").entity(String.class).isEqualTo("The file does not name Mainz as its "
				+ "organization (it declares legal.mainCopyrightOwner 'Bundesministerium für Bildung, Familie, "
				+ "Senioren, Frauen und Jugend', legal.repoOwner 'DigitalService GmbH des Bundes'): a publiccode.yml "
				+ "is imported only for the organization it names, in organisation.uri (urn:de:ars:<ARS>, or a URL "
				+ "of its website), organisation.name, legal.mainCopyrightOwner or legal.repoOwner.");
		report.path("report.applied").entity(Boolean.class).isEqualTo(false);
		report.path("solution").valueIsNull();
		assertThat(count("select count(*) from solution")).isEqualTo(solutions);

		// organisation.uri as urn:de:ars decides: Mainz's own ARS
		String mainzFile = new String(resource(ELTERNGELDRECHNER), StandardCharsets.UTF_8)
			+ "organisation:\n  uri: urn:de:ars:073150000000\n";
		importFile(mainz, "mainz.yml", mainzFile.getBytes(StandardCharsets.UTF_8), true, List.of(10000))
			.path("report.rows[0].outcome").entity(String.class).isEqualTo("CREATE");
		String frankfurtFile = mainzFile.replace("073150000000", "064120000000");
		importFile(mainz, "frankfurt.yml", frankfurtFile.getBytes(StandardCharsets.UTF_8), true, List.of(10000))
			.path("report.rows[0].outcome").entity(String.class).isEqualTo("REFUSED");
	}

	@Test
	void aCallerWhoDoesNotActForTheProviderIsRefused() {
		String digitalService = organization("DigitalService GmbH des Bundes", "IT_SERVICE_PROVIDER",
				"https://digitalservice.bund.de");
		String token = issueToken(municipality("073150000000"), "PUBLISHER");
		var report = new GraphQlResponse(executeAs(token, IMPORT,
				input(digitalService, "publiccode.yml", resource(ELTERNGELDRECHNER), false, List.of(10000))));
		report.path("report.rows[0].outcome").entity(String.class).isEqualTo("REFUSED");
		report.path("report.rows[0].message").entity(String.class).satisfies(message -> assertThat(message)
			.startsWith("Solutions of DigitalService GmbH des Bundes are published by its publishers"));
		assertError(executeAs(null, IMPORT, input(digitalService, "publiccode.yml", resource(ELTERNGELDRECHNER),
				true, List.of(10000))), "UNAUTHENTICATED", null);
	}

	@Test
	void aYamlBombIsRefusedFastWithoutExpandingIt() {
		StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
		for (char level = 'b'; level <= 'z'; level++) {
			char previous = (char) (level - 1);
			bomb.append(level).append(": &").append(level).append(" [");
			for (int copy = 0; copy < 9; copy++) {
				bomb.append(copy == 0 ? "" : ",").append('*').append(previous);
			}
			bomb.append("]\n");
		}
		long start = System.nanoTime();
		var response = execute(IMPORT, input(bund(), "bomb.yml",
				bomb.toString().getBytes(StandardCharsets.UTF_8), true, null));
		assertError(response, "VALIDATION_FAILED", "input.content");
		response.errors().satisfy(errors -> assertThat(errors.get(0).getMessage()).contains("billion laughs"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void filesNoServerShouldReadAreRefusedWithAClearError() {
		String bund = bund();
		String minimal = new String(resource("standard-examples/publiccode.minimal.yml"), StandardCharsets.UTF_8);
		Map<String, String> broken = Map.of(
				"duplicate key", minimal + "name: Zweimal\n",
				"cut off", minimal.replace("platforms:\n  - web", "platforms: [web,").substring(0,
						minimal.indexOf("platforms") + 16),
				"not a mapping", "- publiccodeYmlVersion: \"0\"\n- name: Medusa\n",
				"a scalar", "publiccode",
				"java type", "!!java.io.File [\"/etc/passwd\"]\n");
		broken.forEach((what, text) -> {
			var response = execute(IMPORT, input(bund, what + ".yml", text.getBytes(StandardCharsets.UTF_8), true, null));
			assertError(response, "VALIDATION_FAILED", "input.content");
		});
		// cut off at the end of a line, the file is YAML still: refused for the keys it lacks
		importFile(bund, "cut.yml", minimal.substring(0, minimal.indexOf("legal:")).getBytes(StandardCharsets.UTF_8),
				true, List.of(10000))
			.path("report.rows[0].message").entity(String.class).satisfies(message -> assertThat(message)
				.contains("legal: required.", "maintenance: required.", "localisation: required."));
		byte[] binary = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
		assertError(execute(IMPORT, input(bund, "logo.png", binary, true, null)), "VALIDATION_FAILED",
				"input.content");
		// Developers Italia's invalid files that are no valid YAML or no UTF-8
		for (String name : List.of("invalid_yaml.yml", "file_encoding.yml")) {
			assertError(execute(IMPORT, input(bund, name, resource("parser-testdata/v0/invalid/" + name), true, null)),
					"VALIDATION_FAILED", "input.content");
		}
		execute(IMPORT, input(bund, "duplicate.yml", (minimal + "name: Zweimal\n").getBytes(StandardCharsets.UTF_8),
				true, null))
			.errors().satisfy(errors -> assertThat(errors.get(0).getMessage()).contains("duplicate key name"));
	}

	@Test
	void versionOneIsRefusedWithTheReason() {
		String minimal = new String(resource("standard-examples/publiccode.minimal.yml"), StandardCharsets.UTF_8);
		var report = importFile(bund(), "v1.yml",
				minimal.replace("publiccodeYmlVersion: \"0\"", "publiccodeYmlVersion: \"1\"")
					.getBytes(StandardCharsets.UTF_8), true, null);
		report.path("report.rows[0].outcome").entity(String.class).isEqualTo("REFUSED");
		report.path("report.rows[0].message").entity(String.class).satisfies(message -> assertThat(message)
			.contains("publiccodeYmlVersion: version 1 is not read"));
		importFile(bund(), "publiccodeYmlVersion_invalid.yml",
				resource("parser-testdata/v0/invalid/publiccodeYmlVersion_invalid.yml"), true, null)
			.path("report.rows[0].message").entity(String.class)
			.satisfies(message -> assertThat(message).contains("publiccodeYmlVersion: version 1 is not read"));
	}

	/** Developers Italia's invalid files, each refused for the key its name (KEY_REASON.yml) gives. */
	@Test
	void theParsersInvalidFilesAreRefusedNamingTheKey() {
		String bund = bund();
		Map<String, String> keys = Map.of("name_missing.yml", "name: required",
				"name_wrong_type.yml", "name: must be a text, is a list",
				"legal_license_invalid.yml", "legal.license: ",
				"developmentStatus_invalid.yml", "developmentStatus: ",
				"softwareType_invalid.yml", "softwareType: ",
				"url_missing.yml", "url: required",
				"maintenance_type_invalid.yml", "maintenance.type: ",
				"maintenance_contractors_missing_with_type_contract.yml", "maintenance.contractors: required",
				"localisation_localisationReady_missing.yml", "localisation.localisationReady: required");
		keys.forEach((file, problem) -> {
			var report = importFile(bund, file, resource("parser-testdata/v0/invalid/" + file), true, List.of(10000));
			report.path("report.rows[0].outcome").entity(String.class).isEqualTo("REFUSED");
			report.path("report.rows[0].message").entity(String.class).satisfies(message -> assertThat(message)
				.as(file)
				.startsWith("The file breaks the rules of the publiccode.yml standard: ")
				.contains(problem));
		});
	}

	/**
	 * Developers Italia's valid files: accepted where their organization is the provider; for the others the only
	 * refusal is that they do not name it.
	 */
	@Test
	void theParsersValidFilesAreAccepted() {
		String bund = bund();
		for (String file : List.of("valid/valid.minimal.yml", "valid/valid_spdx_or.yml",
				"valid/maintenance_contacts_when_type_is_none.yml", "valid_with_warnings/valid.minimal.v0.2.yml",
				"valid_with_warnings/valid.minimal.v0.3.yml")) {
			importFile(bund, file, resource("parser-testdata/v0/" + file), true, List.of(10000))
				.path("report.rows[0].message").entity(String.class)
				.satisfies(message -> assertThat(message).as(file)
					.startsWith("The file does not name Bundesrepublik Deutschland as its organization"));
		}
		importFile(bund, "v0.2", resource("parser-testdata/v0/valid_with_warnings/valid.minimal.v0.2.yml"), true,
				null)
			.path("report.notes").entityList(String.class).satisfies(notes -> assertThat(notes)
				.anyMatch(note -> note.startsWith("publiccodeYmlVersion 0.2 is older than 0.4")));
		String chicago = organization("City of Chicago", "OTHER_AUTHORITY", null);
		importFile(chicago, "valid.yml", resource("parser-testdata/v0/valid/valid.yml"), true, List.of(10000))
			.path("report.rows[0].outcome").entity(String.class).isEqualTo("CREATE");
		String foobar = organization(unique("foobar"), "VENDOR", "https://foobar.example");
		importFile(foobar, "valid_with_organisation_with_uri_url.yml",
				resource("parser-testdata/v0/valid/valid_with_organisation_with_uri_url.yml"), true, List.of(10000))
			.path("report.rows[0].outcome").entity(String.class).isEqualTo("CREATE");
	}

	/** The export and the import are one mapping: a seeded solution exported and imported again is unchanged. */
	@Test
	void anExportedSolutionImportedAgainIsUnchanged() {
		String id = db.sql("select id::text from solution where name = 'Mark-a-Spot – Mängelmelder (Open Source)'")
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		String provider = db.sql("select provider_id::text from solution where id = '" + id + "'")
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		byte[] exported = http.get().uri("/export/solutions/" + id + "/publiccode.yml").exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		var report = importFile(provider, "markaspot.yml", exported, false, null);
		report.path("report.rows[0].outcome").entity(String.class).isEqualTo("UNCHANGED");
		report.path("report.rows[0].solutionId").entity(String.class).isEqualTo(id);
		report.path("solution.source").entity(String.class).isEqualTo("ILLUSTRATIVE");
	}

	@Test
	void theDevelopmentStatusMappingIsOneToOne() {
		assertThat(Publiccode.LIFECYCLE).hasSameSizeAs(Publiccode.DEVELOPMENT_STATUS);
		Publiccode.DEVELOPMENT_STATUS
			.forEach((lifecycle, status) -> assertThat(Publiccode.LIFECYCLE.get(status)).isEqualTo(lifecycle));
		assertThatCode(() -> PubliccodeFile.check(PubliccodeFile.read(resource(ELTERNGELDRECHNER))))
			.doesNotThrowAnyException();
	}

	private GraphQlResponse importFile(String providerId, String name, byte[] content, boolean dryRun,
			List<Integer> ozgIds) {
		return new GraphQlResponse(execute(IMPORT, input(providerId, name, content, dryRun, ozgIds)));
	}

	/** The payload of a response, by paths relative to it. */
	private record GraphQlResponse(GraphQlTester.Response response) {

		GraphQlTester.Path path(String path) {
			return response.path("importPubliccode." + path);
		}

	}

	private static Map<String, Object> input(String providerId, String name, byte[] content, boolean dryRun,
			List<Integer> ozgIds) {
		Map<String, Object> input = new HashMap<>();
		input.put("providerId", providerId);
		input.put("fileName", name);
		input.put("content", Base64.getEncoder().encodeToString(content));
		input.put("dryRun", dryRun);
		if (ozgIds != null) {
			input.put("ozgIds", ozgIds);
		}
		return Map.of("input", input);
	}

	/** The organization of this name, registered through the API the first time. */
	private String organization(String name, String kind, String website) {
		List<String> ids = db.sql("select id::text from organization where name = :name")
			.bind("name", name)
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block();
		if (!ids.isEmpty()) {
			return ids.get(0);
		}
		Map<String, Object> input = new HashMap<>();
		input.put("kind", kind);
		input.put("name", name);
		if (website != null) {
			input.put("website", website);
		}
		return execute("""
				mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) {
				  organization { id } } }""", Map.of("input", input))
			.path("registerOrganization.organization.id")
			.entity(String.class)
			.get();
	}

	private String bund() {
		return db.sql("select id::text from organization where 'FEDERAL' = any (kinds)")
			.map(row -> row.get(0, String.class))
			.one()
			.block();
	}

	private static byte[] resource(String path) {
		try (InputStream in = PubliccodeImportTest.class.getResourceAsStream("/publiccode/" + path)) {
			if (in == null) {
				throw new IllegalArgumentException("No test file " + path);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
