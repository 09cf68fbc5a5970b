package de.ozgregistry.federation;

import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * CPU work on a list, off the event loop: the list cut into one part per core of the parallel scheduler, the parts
 * worked on at once, the results in the list's order. Signing a page of the feed and verifying one are such work.
 */
final class OnEveryCore {

	private OnEveryCore() {
	}

	static <T, R> Mono<List<R>> map(List<T> items, Function<T, R> work) {
		if (items.isEmpty()) {
			return Mono.just(List.of());
		}
		int part = Math.max(1, (items.size() + Schedulers.DEFAULT_POOL_SIZE - 1) / Schedulers.DEFAULT_POOL_SIZE);
		return Flux.range(0, (items.size() + part - 1) / part)
			.flatMapSequential(index -> Mono.fromCallable(() -> items
				.subList(index * part, Math.min(items.size(), (index + 1) * part))
				.stream()
				.map(work)
				.toList()).subscribeOn(Schedulers.parallel()))
			.flatMapIterable(results -> results)
			.collectList();
	}

}
