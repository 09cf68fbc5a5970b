package de.ozgregistry.adoption;

import java.time.LocalDate;
import java.util.List;

/**
 * Input of {@code recordAdoption}. {@code source} is deprecated: the registry sets it, and only
 * {@code SELF_REPORTED} (the value it sets anyway) is accepted.
 */
record RecordAdoptionInput(String organizationId, String solutionId, List<Integer> ozgIds, AdoptionStatus status,
		LocalDate effectiveDate, String operatingModel, String legalPath, String solutionVersion, String source) {
}
