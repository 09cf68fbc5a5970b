package de.ozgregistry.caching;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.ErrorCode;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.graphql.support.DefaultGraphQlRequest;
import org.springframework.stereotype.Component;

/**
 * Automatic persisted queries as Apollo's protocol has them: a request with
 * {@code extensions.persistedQuery {version: 1, sha256Hash}} and no query runs the document registered under that
 * hash, or fails with {@code PERSISTED_QUERY_NOT_FOUND} (message {@code PersistedQueryNotFound}, HTTP 200, which
 * Apollo's link answers by sending the query with its hash); a request with both registers the query once its hash
 * is verified and the document parsed and validated. The store is bounded ({@code OZG_PERSISTED_QUERIES_MAX_SIZE}) and
 * local to the instance: behind a load balancer a hash unknown to one instance is simply sent again with its query.
 * Runs first of all interceptors, so every limit and cache after it sees the registered document.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class PersistedQueries implements WebGraphQlInterceptor {

	private static final Pattern SHA_256 = Pattern.compile("[0-9a-fA-F]{64}");

	private final Store store;

	PersistedQueries(CachingProperties properties) {
		this.store = new Store(properties.persistedQueriesMaxSize().toBytes());
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		if (!(request.getExtensions().get("persistedQuery") instanceof Map<?, ?> persisted)) {
			return chain.next(request);
		}
		if (store.capacity <= 0) {
			return Mono.just(error(request, "PersistedQueryNotSupported", ErrorCode.VALIDATION_FAILED,
					"extensions.persistedQuery"));
		}
		if (!Integer.valueOf(1).equals(persisted.get("version"))) {
			return Mono.just(error(request, "Only version 1 of automatic persisted queries is supported.",
					ErrorCode.VALIDATION_FAILED, "extensions.persistedQuery.version"));
		}
		if (!(persisted.get("sha256Hash") instanceof String given) || !SHA_256.matcher(given).matches()) {
			return Mono.just(error(request, "extensions.persistedQuery.sha256Hash must be the SHA-256 of the query"
					+ " as 64 hexadecimal digits.", ErrorCode.VALIDATION_FAILED, "extensions.persistedQuery.sha256Hash"));
		}
		String hash = given.toLowerCase(java.util.Locale.ROOT);
		String document = request.getDocument();
		if (document == null || document.isBlank() || PersistedQuerySupport.PERSISTED_QUERY_MARKER.equals(document)) {
			String registered = store.get(hash);
			if (registered == null) {
				return Mono.just(error(request, "PersistedQueryNotFound", ErrorCode.PERSISTED_QUERY_NOT_FOUND, null));
			}
			return chain.next(withDocument(request, registered));
		}
		if (!hash.equals(sha256(document))) {
			return Mono.just(error(request, "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query"
					+ " (of its UTF-8 bytes, as lower-case hexadecimal digits); the query was not run.",
					ErrorCode.VALIDATION_FAILED, "extensions.persistedQuery.sha256Hash"));
		}
		return chain.next(request).doOnNext(response -> {
			// a document that parsed and validated (graphql-java ran it); not one refused before
			if (response.isValid()) {
				store.put(hash, document);
			}
		});
	}

	static String sha256(String document) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static WebGraphQlRequest withDocument(WebGraphQlRequest request, String document) {
		return new WebGraphQlRequest(request.getUri().toUri(), request.getHeaders(), request.getCookies(),
				request.getRemoteAddress(), request.getAttributes(), new DefaultGraphQlRequest(document,
						request.getOperationName(), request.getVariables(), request.getExtensions()),
				request.getId(), request.getLocale());
	}

	/**
	 * An answer of one error. {@code data} is present (null) so that the answer is HTTP 200 also for
	 * {@code application/graphql-response+json}: Apollo's link stops using persisted queries after a 400.
	 */
	private static WebGraphQlResponse error(WebGraphQlRequest request, String message, ErrorCode code, String field) {
		Map<String, Object> extensions = new LinkedHashMap<>();
		extensions.put("code", code.name());
		if (field != null) {
			extensions.put("field", field);
		}
		ExecutionResult result = ExecutionResult.newExecutionResult()
			.data(null)
			.addError(GraphqlErrorBuilder.newError().message(message).errorType(code).extensions(extensions).build())
			.build();
		return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
	}

	/** Documents by hash, least recently used first out, at most {@code capacity} bytes of characters. */
	static final class Store {

		private final long capacity;

		private long size;

		private final LinkedHashMap<String, String> documents = new LinkedHashMap<>(256, 0.75f, true);

		Store(long capacity) {
			this.capacity = capacity;
		}

		synchronized String get(String hash) {
			return documents.get(hash);
		}

		synchronized void put(String hash, String document) {
			long bytes = 2L * document.length();
			if (bytes > capacity || documents.containsKey(hash)) {
				return;
			}
			documents.put(hash, document);
			size += bytes;
			var eldest = documents.entrySet().iterator();
			while (size > capacity && eldest.hasNext()) {
				size -= 2L * eldest.next().getValue().length();
				eldest.remove();
			}
		}

		synchronized int entries() {
			return documents.size();
		}

	}

}
