package de.ozgregistry.security;

import java.util.Map;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.ErrorCode;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Turns the {@code Authorization: Bearer} header of a GraphQL request into the {@link Actor} of the request: the
 * admin bootstrap token, a registry API token ({@code ozg_...}) or an OIDC token. No header means anonymous (public
 * reads only). A header with invalid credentials (unknown, revoked, expired, forged) fails the whole request with
 * {@code UNAUTHENTICATED} rather than silently reading as anonymous.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class Authentication implements WebGraphQlInterceptor {

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
		String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header == null || header.isBlank()) {
			return chain.next(request);
		}
		if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
			return Mono.just(reject(request, "Send credentials as 'Authorization: Bearer <token>'."));
		}
		String token = header.substring(7).strip();
		Mono<Actor> actor;
		if (admin.matches(token)) {
			actor = Mono.just(AdminBootstrap.ADMIN);
		}
		else if (token.startsWith(TokenHashing.PREFIX)) {
			actor = apiTokens.authenticate(token);
		}
		else {
			actor = oidc.authenticate(token);
		}
		return actor.flatMap(authenticated -> {
			request.configureExecutionInput((input, builder) -> builder
				.graphQLContext(context -> context.put(Actor.CONTEXT_KEY, authenticated))
				.build());
			return chain.next(request);
		}).onErrorResume(AuthenticationFailed.class, ex -> Mono.just(reject(request, ex.getMessage())));
	}

	private static WebGraphQlResponse reject(WebGraphQlRequest request, String message) {
		ExecutionResult result = ExecutionResult.newExecutionResult()
			.addError(GraphqlErrorBuilder.newError()
				.message(message)
				.errorType(ErrorCode.UNAUTHENTICATED)
				.extensions(Map.of("code", ErrorCode.UNAUTHENTICATED.name()))
				.build())
			.build();
		return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
	}

}
