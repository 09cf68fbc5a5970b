package de.ozgregistry.catalog;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.imports.Spreadsheet;
import de.ozgregistry.SeedIds;
import de.ozgregistry.support.ApiTest;
import de.ozgregistry.support.RegistryNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code importCatalogue}: a newer OZG catalogue, as a file with the seed's columns and a version, moves the catalogue
 * on without losing a link. A catalogue version changes every list of the node, so the test runs on a node of its
 * own (a second registry on a database of its own), not on the database the other API tests share.
 *
 * <p>The newer catalogue here is the seed's file changed by the test (one OZG-Leistung renamed, one moved to a new
 * Lebenslage, one left out, two added): illustrative, not an official catalogue version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogueImportTest extends ApiTest {

	private static final String IMPORT = """
			mutation($input: ImportCatalogueInput!) { importCatalogue(input: $input) {
			  report { fileName sha256 dryRun applied format encoding separator unreadColumns notes
			           created changed unchanged refused
			           changes: rows(outcome: CHANGE) { line outcome message ozgId ozgServiceName }
			           creates: rows(outcome: CREATE) { line outcome message ozgId ozgServiceName }
			           refusals: rows(outcome: REFUSED, first: 5000) { line outcome message ozgId ozgServiceName } }
			  catalogueVersion { number label publishedOn fileName sha256 added renamed retired ozgServices } } }""";

	private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	/** The retired OZG-Leistung (Emissionshandel), with a solution and an adoption that must keep it. */
	private static final int RETIRED = 10598;

	@Autowired
	DatabaseEndpoint database;

	private RegistryNode node;

	/** A second instance of the node, on its database: what it keeps of the catalogue in memory must follow. */
	private RegistryNode other;

	@BeforeAll
	void startNode() {
		node = RegistryNode.start(database, "catalogue", Map.of());
		other = RegistryNode.open(database, "catalogue", Map.of());
	}

	@AfterAll
	void stopNode() {
		for (RegistryNode instance : new RegistryNode[] { other, node }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@Test
	@Order(1)
	void aNewerCatalogueAddsRenamesMovesAndRetiresAfterADryRunWithoutLosingALink() throws Exception {
		String solution = onNode("""
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
				Map.of("input", Map.of("name", "Emissionshandel digital (Test)", "summary", "Test solution",
						"providerId", SeedIds.bund().toString(), "ozgIds", List.of(RETIRED, 10597),
						"reuseModel", "OPEN_SOURCE", "lifecycle", "PRODUCTION")))
			.path("publishSolution.solution.id")
			.entity(String.class)
			.get();
		String mainz = onNode("{ organization(ars: \"073150000000\") { id } }", Map.of())
			.path("organization.id")
			.entity(String.class)
			.get();
		onNode("""
				mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { adoption { id } } }""",
				Map.of("input", Map.of("organizationId", mainz, "solutionId", solution, "status", "LIVE")))
			.path("recordAdoption.adoption.id")
			.hasValue();

		List<String> candidates = List.of(SeedIds.bund().toString(), organizationOnNode("070000000000"),
				organizationOnNode("073390000000"));
		assertThat(candidates).as("%d is a gap of one of them before", RETIRED)
			.anySatisfy(organization -> assertThat(gapIds(organization)).contains(RETIRED));
		// the other instance has read the catalogue's versions and Lebenslagen (and keeps them)
		other.execute("{ catalogueVersion { number } ozgService(ozgId: 10001) { lebenslage { name } } }", Map.of())
			.path("catalogueVersion.number").entity(Integer.class).isEqualTo(1)
			.path("ozgService.lebenslage.name").entity(String.class).isEqualTo("Geburt");
		byte[] file = newerCatalogue();
		GraphQlTester.Response dryRun = importFile(node, "OZG-Katalog 2024-06.csv", file, true);
		dryRun.path("importCatalogue.report.dryRun").entity(Boolean.class).isEqualTo(true);
		dryRun.path("importCatalogue.report.applied").entity(Boolean.class).isEqualTo(false);
		dryRun.path("importCatalogue.report.encoding").entity(String.class).isEqualTo("windows-1252");
		dryRun.path("importCatalogue.report.separator").entity(String.class).isEqualTo(";");
		dryRun.path("importCatalogue.report.unreadColumns").entityList(String.class).containsExactly("kdn_internal_id");
		dryRun.path("importCatalogue.report.created").entity(Integer.class).isEqualTo(2);
		dryRun.path("importCatalogue.report.changed").entity(Integer.class).isEqualTo(3);
		dryRun.path("importCatalogue.report.unchanged").entity(Integer.class).isEqualTo(554);
		dryRun.path("importCatalogue.report.refused").entity(Integer.class).isEqualTo(0);
		dryRun.path("importCatalogue.report.creates[*].ozgId").entityList(Integer.class).containsExactly(10602, 10603);
		dryRun.path("importCatalogue.report.creates[1].message").entity(String.class)
			.isEqualTo("New OZG-Leistung. New Lebenslage 'Digitale Identität (Test)'.");
		dryRun.path("importCatalogue.report.changes[*].message").entityList(String.class).containsExactly(
				"Renamed from 'Elterngeld'.",
				"Moved to the Lebenslage 'Familie & Partnerschaft'. New Lebenslage 'Familie & Partnerschaft'.",
				"Retired: not in version '2024-06'. Kept with its links (1 solutions, 1 adoptions).");
		dryRun.path("importCatalogue.report.changes[2].line").entity(Integer.class).isEqualTo(0);
		dryRun.path("importCatalogue.report.changes[2].ozgServiceName").entity(String.class)
			.isEqualTo("Emissionshandel");
		dryRun.path("importCatalogue.catalogueVersion").valueIsNull();
		assertThat(currentVersion()).as("a dry run writes nothing").isEqualTo(1);
		onNode("{ ozgService(ozgId: 10000) { name } }", Map.of())
			.path("ozgService.name")
			.entity(String.class)
			.isEqualTo("Elterngeld");

		GraphQlTester.Response applied = importFile(node, "OZG-Katalog 2024-06.csv", file, false);
		applied.path("importCatalogue.report.applied").entity(Boolean.class).isEqualTo(true);
		applied.path("importCatalogue.catalogueVersion").entity(Map.class).isEqualTo(Map.of("number", 2, "label",
				"2024-06", "publishedOn", "2024-06-30", "fileName", "OZG-Katalog 2024-06.csv", "sha256",
				applied.path("importCatalogue.report.sha256").entity(String.class).get(), "added", 2, "renamed", 1,
				"retired", 1, "ozgServices", 558));
		onNode("{ catalogueVersion { number label } catalogueVersions { number } }", Map.of())
			.path("catalogueVersion.label")
			.entity(String.class)
			.isEqualTo("2024-06")
			.path("catalogueVersions[*].number")
			.entityList(Integer.class)
			.containsExactly(2, 1);

		// the other instance follows (the announcement arrives milliseconds after the commit)
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (other.execute("{ catalogueVersion { number } }", Map.of()).path("catalogueVersion.number")
			.entity(Integer.class).get() != 2) {
			assertThat(System.nanoTime()).as("the other instance shows version 2 within 20 s").isLessThan(deadline);
			Thread.sleep(100);
		}
		other.execute("{ ozgService(ozgId: 10001) { lebenslage { name } } }", Map.of())
			.path("ozgService.lebenslage.name").entity(String.class).isEqualTo("Familie & Partnerschaft");

		// renamed, with its former name; moved; added; retired but kept, with its links
		GraphQlTester.Response services = onNode("""
				{ elterngeld: ozgService(ozgId: 10000) { name formerNames { name renamedIn { label } } retired }
				  moved: ozgService(ozgId: 10001) { lebenslage { name themenfeld { name } } }
				  added: ozgService(ozgId: 10603) {
				    name introducedIn { number } lebenslage { name } provenance { source dataDate } }
				  retired: ozgService(ozgId: %d) { name retired retiredIn { label } solutions { totalCount } }
				  current: ozgServices { totalCount }
				  all: ozgServices(filter: { includeRetired: true }) { totalCount }
				  search(query: "ElterngeldDigital") { edges { node { item { ... on OzgService { ozgId } } } } } }"""
			.formatted(RETIRED), Map.of());
		services.path("elterngeld.name").entity(String.class).isEqualTo("Elterngeld (ElterngeldDigital)");
		services.path("elterngeld.formerNames[0].name").entity(String.class).isEqualTo("Elterngeld");
		services.path("elterngeld.formerNames[0].renamedIn.label").entity(String.class).isEqualTo("2024-06");
		services.path("elterngeld.retired").entity(Boolean.class).isEqualTo(false);
		services.path("moved.lebenslage.name").entity(String.class).isEqualTo("Familie & Partnerschaft");
		services.path("moved.lebenslage.themenfeld.name").entity(String.class).isEqualTo("Familie & Kind");
		services.path("added.name").entity(String.class).isEqualTo("Digitale Beispielleistung B (Test)");
		services.path("added.introducedIn.number").entity(Integer.class).isEqualTo(2);
		services.path("added.lebenslage.name").entity(String.class).isEqualTo("Digitale Identität (Test)");
		services.path("added.provenance.source").entity(String.class)
			.isEqualTo("OZG-Katalog 2024-06 (OZG-Katalog 2024-06.csv)");
		services.path("added.provenance.dataDate").entity(String.class).isEqualTo("2024-06-30");
		services.path("retired.retired").entity(Boolean.class).isEqualTo(true);
		services.path("retired.retiredIn.label").entity(String.class).isEqualTo("2024-06");
		services.path("retired.solutions.totalCount").entity(Integer.class).isEqualTo(1);
		services.path("current.totalCount").entity(Integer.class).isEqualTo(558);
		services.path("all.totalCount").entity(Integer.class).isEqualTo(559);
		services.path("search.edges[0].node.item.ozgId").entity(Integer.class).isEqualTo(10000);
		onNode("""
				query($id: ID!) { solution(id: $id) { ozgServices { ozgId retired } adoptions { totalCount } } }""",
				Map.of("id", solution))
			.path("solution.ozgServices[*].ozgId")
			.entityList(Integer.class)
			.contains(RETIRED, 10597)
			.path("solution.adoptions.totalCount")
			.entity(Integer.class)
			.isEqualTo(1);

		// a retired OZG-Leistung is nobody's Zuständigkeit
		assertThat(candidates).allSatisfy(organization -> assertThat(gapIds(organization)).doesNotContain(RETIRED));

		// the same file again changes nothing
		GraphQlTester.Response again = importFile(node, "OZG-Katalog 2024-06.csv", file, false);
		again.path("importCatalogue.report.applied").entity(Boolean.class).isEqualTo(true);
		again.path("importCatalogue.report.unchanged").entity(Integer.class).isEqualTo(558);
		again.path("importCatalogue.report.changed").entity(Integer.class).isEqualTo(0);
		again.path("importCatalogue.report.created").entity(Integer.class).isEqualTo(0);
		again.path("importCatalogue.catalogueVersion.number").entity(Integer.class).isEqualTo(2);
		assertThat(currentVersion()).isEqualTo(2);
	}

	@Test
	@Order(2)
	void aFileThatWouldRetireMoreThanATenthIsRefusedAndChangesNothing() throws IOException {
		List<String> lines = catalogueLines("2025-01", "15.01.2025");
		List<String> cutShort = lines.subList(0, 400);
		GraphQlTester.Response response = importFile(node, "abgeschnitten.csv",
				String.join("\r\n", cutShort).getBytes(WINDOWS_1252), false);
		response.path("importCatalogue.report.applied").entity(Boolean.class).isEqualTo(false);
		response.path("importCatalogue.report.refused").entity(Integer.class).isEqualTo(558 - 399);
		response.path("importCatalogue.report.refusals[0].line").entity(Integer.class).isEqualTo(0);
		response.path("importCatalogue.report.refusals[0].message").entity(String.class)
			.satisfies(message -> assertThat(message).contains("would retire 159 of 558 OZG-Leistungen, more than 10 %"));
		assertThat(currentVersion()).isEqualTo(2);
		onNode("{ ozgServices { totalCount } }", Map.of())
			.path("ozgServices.totalCount")
			.entity(Integer.class)
			.isEqualTo(558);
	}

	@Test
	@Order(3)
	void brokenRowsAreRefusedOneByOneWithTheirReasons() throws IOException {
		List<String> lines = new ArrayList<>(catalogueLines("2025-02", "01.02.2025"));
		lines.add("1234;Zu kurz;Geburt;Familie & Kind;;2025-02;01.02.2025");
		lines.add("10604;Unbekanntes Themenfeld;Geburt;Raumfahrt;;2025-02;01.02.2025");
		lines.add("10000;Elterngeld doppelt;Geburt;Familie & Kind;;2025-02;01.02.2025");
		lines.add("10605;;Geburt;Familie & Kind;;2025-02;01.02.2025");
		GraphQlTester.Response response = importFile(node, "fehlerhaft.csv",
				String.join("\r\n", lines).getBytes(WINDOWS_1252), true);
		response.path("importCatalogue.report.refusals[*].message").entityList(String.class).satisfies(messages -> {
			assertThat(messages).hasSize(4);
			assertThat(messages.get(0)).isEqualTo("'1234' is not an OZG-ID (a number from 10000 to 99999).");
			assertThat(messages.get(1)).startsWith("Unknown Themenfeld 'Raumfahrt' (one of [Arbeit & Ruhestand, ");
			assertThat(messages.get(2)).matches("OZG-ID 10000 is on line [0-9]+ too: one row per OZG-Leistung\\.");
			assertThat(messages.get(3)).isEqualTo("No name (ozg_leistung).");
		});
	}

	@Test
	@Order(4)
	void anEarlierOrRenamedVersionAndAFileWithoutAVersionAreRefused() throws IOException {
		String changed = String.join("\r\n", catalogueLines("2024-06", "30.06.2024")).replace("Elterngeld (", "EG (");
		assertError(importFile(node, "anders.csv", changed.getBytes(WINDOWS_1252), true), "VALIDATION_FAILED",
				"input.content");
		String older = String.join("\r\n", catalogueLines("2023-01", "01.01.2023"));
		GraphQlTester.Response response = importFile(node, "alt.csv", older.getBytes(WINDOWS_1252), true);
		assertError(response, "VALIDATION_FAILED", "input.content");
		response.errors().satisfy(errors -> assertThat(errors.get(0).getMessage())
			.isEqualTo("The file's date 2023-01-01 is older than that of the current catalogue version (2024-06-30)."));
		String seed = Files.readString(Path.of("seed-data/catalog/ozg_leistungen.csv"));
		assertError(importFile(node, "ohne-version.csv", seed.getBytes(StandardCharsets.UTF_8), true),
				"VALIDATION_FAILED", "input.content");
	}

	@Test
	void onlyTheFederalCoordinatorOrAnAdminLoadsACatalogue() throws IOException {
		byte[] file = String.join("\r\n", catalogueLines("2099-01", "01.01.2099")).getBytes(StandardCharsets.UTF_8);
		String publisher = issueToken(municipality("064120000000"), "PUBLISHER");
		assertError(executeAs(publisher, IMPORT, input("katalog.csv", file, true)), "FORBIDDEN", null);
		assertError(executeAs(null, IMPORT, input("katalog.csv", file, true)), "UNAUTHENTICATED", null);
	}

	private String organizationOnNode(String ars) {
		return onNode("query($ars: String!) { organization(ars: $ars) { id } }", Map.of("ars", ars))
			.path("organization.id")
			.entity(String.class)
			.get();
	}

	/** The OZG-IDs of all gaps of the organization on the node, page by page. */
	private List<Integer> gapIds(String organization) {
		List<Integer> ids = new ArrayList<>();
		String after = null;
		do {
			Map<String, Object> variables = new java.util.HashMap<>(Map.of("o", organization));
			if (after != null) {
				variables.put("after", after);
			}
			GraphQlTester.Response page = onNode("""
					query($o: ID!, $after: String) { gaps(organization: $o, first: 100, after: $after) {
					  edges { node { ozgService { ozgId } } } pageInfo { hasNextPage endCursor } } }""", variables);
			ids.addAll(page.path("gaps.edges[*].node.ozgService.ozgId").entityList(Integer.class).get());
			after = page.path("gaps.pageInfo.hasNextPage").entity(Boolean.class).get()
					? page.path("gaps.pageInfo.endCursor").entity(String.class).get() : null;
		}
		while (after != null);
		return ids;
	}

	private int currentVersion() {
		return onNode("{ catalogueVersion { number } }", Map.of())
			.path("catalogueVersion.number")
			.entity(Integer.class)
			.get();
	}

	private GraphQlTester.Response importFile(RegistryNode on, String name, byte[] content, boolean dryRun) {
		return onNode(IMPORT, input(name, content, dryRun));
	}

	/** Runs a document on the node as admin, with time for a loaded machine (the node's own client waits 5 s). */
	private GraphQlTester.Response onNode(String document, Map<String, Object> variables) {
		GraphQlTester.Request<?> request = HttpGraphQlTester
			.create(WebTestClient.bindToServer()
				.baseUrl(node.url() + "/graphql")
				.responseTimeout(Duration.ofMinutes(1))
				.defaultHeader("Authorization", "Bearer " + ADMIN_TOKEN)
				.build())
			.mutate()
			.responseTimeout(Duration.ofMinutes(1))
			.build()
			.document(document);
		variables.forEach(request::variable);
		return request.execute();
	}

	private static Map<String, Object> input(String name, byte[] content, boolean dryRun) {
		return Map.of("input", Map.of("fileName", name, "content", Base64.getEncoder().encodeToString(content),
				"dryRun", dryRun));
	}

	/**
	 * The newer catalogue of the first test, as German Excel saves it (semicolons, Windows-1252): the seed's file
	 * with Elterngeld renamed, 10001 moved to a new Lebenslage, Emissionshandel left out and two OZG-Leistungen added.
	 */
	private static byte[] newerCatalogue() throws IOException {
		List<String> lines = new ArrayList<>();
		for (String line : catalogueLines("2024-06", "30.06.2024")) {
			if (!line.startsWith(RETIRED + ";")) {
				lines.add(line);
			}
		}
		lines.add("10602;Digitale Beispielleistung A (Test);Geburt;Familie & Kind;;2024-06;30.06.2024");
		lines.add("10603;Digitale Beispielleistung B (Test);Digitale Identität (Test);Familie & Kind;;2024-06;30.06.2024");
		return (String.join("\r\n", lines) + "\r\n").getBytes(WINDOWS_1252);
	}

	/**
	 * The seed's catalogue with Elterngeld renamed and 10001 moved to a new Lebenslage (as the first test leaves them),
	 * with this version in every row.
	 */
	private static List<String> catalogueLines(String version, String date) throws IOException {
		String text = Files.readString(Path.of("seed-data/catalog/ozg_leistungen.csv"));
		List<List<String>> records = Spreadsheet.records(text, ',', "file");
		List<String> lines = new ArrayList<>();
		lines.add(String.join(";", records.get(0)) + ";katalog_version;katalog_stand");
		for (List<String> record : records.subList(1, records.size())) {
			if (record.size() < 4) {
				continue;
			}
			List<String> cells = new ArrayList<>(record);
			if (cells.get(0).equals("10000")) {
				cells.set(1, "Elterngeld (ElterngeldDigital)");
			}
			if (cells.get(0).equals("10001")) {
				cells.set(2, "Familie & Partnerschaft");
			}
			cells.replaceAll(cell -> cell.contains(";") || cell.contains("\"")
					? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
			lines.add(String.join(";", cells) + ";" + version + ";" + date);
		}
		return lines;
	}

}
