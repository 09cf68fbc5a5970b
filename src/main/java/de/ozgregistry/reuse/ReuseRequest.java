package de.ozgregistry.reuse;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;

/**
 * An organization's request to a solution's provider about reusing the solution, with the provider's answer: an offer
 * (conditions, next steps, optionally the offer on the EfA-Marktplatz) or a decline with its reason.
 */
public record ReuseRequest(UUID id, UUID solutionId, UUID requesterId, UUID providerId, UUID adoptionId,
		ReuseRequestState state, String message, String operatingModel, String legalPath, String requesterContact,
		String providerContact, String conditions, String nextSteps, String marketplaceUrl, String declineReason,
		OffsetDateTime answeredAt, OffsetDateTime agreedAt, String registryNodeId, int version,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	static final String COLUMNS = "r.id, r.solution_id, r.requester_id, r.provider_id, r.adoption_id, r.state, "
			+ "r.message, r.operating_model, r.legal_path, r.requester_contact, r.provider_contact, r.conditions, "
			+ "r.next_steps, r.marketplace_url, r.decline_reason, r.answered_at, r.agreed_at, r.registry_node_id, "
			+ "r.version, r.created_at, r.updated_at";

	/** The provider's offer, as the schema's {@code ReuseOffer}. */
	public record Offer(String conditions, String nextSteps, String marketplaceUrl, String contactEmail) {
	}

	/** The offer, while there is one (answered or agreed). */
	Offer offer() {
		return (state == ReuseRequestState.ANSWERED || state == ReuseRequestState.AGREED)
				? new Offer(conditions, nextSteps, marketplaceUrl, providerContact) : null;
	}

	@Override
	public int hashCode() {
		return id.hashCode();
	}

	static ReuseRequest of(Readable row) {
		return new ReuseRequest(row.get("id", UUID.class), row.get("solution_id", UUID.class),
				row.get("requester_id", UUID.class), row.get("provider_id", UUID.class),
				row.get("adoption_id", UUID.class), ReuseRequestState.valueOf(row.get("state", String.class)),
				row.get("message", String.class), row.get("operating_model", String.class),
				row.get("legal_path", String.class), row.get("requester_contact", String.class),
				row.get("provider_contact", String.class), row.get("conditions", String.class),
				row.get("next_steps", String.class), row.get("marketplace_url", String.class),
				row.get("decline_reason", String.class), row.get("answered_at", OffsetDateTime.class),
				row.get("agreed_at", OffsetDateTime.class), row.get("registry_node_id", String.class),
				row.get("version", Integer.class), row.get("created_at", OffsetDateTime.class),
				row.get("updated_at", OffsetDateTime.class));
	}

}
