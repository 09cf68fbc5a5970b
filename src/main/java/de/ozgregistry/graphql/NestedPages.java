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

	/** The page of a nested list under one parent; the key of a data loader. */
	public record Key(UUID parentId, Page page) {
	}

	/** An item of a nested list with the ID of its parent. */
	public record Item<T>(UUID parentId, T value) {
	}

	public static <T> Mono<Map<Key, Connection<T>>> load(Set<Key> keys,
			BiFunction<List<UUID>, Page, Flux<Item<T>>> items, Function<List<UUID>, Mono<Map<UUID, Integer>>> totals,
			Function<T, Cursor> cursorOf) {
		Map<Page, List<UUID>> byPage = new LinkedHashMap<>();
		for (Key key : keys) {
			byPage.computeIfAbsent(key.page(), p -> new ArrayList<>()).add(key.parentId());
		}
		return Flux.fromIterable(byPage.entrySet())
			.concatMap(group -> {
				Page page = group.getKey();
				List<UUID> parents = group.getValue();
				Mono<Map<UUID, Collection<T>>> pageItems = items.apply(parents, page)
					.collectMultimap(Item::parentId, Item::value);
				return Mono.zip(pageItems, totals.apply(parents)).map(both -> {
					Map<Key, Connection<T>> result = new HashMap<>();
					for (UUID parent : parents) {
						List<T> rows = new ArrayList<>(both.getT1().getOrDefault(parent, List.of()));
						int total = both.getT2().getOrDefault(parent, 0);
						result.put(new Key(parent, page), Connection.of(rows, page.first(), cursorOf, total));
					}
					return result;
				});
			})
			.collect(HashMap::new, Map::putAll);
	}

}
