package de.ozgregistry.organization.registration;

import org.springframework.graphql.data.ArgumentValue;

/**
 * Input of {@code updateOrganization}. Each optional field is an {@link ArgumentValue}: omitted leaves the field as
 * it is, {@code null} clears it (except the name), a value replaces it.
 */
record UpdateOrganizationInput(String id, int expectedVersion, ArgumentValue<String> name,
		ArgumentValue<String> website, ArgumentValue<String> contactEmail, ArgumentValue<Integer> population) {

}
