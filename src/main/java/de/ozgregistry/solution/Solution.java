package de.ozgregistry.solution;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;

/** A reusable implementation of one or more OZG-Leistungen. */
public record Solution(UUID id, String name, String summary, String description, UUID providerId, UUID vendorId,
		Maturity maturity, String reuseModel, List<String> legalPaths, String licence, String repositoryUrl,
		String landingUrl, List<String> standards, List<String> urlPatterns, String lifecycle, String releaseVersion,
		String termsAndCosts, String contactPerson, List<String> usedByClaims, String source, String dataSourceId,
		String registryNodeId, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	static final String COLUMNS = "s.id, s.name, s.summary, s.description, s.provider_id, s.vendor_id, "
			+ "s.maturity_level, s.maturity_model, s.reuse_model, s.legal_paths, s.licence, s.repository_url, "
			+ "s.landing_url, s.standards, s.url_patterns, s.lifecycle, s.release_version, s.terms_and_costs, "
			+ "s.contact_person, s.used_by_claims, s.source, s.data_source_id, s.registry_node_id, s.version, "
			+ "s.created_at, s.updated_at";

	/**
	 * Records of a request are map keys of the batch loaders (hundreds per request): hashing the ID alone is as good
	 * a spread and much cheaper than hashing every component. Equal records have equal IDs, so this agrees with
	 * {@code equals}.
	 */
	@Override
	public int hashCode() {
		return id.hashCode();
	}

	static Solution of(Readable row) {
		Integer level = row.get("maturity_level", Integer.class);
		String model = row.get("maturity_model", String.class);
		return new Solution(row.get("id", UUID.class), row.get("name", String.class), row.get("summary", String.class),
				row.get("description", String.class), row.get("provider_id", UUID.class),
				row.get("vendor_id", UUID.class),
				(level == null) ? null : new Maturity(level, Maturity.MaturityModel.valueOf(model)),
				row.get("reuse_model", String.class), List.of(row.get("legal_paths", String[].class)),
				row.get("licence", String.class), row.get("repository_url", String.class),
				row.get("landing_url", String.class), List.of(row.get("standards", String[].class)),
				List.of(row.get("url_patterns", String[].class)), row.get("lifecycle", String.class),
				row.get("release_version", String.class),
				row.get("terms_and_costs", String.class), row.get("contact_person", String.class),
				List.of(row.get("used_by_claims", String[].class)), row.get("source", String.class),
				row.get("data_source_id", String.class), row.get("registry_node_id", String.class),
				row.get("version", Integer.class), row.get("created_at", OffsetDateTime.class),
				row.get("updated_at", OffsetDateTime.class));
	}

}
