package de.ozgregistry.graphql;

import graphql.GraphQLContext;
import org.dataloader.DataLoader;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.graphql.execution.DefaultBatchLoaderRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** A request's data loaders are made on first use, all of them, with the request's context. */
class LazyDataLoadersTest {

	private final DefaultBatchLoaderRegistry loaders = new DefaultBatchLoaderRegistry();

	LazyDataLoadersTest() {
		loaders.<Integer, Integer>forName("doubled")
			.registerBatchLoader((keys, env) -> Flux
				.fromIterable(keys)
				.map(key -> key * 2));
		loaders.<String, String>forName("context")
			.registerBatchLoader((keys, env) -> Flux
				.fromIterable(keys)
				.map(key -> String.valueOf(((GraphQLContext) env.getContext()).<Object>get(key))));
	}

	private LazyDataLoaders.Registry deferred(GraphQLContext context) {
		LazyDataLoaders.Registry registry = new LazyDataLoaders.Registry();
		new LazyDataLoaders.Deferring(loaders).registerDataLoaders(registry, context);
		return registry;
	}

	@Test
	void aRequestThatAsksForNoLoaderMakesNone() {
		LazyDataLoaders.Registry registry = deferred(GraphQLContext.newContext().build());
		registry.dispatchAll();
		assertThat(registry.getDataLoaders()).isEmpty();
		assertThat(registry.getKeys()).isEmpty();
	}

	@Test
	void theFirstLoaderAskedForMakesAllOfThemAndTheyLoad() {
		GraphQLContext context = GraphQLContext.newContext().of("who", "Mainz").build();
		LazyDataLoaders.Registry registry = deferred(context);
		DataLoader<Integer, Integer> doubled = registry.getDataLoader("doubled");
		assertThat(registry.getKeys()).containsExactlyInAnyOrder("doubled", "context");
		assertThat(registry.<Integer, Integer>getDataLoader("doubled")).isSameAs(doubled);
		var four = doubled.load(2);
		DataLoader<String, String> fromContext = registry.getDataLoader("context");
		var who = fromContext.load("who");
		registry.dispatchAll();
		assertThat(four.join()).isEqualTo(4);
		assertThat(who.join()).isEqualTo("Mainz");
		assertThat(registry.<Object, Object>getDataLoader("absent")).isNull();
	}

	@Test
	void anyOtherRegistryIsFilledAtOnce() {
		org.dataloader.DataLoaderRegistry plain = org.dataloader.DataLoaderRegistry.newRegistry().build();
		new LazyDataLoaders.Deferring(loaders).registerDataLoaders(plain, GraphQLContext.newContext().build());
		assertThat(plain.getKeys()).containsExactlyInAnyOrder("doubled", "context");
		assertThat(new LazyDataLoaders.Deferring(loaders).hasRegistrations()).isTrue();
	}

}
