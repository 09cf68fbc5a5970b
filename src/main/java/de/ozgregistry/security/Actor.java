package de.ozgregistry.security;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import graphql.GraphQLContext;

import de.ozgregistry.organization.OrganizationKind;

/**
 * Who performs a request: the organization it acts for, that organization's kind and Land, the roles, and the
 * subject (the API token or the OIDC subject). Every mutation takes one and the change log records it; requests
 * without credentials act as {@link #ANONYMOUS}.
 *
 * @param organizationId the acting organization, or {@code null} (anonymous, bootstrap admin)
 * @param organizationKind the kind of the acting organization, or {@code null}
 * @param landCode the 2-digit code of the acting organization's Land, or {@code null}
 * @param roles the roles granted
 * @param subject {@code token:<id>}, {@code oidc:<issuer subject>} or {@code bootstrap-admin}; {@code null} when
 * anonymous
 */
public record Actor(UUID organizationId, OrganizationKind organizationKind, String landCode, Set<Role> roles,
		String subject) {

	/** The key under which the authenticated actor is put into the GraphQL context. */
	public static final String CONTEXT_KEY = Actor.class.getName();

	public static final Actor ANONYMOUS = new Actor(null, null, null, Set.of(), null);

	public Actor {
		roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
	}

	/** The actor of the current request. */
	public static Actor of(GraphQLContext context) {
		Actor actor = context.get(CONTEXT_KEY);
		return (actor != null) ? actor : ANONYMOUS;
	}

	public boolean authenticated() {
		return subject != null;
	}

	public boolean has(Role role) {
		return roles.contains(role);
	}

	/** The roles as one text for the change log, e.g. {@code PUBLISHER}. */
	public String roleNames() {
		return roles.isEmpty() ? null : roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
	}

}
