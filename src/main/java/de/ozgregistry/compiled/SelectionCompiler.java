package de.ozgregistry.compiled;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import graphql.normalized.ExecutableNormalizedField;

import de.ozgregistry.database.Sql;
import de.ozgregistry.graphql.CursorSigner;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.Page;

/**
 * Compiles the selection of a query into one SQL statement that builds the whole {@code data} object as JSON in
 * PostgreSQL ({@code json_build_object} per object, {@code json_agg} per list), with the rules the features described
 * in {@link SqlSchema}. It refuses ({@link NotCompiled}) whatever it cannot answer exactly as the engine would: a field
 * nobody described, an abstract type, a cursor of a type without a {@link SqlSchema.Keyset}, an argument the field's
 * data fetcher would refuse.
 * <p>
 * What Java writes (cursors, which are signed, and instants, written as the {@code DateTime} scalar writes them)
 * leaves PostgreSQL as a marked string: {@value #MARK} (which no text of the database can hold: PostgreSQL's text
 * has no NUL), the number of a {@link #formats() format}, a blank and the text to format. {@link CompiledReads#finish}
 * replaces each by its formatted value. The topics of what the response read ({@link SqlSchema.SqlType#topic}) leave
 * it the same way, tagged {@value #TOPIC}, as the last pairs of their objects, which the finishing pass removes.
 */
final class SelectionCompiler {

	/** {@code json_build_object} takes at most 100 arguments: 50 fields. */
	private static final int MAX_FIELDS = 50;

	private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

	/** The start of a marked string, as PostgreSQL writes it in JSON. */
	static final String MARK = "\\u0000";

	/** The tag of a marked string that is a topic of what the response read, not a value. */
	static final String TOPIC = "T";

	private final SqlSchema schema;

	private final CursorSigner signer;

	private final Sql binds = new Sql();

	private final List<Function<String, String>> formats = new ArrayList<>();

	private int aliases;

	SelectionCompiler(SqlSchema schema, CursorSigner signer) {
		this.schema = schema;
		this.signer = signer;
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

	/** What formats the marked strings of the statement, by their number. */
	List<Function<String, String>> formats() {
		return formats;
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
			return connection("", root.connection(), field, schema.rootTopics(field.getName()));
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
		java.util.Set<String> topics = new java.util.LinkedHashSet<>();
		for (ExecutableNormalizedField child : children) {
			if (!child.getObjectTypeNames().equals(java.util.Set.of(type.name))) {
				throw new NotCompiled("a selection on an abstract type");
			}
			parts.add(key(child));
			parts.add(field(type, row, child));
			if (type.topic(child.getName()) != null) {
				topics.add(type.topic(child.getName()));
			}
		}
		if (children.size() + topics.size() > MAX_FIELDS) {
			throw new NotCompiled("more than " + MAX_FIELDS + " fields and topics in one object");
		}
		return jsonObject(parts, topics, row);
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
			String expression = value.expression().replace(SqlSchema.ROW, row);
			return (value.format() == null) ? expression : "(" + marked(expression, value.format()) + ")::json";
		}
		if (definition instanceof SqlSchema.One one) {
			SqlSchema.SqlType target = type(one.type());
			String to = alias();
			return "(select " + object(target, to, field.getChildren()) + " from " + target.table() + " " + to
					+ " where " + one.condition().replace(SqlSchema.ROW, row).replace(SqlSchema.TARGET, to)
					+ " limit 1)";
		}
		return connection(row, (SqlSchema.Many) definition, field, null);
	}

	/**
	 * A connection's first page: the rows in a subquery with the page's limit (one more than wanted, which tells
	 * whether a next page exists), numbered in the list's order, aggregated into the edges; with the {@code topics}
	 * of what it read, if the connection has them.
	 */
	private String connection(String parent, SqlSchema.Many many, ExecutableNormalizedField field,
			SqlSchema.PageTopics topics) {
		Map<String, Object> arguments = arguments(field, many.arguments());
		String after = (String) arguments.get("after");
		// verified as at the API's boundary; a cursor not signed here is refused by the engine, with its error
		Page page = Page.of((Integer) arguments.get("first"),
				(after == null || after.isEmpty()) ? after : signer.verify(after, "after"));
		Map<String, Object> filters = new java.util.HashMap<>(arguments);
		filters.remove("first");
		filters.remove("after");
		SqlSchema.SqlType target = type(many.type());
		String row = alias();
		String inner = alias();
		String filter = many.filter().condition(filters, binds);
		String where = many.condition() + (filter.isEmpty() ? "" : " and " + filter);
		String pageWhere = where;
		if (page.after() != null) {
			pageWhere += " and " + keyset(target).after().condition(page.after(), binds);
		}
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
				case "pageInfo" -> pageInfo(child, target, row, first);
				case "edges" -> "coalesce(json_agg(" + edge(target, row, child) + " order by " + row + ".rn) filter "
						+ "(where " + row + ".rn <= " + first + "), '[]'::json)";
				default -> throw new NotCompiled("connection field " + child.getName());
			});
		}
		java.util.Set<String> read = (topics == null) ? java.util.Set.of()
				: java.util.Set.of(topics.topics(page.after(), first,
						field.getChildren().stream().anyMatch(child -> child.getName().equals("totalCount")), binds));
		return "(select " + jsonObject(parts, read, row) + " from (select " + inner + ".*, row_number() over (order by "
				+ many.order().replace(SqlSchema.ROW, inner) + ") as rn from (select " + inner + ".* from "
				+ target.table() + " " + inner + " where "
				+ pageWhere.replace(SqlSchema.ROW, parent).replace(SqlSchema.TARGET, inner) + " order by "
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
				case "cursor" -> "(" + cursor(target, row) + ")::json";
				default -> throw new NotCompiled("edge field " + child.getName());
			});
		}
		return jsonObject(parts);
	}

	/** Lists are paged forward only: no page has a previous one (as the engine answers). */
	private String pageInfo(ExecutableNormalizedField pageInfo, SqlSchema.SqlType target, String row, String first) {
		List<String> parts = new ArrayList<>();
		for (ExecutableNormalizedField child : pageInfo.getChildren()) {
			parts.add(key(child));
			parts.add(switch (child.getName()) {
				case "__typename" -> text(single(child));
				case "hasNextPage" -> "count(*) > " + first;
				case "hasPreviousPage" -> "false";
				case "startCursor" -> pageCursor(target, row, first, "");
				case "endCursor" -> pageCursor(target, row, first, " desc");
				default -> throw new NotCompiled("page info field " + child.getName());
			});
		}
		return jsonObject(parts);
	}

	/** The cursor of the page's first or last row ({@code null} for an empty page). */
	private String pageCursor(SqlSchema.SqlType target, String row, String first, String direction) {
		return "((array_agg(" + cursor(target, row) + " order by " + row + ".rn" + direction + ") filter (where " + row
				+ ".rn <= " + first + "))[1])::json";
	}

	/** The signed cursor of the row {@code row} of {@code target}, as marked text. */
	private String cursor(SqlSchema.SqlType target, String row) {
		SqlSchema.Keyset keyset = keyset(target);
		return marked(keyset.id().replace(SqlSchema.ROW, row) + " || ' ' || "
				+ keyset.sortKey().replace(SqlSchema.ROW, row), text -> {
					int space = text.indexOf(' ');
					return signer.sign(keyset.cursorOf().apply(text.substring(0, space), text.substring(space + 1)).encode());
				});
	}

	private static SqlSchema.Keyset keyset(SqlSchema.SqlType type) {
		if (type.keyset() == null) {
			throw new NotCompiled("cursors of " + type.name);
		}
		return type.keyset();
	}

	/**
	 * The text {@code expression} (SQL) as a marked JSON string, as text: {@link CompiledReads#finish} puts
	 * {@code format}'s value of the text in its place.
	 */
	private String marked(String expression, Function<String, String> format) {
		formats.add(format);
		return marked(expression, Integer.toString(formats.size() - 1));
	}

	private static String marked(String expression, String tag) {
		return "'\"\\u0000" + tag + " ' || substr(to_json((" + expression + ")::text)::text, 2)";
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

	/**
	 * An object with, after its fields, one marked pair per topic (over the row {@code row}) of what they read, which
	 * {@link CompiledReads#finish} takes out of the JSON and collects ({@value #TOPIC}: the tag of a topic).
	 */
	private static String jsonObject(List<String> parts, java.util.Set<String> topics, String row) {
		List<String> all = new ArrayList<>(parts);
		for (String topic : topics) {
			all.add("'~'");
			all.add("(" + marked(topic.replace(SqlSchema.ROW, row), TOPIC) + ")::json");
		}
		return jsonObject(all);
	}

}
