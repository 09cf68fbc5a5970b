package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import graphql.TrivialDataFetcher;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;

import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.database.Migration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's boundary, in front of every data fetcher of the schema: each text in the arguments (at any depth of
 * the input objects and lists) obeys {@link Inputs#requireClean}, cursors go out signed ({@code cursor},
 * {@code startCursor}, {@code endCursor}) and come back verified ({@code after}), so that feature code never sees a
 * NUL, a bidirectional control or a forged cursor, whatever argument it reads.
 */
@Configuration(proxyBeanMethods = false)
class ApiBoundary {

	private static final Set<String> CURSOR_FIELDS = Set.of("cursor", "startCursor", "endCursor");

	/**
	 * The cursor signer under {@code OZG_CURSOR_SECRET} if set, else under the node secret that migration V8
	 * generated into the database, so that every instance on one database signs alike, also after a restart.
	 * Read once at start-up, after the migrations, over JDBC (never on a request path).
	 */
	@Bean
	CursorSigner cursorSigner(Migration migration, DatabaseEndpoint endpoint,
			@Value("${ozg.cursor-secret:}") String configured) {
		if (!configured.isEmpty()) {
			if (configured.length() < 32) {
				throw new IllegalStateException("OZG_CURSOR_SECRET must have at least 32 characters.");
			}
			return new CursorSigner(configured.getBytes(StandardCharsets.UTF_8));
		}
		try (Connection connection = endpoint.openJdbcConnection();
				ResultSet row = connection.createStatement()
					.executeQuery("select secret from node_secret where name = 'cursor'")) {
			if (!row.next()) {
				throw new IllegalStateException("The node secret 'cursor' is missing from table node_secret.");
			}
			return new CursorSigner(row.getBytes(1));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the node secret", ex);
		}
	}

	@Bean
	GraphQlSourceBuilderCustomizer apiBoundaryVisitor(CursorSigner signer) {
		return builder -> builder.typeVisitors(List.of(new Visitor(signer)));
	}

	/** Wraps the data fetchers of fields with text arguments and of cursor fields. */
	static final class Visitor extends GraphQLTypeVisitorStub {

		private final CursorSigner signer;

		Visitor(CursorSigner signer) {
			this.signer = signer;
		}

		@Override
		public TraversalControl visitGraphQLFieldDefinition(GraphQLFieldDefinition field,
				TraverserContext<GraphQLSchemaElement> context) {
			if (!(context.getParentNode() instanceof GraphQLObjectType parent)) {
				return TraversalControl.CONTINUE;
			}
			boolean cursor = CURSOR_FIELDS.contains(field.getName()) && isString(field.getType());
			boolean texts = field.getArguments().stream().anyMatch(a -> holdsText(a.getType(), new HashSet<>()));
			if (cursor || texts) {
				GraphQLCodeRegistry.Builder registry = context.getVarFromParents(GraphQLCodeRegistry.Builder.class);
				FieldCoordinates coordinates = FieldCoordinates.coordinates(parent, field);
				DataFetcher<?> fetcher = registry.getDataFetcher(coordinates, field);
				registry.dataFetcher(coordinates, cursor ? signing(fetcher) : checking(fetcher, field));
			}
			return TraversalControl.CONTINUE;
		}

		private DataFetcher<?> signing(DataFetcher<?> fetcher) {
			if (fetcher instanceof TrivialDataFetcher<?>) {
				return (TrivialDataFetcher<Object>) env -> sign(fetcher.get(env));
			}
			return env -> sign(fetcher.get(env));
		}

		private Object sign(Object value) {
			if (value instanceof String cursor) {
				return signer.sign(cursor);
			}
			if (value instanceof CompletionStage<?> stage) {
				return stage.thenApply(this::sign);
			}
			return value;
		}

		private DataFetcher<?> checking(DataFetcher<?> fetcher, GraphQLFieldDefinition field) {
			boolean paged = field.getArgument("after") != null && isString(field.getArgument("after").getType());
			return env -> {
				env.getArguments().forEach((name, value) -> Inputs.requireCleanAll(value, name));
				if (paged && env.getArgument("after") instanceof String after && !after.isEmpty()) {
					Map<String, Object> arguments = new LinkedHashMap<>(env.getArguments());
					arguments.put("after", signer.verify(after, "after"));
					DataFetchingEnvironment verified = DataFetchingEnvironmentImpl.newDataFetchingEnvironment(env)
						.arguments(arguments)
						.build();
					return fetcher.get(verified);
				}
				return fetcher.get(env);
			};
		}

		private static boolean isString(GraphQLType type) {
			return GraphQLTypeUtil.unwrapAll(type) instanceof GraphQLScalarType scalar
					&& (scalar.getName().equals("String") || scalar.getName().equals("ID"));
		}

		private static boolean holdsText(GraphQLInputType type, Set<String> seen) {
			GraphQLType named = GraphQLTypeUtil.unwrapAll(type);
			if (named instanceof GraphQLInputObjectType object) {
				return seen.add(object.getName())
						&& object.getFieldDefinitions().stream().anyMatch(f -> holdsText(f.getType(), seen));
			}
			return isString(named);
		}

	}

}
