package de.ozgregistry.provenance;

import java.time.LocalDate;

/** Where a fact came from: the schema's {@code Provenance}. */
public record Provenance(String source, LocalDate dataDate, String attribution, boolean illustrative) {
}
