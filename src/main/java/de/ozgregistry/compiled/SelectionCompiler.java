package de.ozgregistry.compiled;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import graphql.normalized.ExecutableNormalizedField;

import de.ozgregistry.database.Sql;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.Page;

/**
 * Compiles the selection of a query into one SQL statement that builds the whole {@code data} object as JSON in
 * PostgreSQL ({@code json_build_object} per object, {@code json_agg} per list), with the rules the features described
 * in {@link SqlSchema}. It refuses ({@link NotCompiled}) whatever it cannot answer exactly as the engine would: a field
 * nobody described, an abstract type, a cursor (cursors are signed on the way out), a page after a cursor, an argument
 * the field's data fetcher would refuse.
 */
final class SelectionCompiler {

	/** {@code json_build_object} takes at most 100 arguments: 50 fields. */
	private static final int MAX_FIELDS = 50;

	private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

	private final SqlSchema schema;

	private final Sql binds = new Sql();

	private int aliases;

	SelectionCompiler(SqlSchema schema) {
		this.schema = schema;
	}

	/** Why a selection is left to the engine. */
	static final class NotCompiled extends RuntimeException {

		NotCompiled(String reason) {
			super(reason, null, false, false);
		}

	}

	Sql binds() {
		return binds;
	}

	/** The statement answering the query's root fields: one row, one column, the {@code data} object as JSON text. */
	String query(List<ExecutableNormalizedField> fields) {
		List<String> parts = new ArrayList<>();
		for (ExecutableNormalizedField field : fields) {
			parts.add(key(field));
			parts.add(field.getName().equals("__typename") ? text("Query") : root(field));
		}
		return "select " + jsonObject(parts) + "::text";
	}

	private String root(ExecutableNormalizedField field) {
		SqlSchema.Root root = schema.rootNamed(field.getName());
		if (root == null) {
			throw new NotCompiled("Query." + field.getName());
		}
		if (root.connection() != null) {
			return connection("", root.connection(), field);
		}
		SqlSchema.SqlType type = type(root.type());
		String row = alias();
		String condition = root.lookup().condition(arguments(field, root.arguments()), binds)
			.replace(SqlSchema.ROW, row);
		return "(select " + object(type, row, field.getChildren()) + " from " + type.table() + " " + row + " where "
				+ condition + ")";
	}

	private String object(SqlSchema.SqlType type, String row, List<ExecutableNormalizedField> children) {
		if (children.size() > MAX_FIELDS) {
			throw new NotCompiled("more than " + MAX_FIELDS + " fields in one object");
		}
		List<String> parts = new ArrayList<>();
		for (ExecutableNormalizedField child : children) {
			if (!child.getObjectTypeNames().equals(java.util.Set.of(type.name))) {
				throw new NotCompiled("a selection on an abstract type");
			}
			parts.add(key(child));
			parts.add(field(type, row, child));
		}
		return jsonObject(parts);
	}

	private String field(SqlSchema.SqlType type, String row, ExecutableNormalizedField field) {
		if (field.getName().equals("__typename")) {
			return text(type.name);
		}
		SqlSchema.Field definition = type.field(field.getName());
		if (definition == null) {
			throw new NotCompiled(type.name + "." + field.getName());
		}
		if (definition instanceof SqlSchema.Value value) {
			if (!field.getResolvedArguments().isEmpty()) {
				throw new NotCompiled(type.name + "." + field.getName() + " with arguments");
			}
			return value.expression().replace(SqlSchema.ROW, row);
		}
		if (definition instanceof SqlSchema.One one) {
			SqlSchema.SqlType target = type(one.type());
			String to = alias();
			return "(select " + object(target, to, field.getChildren()) + " from " + target.table() + " " + to
					+ " where " + one.condition().replace(SqlSchema.ROW, row).replace(SqlSchema.TARGET, to)
					+ " limit 1)";
		}
		return connection(row, (SqlSchema.Many) definition, field);
	}

	/**
	 * A connection's first page: the rows in a subquery with the page's limit (one more than wanted, which tells
	 * whether a next page exists), numbered in the list's order, aggregated into the edges.
	 */
	private String connection(String parent, SqlSchema.Many many, ExecutableNormalizedField field) {
		Map<String, Object> arguments = arguments(field, many.arguments());
		Page page = Page.of((Integer) arguments.get("first"), (String) arguments.get("after"));
		if (page.after() != null) {
			throw new NotCompiled("a page after a cursor");
		}
		Map<String, Object> filters = new java.util.HashMap<>(arguments);
		filters.remove("first");
		filters.remove("after");
		SqlSchema.SqlType target = type(many.type());
		String row = alias();
		String inner = alias();
		String filter = many.filter().condition(filters, binds);
		String where = many.condition() + (filter.isEmpty() ? "" : " and " + filter);
		String limit = binds.placeholder(page.limit());
		String first = Integer.toString(page.first());
		List<String> parts = new ArrayList<>();
		for (ExecutableNormalizedField child : field.getChildren()) {
			parts.add(key(child));
			parts.add(switch (child.getName()) {
				case "__typename" -> text(single(child));
				case "totalCount" -> {
					String counted = alias();
					yield "(select count(*)::int from " + target.table() + " " + counted + " where "
							+ where.replace(SqlSchema.ROW, parent).replace(SqlSchema.TARGET, counted) + ")";
				}
				case "pageInfo" -> pageInfo(child, first);
				case "edges" -> "coalesce(json_agg(" + edge(target, row, child) + " order by " + row + ".rn) filter "
						+ "(where " + row + ".rn <= " + first + "), '[]'::json)";
				default -> throw new NotCompiled("connection field " + child.getName());
			});
		}
		return "(select " + jsonObject(parts) + " from (select " + inner + ".*, row_number() over (order by "
				+ many.order().replace(SqlSchema.ROW, inner) + ") as rn from (select " + inner + ".* from "
				+ target.table() + " " + inner + " where "
				+ where.replace(SqlSchema.ROW, parent).replace(SqlSchema.TARGET, inner) + " order by "
				+ many.order().replace(SqlSchema.ROW, inner) + " limit " + limit + ") " + inner + ") " + row
				// one row even for an empty list whose edges nobody asked for (an aggregate without groups)
				+ " group by ())";
	}

	private String edge(SqlSchema.SqlType target, String row, ExecutableNormalizedField edges) {
		List<String> parts = new ArrayList<>();
		for (ExecutableNormalizedField child : edges.getChildren()) {
			parts.add(key(child));
			parts.add(switch (child.getName()) {
				case "__typename" -> text(single(child));
				case "node" -> object(target, row, child.getChildren());
				default -> throw new NotCompiled("edge field " + child.getName());
			});
		}
		return jsonObject(parts);
	}

	/** Lists are paged forward only: a first page has no previous one. */
	private String pageInfo(ExecutableNormalizedField pageInfo, String first) {
		List<String> parts = new ArrayList<>();
		for (ExecutableNormalizedField child : pageInfo.getChildren()) {
			parts.add(key(child));
			parts.add(switch (child.getName()) {
				case "__typename" -> text(single(child));
				case "hasNextPage" -> "count(*) > " + first;
				case "hasPreviousPage" -> "false";
				default -> throw new NotCompiled("page info field " + child.getName());
			});
		}
		return jsonObject(parts);
	}

	/**
	 * The arguments as the field's data fetcher gets them, their texts checked as at the API's boundary; one the
	 * description does not name ({@code known}, besides a page's {@code first} and {@code after}) is not compiled.
	 */
	private static Map<String, Object> arguments(ExecutableNormalizedField field, java.util.Set<String> known) {
		Map<String, Object> arguments = field.getResolvedArguments();
		arguments.forEach((name, value) -> {
			if (value != null && !known.contains(name) && !name.equals("first") && !name.equals("after")) {
				throw new NotCompiled("the argument " + name + " of " + field.getName());
			}
			Inputs.requireCleanAll(value, name);
		});
		return arguments;
	}

	private SqlSchema.SqlType type(String name) {
		SqlSchema.SqlType type = schema.typeNamed(name);
		if (type == null) {
			throw new NotCompiled("type " + name);
		}
		return type;
	}

	private static String single(ExecutableNormalizedField field) {
		if (field.getObjectTypeNames().size() != 1) {
			throw new NotCompiled("a selection on an abstract type");
		}
		return field.getObjectTypeNames().iterator().next();
	}

	private String alias() {
		return "t" + aliases++;
	}

	/** A response key as an SQL literal (names and aliases are GraphQL names: letters, digits, underscores). */
	private static String key(ExecutableNormalizedField field) {
		return literal(field.getResultKey());
	}

	private static String text(String name) {
		return literal(name) + "::text";
	}

	private static String literal(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new NotCompiled("name " + name);
		}
		return "'" + name + "'";
	}

	private static String jsonObject(List<String> parts) {
		return "json_build_object(" + String.join(", ", parts) + ")";
	}

}
