package de.ozgregistry.changes;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One change of a record as the schema's {@code HistoryEntry} shows it. */
public record HistoryEntry(UUID entityId, long seq, int version, String operation, OffsetDateTime changedAt,
		UUID actorOrganizationId, String actorSubject, String actorRole, List<FieldChange> changes) {

	/** One changed field with its JSON-encoded values. */
	public record FieldChange(String field, String from, String to) {
	}

	/** This entry with the values of {@code fields} hidden. */
	HistoryEntry redact(java.util.Set<String> fields) {
		return new HistoryEntry(entityId, seq, version, operation, changedAt, actorOrganizationId, actorSubject,
				actorRole, changes.stream()
					.map(c -> fields.contains(c.field()) ? new FieldChange(c.field(), null, null) : c)
					.toList());
	}

}
