package de.ozgregistry.solution;

import java.util.List;

/** Input of {@code publishSolution}. */
record PublishSolutionInput(String name, String summary, String description, String providerId, String vendorId,
		List<Integer> ozgIds, List<String> leikaKeys, MaturityInput maturity, String reuseModel,
		List<String> legalPaths, String licence, String repositoryUrl, String landingUrl, List<String> standards,
		List<String> urlPatterns, String lifecycle, String releaseVersion, String termsAndCosts, String contactPerson) {

	/** A Reifegrad as given in an input. */
	record MaturityInput(Integer level, Maturity.MaturityModel model) {
	}

}
