package de.ozgregistry.organization.registration;


import graphql.GraphQLContext;
import reactor.core.publisher.Mono;

import de.ozgregistry.organization.Organization;
import de.ozgregistry.security.Actor;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** The mutations {@code registerOrganization} and {@code updateOrganization}. */
@Controller
class RegistrationController {

	private final OrganizationRegistration registration;

	RegistrationController(OrganizationRegistration registration) {
		this.registration = registration;
	}

	/** Result of {@code registerOrganization}. */
	record RegisterOrganizationPayload(Organization organization) {
	}

	@MutationMapping
	Mono<RegisterOrganizationPayload> registerOrganization(@Argument RegisterOrganizationInput input,
			GraphQLContext context) {
		return registration.register(input, Actor.of(context)).map(RegisterOrganizationPayload::new);
	}

	/** Result of {@code updateOrganization}. */
	record UpdateOrganizationPayload(Organization organization) {
	}

	@MutationMapping
	Mono<UpdateOrganizationPayload> updateOrganization(@Argument UpdateOrganizationInput input, GraphQLContext context) {
		return registration.update(input, Actor.of(context)).map(UpdateOrganizationPayload::new);
	}

}
