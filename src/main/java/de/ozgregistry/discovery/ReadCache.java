package de.ozgregistry.discovery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import de.ozgregistry.changes.ChangeNotifications;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A cache of discovery results (search pages, facets, reuse options, gaps) that is dropped whenever the registry's
 * data may have changed ({@link ChangeNotifications#generation()}). Reads of a marketplace far outnumber its writes;
 * popular queries are answered without touching the database. Changes through this instance are visible at once;
 * changes through another instance on the same database once their announcement arrives (milliseconds after
 * commit). Size 0 turns it off ({@code OZG_DISCOVERY_CACHE_SIZE}).
 */
@Component
class ReadCache {

	private record Entry(long generation, Object value) {
	}

	private final ChangeNotifications notifications;

	private final int capacity;

	private final Map<Object, Entry> entries = new ConcurrentHashMap<>();

	ReadCache(ChangeNotifications notifications, @Value("${ozg.discovery.cache-size:10000}") int capacity) {
		this.notifications = notifications;
		this.capacity = capacity;
	}

	@SuppressWarnings("unchecked")
	<T> Mono<T> get(Object key, Supplier<Mono<T>> compute) {
		if (capacity <= 0 || !notifications.listening()) {
			return compute.get();
		}
		long generation = notifications.generation();
		Entry entry = entries.get(key);
		if (entry != null && entry.generation() == generation) {
			return Mono.just((T) entry.value());
		}
		return compute.get().doOnNext(value -> {
			if (notifications.generation() != generation || !notifications.listening()) {
				return;
			}
			if (entries.size() >= capacity) {
				entries.clear();
			}
			entries.put(key, new Entry(generation, value));
		});
	}

}
