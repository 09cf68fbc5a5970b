package de.ozgregistry.subgraph;

import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.data.federation.FederationSchemaFactory;

/**
 * The registry as an Apollo Federation v2 subgraph: the schema is built by spring-graphql's
 * {@link FederationSchemaFactory}, which adds {@code _service} and {@code _entities} for the types marked with
 * {@code @key} in {@code schema.graphqls} and resolves them through the features' {@code @EntityMapping} methods.
 * The schema's type visitors, instrumentation (limits) and exception resolvers apply to {@code _entities} as to
 * every other field.
 */
@Configuration(proxyBeanMethods = false)
class SubgraphConfiguration {

	@Bean
	FederationSchemaFactory federationSchemaFactory() {
		return new FederationSchemaFactory();
	}

	@Bean
	GraphQlSourceBuilderCustomizer federationSchema(FederationSchemaFactory factory) {
		return builder -> builder.schemaFactory(factory::createGraphQLSchema);
	}

}
