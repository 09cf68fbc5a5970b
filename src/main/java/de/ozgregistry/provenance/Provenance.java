package de.ozgregistry.provenance;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Where a fact came from: the schema's {@code Provenance}. {@code entityType} and {@code entityId} name the record it
 * is of (null for catalogue entries), so that the federation can tell which node owns it.
 */
public record Provenance(String source, LocalDate dataDate, String attribution, boolean illustrative,
		String entityType, UUID entityId) {

	/** The same provenance, of the record named. */
	public Provenance of(String type, UUID id) {
		return new Provenance(source, dataDate, attribution, illustrative, type, id);
	}

}
