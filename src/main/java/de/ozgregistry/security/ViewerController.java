package de.ozgregistry.security;

import java.util.List;
import java.util.UUID;

import graphql.GraphQLContext;
import reactor.core.publisher.Mono;

import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code viewer}: who the credentials of the request stand for, so that a client (the web front end) can check a
 * token at sign-in and show only the forms its holder may use.
 */
@Controller
class ViewerController {

	/** The authenticated caller of a request. */
	record Viewer(Actor actor) {
	}

	private final Organizations organizations;

	ViewerController(Organizations organizations) {
		this.organizations = organizations;
	}

	@QueryMapping
	Viewer viewer(GraphQLContext context) {
		Actor actor = Actor.of(context);
		return actor.authenticated() ? new Viewer(actor) : null;
	}

	@SchemaMapping(typeName = "Viewer")
	String subject(Viewer viewer) {
		return viewer.actor().subject();
	}

	@SchemaMapping(typeName = "Viewer")
	List<Role> roles(Viewer viewer) {
		return viewer.actor().roles().stream().sorted().toList();
	}

	@SchemaMapping(typeName = "Viewer")
	Mono<Organization> organization(Viewer viewer) {
		UUID id = viewer.actor().organizationId();
		return (id != null) ? organizations.byId(id) : Mono.empty();
	}

	@SchemaMapping(typeName = "Viewer")
	Mono<Boolean> mayActFor(Viewer viewer, @Argument String organizationId) {
		UUID id;
		try {
			id = UUID.fromString(organizationId);
		}
		catch (IllegalArgumentException ex) {
			return Mono.just(false);
		}
		return organizations.byId(id)
			.map(target -> Permissions.actsFor(viewer.actor(), target))
			.defaultIfEmpty(false);
	}

}
