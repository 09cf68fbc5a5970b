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
		return builder -> builder.schemaFactory(factory::createGraphQLSchema)
			.typeVisitors(java.util.List.of(new RepresentationsCheck()));
	}

	/**
	 * Checks {@code _entities}' representations before spring-graphql reads them: each must be an object with its
	 * {@code __typename} (a gateway sends nothing else; anything else was a {@code ClassCastException}, INTERNAL).
	 */
	static final class RepresentationsCheck extends graphql.schema.GraphQLTypeVisitorStub {

		@Override
		public graphql.util.TraversalControl visitGraphQLFieldDefinition(graphql.schema.GraphQLFieldDefinition field,
				graphql.util.TraverserContext<graphql.schema.GraphQLSchemaElement> context) {
			if (field.getName().equals("_entities")
					&& context.getParentNode() instanceof graphql.schema.GraphQLObjectType parent
					&& parent.getName().equals("Query")) {
				graphql.schema.GraphQLCodeRegistry.Builder registry = context
					.getVarFromParents(graphql.schema.GraphQLCodeRegistry.Builder.class);
				graphql.schema.FieldCoordinates coordinates = graphql.schema.FieldCoordinates.coordinates(parent, field);
				graphql.schema.DataFetcher<?> fetcher = registry.getDataFetcher(coordinates, field);
				registry.dataFetcher(coordinates, (graphql.schema.DataFetcher<Object>) env -> {
					Object representations = env.getArgument("representations");
					if (!(representations instanceof java.util.List<?> list)) {
						throw invalid(-1);
					}
					for (int i = 0; i < list.size(); i++) {
						if (!(list.get(i) instanceof java.util.Map<?, ?> map) || !(map.get("__typename") instanceof String)) {
							throw invalid(i);
						}
					}
					return fetcher.get(env);
				});
			}
			return graphql.util.TraversalControl.CONTINUE;
		}

		private static de.ozgregistry.graphql.RegistryException invalid(int index) {
			return de.ozgregistry.graphql.RegistryException.invalid(
					index < 0 ? "representations" : "representations." + index, "entity-representation",
					"A representation is an object with __typename and the entity's key fields, e.g. "
							+ "{\"__typename\": \"Organization\", \"ars\": \"064120000000\"}.");
		}

	}

}
