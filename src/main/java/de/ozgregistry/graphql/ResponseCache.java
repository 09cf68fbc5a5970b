package de.ozgregistry.graphql;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.stereotype.Component;

/**
 * Whole responses of queries, kept as serialized JSON until the registry's data they read may have changed
 * ({@link DataGeneration#changedSince}: a change that reaches the topics of what it read, as the compiled read path
 * declares them, or the engine's fields ({@link ReadTopics}); for a query with a field that declares nothing, any
 * change) or the day changes (reports default to today). Reads of the registry far outnumber its writes: a repeated
 * query is answered without executing it, touching the database or serializing it again. Changes through this instance are visible at once, changes through other instances when their announcement
 * arrives (milliseconds after commit); while announcements cannot arrive (before the first LISTEN, while
 * reconnecting) nothing is served from the cache. Mutations, subscriptions and responses with errors are never cached.
 * <p>
 * Who asks: an answer of the engine is kept for and served to anonymous requests only (no {@code Authorization}
 * header, so no restricted field is in it). An answer of the compiled read path is the same for everybody (it answers
 * public fields only, and leaves every query with a restricted field to the engine), so it is kept for and served to
 * anonymous and signed-in requests alike, after their credentials were checked ({@code Authentication} runs before).
 * <p>
 * The cache holds at most {@code OZG_RESPONSE_CACHE_MB} of JSON (counted as two bytes per character). An answer found
 * stale is removed; when the cache is full, all that may no longer be served, and everything if that frees less than
 * a quarter. 0 turns it off.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ResponseCache implements WebGraphQlInterceptor {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	record Key(String document, String operationName, Map<String, Object> variables) {
	}

	/**
	 * {@code topics}: what the response read ({@code null}: anything); {@code everybody}: whether it may be served to
	 * signed-in requests (an answer of the compiled read path) or to anonymous ones only.
	 */
	record Entry(long generation, Set<String> topics, boolean everybody, LocalDate day, RawValue data,
			int size) {
	}

	private final DataGeneration notifications;

	private final ReadTopics readTopics;

	/** The schema, for the fields a query selects ({@link ReadTopics#of}). */
	private final ObjectProvider<GraphQlSource> source;

	private final long capacity;

	private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

	private record Operation(String document, String name) {
	}

	/** Whether each recent document's operation is a query ({@link #isQuery}). */
	private final Map<Operation, Boolean> operations = new ConcurrentHashMap<>();

	private final AtomicLong size = new AtomicLong();

	/** Reports default to the registry's today: a response of yesterday is not served today. */
	private final Clock clock;

	/** Metric {@code ozg.response.cache.requests}: queries answered from the cache, or not. */
	private final Counter hits;

	private final Counter misses;

	/** Metric {@code ozg.response.cache.emptied}: how often it was full and emptied (make it larger if often). */
	private final Counter emptied;

	ResponseCache(DataGeneration notifications, ReadTopics readTopics, ObjectProvider<GraphQlSource> source,
			@Value("${ozg.response-cache-mb:32}") int megabytes, Clock clock, MeterRegistry meters) {
		this.notifications = notifications;
		this.readTopics = readTopics;
		this.source = source;
		this.hits = Counter.builder("ozg.response.cache.requests").tag("result", "hit").register(meters);
		this.misses = Counter.builder("ozg.response.cache.requests").tag("result", "miss").register(meters);
		this.emptied = Counter.builder("ozg.response.cache.emptied")
			.description("times the response cache was full of answers that may still be served, and emptied")
			.register(meters);
		Gauge.builder("ozg.response.cache.bytes", size, AtomicLong::get)
			.description("what the response cache holds, in bytes as it counts them (two per character)")
			.register(meters);
		this.clock = clock;
		this.capacity = megabytes * 1024L * 1024L;
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		if (capacity <= 0 || !notifications.listening()) {
			return chain.next(request);
		}
		boolean anonymous = Credentials.authorization(request) == null;
		Key key = new Key(request.getDocument(), request.getOperationName(), request.getVariables());
		long generation = notifications.generation();
		LocalDate day = LocalDate.now(clock);
		Entry entry = entries.get(key);
		if (entry != null && (anonymous || entry.everybody()) && entry.day().equals(day)
				&& !notifications.changedSince(entry.generation(), entry.topics())) {
			hits.increment();
			ExecutionResult result = ExecutionResult.newExecutionResult().data(entry.data()).build();
			return Mono.just(new WebGraphQlResponse(
					new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result)));
		}
		if (entry != null && (!entry.day().equals(day) || notifications.changedSince(entry.generation(),
				entry.topics()))) {
			drop(key, entry);
		}
		return chain.next(request).doOnNext(response -> {
			// a miss is a query executed: not a document that failed to parse or validate, not a mutation
			if (!response.isValid() || !isQuery(key)) {
				return;
			}
			misses.increment();
			GraphQLContext context = response.getExecutionInput().getGraphQLContext();
			Set<String> compiled = context.get(DataGeneration.READ_TOPICS);
			if ((!anonymous && compiled == null) || !response.getErrors().isEmpty()) {
				return;
			}
			Set<String> topics = (compiled != null) ? compiled
					: readTopics.of(source.getObject().schema(), key.document(), key.operationName(), context);
			if (!notifications.changedSince(generation, topics) && notifications.listening()) {
				store(key, new Entry(generation, topics, compiled != null, day, null, 0),
						response.getExecutionResult().getData());
			}
		});
	}

	/** Keeps {@code data} under {@code key} with what {@code read} says of it. */
	void store(Key key, Entry read, Object data) {
		String json = JSON.writeValueAsString(data);
		// the JSON's characters, and about as much again for each topic's text
		int bytes = 2 * json.length() + ((read.topics() == null) ? 0 : 100 * read.topics().size());
		if (bytes > capacity / 4) {
			return;
		}
		if (size.addAndGet(bytes) > capacity) {
			// first what may no longer be served; everything only if that leaves it more than three quarters full
			LocalDate today = read.day();
			entries.forEach((cached, entry) -> {
				if (!entry.day().equals(today) || notifications.changedSince(entry.generation(), entry.topics())) {
					drop(cached, entry);
				}
			});
			if (size.get() > capacity / 4 * 3) {
				entries.clear();
				size.set(bytes);
				emptied.increment();
			}
		}
		Entry previous = entries.put(key, new Entry(read.generation(), read.topics(), read.everybody(), read.day(),
				new RawValue(json), bytes));
		if (previous != null) {
			size.addAndGet(-previous.size());
		}
	}

	/** Whether an answer is kept under {@code key}, stale or not. */
	boolean holds(Key key) {
		return entries.containsKey(key);
	}

	/** Removes {@code entry}, unless another took its place. */
	private void drop(Key key, Entry entry) {
		if (entries.remove(key, entry)) {
			size.addAndGet(-entry.size());
		}
	}

	/** Whether the operation the request names (or its only one) is a query; parsed once per document. */
	private boolean isQuery(Key key) {
		if (operations.size() >= 1000) {
			operations.clear();
		}
		return operations.computeIfAbsent(new Operation(key.document(), key.operationName()), operation -> {
			Document document = Parser.parse(operation.document());
			return document.getDefinitionsOfType(OperationDefinition.class)
				.stream()
				.filter(definition -> operation.name() == null || operation.name().isEmpty()
						|| Objects.equals(definition.getName(), operation.name()))
				.findFirst()
				.map(definition -> definition.getOperation() == OperationDefinition.Operation.QUERY)
				.orElse(false);
		});
	}

}
