package de.ozgregistry.database;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A WHERE clause assembled from fixed SQL fragments and named bind values: user input only ever travels as a bind
 * value, never as SQL text.
 */
public final class Sql {

	private final List<String> conditions = new ArrayList<>();

	private final Map<String, Object> binds;

	public Sql() {
		this(new LinkedHashMap<>());
	}

	private Sql(Map<String, Object> binds) {
		this.binds = binds;
	}

	/** Conditions of their own whose values are bound in {@code statement} (a part of a larger statement). */
	public static Sql within(Sql statement) {
		return new Sql(statement.binds);
	}

	/** Adds {@code condition} (fixed SQL with {@code :name} placeholders) if {@code value} is not null. */
	public Sql and(String condition, String name, Object value) {
		if (value != null) {
			conditions.add(condition);
			binds.put(name, value);
		}
		return this;
	}

	/** Adds a fixed condition with several bind values. */
	public Sql and(String condition, Map<String, Object> values) {
		conditions.add(condition);
		binds.putAll(values);
		return this;
	}

	/** Adds a fixed condition whose values (if any) have their {@link #placeholder}s in it. */
	public Sql and(String condition) {
		conditions.add(condition);
		return this;
	}

	/**
	 * Binds {@code value} under a name of its own ({@code b0}, {@code b1}, …) and returns its placeholder, for SQL
	 * assembled from fragments that each bind their own values.
	 */
	public String placeholder(Object value) {
		String name = "b" + binds.size();
		binds.put(name, value);
		return ":" + name;
	}

	/** {@code "a and b"}, or an empty string. */
	public String conditions() {
		return String.join(" and ", conditions);
	}

	/** {@code "where a and b"}, or an empty string. */
	public String where() {
		return conditions.isEmpty() ? "" : "where " + String.join(" and ", conditions);
	}

	/** {@code "and a and b"}, to extend an existing WHERE clause, or an empty string. */
	public String andWhere() {
		return conditions.isEmpty() ? "" : "and " + String.join(" and ", conditions);
	}

	public DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec) {
		for (Map.Entry<String, Object> bind : binds.entrySet()) {
			spec = spec.bind(bind.getKey(), bind.getValue());
		}
		return spec;
	}

	/** A LIKE pattern matching {@code text} anywhere, with LIKE's wildcards in the text escaped. */
	public static String containsPattern(String text) {
		return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

}
