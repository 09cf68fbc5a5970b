package de.ozgregistry.subgraph;

import java.util.List;

import graphql.GraphQLError;
import graphql.schema.DataFetchingEnvironment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Errors of the entity fetchers with the same {@code extensions.code} as every other error: spring-graphql resolves
 * what an {@code @EntityMapping} method throws only through controller exception handlers, not through the
 * registry's {@link DataFetcherExceptionResolver}s, so this handler hands failures of {@code _entities} to them
 * (a malformed key stays {@code VALIDATION_FAILED}, not {@code INTERNAL}). Other fields are left to the resolvers
 * as before.
 */
@ControllerAdvice
class EntityErrors {

	private final ObjectProvider<DataFetcherExceptionResolver> resolvers;

	EntityErrors(ObjectProvider<DataFetcherExceptionResolver> resolvers) {
		this.resolvers = resolvers;
	}

	@GraphQlExceptionHandler
	Mono<List<GraphQLError>> entityFailure(Throwable failure, DataFetchingEnvironment env) {
		if (!"_entities".equals(env.getField().getName())) {
			return Mono.empty();
		}
		return Flux.fromStream(resolvers.orderedStream())
			.concatMap(resolver -> resolver.resolveException(failure, env))
			.next();
	}

}
