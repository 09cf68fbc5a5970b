package de.ozgregistry.graphql;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import graphql.GraphQLContext;
import graphql.TrivialDataFetcher;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.Parser;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;

import org.springframework.stereotype.Component;

/**
 * The topics ({@link DataGeneration#changedSince}) of what an answer of the engine read, so that the response cache
 * keeps it through changes that reach other topics. A field whose data fetcher reads something of the registry is
 * <em>declared</em> here ({@link #declare}) by the feature that owns it, and its data fetcher then tells, every time
 * it runs, the topics of what it read ({@link #read}; none if it reads nothing that a change of known reach changes:
 * every change of a record other than an adoption reaches everything). A query counts as having read only the topics
 * its fields told if every field it selects is either declared or a plain property of an object already read
 * (graphql-java's {@link TrivialDataFetcher}); any other field makes it a read of anything, as before.
 */
@Component
public class ReadTopics {

	private static final String KEY = ReadTopics.class.getName() + ".told";

	/** How many documents' verdicts are kept (emptied when full). */
	private static final int CAPACITY = 1000;

	private record Verdict(String document, String operationName) {
	}

	private final Set<FieldCoordinates> declared = ConcurrentHashMap.newKeySet();

	private final Map<Verdict, Boolean> verdicts = new ConcurrentHashMap<>();

	/**
	 * Declares that the data fetcher of {@code typeName.fieldName} tells through {@link #read} the topics of all it
	 * reads each time it runs: declare a field only together with that call in its data fetcher.
	 */
	public void declare(String typeName, String fieldName) {
		declared.add(FieldCoordinates.coordinates(typeName, fieldName));
		verdicts.clear();
	}

	/** Tells that the field being fetched read {@code topics} (in addition to what other fields told). */
	public static void read(GraphQLContext context, Collection<String> topics) {
		Set<String> told = context.computeIfAbsent(KEY, key -> ConcurrentHashMap.newKeySet());
		told.addAll(topics);
	}

	/**
	 * The topics of what the execution with {@code context} of {@code document}'s operation {@code operationName}
	 * read, or {@code null} (a read of anything) if one of its fields is neither declared nor a plain property.
	 */
	Set<String> of(GraphQLSchema schema, String document, String operationName, GraphQLContext context) {
		Verdict key = new Verdict(document, operationName);
		Boolean declaredOnly = verdicts.get(key);
		if (declaredOnly == null) {
			declaredOnly = declaredOnly(schema, document, operationName);
			if (verdicts.size() >= CAPACITY) {
				verdicts.clear();
			}
			verdicts.put(key, declaredOnly);
		}
		if (!declaredOnly) {
			return null;
		}
		Set<String> told = context.get(KEY);
		return (told == null) ? Set.of() : Set.copyOf(told);
	}

	private boolean declaredOnly(GraphQLSchema schema, String text, String operationName) {
		Document document = Parser.parse(text);
		Map<String, FragmentDefinition> fragments = new HashMap<>();
		document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
		return document.getDefinitionsOfType(OperationDefinition.class)
			.stream()
			.filter(operation -> operationName == null || operationName.isEmpty()
					|| Objects.equals(operation.getName(), operationName))
			.findFirst()
			.filter(operation -> operation.getOperation() == OperationDefinition.Operation.QUERY)
			.map(operation -> declaredOnly(schema, schema.getQueryType(), operation.getSelectionSet(), fragments,
					new HashSet<>()))
			.orElse(false);
	}

	/**
	 * Whether every field of {@code selections} on {@code type} (every object type it stands for), and below, is
	 * declared or a plain property. Directives are not evaluated: a field counts even where {@code @skip} leaves it.
	 */
	private boolean declaredOnly(GraphQLSchema schema, GraphQLCompositeType type, SelectionSet selections,
			Map<String, FragmentDefinition> fragments, Set<String> spread) {
		for (Selection<?> selection : selections.getSelections()) {
			if (selection instanceof Field field) {
				if (field.getName().startsWith("__")) {
					continue; // __typename, and introspection: the schema, not the registry's data
				}
				for (GraphQLObjectType object : objectTypes(schema, type)) {
					GraphQLFieldDefinition definition = object.getFieldDefinition(field.getName());
					if (definition == null) {
						return false; // not valid: it fails validation, and nothing of it is kept
					}
					boolean plain = schema.getCodeRegistry()
						.getDataFetcher(object, definition) instanceof TrivialDataFetcher<?>;
					if (!plain && !declared.contains(FieldCoordinates.coordinates(object, definition))) {
						return false;
					}
					GraphQLType below = GraphQLTypeUtil.unwrapAll(definition.getType());
					if (field.getSelectionSet() != null && below instanceof GraphQLCompositeType composite
							&& !declaredOnly(schema, composite, field.getSelectionSet(), fragments, spread)) {
						return false;
					}
				}
			}
			else if (selection instanceof InlineFragment inline) {
				GraphQLCompositeType on = (inline.getTypeCondition() == null) ? type
						: (GraphQLCompositeType) schema.getType(inline.getTypeCondition().getName());
				if (on == null || !declaredOnly(schema, on, inline.getSelectionSet(), fragments, spread)) {
					return false;
				}
			}
			else if (selection instanceof FragmentSpread named) {
				FragmentDefinition fragment = fragments.get(named.getName());
				if (fragment == null) {
					return false;
				}
				if (spread.add(named.getName() + " on " + type.getName())) {
					GraphQLType on = schema.getType(fragment.getTypeCondition().getName());
					if (!(on instanceof GraphQLCompositeType composite)
							|| !declaredOnly(schema, composite, fragment.getSelectionSet(), fragments, spread)) {
						return false;
					}
				}
			}
		}
		return true;
	}

	private static List<GraphQLObjectType> objectTypes(GraphQLSchema schema, GraphQLCompositeType type) {
		if (type instanceof GraphQLObjectType object) {
			return List.of(object);
		}
		if (type instanceof GraphQLInterfaceType face) {
			return schema.getImplementations(face);
		}
		if (type instanceof GraphQLUnionType union) {
			return union.getTypes().stream().map(GraphQLObjectType.class::cast).toList();
		}
		return List.of();
	}

}
