package de.ozgregistry.solution;

import java.util.List;

import org.springframework.graphql.data.ArgumentValue;

/**
 * Input of {@code updateSolution}. Each optional field is an {@link ArgumentValue}: omitted leaves the field as it
 * is, {@code null} clears it (where the schema allows clearing), a value replaces it.
 */
record UpdateSolutionInput(String id, int expectedVersion, ArgumentValue<String> name, ArgumentValue<String> summary,
		ArgumentValue<String> description, ArgumentValue<String> vendorId, ArgumentValue<List<Integer>> ozgIds,
		ArgumentValue<List<String>> leikaKeys, ArgumentValue<PublishSolutionInput.MaturityInput> maturity,
		ArgumentValue<String> reuseModel, ArgumentValue<List<String>> legalPaths, ArgumentValue<String> licence,
		ArgumentValue<String> repositoryUrl, ArgumentValue<String> landingUrl, ArgumentValue<List<String>> standards,
		ArgumentValue<List<String>> urlPatterns, ArgumentValue<String> lifecycle, ArgumentValue<String> releaseVersion,
		ArgumentValue<String> termsAndCosts, ArgumentValue<String> contactPerson) {

}
