package de.ozgregistry.adoption;

import java.time.LocalDate;
import java.util.List;

/** Input of {@code recordAdoption}. */
record RecordAdoptionInput(String organizationId, String solutionId, List<Integer> ozgIds, AdoptionStatus status,
		LocalDate effectiveDate, String operatingModel, String legalPath, String solutionVersion, String source) {
}
