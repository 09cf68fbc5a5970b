package de.ozgregistry.changes;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;

import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.NestedPages;
import de.ozgregistry.graphql.Page;

/**
 * The {@code history} field of any record the change log covers, batched across the request. Each feature maps
 * the field on its own type with it, so that the change log does not depend on the features that write to it.
 */
public final class Histories {

	static final String LOADER = "history";

	private Histories() {
	}

	/** One page of the history of the record {@code id}. */
	public static CompletableFuture<Connection<HistoryEntry>> page(UUID id, Integer first, String after,
			DataFetchingEnvironment env) {
		DataLoader<NestedPages.Key, Connection<HistoryEntry>> loader = env.getDataLoader(LOADER);
		return loader.load(NestedPages.Key.of(id, Page.of(first, after), env));
	}

	/** {@code page} with the values of {@code fields} hidden in every entry. */
	public static CompletableFuture<Connection<HistoryEntry>> redacted(CompletableFuture<Connection<HistoryEntry>> page,
			Set<String> fields) {
		return page.thenApply(connection -> new Connection<>(connection.edges()
			.stream()
			.map(edge -> new Connection.Edge<>(edge.cursor(), edge.node().redact(fields)))
			.toList(), connection.pageInfo(), connection.totalCount()));
	}

}
