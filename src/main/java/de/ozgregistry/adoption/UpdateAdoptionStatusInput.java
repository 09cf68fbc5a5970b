package de.ozgregistry.adoption;

import java.time.LocalDate;

/** Input of {@code updateAdoptionStatus}. */
record UpdateAdoptionStatusInput(String id, AdoptionStatus status, LocalDate effectiveDate, Integer expectedVersion) {
}
