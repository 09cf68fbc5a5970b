package de.ozgregistry.security;

import java.util.UUID;

import graphql.GraphQLContext;

/**
 * Who performs a change: the acting organization, the subject (user or token) and the role. Every mutation takes
 * one and the change log records it; requests without credentials act as {@link #ANONYMOUS}.
 *
 * @param organizationId the acting organization, or {@code null}
 * @param subject the user, client or token acting, or {@code null}
 * @param role the role the actor acts in, or {@code null}
 */
public record Actor(UUID organizationId, String subject, String role) {

	/** The key under which the authenticated actor is put into the GraphQL context. */
	public static final String CONTEXT_KEY = Actor.class.getName();

	public static final Actor ANONYMOUS = new Actor(null, null, null);

	/** The actor of the current request. */
	public static Actor of(GraphQLContext context) {
		Actor actor = context.get(CONTEXT_KEY);
		return (actor != null) ? actor : ANONYMOUS;
	}

}
