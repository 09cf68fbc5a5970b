package de.ozgregistry.notification;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;

/** One message sent (or to be sent) on one channel of a subscription: an entry of its delivery log. */
public record NotificationDelivery(UUID id, UUID subscriptionId, UUID messageId, String channel, String state,
		int eventCount, int attempts, OffsetDateTime createdAt, OffsetDateTime lastAttemptAt,
		OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt, Integer lastHttpStatus, String lastError) {

	static final String COLUMNS = "d.id, d.subscription_id, d.message_id, d.channel, d.state, m.event_count, "
			+ "d.attempts, d.created_at, d.last_attempt_at, "
			+ "case when d.state = 'PENDING' then d.next_attempt_at end as next_attempt_at, d.delivered_at, "
			+ "d.last_http_status, d.last_error";

	@Override
	public int hashCode() {
		return id.hashCode();
	}

	static NotificationDelivery of(Readable row) {
		return new NotificationDelivery(row.get("id", UUID.class), row.get("subscription_id", UUID.class),
				row.get("message_id", UUID.class), row.get("channel", String.class), row.get("state", String.class),
				row.get("event_count", Integer.class), row.get("attempts", Integer.class),
				row.get("created_at", OffsetDateTime.class), row.get("last_attempt_at", OffsetDateTime.class),
				row.get("next_attempt_at", OffsetDateTime.class), row.get("delivered_at", OffsetDateTime.class),
				row.get("last_http_status", Integer.class), row.get("last_error", String.class));
	}

}
