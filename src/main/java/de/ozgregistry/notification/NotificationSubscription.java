package de.ozgregistry.notification;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;

/** An organization's subscription to events that concern it, by e-mail, by webhook or both. */
public record NotificationSubscription(UUID id, UUID organizationId, List<NotificationEvent> events, String email,
		String webhookUrl, boolean active, OffsetDateTime createdAt, OffsetDateTime endedAt) {

	static final String COLUMNS = "s.id, s.organization_id, s.events, s.email, s.webhook_url, s.active, s.created_at, "
			+ "s.ended_at";

	@Override
	public int hashCode() {
		return id.hashCode();
	}

	static NotificationSubscription of(Readable row) {
		return new NotificationSubscription(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				Arrays.stream(row.get("events", String[].class)).map(NotificationEvent::valueOf).toList(),
				row.get("email", String.class), row.get("webhook_url", String.class),
				row.get("active", Boolean.class), row.get("created_at", OffsetDateTime.class),
				row.get("ended_at", OffsetDateTime.class));
	}

}
