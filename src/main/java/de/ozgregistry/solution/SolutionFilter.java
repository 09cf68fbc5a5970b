package de.ozgregistry.solution;

/** Filter of {@code solutions}; all given criteria must hold. */
record SolutionFilter(Integer ozgId, String providerId, String lifecycle, String reuseModel, Integer minMaturity,
		Maturity.MaturityModel maturityModel, String name) {
}
