package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import graphql.ExecutionResult;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * GraphQL subscriptions over HTTP multipart, as Apollo Client's {@code HttpLink} asks for them ({@code Accept:
 * multipart/mixed;subscriptionSpec="1.0"}; Apollo's "multipart HTTP protocol for GraphQL subscriptions"): one part
 * {@code {"payload": <result>}} per result, a heartbeat part {@code {}} whenever nothing was sent for the keep-alive
 * interval, and the closing boundary when the stream ends. An error that ends a running subscription is its last
 * payload, with its code ({@link SseTransport#endOf}); a request that fails before it runs (validation, limits, an
 * invalid token) is one payload with its coded errors. A query or mutation sent with this {@code Accept} is one part.
 */
class MultipartTransport extends SseTransport {

	/** The boundary of the parts: Apollo Client reads it from the content type. */
	private static final String BOUNDARY = "graphql";

	static final MediaType MULTIPART = new MediaType("multipart", "mixed",
			Map.of("boundary", "\"" + BOUNDARY + "\"", "subscriptionSpec", "\"1.0\""));

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PART = "\r\n--" + BOUNDARY + "\r\nContent-Type: application/json; charset=utf-8\r\n\r\n";

	private final Duration heartbeat;

	MultipartTransport(WebGraphQlHandler handler, SubscriptionErrors errors, Duration heartbeat) {
		super(handler, errors, null);
		this.heartbeat = heartbeat;
	}

	/** Whether a request asks for multipart subscriptions (its {@code Accept} names {@code subscriptionSpec}). */
	static boolean asks(ServerRequest request) {
		return request.headers()
			.accept()
			.stream()
			.anyMatch(type -> "multipart".equals(type.getType()) && "mixed".equals(type.getSubtype())
					&& type.getParameter("subscriptionSpec") != null);
	}

	@Override
	@SuppressWarnings("unchecked")
	protected Mono<ServerResponse> prepareResponse(ServerRequest request, WebGraphQlResponse response) {
		Flux<String> parts = ((response.getData() instanceof Publisher<?> publisher)
				? Flux.from((Publisher<ExecutionResult>) publisher)
					.map(ExecutionResult::toSpecification)
					.onErrorResume(ex -> Mono.just(endOf(ex)))
				: Flux.just(response.toMap()))
			.map(result -> PART + JSON.writeValueAsString(Map.of("payload", result)));
		if (heartbeat != null && !heartbeat.isZero()) {
			parts = withHeartbeat(parts);
		}
		Flux<DataBuffer> body = parts.concatWith(Mono.just("\r\n--" + BOUNDARY + "--\r\n"))
			.map(text -> DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8)));
		return ServerResponse.ok()
			.contentType(MULTIPART)
			.header("Cache-Control", "no-store")
			.body(BodyInserters.fromDataBuffers(body));
	}

	/** A heartbeat part whenever nothing else was sent for one interval, until the results end. */
	private Flux<String> withHeartbeat(Flux<String> parts) {
		AtomicBoolean sent = new AtomicBoolean();
		Flux<String> beats = Flux.interval(heartbeat, heartbeat)
			.filter(tick -> !sent.getAndSet(false))
			.map(tick -> PART + "{}");
		return Flux.merge(parts.doOnNext(part -> sent.set(true)).materialize(), beats.map(Signal::next))
			.takeUntil(signal -> signal.isOnComplete() || signal.isOnError())
			.dematerialize();
	}

}
