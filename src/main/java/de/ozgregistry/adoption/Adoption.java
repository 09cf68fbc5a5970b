package de.ozgregistry.adoption;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;

/** An organization's adoption of a solution. */
public record Adoption(UUID id, UUID organizationId, UUID solutionId, AdoptionStatus status, String operatingModel,
		String legalPath, String solutionVersion, UUID confirmedBy, OffsetDateTime confirmedAt,
		String confirmationStatus, String confirmationNote, String source,
		String dataSourceId, String registryNodeId, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	static final String COLUMNS = "a.id, a.organization_id, a.solution_id, a.status, a.operating_model, a.legal_path, "
			+ "a.solution_version, a.confirmed_by, a.confirmed_at, a.confirmation_status, a.confirmation_note, "
			+ "a.source, a.data_source_id, a.registry_node_id, "
			+ "a.version, a.created_at, a.updated_at";

	/**
	 * Records of a request are map keys of the batch loaders (hundreds per request): hashing the ID alone is as good
	 * a spread and much cheaper than hashing every component. Equal records have equal IDs, so this agrees with
	 * {@code equals}.
	 */
	@Override
	public int hashCode() {
		return id.hashCode();
	}

	static Adoption of(Readable row) {
		return new Adoption(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("solution_id", UUID.class), AdoptionStatus.valueOf(row.get("status", String.class)),
				row.get("operating_model", String.class), row.get("legal_path", String.class),
				row.get("solution_version", String.class), row.get("confirmed_by", UUID.class),
				row.get("confirmed_at", OffsetDateTime.class), row.get("confirmation_status", String.class),
				row.get("confirmation_note", String.class), row.get("source", String.class),
				row.get("data_source_id", String.class), row.get("registry_node_id", String.class),
				row.get("version", Integer.class), row.get("created_at", OffsetDateTime.class),
				row.get("updated_at", OffsetDateTime.class));
	}

	/** The provider's confirmation, or {@code null}. */
	public Confirmation confirmation() {
		return (confirmedBy == null) ? null
				: new Confirmation(confirmationStatus, confirmedBy, confirmedAt, confirmationNote);
	}

	/** The schema's {@code ProviderConfirmation}. */
	public record Confirmation(String status, UUID confirmedById, OffsetDateTime confirmedAt, String note) {
	}

	/** The schema's {@code StatusTransition}. */
	public record StatusTransition(UUID adoptionId, AdoptionStatus status, java.time.LocalDate effectiveDate,
			OffsetDateTime recordedAt) {
	}

}
