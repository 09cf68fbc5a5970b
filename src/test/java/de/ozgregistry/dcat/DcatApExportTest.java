package de.ozgregistry.dcat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;

import de.ozgregistry.RegistryTime;
import de.ozgregistry.support.ApiTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static de.ozgregistry.dcat.SolutionCatalogue.ADMS;
import static de.ozgregistry.dcat.SolutionCatalogue.DCAT;
import static de.ozgregistry.dcat.SolutionCatalogue.DCT;
import static de.ozgregistry.dcat.SolutionCatalogue.FOAF;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /export/dcat-ap.ttl} and {@code /export/dcat-ap.jsonld} as a harvester gets them, anonymously, from the
 * seeded registry: the same graph in both formats, valid against the DCAT-AP 3.0.1 shapes (0 violations) and the
 * ADMS-AP validator's rules (no rule of severity error fires; all 103 rules of the 2017 set are of severity error,
 * so there are no warnings to weigh; a finding of any other severity would be printed, not failed), and no
 * restricted field in it. Every solution is public (the
 * registry has no hidden solutions), so the test checks that every solution is in it, and that the restricted fields
 * of each (terms and costs, contact person) are not.
 * <p>
 * The checks cannot pass vacuously: the same graph with one dataset's {@code dct:title} removed is reported by both.
 * Which shapes are used and why {@code mdr-vocabularies.shape.ttl} is not: {@link ApValidation}.
 */
class DcatApExportTest extends ApiTest {

	private static final String TODAY = LocalDate.now(RegistryTime.ZONE).toString();

	private static final String BASE = "urn:ozg-registry:test-node";

	@LocalServerPort
	int port;

	private WebTestClient http() {
		// the catalogue holds every solution the shared test database has by then: more than the default 256 KB
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(32 * 1024 * 1024))
			.build();
	}

	@Test
	void turtleAndJsonLdHoldTheSameGraphAndNameTheirFileInGerman() {
		EntityExchangeResult<byte[]> turtle = http().get().uri("/export/dcat-ap.ttl").exchange()
			.expectStatus().isOk()
			.expectHeader().contentType("text/turtle;charset=UTF-8")
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
			.expectHeader().valueEquals(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"ozg-loesungskatalog-dcat-ap-" + TODAY + ".ttl\"")
			.expectBody().returnResult();
		EntityExchangeResult<byte[]> jsonLd = http().get().uri("/export/dcat-ap.jsonld").exchange()
			.expectStatus().isOk()
			.expectHeader().contentType("application/ld+json")
			.expectHeader().valueEquals(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"ozg-loesungskatalog-dcat-ap-" + TODAY + ".jsonld\"")
			.expectBody().returnResult();
		Model fromTurtle = parse(turtle.getResponseBody(), Lang.TURTLE);
		Model fromJsonLd = parse(jsonLd.getResponseBody(), Lang.JSONLD11);
		assertThat(fromTurtle.size()).isGreaterThan(100);
		assertThat(fromTurtle.isIsomorphicWith(fromJsonLd)).as("the Turtle and the JSON-LD hold the same graph")
			.isTrue();

		String etag = turtle.getResponseHeaders().getETag();
		assertThat(etag).isNotBlank();
		http().get().uri("/export/dcat-ap.ttl").header(HttpHeaders.IF_NONE_MATCH, etag).exchange()
			.expectStatus().isNotModified();
	}

	@Test
	void theExportConformsToTheDcatApShapesAndTheAdmsApRules() {
		Model export = export();
		ValidationReport report = ApValidation.shacl(export);
		assertThat(report.conforms()).as("DCAT-AP 3.0.1 shapes:\n%s", ApValidation.text(report)).isTrue();
		List<ApValidation.Finding> findings = ApValidation.admsRules(export);
		findings.stream().filter(f -> !f.severity().equals("error")).map(f -> "ADMS-AP " + f).distinct().limit(20)
			.forEach(System.out::println);
		assertThat(ApValidation.errors(findings)).as("ADMS-AP rules of severity error").isEmpty();
	}

	@Test
	void aDatasetWithoutTitleIsReportedByTheShapesAndTheRules() {
		Model broken = ModelFactory.createDefaultModel().add(export());
		Resource dataset = broken.listSubjectsWithProperty(RDF.type, broken.createResource(DCAT + "Dataset"))
			.next();
		broken.removeAll(dataset, broken.createProperty(DCT, "title"), null);

		ValidationReport report = ApValidation.shacl(broken);
		assertThat(report.conforms()).isFalse();
		assertThat(report.getEntries()).anySatisfy(entry -> {
			assertThat(entry.focusNode().getURI()).isEqualTo(dataset.getURI());
			assertThat(entry.resultPath().toString()).contains("title");
		});
		assertThat(ApValidation.errors(ApValidation.admsRules(broken)))
			.anySatisfy(finding -> assertThat(finding.rule()).isEqualTo(7));
	}

	@Test
	void aSeededSolutionAppearsWithTitlePublisherAndLicenceAndNoRestrictedField() {
		Model export = export();
		Resource markaspot = export.listSubjectsWithProperty(property(DCT, "title"),
				export.createLiteral("Mark-a-Spot – Mängelmelder (Open Source)", "de"))
			.next();
		assertThat(markaspot.getURI()).startsWith(BASE + "/loesung/");
		assertThat(markaspot.hasProperty(RDF.type, export.createResource(ADMS + "Asset"))).isTrue();
		Resource publisher = markaspot.getPropertyResourceValue(property(DCT, "publisher"));
		assertThat(publisher.getProperty(property(FOAF, "name")).getString()).isEqualTo("Mark-a-Spot (Holger Kreis)");
		Resource distribution = markaspot.getPropertyResourceValue(property(DCAT, "distribution"));
		assertThat(distribution.getPropertyResourceValue(property(DCAT, "accessURL")).getURI())
			.isEqualTo("https://github.com/markaspot/markaspot");
		assertThat(distribution.getPropertyResourceValue(property(DCT, "license")).getURI())
			.isEqualTo("http://spdx.org/licenses/GPL-2.0-or-later");
		assertThat(markaspot.getPropertyResourceValue(property(ADMS, "status")).getURI())
			.isEqualTo("http://purl.org/adms/status/Completed");
		assertThat(markaspot.getPropertyResourceValue(property(DCAT, "landingPage")).getURI())
			.isEqualTo("https://markaspot.de");
		assertThat(markaspot.listProperties(property(DCT, "relation")).toList())
			.anySatisfy(relation -> assertThat(relation.getResource().getURI()).isEqualTo(BASE + "/leistung/10136"));

		String turtle = new String(http().get().uri("/export/dcat-ap.ttl").exchange().expectBody().returnResult()
			.getResponseBody(), StandardCharsets.UTF_8);
		assertThat(turtle).as("Mark-a-Spot's terms and costs").doesNotContain("Hosting, Anpassung");
	}

	@Test
	void everySolutionIsInItWithoutItsTermsAndCostsOrContactPerson() {
		String name = unique("Sondernutzungserlaubnis online");
		String id = execute("""
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
				Map.of("input", Map.ofEntries(Map.entry("name", name), Map.entry("summary", "Anträge auf "
						+ "Sondernutzung öffentlicher Straßen, online"), Map.entry("providerId", municipality(
								"073150000000")), Map.entry("ozgIds", List.of(10160)),
						Map.entry("reuseModel", "OPEN_SOURCE"), Map.entry("lifecycle", "PILOT"),
						Map.entry("licence", "MIT OR Apache-2.0"),
						Map.entry("repositoryUrl", "https://gitlab.opencode.de/mainz/sondernutzung.git"),
						Map.entry("termsAndCosts", "Vertraulich: 2.500 Euro im Jahr"),
						Map.entry("contactPerson", "Erika Mustermann, Tel. 06131 000000"),
						Map.entry("legalPaths", List.of("OPEN_LICENCE")))))
			.path("publishSolution.solution.id")
			.entity(String.class)
			.get();
		List<UUID> all = db.sql("select id from solution").map(row -> row.get("id", UUID.class)).all().collectList()
			.block();
		byte[] body = http().get().uri("/export/dcat-ap.ttl").exchange().expectBody().returnResult()
			.getResponseBody();
		String turtle = new String(body, StandardCharsets.UTF_8);
		assertThat(turtle).doesNotContain("Vertraulich").doesNotContain("Mustermann").doesNotContain("06131");
		Model export = parse(body, Lang.TURTLE);
		Resource catalog = export.createResource(BASE + "/export/dcat-ap#catalog");
		for (UUID solution : all) {
			assertThat(export.contains(catalog, property(DCAT, "dataset"), export.createResource(BASE + "/loesung/"
					+ solution))).as("solution %s in the catalogue", solution).isTrue();
		}
		Resource mine = export.createResource(BASE + "/loesung/" + id);
		assertThat(mine.getProperty(property(DCT, "title")).getString()).isEqualTo(name);
		assertThat(mine.getPropertyResourceValue(property(ADMS, "status")).getURI())
			.isEqualTo("http://purl.org/adms/status/UnderDevelopment");
		Resource licence = mine.getPropertyResourceValue(property(DCAT, "distribution"))
			.getPropertyResourceValue(property(DCT, "license"));
		assertThat(licence.isAnon()).as("an SPDX expression is a licence document of its own").isTrue();
		assertThat(licence.listProperties(property(DCT, "source")).mapWith(s -> s.getResource().getURI()).toList())
			.containsExactlyInAnyOrder("http://spdx.org/licenses/MIT", "http://spdx.org/licenses/Apache-2.0");
	}

	private Model export() {
		return parse(http().get().uri("/export/dcat-ap.ttl").exchange().expectStatus().isOk().expectBody()
			.returnResult().getResponseBody(), Lang.TURTLE);
	}

	private static Model parse(byte[] body, Lang lang) {
		return RDFParser.fromString(new String(body, StandardCharsets.UTF_8), lang).toModel();
	}

	private static Property property(String namespace, String name) {
		return ModelFactory.createDefaultModel().createProperty(namespace, name);
	}

}
