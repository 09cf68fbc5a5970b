package de.ozgregistry.dcat;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.shacl.ValidationReport;
import org.junit.jupiter.api.Test;

import de.ozgregistry.catalog.OzgService;
import de.ozgregistry.catalog.Themenfeld;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.OrganizationKind;
import de.ozgregistry.solution.PublicSolutions.PublicSolution;
import de.ozgregistry.solution.Solution;

import static de.ozgregistry.dcat.SolutionCatalogue.DCAT;
import static de.ozgregistry.dcat.SolutionCatalogue.DCT;
import static de.ozgregistry.dcat.SolutionCatalogue.FOAF;
import static de.ozgregistry.dcat.SolutionCatalogue.VCARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue graph of a node with an http(s) base URL (the API tests run without one): IRIs below the base URL,
 * the homepage and the GraphQL API as data service, valid against the DCAT-AP shapes and the ADMS-AP rules; the
 * contact point where neither provider nor node has a mailbox; the licence types.
 */
class SolutionCatalogueTest {

	private static final OffsetDateTime CREATED = OffsetDateTime.parse("2024-03-01T10:15:00+01:00");

	private static final Organization MAINZ = new Organization(UUID.randomUUID(), OrganizationKind.MUNICIPALITY,
			EnumSet.of(OrganizationKind.MUNICIPALITY), "Mainz", "Stadt", "073150000000", "07", 220000,
			"https://www.mainz.de", null, null, "SEED", null, "rp", 1, CREATED, CREATED);

	private static final Themenfeld FAMILIE = new Themenfeld(4, UUID.randomUUID(), "Familie & Kind", null);

	private static PublicSolution solution(String licence, String lifecycle) {
		Solution solution = new Solution(UUID.randomUUID(), "Hundesteuer online", "An- und Abmeldung von Hunden",
				null, MAINZ.id(), null, null, "OPEN_SOURCE", List.of("OPEN_LICENCE"), licence,
				"https://gitlab.opencode.de/mainz/hundesteuer.git", "https://www.mainz.de/hundesteuer", List.of(),
				List.of(), lifecycle, "2.1.0", "Vertraulich", "Erika Mustermann", List.of(), "SELF_REPORTED", null, "rp", 3, CREATED,
				CREATED.plusDays(30));
		return new PublicSolution(solution, MAINZ,
				List.of(new OzgService(10160, UUID.randomUUID(), "Hundehaltung", 1, 4, null, 1, null)));
	}

	private static Model graph(String contact, PublicSolution... solutions) {
		CatalogueNode node = new CatalogueNode("https://ozg.rlp.example/", "rp", "Registry Rheinland-Pfalz",
				"https://ozg.rlp.example/", contact);
		return SolutionCatalogue.of(node, List.of(solutions), Map.of(4, FAMILIE));
	}

	@Test
	void aNodeWithABaseUrlGivesAValidCatalogueBelowIt() {
		PublicSolution hundesteuer = solution("EUPL-1.2", "RETIRED");
		Model graph = graph("ozg@rlp.example", hundesteuer, solution(null, "PLANNED"));
		ValidationReport report = ApValidation.shacl(graph);
		assertThat(report.conforms()).as(ApValidation.text(report)).isTrue();
		assertThat(ApValidation.errors(ApValidation.admsRules(graph))).isEmpty();

		Resource catalog = graph.createResource("https://ozg.rlp.example/export/dcat-ap#catalog");
		assertThat(catalog.getPropertyResourceValue(graph.createProperty(FOAF, "homepage")).getURI())
			.isEqualTo("https://ozg.rlp.example/");
		assertThat(catalog.getPropertyResourceValue(graph.createProperty(DCAT, "service"))
			.getPropertyResourceValue(graph.createProperty(DCAT, "endpointURL")).getURI())
			.isEqualTo("https://ozg.rlp.example/graphql");
		Resource dataset = graph.createResource("https://ozg.rlp.example/loesung/" + hundesteuer.solution().id());
		assertThat(dataset.getPropertyResourceValue(graph.createProperty(DCAT, "contactPoint"))
			.getPropertyResourceValue(graph.createProperty(VCARD, "hasEmail")).getURI())
			.as("the node answers for a provider without a mailbox").isEqualTo("mailto:ozg@rlp.example");
		assertThat(dataset.getPropertyResourceValue(graph.createProperty(DCAT, "theme")).getURI()).isNotNull();
		assertThat(graph.contains(dataset, graph.createProperty(DCAT, "theme"),
				graph.createResource("https://ozg.rlp.example/themenfeld/4"))).isTrue();
		assertThat(graph.listObjectsOfProperty(graph.createProperty(DCT, "license")).toList())
			.anySatisfy(licence -> assertThat(licence.asResource().getURI())
				.isEqualTo("http://spdx.org/licenses/EUPL-1.2"))
			.anySatisfy(licence -> assertThat(licence.asResource().getURI())
				.isEqualTo("https://ozg.rlp.example/lizenz/nicht-angegeben"));
		assertThat(graph.listStatements().toList()).noneSatisfy(statement -> assertThat(statement.getObject()
			.toString()).containsAnyOf("Vertraulich", "Mustermann"));
	}

	@Test
	void withoutAnyMailboxTheContactPointHasNoEmailAndTheAdmsRuleSaysSo() {
		Model graph = graph(null, solution("MIT", "PRODUCTION"));
		assertThat(ApValidation.shacl(graph).conforms()).isTrue();
		assertThat(ApValidation.errors(ApValidation.admsRules(graph)))
			.extracting(ApValidation.Finding::rule)
			.containsOnly(82);
	}

	@Test
	void licenceTypesFollowTheLicenceFamily() {
		assertThat(SolutionCatalogue.licenceType("EUPL-1.2")).isEqualTo("ViralEffect-ShareAlike");
		assertThat(SolutionCatalogue.licenceType("GPL-2.0-or-later")).isEqualTo("ViralEffect-ShareAlike");
		assertThat(SolutionCatalogue.licenceType("MIT")).isEqualTo("Attribution");
		assertThat(SolutionCatalogue.licenceType("CC0-1.0")).isEqualTo("PublicDomain");
		assertThat(SolutionCatalogue.licenceType("LicenseRef-Landeslizenz")).isEqualTo("UnknownIPR");
	}

}
