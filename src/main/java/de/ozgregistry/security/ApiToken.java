package de.ozgregistry.security;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;

/** A registry-issued API token as listed: never the token itself, only its first characters. */
public record ApiToken(UUID id, String prefix, UUID organizationId, Role role, String label, OffsetDateTime expiresAt,
		OffsetDateTime createdAt, String createdBy, OffsetDateTime revokedAt, OffsetDateTime lastUsedAt) {

	static final String COLUMNS = "t.id, t.token_prefix, t.organization_id, t.role, t.label, t.expires_at, "
			+ "t.created_at, t.created_by_subject, t.revoked_at, t.last_used_at";

	static ApiToken of(Readable row) {
		return new ApiToken(row.get("id", UUID.class), row.get("token_prefix", String.class),
				row.get("organization_id", UUID.class), Role.valueOf(row.get("role", String.class)),
				row.get("label", String.class), row.get("expires_at", OffsetDateTime.class),
				row.get("created_at", OffsetDateTime.class), row.get("created_by_subject", String.class),
				row.get("revoked_at", OffsetDateTime.class), row.get("last_used_at", OffsetDateTime.class));
	}

	/** Whether the token can be used now. */
	public boolean active(OffsetDateTime now) {
		return revokedAt == null && expiresAt.isAfter(now);
	}

}
