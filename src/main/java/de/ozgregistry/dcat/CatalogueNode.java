package de.ozgregistry.dcat;

import java.util.regex.Pattern;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.federation.FederationProperties;

/**
 * The registry node as the catalogue names it, from the same settings as its federation description
 * ({@code /.well-known/ozg-registry}).
 *
 * @param iri the IRI every resource of the catalogue lies below ({@link FederationProperties#nodeIri})
 * @param nodeId the node's ID
 * @param name the node's name
 * @param baseUrl the node's http(s) base URL, the catalogue's homepage; {@code null} where none is configured
 * @param contactEmail the node's contact if it is an e-mail address, else {@code null}
 */
record CatalogueNode(String iri, String nodeId, String name, String baseUrl, String contactEmail) {

	private static final Pattern EMAIL = Pattern.compile("[^\\s@<>:]+@[^\\s@<>]+\\.[^\\s@<>]+");

	static CatalogueNode of(RegistryProperties registry, FederationProperties federation) {
		String base = federation.baseUrl().strip();
		String contact = federation.contact().strip();
		if (contact.regionMatches(true, 0, "mailto:", 0, 7)) {
			contact = contact.substring(7);
		}
		return new CatalogueNode(federation.nodeIri(registry.nodeId()), registry.nodeId(), federation.name(),
				base.matches("(?i)https?://.+") ? base : null, EMAIL.matcher(contact).matches() ? contact : null);
	}

}
