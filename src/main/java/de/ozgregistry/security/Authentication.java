package de.ozgregistry.security;

import java.util.Map;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.Credentials;
import de.ozgregistry.graphql.ErrorCode;
import de.ozgregistry.graphql.WebSocketTransport;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.stereotype.Component;

/**
 * Turns the {@code Authorization: Bearer} header of a GraphQL request into the {@link Actor} of the request: the
 * admin bootstrap token, a registry API token ({@code ozg_...}) or an OIDC token. No header means anonymous (public
 * reads only). A header with invalid credentials (unknown, revoked, expired, forged) fails the whole request with
 * {@code UNAUTHENTICATED} rather than silently reading as anonymous.
 * <p>
 * Over WebSocket (graphql-transport-ws), where a browser cannot set headers, the same credential may come in the
 * {@code connection_init} payload, in any of the common forms: {@code {"Authorization": "Bearer <token>"}} (also
 * lower-case {@code authorization}, or the bare token), {@code {"headers": {"Authorization": "Bearer <token>"}}},
 * {@code {"token": "<token>"}} or {@code {"authToken": "<token>"}}. It is checked once, before the connection is
 * acknowledged, and counts for every operation of the connection (checked again for each, like a header); a refused one closes the socket with 4403
 * Forbidden. The upgrade request's {@code Authorization} header, when present, takes precedence.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class Authentication implements WebSocketGraphQlInterceptor {

	private final AdminBootstrap admin;

	private final ApiTokens apiTokens;

	private final OidcAuthentication oidc;

	Authentication(AdminBootstrap admin, ApiTokens apiTokens, OidcAuthentication oidc) {
		this.admin = admin;
		this.apiTokens = apiTokens;
		this.oidc = oidc;
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		String header = Credentials.authorization(request);
		if (header == null || header.isBlank()) {
			return chain.next(request);
		}
		if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
			return Mono.just(reject(request, "Send credentials as 'Authorization: Bearer <token>'."));
		}
		return actorOf(header.substring(7).strip()).flatMap(authenticated -> as(authenticated, request, chain))
			.onErrorResume(AuthenticationFailed.class, ex -> Mono.just(reject(request, ex.getMessage())));
	}

	@Override
	public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
		Object credential = credentialIn(payload);
		if (credential == null) {
			return Mono.empty();
		}
		String token = (credential instanceof String text) ? bare(text) : null;
		Mono<Actor> actor = (token == null || token.isEmpty())
				? Mono.error(new AuthenticationFailed("The connection_init credential is not a token."))
				: actorOf(token);
		// every operation of the connection carries it (Credentials): checked again each time, like a header
		return actor.doOnNext(authenticated -> session.getAttributes().put(Credentials.CONNECTION_INIT, "Bearer " + token))
			.then(Mono.<Object>empty())
			.onErrorResume(AuthenticationFailed.class, ex -> {
				session.getAttributes().put(WebSocketTransport.REFUSED, Boolean.TRUE);
				return Mono.error(ex);
			});
	}

	/** The credential of a connection_init payload in one of its common forms, or {@code null} when it has none. */
	private static Object credentialIn(Map<String, Object> payload) {
		if (payload == null) {
			return null;
		}
		for (String key : new String[] { "Authorization", "authorization", "token", "authToken" }) {
			if (payload.get(key) != null) {
				return payload.get(key);
			}
		}
		if (payload.get("headers") instanceof Map<?, ?> headers) {
			Object value = (headers.get("Authorization") != null) ? headers.get("Authorization")
					: headers.get("authorization");
			return value;
		}
		return null;
	}

	/** The token of {@code Bearer <token>} or of a bare token. */
	private static String bare(String credential) {
		String text = credential.strip();
		return text.regionMatches(true, 0, "Bearer ", 0, 7) ? text.substring(7).strip() : text;
	}

	/** The one resolution of a token: the admin bootstrap token, a registry API token, or an OIDC token. */
	private Mono<Actor> actorOf(String token) {
		if (admin.matches(token)) {
			return Mono.just(AdminBootstrap.ADMIN);
		}
		if (token.startsWith(TokenHashing.PREFIX)) {
			return apiTokens.authenticate(token);
		}
		return oidc.authenticate(token);
	}

	private static Mono<WebGraphQlResponse> as(Actor actor, WebGraphQlRequest request, Chain chain) {
		request.configureExecutionInput((input, builder) -> builder
			.graphQLContext(context -> context.put(Actor.CONTEXT_KEY, actor))
			.build());
		return chain.next(request);
	}

	private static WebGraphQlResponse reject(WebGraphQlRequest request, String message) {
		ExecutionResult result = ExecutionResult.newExecutionResult()
			.addError(GraphqlErrorBuilder.newError()
				.message(message)
				.locations(null)
				.errorType(ErrorCode.UNAUTHENTICATED)
				.extensions(Map.of("code", ErrorCode.UNAUTHENTICATED.name()))
				.build())
			.build();
		return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
	}

}
