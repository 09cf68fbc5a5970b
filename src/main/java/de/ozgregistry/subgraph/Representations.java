package de.ozgregistry.subgraph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Resolves the representations a federation gateway sends to {@code _entities} for one entity type, in one batch:
 * the keys of all representations go to one lookup (one SQL statement), and the answer lists the entities in the
 * order of the representations, {@code null} where none has that key (spring-graphql would turn an empty answer
 * into an error; an unknown key is a {@code null} entity, as a lookup of something absent is everywhere else).
 */
public final class Representations {

	private Representations() {
	}

	/** A key value as the gateway sent it, as text ({@code null} if absent). */
	public static String text(Object value) {
		return (value == null) ? null : value.toString();
	}

	/** A UUID key ({@code id}); a malformed one fails with {@code VALIDATION_FAILED}. */
	public static java.util.UUID id(Object value, String field) {
		return de.ozgregistry.graphql.Inputs.id(text(value), field);
	}

	/**
	 * The entities of these representations.
	 * @param representations what the gateway sent for this type
	 * @param field the key field, e.g. {@code id}
	 * @param parse checks and converts a key value (throws {@code VALIDATION_FAILED} for a malformed one); gets the
	 * value and its path for {@code extensions.field}
	 * @param lookup all entities with any of these keys
	 * @param keyOf the key of a found entity
	 */
	public static <K, E> Mono<List<E>> resolve(List<Map<String, Object>> representations, String field,
			BiFunction<Object, String, K> parse, Function<Collection<K>, Flux<E>> lookup, Function<E, K> keyOf) {
		return Mono.defer(() -> {
			List<K> keys = new ArrayList<>(representations.size());
			for (int i = 0; i < representations.size(); i++) {
				keys.add(parse.apply(representations.get(i).get(field), "representations." + i + "." + field));
			}
			Set<K> distinct = new LinkedHashSet<>(keys);
			return lookup.apply(distinct).collectMap(keyOf).map(found -> {
				List<E> entities = new ArrayList<>(keys.size());
				keys.forEach(key -> entities.add(found.get(key)));
				return entities;
			});
		});
	}

	/**
	 * The entities of representations that name an entity by one of several keys (an organization by {@code id} or
	 * by {@code ars}): each representation goes to the first of {@code resolvers}' fields it has (in the map's
	 * iteration order), one batch per key.
	 */
	public static <E> Mono<List<E>> resolveByAnyKey(List<Map<String, Object>> representations,
			Map<String, Function<List<Map<String, Object>>, Mono<List<E>>>> resolvers) {
		return Mono.defer(() -> {
			Map<String, List<Integer>> positions = new java.util.LinkedHashMap<>();
			Map<String, List<Map<String, Object>>> groups = new java.util.LinkedHashMap<>();
			for (int i = 0; i < representations.size(); i++) {
				Map<String, Object> representation = representations.get(i);
				String field = resolvers.keySet()
					.stream()
					.filter(key -> representation.get(key) != null)
					.findFirst()
					.orElseThrow(() -> de.ozgregistry.graphql.RegistryException.invalid("representations",
							"entity-key", "A representation names the entity by none of its keys "
									+ String.join(", ", resolvers.keySet()) + "."));
				positions.computeIfAbsent(field, f -> new ArrayList<>()).add(i);
				groups.computeIfAbsent(field, f -> new ArrayList<>()).add(representation);
			}
			List<E> entities = new ArrayList<>(java.util.Collections.nCopies(representations.size(), null));
			return Flux.fromIterable(groups.entrySet())
				.concatMap(group -> resolvers.get(group.getKey()).apply(group.getValue()).doOnNext(found -> {
					List<Integer> at = positions.get(group.getKey());
					for (int j = 0; j < at.size(); j++) {
						entities.set(at.get(j), found.get(j));
					}
				}))
				.then(Mono.fromSupplier(() -> entities));
		});
	}

}
