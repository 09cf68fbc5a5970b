package de.ozgregistry.organization;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.Readable;

/**
 * An organization: a territorial body keyed by its ARS, or an IT service provider, vendor or agency. A body with
 * several roles is one organization: {@code kinds} holds them all (a kreisfreie Stadt is MUNICIPALITY and DISTRICT;
 * Berlin and Hamburg are STATE, DISTRICT and MUNICIPALITY), {@code kind} is its own kind, for such a body its Gemeinde
 * role.
 */
public record Organization(UUID id, OrganizationKind kind, Set<OrganizationKind> kinds, String name, String designation, String ars,
		String landCode, Integer population, String website, String contactEmail, UUID parentId, String source,
		String dataSourceId, String registryNodeId, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	public static final String COLUMNS = "o.id, o.kind, o.kinds, o.name, o.designation, o.ars, o.land_code, o.population, o.website, "
			+ "o.contact_email, o.parent_id, o.source, o.data_source_id, o.registry_node_id, o.version, o.created_at, "
			+ "o.updated_at";

	/**
	 * Records of a request are map keys of the batch loaders (hundreds per request): hashing the ID alone is as good
	 * a spread and much cheaper than hashing every component. Equal records have equal IDs, so this agrees with
	 * {@code equals}.
	 */
	@Override
	public int hashCode() {
		return id.hashCode();
	}

	/** The 8-digit AGS derived from the ARS, or {@code null}. */
	public String ags() {
		return (ars == null) ? null : Ars.ags(ars);
	}

	/** Whether the body has this role (a kreisfreie Stadt is a Kreis). */
	public boolean is(OrganizationKind role) {
		return kinds.contains(role);
	}

	private static Set<OrganizationKind> kinds(String[] names) {
		EnumSet<OrganizationKind> kinds = EnumSet.noneOf(OrganizationKind.class);
		Arrays.stream(names).map(OrganizationKind::valueOf).forEach(kinds::add);
		return Collections.unmodifiableSet(kinds);
	}

	public static Organization of(Readable row) {
		return new Organization(row.get("id", UUID.class), OrganizationKind.valueOf(row.get("kind", String.class)),
				kinds(row.get("kinds", String[].class)), row.get("name", String.class), row.get("designation", String.class), row.get("ars", String.class),
				row.get("land_code", String.class), row.get("population", Integer.class),
				row.get("website", String.class), row.get("contact_email", String.class),
				row.get("parent_id", UUID.class), row.get("source", String.class),
				row.get("data_source_id", String.class), row.get("registry_node_id", String.class),
				row.get("version", Integer.class), row.get("created_at", OffsetDateTime.class),
				row.get("updated_at", OffsetDateTime.class));
	}

}
