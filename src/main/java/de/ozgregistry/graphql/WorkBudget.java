package de.ozgregistry.graphql;

import java.util.List;
import java.util.Map;

import graphql.GraphQLContext;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

/**
 * A budget of expensive work per client: the estimated cost of every request (see {@link QueryCost}) is taken from
 * a bucket per client address and one per credential, each refilled evenly over a minute. A request the budget cannot
 * pay is refused before anything is fetched with {@code RATE_LIMITED}, {@code extensions.retryAfterSeconds} and, over
 * HTTP, status 429 with {@code Retry-After}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class WorkBudget implements WebGraphQlInterceptor {

	/** Key of the requesting client in the GraphQL context. */
	static final String CLIENT = WorkBudget.class.getName() + ".client";

	/** Who pays: the client address and the credential (the Authorization header), if any. */
	record Client(String address, String authorization) {
	}

	private final LimitProperties limits;

	private final TokenBuckets buckets = new TokenBuckets();

	WorkBudget(LimitProperties limits) {
		this.limits = limits;
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		String address = TokenBuckets.clientAddress(request.getRemoteAddress());
		Client client = new Client(address, Credentials.authorization(request));
		request.configureExecutionInput((input, builder) -> builder.graphQLContext(Map.of(CLIENT, client)).build());
		// a refusal's 429 and Retry-After are set by ErrorStatus
		return chain.next(request);
	}

	/**
	 * Takes the cost from the client's buckets, or refuses with {@code RATE_LIMITED} when one of them cannot pay it.
	 * Requests outside HTTP and WebSocket (no client in the context) are not charged.
	 */
	void charge(GraphQLContext context, long cost) {
		Client client = context.get(CLIENT);
		if (client == null || cost <= 0) {
			return;
		}
		long now = System.nanoTime();
		String addressKey = "a:" + client.address();
		long wait = buckets.take(addressKey, limits.workPerMinutePerAddress(), cost, now);
		if (wait == 0 && client.authorization() != null) {
			wait = buckets.take("t:" + client.authorization(), limits.workPerMinutePerToken(), cost, now);
			if (wait > 0) {
				buckets.refund(addressKey, cost, now);
			}
		}
		if (wait > 0) {
			throw new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
				.message("This client has used up its budget of expensive queries for the minute (this one costs "
						+ cost + "); try again in " + wait + " s.")
				.errorType(ErrorCode.RATE_LIMITED)
				.extensions(Map.of("code", ErrorCode.RATE_LIMITED.name(), "retryAfterSeconds", wait))
				.build()));
		}
	}

}
