package de.ozgregistry.graphql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import graphql.schema.DataFetchingEnvironment;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Loads a page of a nested list (e.g. the children of many organizations) for many parents at once, so that a
 * page of 100 parents costs two SQL statements (items, totals) per distinct page request, not two per parent.
 * The item query must return at most {@code page.limit()} items per parent, in the list's order.
 */
public final class NestedPages {

	private NestedPages() {
	}

	/**
	 * The page of a nested list under one parent; the key of a data loader. {@code withTotal} says whether the
	 * total is wanted: the count costs a statement of its own, so it is only run when a query selects it.
	 */
	public record Key(UUID parentId, Page page, boolean withTotal) {

		public Key(UUID parentId, Page page) {
			this(parentId, page, true);
		}

		/** The key for a nested connection field: its total only if the query selects {@code totalCount}. */
		public static Key of(UUID parentId, Page page, DataFetchingEnvironment env) {
			return new Key(parentId, page, env.getSelectionSet().contains("totalCount"));
		}

	}

	private record Group(Page page, boolean withTotal) {
	}

	/** An item of a nested list with the ID of its parent. */
	public record Item<T>(UUID parentId, T value) {
	}

	public static <T> Mono<Map<Key, Connection<T>>> load(Set<Key> keys,
			BiFunction<List<UUID>, Page, Flux<Item<T>>> items, Function<List<UUID>, Mono<Map<UUID, Integer>>> totals,
			Function<T, Cursor> cursorOf) {
		Map<Group, List<UUID>> byPage = new LinkedHashMap<>();
		for (Key key : keys) {
			byPage.computeIfAbsent(new Group(key.page(), key.withTotal()), p -> new ArrayList<>()).add(key.parentId());
		}
		return Flux.fromIterable(byPage.entrySet())
			.concatMap(group -> {
				Page page = group.getKey().page();
				boolean withTotal = group.getKey().withTotal();
				List<UUID> parents = group.getValue();
				Mono<Map<UUID, Collection<T>>> pageItems = items.apply(parents, page)
					.collectMultimap(Item::parentId, Item::value);
				Mono<Map<UUID, Integer>> pageTotals = withTotal ? totals.apply(parents) : Mono.just(Map.of());
				return Mono.zip(pageItems, pageTotals).map(both -> {
					Map<Key, Connection<T>> result = new HashMap<>();
					for (UUID parent : parents) {
						List<T> rows = new ArrayList<>(both.getT1().getOrDefault(parent, List.of()));
						Integer total = withTotal ? both.getT2().getOrDefault(parent, 0) : null;
						result.put(new Key(parent, page, withTotal),
								Connection.of(rows, page.first(), cursorOf, total));
					}
					return result;
				});
			})
			.collect(HashMap::new, Map::putAll);
	}

}
