package de.ozgregistry.graphql;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import graphql.ExecutionResult;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.graphql.execution.SubscriptionPublisherException;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.webflux.GraphQlSseHandler;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * GraphQL over Server-Sent Events (the "distinct connections" mode of graphql-sse, {@code Accept: text/event-stream}):
 * a subscription streams one {@code next} event per result, a query or mutation is one {@code next} event, and a
 * request that fails before it runs (validation, limits, an invalid token) is one {@code next} event with its coded
 * errors; {@code complete} ends every stream. An error that ends a running subscription keeps its code
 * ({@link SubscriptionErrors}). An idle stream gets a comment line every keep-alive interval
 * ({@code OZG_KEEP_ALIVE}), so that proxies with an idle timeout do not cut it.
 */
class SseTransport extends GraphQlSseHandler {

	/** The request attribute that tells {@link SubscriptionsOverHttp} this response can stream. */
	static final String STREAMING = SseTransport.class.getName() + ".streaming";

	private static final ServerSentEvent<Map<String, Object>> KEEP_ALIVE = ServerSentEvent
		.<Map<String, Object>>builder()
		.comment("keep-alive")
		.build();

	private static final ServerSentEvent<Map<String, Object>> COMPLETE = ServerSentEvent
		.<Map<String, Object>>builder(Map.of())
		.event("complete")
		.build();

	private final SubscriptionErrors errors;

	private final Duration keepAlive;

	SseTransport(WebGraphQlHandler handler, SubscriptionErrors errors, Duration keepAlive) {
		super(handler, null, keepAlive);
		this.errors = errors;
		this.keepAlive = keepAlive;
	}

	@Override
	public Mono<ServerResponse> handleRequest(ServerRequest request) {
		request.attributes().put(STREAMING, Boolean.TRUE);
		return super.handleRequest(request);
	}

	@Override
	@SuppressWarnings("unchecked")
	protected Mono<ServerResponse> prepareResponse(ServerRequest request, WebGraphQlResponse response) {
		Flux<Map<String, Object>> results = (response.getData() instanceof Publisher<?> publisher)
				? Flux.from((Publisher<ExecutionResult>) publisher)
					.map(ExecutionResult::toSpecification)
					.onErrorResume(ex -> Mono.just(endOf(ex)))
				: Flux.just(response.toMap());
		Flux<ServerSentEvent<Map<String, Object>>> events = results
			.map(result -> ServerSentEvent.builder(result).event("next").build())
			.concatWith(Mono.just(COMPLETE));
		if (keepAlive != null && !keepAlive.isZero()) {
			events = withKeepAlive(events);
		}
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.body(BodyInserters.fromServerSentEvents(events));
	}

	/** The result that ends a subscription whose publisher failed: its errors, each with a code. */
	Map<String, Object> endOf(Throwable ex) {
		if (ex instanceof SubscriptionPublisherException resolved) {
			return resolved.toMap();
		}
		return Map.of("errors", List.of(errors.resolveToSingleError(ex).toSpecification()));
	}

	/** A comment whenever nothing else was sent for one interval. */
	private Flux<ServerSentEvent<Map<String, Object>>> withKeepAlive(Flux<ServerSentEvent<Map<String, Object>>> events) {
		AtomicBoolean sent = new AtomicBoolean();
		Flux<ServerSentEvent<Map<String, Object>>> beats = Flux.interval(keepAlive, keepAlive)
			.filter(tick -> !sent.getAndSet(false))
			.map(tick -> KEEP_ALIVE);
		return events.doOnNext(event -> sent.set(true))
			.mergeWith(beats)
			.takeUntil(event -> "complete".equals(event.event()));
	}

}
