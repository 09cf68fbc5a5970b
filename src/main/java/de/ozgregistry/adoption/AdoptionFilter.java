package de.ozgregistry.adoption;

/** Filter of {@code adoptions}; all given criteria must hold. */
record AdoptionFilter(String organizationId, String solutionId, Integer ozgId, AdoptionStatus status, String land) {
}
