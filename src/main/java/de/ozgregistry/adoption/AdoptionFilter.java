package de.ozgregistry.adoption;

/** Filter of {@code adoptions}; all given criteria must hold. */
record AdoptionFilter(String organizationId, String solutionId, Integer ozgId, AdoptionStatus status, String land) {

	/** The filter of these arguments ({@code null} for none). */
	static AdoptionFilter of(Object filter) {
		if (!(filter instanceof java.util.Map<?, ?> map)) {
			return null;
		}
		Object status = map.get("status");
		return new AdoptionFilter((String) map.get("organizationId"), (String) map.get("solutionId"),
				(Integer) map.get("ozgId"), (status == null) ? null : AdoptionStatus.valueOf(status.toString()),
				(String) map.get("land"));
	}

}
