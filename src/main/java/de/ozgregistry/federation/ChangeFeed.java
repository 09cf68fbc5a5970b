package de.ozgregistry.federation;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.JWK;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import de.ozgregistry.RegistryProperties;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The change feed peers read: every change of a record this node owns, in order, as CloudEvents 1.0 (JSON format),
 * each with the node's signature ({@code ozgsignature}: a detached PS256 JWS over the {@link Canonical} bytes of the
 * event without it). The order is that of the change log's (txid, seq), and only changes of transactions older than
 * the oldest still running are shown (V15__federation.sql): a change that commits later sorts after every change a
 * reader has seen, so no reader skips one.
 * <p>
 * The feed also passes on the records this node received from others (a national node relaying the Länder), as their
 * owners signed them: the owner's event unchanged, with two attributes outside the signature, {@code ozgrelay} (this
 * node) and {@code ozgrelayposition} (where a reader of this feed continues after it). So a reader checks each record
 * against its owner's key, and a relay cannot alter one. A reader's own records are left out ({@code except}).
 */
@Component
public class ChangeFeed {

	/** The attribute naming the node that relays an event (not its owner), outside the owner's signature. */
	static final String RELAY = "ozgrelay";

	/** Where a reader of the relay's feed continues after a relayed event, outside the owner's signature. */
	static final String RELAY_POSITION = "ozgrelayposition";

	/** The attribute carrying the owner's signature. */
	static final String SIGNATURE = "ozgsignature";

	/** The cursor of the feed's beginning. */
	public static final String START = "0-0";

	private static final Pattern CURSOR = Pattern.compile("(\\d{1,20})-(\\d{1,19})");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DatabaseClient db;

	private final NodeKeys keys;

	private final String nodeId;

	private final String source;

	private final Scope scope;

	ChangeFeed(DatabaseClient db, NodeKeys keys, RegistryProperties registry, FederationProperties properties) {
		this.db = db;
		this.keys = keys;
		this.nodeId = registry.nodeId();
		this.source = properties.nodeIri(registry.nodeId());
		this.scope = Scope.parse(properties.scope());
	}

	/** One page of the feed: the events after the cursor and the cursor to continue from. */
	public record Page(List<JsonNode> events, String next) {
	}

	/** Whether the text is a cursor of this feed ({@code <txid>-<seq>}). */
	public static boolean isCursor(String cursor) {
		return CURSOR.matcher(cursor).matches();
	}

	/** Whether cursor {@code a} lies after cursor {@code b} in a feed. */
	static boolean isAfter(String a, String b) {
		Matcher x = CURSOR.matcher(a);
		Matcher y = CURSOR.matcher(b);
		if (!x.matches() || !y.matches()) {
			return false;
		}
		int byTransaction = new BigInteger(x.group(1)).compareTo(new BigInteger(y.group(1)));
		return byTransaction > 0 || byTransaction == 0 && Long.parseLong(x.group(2)) > Long.parseLong(y.group(2));
	}

	/** What the owner's signature of the event covers: the event without the signature and the relay's attributes. */
	static ObjectNode signedPart(ObjectNode event) {
		ObjectNode part = event.deepCopy();
		part.remove(List.of(SIGNATURE, RELAY, RELAY_POSITION));
		return part;
	}

	/** Where a reader of the feed the event came in continues after it (the relay's position if relayed). */
	static String position(JsonNode event) {
		return event.has(RELAY_POSITION) ? event.path(RELAY_POSITION).asString("")
				: event.path("ozgposition").asString("");
	}

	/**
	 * The events after the cursor (at most {@code limit}): this node's own, signed, and those it relays; none of
	 * node {@code except} (the reader's own records).
	 */
	public Mono<Page> after(String cursor, int limit, String except) {
		return entries(cursor, limit, except, false)
			.flatMap(scan -> scan.entries().isEmpty() ? Mono.just(new Page(List.of(), scan.next()))
					: events(scan.entries()).map(events -> new Page(events, scan.next())));
	}

	/**
	 * Signs the entries of this node's feed after the cursor that are not signed yet (by a published key), up to
	 * {@code limit}; emits where the next call continues (the same cursor once nothing is left). What
	 * {@link FeedSigner} does soon after each change, so that readers find the signatures made.
	 */
	Mono<String> signAfter(String cursor, int limit) {
		return entries(cursor, limit, "", true)
			.flatMap(scan -> scan.entries().isEmpty() ? Mono.just(scan.next())
					: keys.publishedKids().flatMap(published -> sign(scan.entries().stream()
						.filter(entry -> entry.kid() == null || !published.contains(entry.kid()))
						.toList())).thenReturn(scan.next()));
	}

	/**
	 * Entries of the feed read after a cursor, and where the next read starts: after the last of them; or, if there
	 * were fewer than asked for, at the feed's end as it was when the read began (every entry up to there was
	 * committed, and was read or is not for this reader). A node holding many records it does not own (received, or
	 * seeded outside its scope) would otherwise read them all again after every change, finding none.
	 */
	private record Scan(List<Entry> entries, String next) {
	}

	/** The feed's entries after the cursor, in order: this node's own, and (unless {@code own}) those it relays. */
	private Mono<Scan> entries(String cursor, int limit, String except, boolean own) {
		Matcher matcher = CURSOR.matcher(cursor);
		if (!matcher.matches()) {
			return Mono.error(new IllegalArgumentException("not a cursor of this feed: " + cursor));
		}
		return position().flatMap(end -> scan(matcher, end, limit, except, own).map(entries -> {
			if (entries.size() == limit) {
				return new Scan(entries, entries.get(entries.size() - 1).cursor());
			}
			return new Scan(entries, isAfter(end, cursor) ? end : cursor);
		}));
	}

	/** Where the feed ends now: its last entry of a transaction older than every running one. */
	private Mono<String> position() {
		return db.sql("select snapshot_position() as position").map(row -> row.get("position", String.class)).one();
	}

	/** The entries after the cursor up to the feed's end, at most {@code limit}. */
	private Mono<List<Entry>> scan(Matcher matcher, String end, int limit, String except, boolean own) {
		Matcher until = CURSOR.matcher(end);
		if (!until.matches()) {
			return Mono.error(new IllegalStateException("not a cursor of this feed: " + end));
		}
		return db.sql("""
				select c.seq, c.txid::text as txid, c.entity_type, c.entity_id, c.entity_version, c.operation,
				       c.snapshot::text as snapshot, c.changed_at, c.origin_event::text as origin,
				       s.envelope::text as envelope, s.kid
				from change_log c
				left join change_signature s on s.seq = c.seq
				where (c.txid, c.seq) > (:txid::xid8, :seq)
				  and (c.txid, c.seq) <= (:untilTxid::xid8, :untilSeq)
				  and c.entity_type in ('ORGANIZATION', 'SOLUTION', 'ADOPTION', 'CONFIRMATION')
				  and (c.registry_node_id = :node and c.origin_event is null
				       and record_owned(c.entity_type, c.entity_id, :node, :prefixes, :ids)
				       or not :own and c.origin_event is not null and c.registry_node_id <> :except)
				order by c.txid, c.seq
				limit :limit""")
			.bind("txid", matcher.group(1))
			.bind("seq", Long.parseLong(matcher.group(2)))
			.bind("untilTxid", until.group(1))
			.bind("untilSeq", Long.parseLong(until.group(2)))
			.bind("node", nodeId)
			.bind("prefixes", scope.prefixArray())
			.bind("ids", scope.organizationArray())
			.bind("own", own)
			.bind("except", except)
			.bind("limit", limit)
			.map(row -> new Entry(row.get("seq", Long.class), row.get("txid", String.class),
					row.get("entity_type", String.class), row.get("entity_id", UUID.class),
					row.get("entity_version", Integer.class), row.get("operation", String.class),
					row.get("snapshot", String.class), row.get("changed_at", OffsetDateTime.class),
					row.get("origin", String.class), null, null, row.get("envelope", String.class),
					row.get("kid", String.class)))
			.all()
			.collectList();
	}

	/** Where a snapshot continues: after {@code <TYPE>/<record ID>}. */
	private static final Pattern SNAPSHOT_CURSOR = Pattern
		.compile("(ORGANIZATION|SOLUTION|ADOPTION|CONFIRMATION)/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

	/**
	 * One page of the snapshot: the feed's position it holds up to (of the moment this page was read), its records
	 * ({@code type}, {@code id}, {@code node}: the owner, {@code version}, {@code hash}, and with {@code events} the
	 * record's latest event as the feed shows it) and where the next page starts (null after the last).
	 */
	public record SnapshotPage(String position, List<JsonNode> records, String next) {
	}

	/** Whether the text is a cursor of the snapshot ({@code <TYPE>/<record ID>}). */
	public static boolean isSnapshotCursor(String cursor) {
		return SNAPSHOT_CURSOR.matcher(cursor).matches();
	}

	/**
	 * Every current record this node owns or passes on (not those of node {@code except}), after the cursor (empty:
	 * from the beginning), at most {@code limit}, each with the hash of its data ({@code record_hash}) and, if asked
	 * for, its latest event, signed.
	 */
	public Mono<SnapshotPage> snapshot(String after, int limit, String except, boolean events) {
		Matcher matcher = SNAPSHOT_CURSOR.matcher(after.isEmpty() ? "ORGANIZATION/00000000-0000-0000-0000-000000000000"
				: after);
		if (!matcher.matches()) {
			return Mono.error(new IllegalArgumentException("not a cursor of this snapshot: " + after));
		}
		Mono<String> position = position();
		Mono<List<Entry>> entries = db.sql("""
				select * from snapshot_records(:node, :prefixes, :ids, :except, :type, :id::uuid, :limit)""")
			.bind("node", nodeId)
			.bind("prefixes", scope.prefixArray())
			.bind("ids", scope.organizationArray())
			.bind("except", except)
			.bind("type", matcher.group(1))
			.bind("id", matcher.group(2))
			.bind("limit", limit)
			.map(row -> new Entry(row.get("seq", Long.class), row.get("txid", String.class),
					row.get("entity_type", String.class), row.get("entity_id", UUID.class),
					row.get("entity_version", Integer.class), row.get("operation", String.class),
					row.get("snapshot", String.class), row.get("changed_at", OffsetDateTime.class),
					row.get("origin_event", String.class), row.get("hash", String.class), row.get("node", String.class),
					row.get("envelope", String.class), row.get("kid", String.class)))
			.all()
			.collectList();
		// the position first: whatever the records' statement sees is at least as new
		return position.flatMap(at -> entries.flatMap(page -> {
			String next = page.size() < limit ? null
					: page.get(page.size() - 1).type() + "/" + page.get(page.size() - 1).id();
			if (!events || page.isEmpty()) {
				return Mono.just(new SnapshotPage(at, page.stream().map(entry -> listing(entry, null)).toList(), next));
			}
			return events(page)
				.map(built -> {
					List<JsonNode> records = new ArrayList<>();
					for (int i = 0; i < page.size(); i++) {
						records.add(listing(page.get(i), built.get(i)));
					}
					return new SnapshotPage(at, records, next);
				});
		}));
	}

	/**
	 * The entries as the feed shows them, in order: relayed ones as their owner signed them, this node's own with the
	 * signature made once ({@code change_signature}), signed now (and kept) if they have none by a published key.
	 */
	private Mono<List<JsonNode>> events(List<Entry> entries) {
		return keys.publishedKids()
			.flatMap(published -> sign(entries.stream()
				.filter(entry -> entry.origin() == null && (entry.envelope() == null || !published.contains(entry.kid())))
				.toList()))
			// parsing and building a page's JSON: off the event loop
			.flatMap(made -> Mono.fromCallable(() -> entries.stream().map(entry -> {
				if (entry.origin() != null) {
					// relayed: the owner's event as it signed it
					ObjectNode relayed = (ObjectNode) JSON.readTree(entry.origin());
					relayed.put(RELAY, nodeId);
					relayed.put(RELAY_POSITION, entry.cursor());
					return (JsonNode) relayed;
				}
				ObjectNode event = made.containsKey(entry.seq()) ? made.get(entry.seq()).deepCopy()
						: (ObjectNode) JSON.readTree(entry.envelope());
				event.set("data", JSON.readTree(entry.snapshot()));
				return (JsonNode) event;
			}).toList()).subscribeOn(Schedulers.parallel()));
	}

	/**
	 * Signs the entries (on every core: it is CPU work) and keeps their signatures; emits the signed events without
	 * their data (the envelopes) by entry.
	 */
	private Mono<Map<Long, ObjectNode>> sign(List<Entry> entries) {
		if (entries.isEmpty()) {
			return Mono.just(Map.of());
		}
		return keys.signingKey()
			.flatMap(key -> OnEveryCore.map(entries, entry -> Map.entry(entry.seq(), envelope(entry, key)))
				.map(signed -> signed.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
				.flatMap(made -> db.sql("""
						insert into change_signature (seq, kid, envelope)
						select x.seq, :kid, x.envelope::jsonb from unnest(:seqs::bigint[], :envelopes::text[]) x (seq, envelope)
						on conflict (seq) do update set kid = excluded.kid, envelope = excluded.envelope""")
					.bind("kid", key.getKeyID())
					.bind("seqs", made.keySet().toArray(Long[]::new))
					.bind("envelopes", made.keySet().stream().map(seq -> made.get(seq).toString()).toArray(String[]::new))
					.then()
					.thenReturn(made)));
	}

	private static JsonNode listing(Entry entry, JsonNode event) {
		ObjectNode record = JSON.createObjectNode();
		record.put("type", entry.type());
		record.put("id", entry.id().toString());
		record.put("node", entry.node());
		record.put("version", entry.version());
		record.put("hash", entry.hash());
		if (event != null) {
			record.set("event", event);
		}
		return record;
	}

	private record Entry(long seq, String txid, String type, UUID id, int version, String operation, String snapshot,
			OffsetDateTime changedAt, String origin, String hash, String node, String envelope, String kid) {

		String cursor() {
			return txid + "-" + seq;
		}

	}

	/** The entry's CloudEvent signed with the key, without its data (which the signature covers). */
	private ObjectNode envelope(Entry entry, JWK key) {
		ObjectNode event = JSON.createObjectNode();
		event.put("specversion", "1.0");
		event.put("id", nodeId + "/" + entry.seq());
		event.put("source", source);
		event.put("type", "de.ozgregistry." + entry.type().toLowerCase(Locale.ROOT) + "."
				+ entry.operation().toLowerCase(Locale.ROOT));
		event.put("subject", entry.type().toLowerCase(Locale.ROOT) + "/" + entry.id());
		event.put("time", entry.changedAt().withOffsetSameInstant(ZoneOffset.UTC)
			.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
		event.put("datacontenttype", "application/json");
		event.put("ozgnode", nodeId);
		event.put("ozgentity", entry.type());
		event.put("ozgentityid", entry.id().toString());
		event.put("ozgversion", entry.version());
		event.put("ozgoperation", entry.operation());
		// where a reader continues after this event (the feed's cursor)
		event.put("ozgposition", entry.cursor());
		event.set("data", JSON.readTree(entry.snapshot()));
		event.put(SIGNATURE, NodeKeys.sign(key, Canonical.bytes(event)));
		event.remove("data");
		return event;
	}

}
