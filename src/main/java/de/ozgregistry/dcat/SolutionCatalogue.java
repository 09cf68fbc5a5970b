package de.ozgregistry.dcat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.irix.IRIException;
import org.apache.jena.irix.IRIx;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import de.ozgregistry.catalog.OzgService;
import de.ozgregistry.catalog.Themenfeld;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.solution.PublicSolutions.PublicSolution;
import de.ozgregistry.solution.Solution;

/**
 * The catalogue of solutions as an RDF graph after DCAT-AP 3.0.1 and ADMS-AP 2.0 (software as an asset), following
 * Joinup's publiccode.yml → ADMS-AP mapping. Every IRI lies below the node's IRI ({@code B}, see
 * {@link CatalogueNode}):
 * <ul>
 * <li>{@code B/export/dcat-ap#catalog}: the {@code dcat:Catalog}, titled and described in German and English,
 * published by the node ({@code B/.well-known/ozg-registry#node}, a {@code foaf:Agent}), its homepage the node's base
 * URL, in German and English, modified when its newest solution was, with a {@code dcat:dataset} per solution and
 * the registry's GraphQL API as its {@code dcat:service} (both only where the base URL is an http(s) URL);</li>
 * <li>{@code B/loesung/{id}}: each solution as {@code dcat:Dataset} and {@code adms:Asset}: German title and
 * description, its ID as {@code dct:identifier} and {@code adms:identifier}, the provider
 * ({@code B/organisation/{id}}) as {@code dct:publisher}, its role mailbox (else the node's contact) as
 * {@code dcat:contactPoint}, the landing URL as {@code dcat:landingPage}, the release as {@code owl:versionInfo},
 * the lifecycle as {@code adms:status} (concept/development/beta → UnderDevelopment, stable → Completed, obsolete →
 * Deprecated), the OZG-Leistungen it covers as {@code dct:relation} to {@code B/leistung/{ozgId}} and as keywords,
 * their Themenfelder ({@code B/themenfeld/{n}}) and the EU data theme GOVE as {@code dcat:theme};</li>
 * <li>{@code B/loesung/{id}#distribution}: where the solution has a URL (repository, else landing page), a
 * {@code dcat:Distribution} with it as {@code dcat:accessURL} and the licence as {@code dct:license}
 * ({@code http://spdx.org/licenses/{id}}; an SPDX expression as a licence document of its own; none stated as
 * {@code B/lizenz/nicht-angegeben}), each licence typed with the ADMS licence types.</li>
 * </ul>
 * Restricted fields are not in it: it reads {@link PublicSolution}s only.
 */
final class SolutionCatalogue {

	static final String DCAT = "http://www.w3.org/ns/dcat#";

	static final String DCT = "http://purl.org/dc/terms/";

	static final String FOAF = "http://xmlns.com/foaf/0.1/";

	static final String VCARD = "http://www.w3.org/2006/vcard/ns#";

	static final String ADMS = "http://www.w3.org/ns/adms#";

	static final String SKOS = "http://www.w3.org/2004/02/skos/core#";

	static final String OWL = "http://www.w3.org/2002/07/owl#";

	static final String XSD = "http://www.w3.org/2001/XMLSchema#";

	private static final String EU = "http://publications.europa.eu/resource/authority/";

	private static final String STATUS = "http://purl.org/adms/status/";

	private static final String LICENCE_TYPE = "http://purl.org/adms/licencetype/";

	private static final String SPDX = "http://spdx.org/licenses/";

	/** Joinup's mapping of publiccode.yml's developmentStatus to the ADMS status vocabulary. */
	private static final Map<String, String> ADMS_STATUS = Map.of("concept", "UnderDevelopment", "development",
			"UnderDevelopment", "beta", "UnderDevelopment", "stable", "Completed", "obsolete", "Deprecated");

	/** Labels of the ADMS status concepts used. */
	private static final Map<String, String> STATUS_LABELS = Map.of("UnderDevelopment", "Under development",
			"Completed", "Completed", "Deprecated", "Deprecated");

	/** SPDX licences dedicated to the public domain. */
	private static final Set<String> PUBLIC_DOMAIN = Set.of("CC0-1.0", "Unlicense", "0BSD", "CC-PDDC", "WTFPL");

	/** Prefixes of SPDX IDs of copyleft licences (share-alike). */
	private static final List<String> COPYLEFT = List.of("GPL-", "AGPL-", "LGPL-", "EUPL-", "MPL-", "EPL-",
			"CECILL", "OSL-", "CDDL-", "CC-BY-SA-", "OFL-");

	private SolutionCatalogue() {
	}

	/** The graph of the catalogue: the node, its solutions (by name) and the Themenfelder by number. */
	static Model of(CatalogueNode node, List<PublicSolution> solutions, Map<Integer, Themenfeld> themenfelder) {
		Builder builder = new Builder(node, themenfelder);
		builder.catalog(solutions);
		solutions.forEach(builder::dataset);
		return builder.model;
	}

	/**
	 * The text as an IRI, or {@code null} if it is none: URLs that came in through an import or a peer are written
	 * only if they are absolute IRIs, so that the graph always serializes.
	 */
	static String iri(String text) {
		if (text == null) {
			return null;
		}
		try {
			return IRIx.create(text).isAbsolute() ? text : null;
		}
		catch (IRIException ex) {
			return null;
		}
	}

	/**
	 * The ADMS licence type of an SPDX licence ID, from its family: public domain, copyleft (share-alike), a licence
	 * of one's own ({@code LicenseRef-}: unknown), else attribution (the permissive licences).
	 */
	static String licenceType(String id) {
		if (PUBLIC_DOMAIN.contains(id)) {
			return "PublicDomain";
		}
		if (id.startsWith("LicenseRef-") || id.startsWith("DocumentRef-")) {
			return "UnknownIPR";
		}
		if (COPYLEFT.stream().anyMatch(id::startsWith)) {
			return "ViralEffect-ShareAlike";
		}
		return "Attribution";
	}

	private static final class Builder {

		private final CatalogueNode node;

		private final Map<Integer, Themenfeld> themenfelder;

		private final Model model = ModelFactory.createDefaultModel();

		private final String base;

		private final Resource catalog;

		private final Resource publisher;

		private final Resource german;

		Builder(CatalogueNode node, Map<Integer, Themenfeld> themenfelder) {
			this.node = node;
			this.themenfelder = themenfelder;
			this.base = node.iri().endsWith("/") ? node.iri().substring(0, node.iri().length() - 1) : node.iri();
			model.setNsPrefix("dcat", DCAT);
			model.setNsPrefix("dct", DCT);
			model.setNsPrefix("foaf", FOAF);
			model.setNsPrefix("vcard", VCARD);
			model.setNsPrefix("adms", ADMS);
			model.setNsPrefix("skos", SKOS);
			model.setNsPrefix("owl", OWL);
			model.setNsPrefix("xsd", XSD);
			model.setNsPrefix("rdfs", RDFS.getURI());
			model.setNsPrefix("spdx", SPDX);
			this.catalog = model.createResource(base + "/export/dcat-ap#catalog");
			this.publisher = model.createResource(base + "/.well-known/ozg-registry#node")
				.addProperty(RDF.type, type(FOAF, "Agent"))
				.addProperty(p(FOAF, "name"), node.name());
			if (node.contactEmail() != null) {
				publisher.addProperty(p(FOAF, "mbox"), model.createResource("mailto:" + node.contactEmail()));
			}
			this.german = linguisticSystem("DEU", "Deutsch", "German");
		}

		void catalog(List<PublicSolution> solutions) {
			catalog.addProperty(RDF.type, type(DCAT, "Catalog"))
				.addProperty(p(DCT, "title"), "OZG-Registry " + node.name() + ": Lösungen für OZG-Leistungen", "de")
				.addProperty(p(DCT, "title"), "OZG registry " + node.name() + ": solutions for OZG services", "en")
				.addProperty(p(DCT, "description"), "Wiederverwendbare Lösungen (Software und Dienste) für die "
						+ "Online-Leistungen des Onlinezugangsgesetzes (OZG), wie sie der Registry-Knoten "
						+ node.nodeId() + " kennt: Anbieter, Lizenz, Lebenszyklus und die OZG-Leistungen, die sie "
						+ "umsetzen.", "de")
				.addProperty(p(DCT, "description"), "Reusable solutions (software and services) for the online "
						+ "services of Germany's Online Access Act (OZG) as registry node " + node.nodeId()
						+ " knows them: provider, licence, lifecycle and the OZG services they implement.", "en")
				.addProperty(p(DCT, "publisher"), publisher)
				.addProperty(p(DCT, "language"), german)
				.addProperty(p(DCT, "language"), linguisticSystem("ENG", "Englisch", "English"))
				.addProperty(p(DCT, "spatial"), model.createResource(EU + "country/DEU")
					.addProperty(RDF.type, type(DCT, "Location"))
					.addProperty(RDFS.label, "Deutschland", "de"))
				.addProperty(p(DCAT, "themeTaxonomy"), scheme(EU + "data-theme", "Data theme"))
				.addProperty(p(DCAT, "themeTaxonomy"), themenfeldScheme());
			solutions.stream()
				.map(s -> s.solution().updatedAt())
				.max(Comparator.naturalOrder())
				.ifPresent(modified -> catalog.addProperty(p(DCT, "modified"), dateTime(modified)));
			solutions.stream()
				.map(s -> s.solution().createdAt())
				.min(Comparator.naturalOrder())
				.ifPresent(issued -> catalog.addProperty(p(DCT, "issued"), dateTime(issued)));
			if (node.baseUrl() != null) {
				catalog.addProperty(p(FOAF, "homepage"), document(node.baseUrl()));
				catalog.addProperty(p(DCAT, "service"), model.createResource(base + "/export/dcat-ap#api")
					.addProperty(RDF.type, type(DCAT, "DataService"))
					.addProperty(p(DCT, "title"), "GraphQL-API der OZG-Registry", "de")
					.addProperty(p(DCT, "title"), "GraphQL API of the OZG registry", "en")
					// DCAT-AP's range of the endpoint URL is rdfs:Resource, which its shapes check by type
					.addProperty(p(DCAT, "endpointURL"), model.createResource(base + "/graphql")
						.addProperty(RDF.type, RDFS.Resource)));
			}
		}

		void dataset(PublicSolution publicSolution) {
			Solution solution = publicSolution.solution();
			Resource dataset = model.createResource(base + "/loesung/" + solution.id())
				.addProperty(RDF.type, type(DCAT, "Dataset"))
				.addProperty(RDF.type, type(ADMS, "Asset"))
				.addProperty(p(DCT, "title"), solution.name(), "de")
				.addProperty(p(DCT, "description"),
						solution.description() != null ? solution.description() : solution.summary(), "de")
				.addProperty(p(DCT, "identifier"), solution.id().toString())
				.addProperty(p(ADMS, "identifier"), model.createResource(base + "/loesung/" + solution.id()
						+ "#identifier")
					.addProperty(RDF.type, type(ADMS, "Identifier"))
					.addProperty(p(SKOS, "notation"), solution.id().toString())
					.addProperty(p(ADMS, "schemaAgency"), "OZG-Registry " + node.nodeId(), "de"))
				.addProperty(p(DCT, "publisher"), agent(publicSolution.provider()))
				.addProperty(p(DCAT, "contactPoint"), contact(publicSolution.provider()))
				.addProperty(p(DCT, "language"), german)
				.addProperty(p(DCAT, "theme"), dataTheme())
				.addProperty(p(DCT, "issued"), dateTime(solution.createdAt()))
				.addProperty(p(DCT, "modified"), dateTime(solution.updatedAt()))
				.addProperty(p(ADMS, "status"), status(publicSolution.developmentStatus()));
			catalog.addProperty(p(DCAT, "dataset"), dataset);
			if (!solution.summary().equals(dataset.getProperty(p(DCT, "description")).getString())) {
				dataset.addProperty(p(SKOS, "altLabel"), solution.summary(), "de");
			}
			if (iri(solution.landingUrl()) != null) {
				dataset.addProperty(p(DCAT, "landingPage"), document(solution.landingUrl()));
			}
			if (solution.releaseVersion() != null) {
				dataset.addProperty(p(OWL, "versionInfo"), solution.releaseVersion());
			}
			Set<Integer> fields = new TreeSet<>();
			for (OzgService service : publicSolution.ozgServices()) {
				dataset.addProperty(p(DCT, "relation"), model.createResource(base + "/leistung/" + service.ozgId())
					.addProperty(RDFS.label, service.ozgId() + " " + service.name(), "de"))
					.addProperty(p(DCAT, "keyword"), service.name(), "de");
				fields.add(service.themenfeld());
			}
			fields.stream()
				.map(themenfelder::get)
				.filter(Objects::nonNull)
				.forEach(field -> dataset.addProperty(p(DCAT, "theme"), themenfeld(field)));
			String url = iri(publicSolution.url());
			if (url != null) {
				dataset.addProperty(p(DCAT, "distribution"), model.createResource(dataset.getURI() + "#distribution")
					.addProperty(RDF.type, type(DCAT, "Distribution"))
					.addProperty(p(DCT, "title"), solution.repositoryUrl() != null ? "Quellcode" : "Online-Dienst",
							"de")
					.addProperty(p(DCAT, "accessURL"), model.createResource(url))
					.addProperty(p(DCT, "license"), licence(solution.licence(), publicSolution.licenceIds())));
			}
		}

		/** The provider as a {@code foaf:Agent}: its name, its ARS where it is a territorial body, its website. */
		private Resource agent(Organization organization) {
			Resource agent = model.createResource(base + "/organisation/" + organization.id())
				.addProperty(RDF.type, type(FOAF, "Agent"))
				.addProperty(p(FOAF, "name"), organization.name());
			if (organization.ars() != null) {
				agent.addProperty(p(DCT, "identifier"), organization.ars());
			}
			if (iri(organization.website()) != null) {
				agent.addProperty(p(FOAF, "homepage"), document(organization.website()));
			}
			return agent;
		}

		/**
		 * Whom to write about a solution: the provider's role mailbox; where it has none, the node's contact (the
		 * node answers for its entries); with neither, the provider's name only (ADMS-AP then misses the e-mail).
		 */
		private Resource contact(Organization provider) {
			if (provider.contactEmail() == null && node.contactEmail() != null) {
				return model.createResource(base + "/.well-known/ozg-registry#contact")
					.addProperty(RDF.type, type(VCARD, "Kind"))
					.addProperty(p(VCARD, "fn"), node.name())
					.addProperty(p(VCARD, "hasEmail"), model.createResource("mailto:" + node.contactEmail()));
			}
			Resource kind = model.createResource(base + "/organisation/" + provider.id() + "#contact")
				.addProperty(RDF.type, type(VCARD, "Kind"))
				.addProperty(p(VCARD, "fn"), provider.name());
			if (provider.contactEmail() != null) {
				kind.addProperty(p(VCARD, "hasEmail"), model.createResource("mailto:" + provider.contactEmail()));
			}
			return kind;
		}

		/** The licence document: SPDX's for one licence ID, one of its own for an expression or for none. */
		private Resource licence(String expression, List<String> ids) {
			Resource licence;
			Set<String> types = new TreeSet<>();
			if (expression == null) {
				licence = model.createResource(base + "/lizenz/nicht-angegeben")
					.addProperty(RDFS.label, "Die Registry kennt die Lizenz dieser Lösung nicht.", "de");
				types.add("UnknownIPR");
			}
			else if (ids.size() == 1 && ids.get(0).equals(expression.strip())) {
				licence = model.createResource(SPDX + ids.get(0)).addProperty(RDFS.label, ids.get(0));
				types.add(licenceType(ids.get(0)));
			}
			else {
				licence = model.createResource().addProperty(RDFS.label, expression);
				ids.forEach(id -> {
					licence.addProperty(p(DCT, "source"), model.createResource(SPDX + id));
					types.add(licenceType(id));
				});
			}
			// ADMS-AP allows one licence type: an expression of licences of different types is not classified
			String type = types.size() == 1 ? types.iterator().next() : "UnknownIPR";
			return licence.addProperty(RDF.type, type(DCT, "LicenseDocument"))
				.addProperty(p(DCT, "type"), concept(LICENCE_TYPE + type, type, LICENCE_TYPE + "1.1",
						"ADMS licence type"));
		}

		private Resource status(String developmentStatus) {
			String status = ADMS_STATUS.getOrDefault(developmentStatus, "UnderDevelopment");
			return concept(STATUS + status, STATUS_LABELS.get(status), STATUS + "1.0", "ADMS status");
		}

		/** The EU data theme "Government and public sector", which every OZG online service is in. */
		private Resource dataTheme() {
			Resource theme = concept(EU + "data-theme/GOVE", "Government and public sector", EU + "data-theme",
					"Data theme");
			return theme.addProperty(p(SKOS, "prefLabel"), "Regierung und öffentlicher Sektor", "de");
		}

		private Resource themenfeldScheme() {
			return model.createResource(base + "/themenfeld")
				.addProperty(RDF.type, type(SKOS, "ConceptScheme"))
				.addProperty(p(DCT, "title"), "Themenfelder des OZG-Umsetzungskatalogs", "de")
				.addProperty(p(DCT, "title"), "Subject areas of the OZG implementation catalogue", "en");
		}

		private Resource themenfeld(Themenfeld field) {
			return model.createResource(base + "/themenfeld/" + field.number())
				.addProperty(RDF.type, type(SKOS, "Concept"))
				.addProperty(p(SKOS, "prefLabel"), field.name(), "de")
				.addProperty(p(SKOS, "notation"), Integer.toString(field.number()))
				.addProperty(p(SKOS, "inScheme"), themenfeldScheme());
		}

		private Resource concept(String iri, String label, String scheme, String schemeTitle) {
			return model.createResource(iri)
				.addProperty(RDF.type, type(SKOS, "Concept"))
				.addProperty(p(SKOS, "prefLabel"), label, "en")
				.addProperty(p(SKOS, "inScheme"), scheme(scheme, schemeTitle));
		}

		private Resource scheme(String iri, String title) {
			return model.createResource(iri)
				.addProperty(RDF.type, type(SKOS, "ConceptScheme"))
				.addProperty(p(DCT, "title"), title, "en");
		}

		private Resource linguisticSystem(String code, String germanName, String englishName) {
			return model.createResource(EU + "language/" + code)
				.addProperty(RDF.type, type(DCT, "LinguisticSystem"))
				.addProperty(RDFS.label, germanName, "de")
				.addProperty(RDFS.label, englishName, "en");
		}

		private Resource document(String url) {
			return model.createResource(url).addProperty(RDF.type, type(FOAF, "Document"));
		}

		private Literal dateTime(OffsetDateTime time) {
			return model.createTypedLiteral(
					time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
					XSDDatatype.XSDdateTime);
		}

		private Resource type(String namespace, String name) {
			return model.createResource(namespace + name);
		}

		private Property p(String namespace, String name) {
			return model.createProperty(namespace, name);
		}

	}

}
