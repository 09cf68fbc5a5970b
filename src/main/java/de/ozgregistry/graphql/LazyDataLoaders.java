package de.ozgregistry.graphql;

import java.util.function.Function;

import graphql.GraphQLContext;
import graphql.execution.instrumentation.dataloader.EmptyDataLoaderRegistryInstance;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderRegistry;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.ExecutionGraphQlRequest;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.graphql.execution.DataLoaderRegistrar;
import org.springframework.graphql.execution.DefaultExecutionGraphQlService;
import org.springframework.graphql.execution.GraphQlSource;

/**
 * The request's data loaders (those of every {@code @BatchMapping} and {@link BatchLoaderRegistry} registration) are
 * made when a data fetcher first asks for one, not for every request: spring-graphql would make all of them (some
 * forty) for each request, also for the many that never load anything, and graphql-java would then visit each of them
 * at every level of the response.
 */
@Configuration(proxyBeanMethods = false)
class LazyDataLoaders {

	/** Boot's service (the same, with the loaders of {@code batchLoaderRegistry}), with the registry made lazily. */
	@Bean
	ExecutionGraphQlService executionGraphQlService(GraphQlSource source, BatchLoaderRegistry batchLoaderRegistry) {
		DefaultExecutionGraphQlService service = new DefaultExecutionGraphQlService(source);
		service.addDataLoaderRegistrar(new Deferring(batchLoaderRegistry));
		return new Service(service);
	}

	/** Hands each request a {@link Registry} of its own, which spring-graphql then passes to {@link Deferring}. */
	record Service(ExecutionGraphQlService delegate) implements ExecutionGraphQlService {

		@Override
		public Mono<ExecutionGraphQlResponse> execute(ExecutionGraphQlRequest request) {
			request.configureExecutionInput((input, builder) -> {
				if (input.getDataLoaderRegistry() == EmptyDataLoaderRegistryInstance.EMPTY_DATALOADER_REGISTRY) {
					builder.dataLoaderRegistry(new Registry());
				}
				return builder.build();
			});
			return this.delegate.execute(request);
		}

	}

	/** Registers into a {@link Registry} on its first use, into any other registry at once. */
	record Deferring(DataLoaderRegistrar registrar) implements DataLoaderRegistrar {

		@Override
		public boolean hasRegistrations() {
			return this.registrar.hasRegistrations();
		}

		@Override
		public void registerDataLoaders(DataLoaderRegistry registry, GraphQLContext context) {
			if (registry instanceof Registry lazy) {
				lazy.defer(this.registrar, context);
			}
			else {
				this.registrar.registerDataLoaders(registry, context);
			}
		}

	}

	/**
	 * A request's registry that holds no loader until one is asked for by name, and then all of them, made with the
	 * request's context. Dispatching and statistics see the loaders made, which are all that can hold a key.
	 */
	static final class Registry extends DataLoaderRegistry {

		/** Set before the request executes; read by data fetchers on whatever thread they run. */
		private volatile DataLoaderRegistrar registrar;

		private volatile GraphQLContext context;

		synchronized void defer(DataLoaderRegistrar registrar, GraphQLContext context) {
			this.registrar = registrar;
			this.context = context;
		}

		private void materialize() {
			if (this.registrar != null) {
				synchronized (this) {
					DataLoaderRegistrar pending = this.registrar;
					if (pending != null) {
						this.registrar = null;
						pending.registerDataLoaders(this, this.context);
					}
				}
			}
		}

		@Override
		public <K, V> DataLoader<K, V> getDataLoader(String key) {
			materialize();
			return super.getDataLoader(key);
		}

		@Override
		public <K, V> DataLoader<K, V> computeIfAbsent(String key,
				Function<String, DataLoader<?, ?>> mappingFunction) {
			materialize();
			return super.computeIfAbsent(key, mappingFunction);
		}

		@Override
		public DataLoaderRegistry unregister(String key) {
			materialize();
			return super.unregister(key);
		}

	}

}
