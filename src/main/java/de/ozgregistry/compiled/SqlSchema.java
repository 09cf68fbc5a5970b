package de.ozgregistry.compiled;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import de.ozgregistry.database.Sql;
import de.ozgregistry.graphql.Cursor;

/**
 * What the compiled read path knows of the schema: for each object type it can answer, the table its rows are in and,
 * for each field it can answer, how: a value of the row, the one row a relation leads to, or a page of the rows a
 * connection lists. Each feature describes its own types ({@link SqlFields}) next to the repository whose SQL rules
 * the descriptions share; a field nobody described is answered by the engine, field by field, as before, and so is
 * every query that selects one.
 * <p>
 * The SQL fragments are fixed text written by the features, never user input; arguments travel as bind values
 * ({@link Sql#placeholder}). In the fragments {@value #ROW} stands for the alias of the row a field belongs to and
 * {@value #TARGET} for the alias of the row a relation or connection leads to.
 */
public final class SqlSchema {

	public static final String ROW = "{row}";

	public static final String TARGET = "{target}";

	private final Map<String, SqlType> types = new HashMap<>();

	private final Map<String, Root> roots = new HashMap<>();

	private final Map<String, PageTopics> rootTopics = new HashMap<>();

	SqlSchema(List<SqlFields> features) {
		features.forEach(feature -> feature.define(this));
		types.values().forEach(type -> {
			if (type.table == null) {
				throw new IllegalStateException("The type " + type.name + " has fields but no table");
			}
		});
	}

	/**
	 * A {@code timestamptz} column ({@code column}, SQL) as text that {@link #instant} reads back: microseconds since
	 * 1970 (PostgreSQL keeps microseconds), so that Java, not SQL, writes instants and cursors.
	 */
	public static String epochMicros(String column) {
		return "(extract(epoch from " + column + ") * 1000000)::bigint::text";
	}

	/** The instant {@link #epochMicros} wrote, in UTC. */
	public static java.time.OffsetDateTime instant(String epochMicros) {
		long micros = Long.parseLong(epochMicros);
		return java.time.Instant
			.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
			.atOffset(java.time.ZoneOffset.UTC);
	}

	/** Describes the object type {@code name}, whose rows are those of {@code table}. */
	public SqlType type(String name, String table) {
		SqlType type = extend(name);
		if (type.table != null) {
			throw new IllegalStateException("The type " + name + " is described twice");
		}
		type.table = table;
		return type;
	}

	/** Adds fields to a type another feature describes (e.g. the adoptions of a solution). */
	public SqlType extend(String name) {
		return types.computeIfAbsent(name, SqlType::new);
	}

	/**
	 * A field of {@code Query} that answers one row of {@code type} (or {@code null}): the condition on
	 * {@value #ROW} that finds it from the field's arguments, all of which {@code arguments} names.
	 */
	public void root(String field, String type, Filter lookup, String... arguments) {
		addRoot(field, new Root(type, lookup, null, Set.of(arguments)));
	}

	/**
	 * A connection field of {@code Query} listing rows of {@code type} in {@code order} (on {@value #ROW}), filtered
	 * by the condition {@code filter} makes of its arguments other than {@code first} and {@code after} (on
	 * {@value #TARGET}), all of which {@code arguments} names.
	 */
	public void rootConnection(String field, String type, String order, Filter filter, String... arguments) {
		addRoot(field, new Root(type, null, new Many(type, "true", order, filter, Set.of(arguments)), Set.of()));
	}

	/**
	 * What a page of the root connection {@code field} read: the topics ({@link PageTopics}) of the rows it showed,
	 * and of those it would show if they changed.
	 */
	public void rootTopics(String field, PageTopics topics) {
		rootTopics.put(field, topics);
	}

	PageTopics rootTopics(String field) {
		return rootTopics.get(field);
	}

	/**
	 * The topics of a page of a connection, as SQL text: an aggregate over the page's rows ({@value #ROW}, up to
	 * {@code first} of them and one more if a next page exists, in {@code {row}.rn}) of text, one topic per line.
	 */
	public interface PageTopics {

		/**
		 * @param after the position the page starts after, {@code null} for the first page
		 * @param first how many rows the page shows (SQL text of a number)
		 * @param counted whether the page's {@code totalCount} is asked for (it counts all rows, not the page's)
		 */
		String topics(Cursor after, String first, boolean counted, Sql binds);

	}

	private void addRoot(String field, Root root) {
		if (roots.putIfAbsent(field, root) != null) {
			throw new IllegalStateException("The root field " + field + " is described twice");
		}
	}

	SqlType typeNamed(String name) {
		return types.get(name);
	}

	/** Every type described, by name. */
	Map<String, SqlType> types() {
		return java.util.Collections.unmodifiableMap(types);
	}

	/** Every root field described, by name. */
	Map<String, Root> roots() {
		return java.util.Collections.unmodifiableMap(roots);
	}

	Root rootNamed(String field) {
		return roots.get(field);
	}

	/**
	 * Turns a field's arguments into a condition on {@value #ROW} (and, for connections, on the parent's row), binding
	 * their values; an empty string for none. It throws, as the field's data fetcher does, for arguments it refuses:
	 * the query then goes to the engine, which answers with the same error.
	 */
	@FunctionalInterface
	public interface Filter {

		String condition(Map<String, Object> arguments, Sql binds);

	}

	/**
	 * Turns the position a client passed as {@code after} into the condition on {@value #TARGET} (the listed rows) of
	 * the rows after it.
	 */
	@FunctionalInterface
	public interface After {

		String condition(Cursor after, Sql binds);

	}

	/**
	 * Where a row stands in every list of its type, as the repository's cursors say it: the SQL text of its ID
	 * ({@code id}) and of its sort key ({@code sortKey}, both on {@value #ROW}, {@code id} without blanks);
	 * {@code cursorOf} makes the repository's cursor of the two texts, and {@code after} finds the rows after a cursor.
	 * The lists of the type are in the one order these describe.
	 */
	public record Keyset(String id, String sortKey, BiFunction<String, String, Cursor> cursorOf, After after) {
	}

	/**
	 * A root field: the type of its rows, and how its arguments (those named in {@code arguments}) find its row, or
	 * which rows it lists.
	 */
	record Root(String type, Filter lookup, Many connection, Set<String> arguments) {
	}

	/** How one field is answered. */
	sealed interface Field permits Value, One, Many {
	}

	/**
	 * A JSON value computed from the row ({@value #ROW}): a column the engine reads as the property of the row's
	 * record ({@code property}), or something computed where the engine has a data fetcher of its own. With
	 * {@code format}, the expression is text that Java turns into the value's string (an instant, written as the
	 * schema's scalar writes it).
	 */
	record Value(String expression, boolean property, Function<String, String> format) implements Field {
	}

	/** The one row of {@code type} (or none) that {@code condition} on {@value #ROW} and {@value #TARGET} finds. */
	record One(String type, String condition) implements Field {
	}

	/**
	 * A connection (Relay-style, first page only): the rows of {@code type} that {@code condition} relates to the
	 * parent, filtered by the field's other arguments (those named in {@code arguments}, besides {@code first} and
	 * {@code after}), in {@code order} (on {@value #ROW}, the listed rows).
	 */
	record Many(String type, String condition, String order, Filter filter, Set<String> arguments) implements Field {
	}

	/** An object type of the schema as SQL answers it. */
	public static final class SqlType {

		final String name;

		private String table;

		private final Map<String, Field> fields = new LinkedHashMap<>();

		private Keyset keyset;

		private final Map<String, String> topics = new HashMap<>();

		private SqlType(String name) {
			this.name = name;
		}

		String table() {
			return table;
		}

		/** Where the rows stand in the lists of this type ({@code null}: the lists' cursors are left to the engine). */
		Keyset keyset() {
			return keyset;
		}

		/**
		 * The topic of what {@code field} reads (SQL text over {@value #ROW}, e.g. the adoptions of this solution):
		 * a response that selects it stays cached until a change whose reach names that topic
		 * ({@code ChangeNotifications#reach}). A field that reads records whose changes have a registered reach
		 * declares the topic they name.
		 */
		public SqlType topic(String field, String topic) {
			topics.put(field, topic);
			return this;
		}

		String topic(String field) {
			return topics.get(field);
		}

		/** The cursors of this type's lists, and paging after them. */
		public SqlType keyset(Keyset keyset) {
			this.keyset = keyset;
			return this;
		}

		/**
		 * A field that is a property of the row's record, read from {@code expression} over the row (any type
		 * {@code json_build_object} takes); for the engine it has no data fetcher of its own.
		 */
		public SqlType value(String field, String expression) {
			return define(field, new Value(expression, true, null));
		}

		/** A {@code DateTime} property of the record, from the {@code timestamptz} {@code column}. */
		public SqlType dateTime(String field, String column) {
			return define(field, new Value(epochMicros(column), true,
					micros -> de.ozgregistry.graphql.Scalars.formatDateTime(instant(micros))));
		}

		/** A field the engine answers with a data fetcher of its own, computed by {@code expression} over the row. */
		public SqlType computed(String field, String expression) {
			return define(field, new Value(expression, false, null));
		}

		/** A field leading to one row of {@code type}: {@code condition} relates {@value #TARGET} to {@value #ROW}. */
		public SqlType one(String field, String type, String condition) {
			return define(field, new One(type, condition));
		}

		/**
		 * A connection field listing rows of {@code type}: {@code condition} relates them ({@value #TARGET}) to this row
		 * ({@value #ROW}), {@code filter} turns the arguments other than {@code first} and {@code after} into a condition
		 * on {@value #TARGET}, and {@code order} (on {@value #ROW}) is the list's order. {@code arguments} names the
		 * arguments {@code filter} reads: a query giving any other is left to the engine (an argument added to the
		 * schema later is never ignored).
		 */
		public SqlType connection(String field, String type, String condition, String order, Filter filter,
				String... arguments) {
			return define(field, new Many(type, condition, order, filter, Set.of(arguments)));
		}

		Field field(String name) {
			return fields.get(name);
		}

		/** The fields described, in the order of their description. */
		Map<String, Field> fields() {
			return java.util.Collections.unmodifiableMap(fields);
		}

		private SqlType define(String field, Field definition) {
			if (fields.putIfAbsent(field, definition) != null) {
				throw new IllegalStateException("The field " + name + "." + field + " is described twice");
			}
			return this;
		}

	}

}
