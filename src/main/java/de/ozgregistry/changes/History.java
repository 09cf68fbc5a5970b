package de.ozgregistry.changes;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.database.Sql;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Cursor;
import de.ozgregistry.graphql.NestedPages;
import de.ozgregistry.graphql.RegistryException;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the history of records from the change log, newest first. Each entry lists the fields that differ from the
 * previous snapshot of the same record; PostgreSQL computes the difference of the two JSON snapshots.
 */
@Repository
class History {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Bookkeeping columns that change with every write and say nothing of their own. */
	private static final String DIFF = """
			(select coalesce(jsonb_agg(jsonb_build_object('field', k, 'from', y.previous -> k, 'to', y.snapshot -> k)
			                           order by k), '[]'::jsonb)
			 from jsonb_object_keys(y.snapshot || coalesce(y.previous, '{}'::jsonb)) as k
			 where k not in ('version', 'updated_at', 'created_at')
			   and (y.snapshot -> k) is distinct from (y.previous -> k))::text as changes""";

	/**
	 * The records asked for and the records merged into them (organization_merge, V9__one_record_per_body.sql): the
	 * history of a kreisfreie Stadt includes that of its former Kreis record.
	 */
	private static final String WITH_MERGED = "array_cat(:parents::uuid[], array(select m.merged_id "
			+ "from organization_merge m where m.organization_id = any(:parents)))";

	/** The record an entry belongs to now. */
	private static final String OWNER = "coalesce((select m.organization_id from organization_merge m "
			+ "where m.merged_id = c.entity_id), c.entity_id)";

	private final DatabaseClient db;

	History(DatabaseClient db) {
		this.db = db;
	}

	Mono<Map<NestedPages.Key, Connection<HistoryEntry>>> of(Set<NestedPages.Key> keys) {
		return NestedPages.load(keys, (parents, page) -> {
			Sql after = new Sql();
			if (page.after() != null) {
				after.and("x.seq < :afterSeq", "afterSeq", seq(page.after()));
			}
			return after
				.bind(db.sql("select y.owner, y.entity_id, y.seq, y.entity_version, y.operation, y.changed_at, "
						+ "y.actor_organization_id, y.actor_subject, y.actor_role, " + DIFF + " from ("
						+ "select x.*, row_number() over (partition by x.owner order by x.seq desc) as rn from ("
						+ "select c.*, " + OWNER + " as owner, "
						+ "lag(c.snapshot) over (partition by c.entity_id order by c.seq) as previous "
						+ "from change_log c where c.entity_id = any(" + WITH_MERGED + ")) x " + after.where()
						+ ") y where y.rn <= :limit order by y.owner, y.rn"))
				.bind("parents", parents.toArray(UUID[]::new))
				.bind("limit", page.limit())
				.map(row -> new NestedPages.Item<>(row.get("owner", UUID.class),
						new HistoryEntry(row.get("entity_id", UUID.class), row.get("seq", Long.class),
								row.get("entity_version", Integer.class), row.get("operation", String.class),
								row.get("changed_at", OffsetDateTime.class),
								row.get("actor_organization_id", UUID.class), row.get("actor_subject", String.class),
								row.get("actor_role", String.class), changes(row.get("changes", String.class)))))
				.all();
		}, parents -> db.sql("select " + OWNER + " as owner, count(*)::int as n from change_log c "
				+ "where c.entity_id = any(" + WITH_MERGED + ") group by 1")
			.bind("parents", parents.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("owner", UUID.class), row.get("n", Integer.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue),
				entry -> new Cursor(Long.toString(entry.seq()), entry.entityId().toString()));
	}

	private static long seq(Cursor cursor) {
		try {
			return Long.parseLong(cursor.sortKey());
		}
		catch (NumberFormatException ex) {
			throw RegistryException.invalid("after", "cursor", "Not a cursor of this list.");
		}
	}

	private static List<HistoryEntry.FieldChange> changes(String json) {
		List<HistoryEntry.FieldChange> changes = new ArrayList<>();
		for (JsonNode change : JSON.readTree(json)) {
			changes.add(new HistoryEntry.FieldChange(camelCase(change.get("field").asString()),
					jsonOrNull(change.get("from")), jsonOrNull(change.get("to"))));
		}
		return changes;
	}

	private static String jsonOrNull(JsonNode value) {
		return (value == null || value.isNull() || value.isMissingNode()) ? null : value.toString();
	}

	/** Snapshot keys are column names ({@code terms_and_costs}); the API speaks camelCase ({@code termsAndCosts}). */
	static String camelCase(String column) {
		StringBuilder name = new StringBuilder();
		boolean upper = false;
		for (char c : column.toCharArray()) {
			if (c == '_') {
				upper = true;
			}
			else {
				name.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return name.toString();
	}

}
