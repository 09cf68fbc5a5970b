package de.ozgregistry.notification;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import de.ozgregistry.changes.ChangeNotifications;
import de.ozgregistry.discovery.OpenGaps;
import de.ozgregistry.organization.Organizations;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Brings events to subscribers, in three steps on every tick of {@code ozg.notifications.poll-interval}, each of
 * them kept in tables so that a restart (or another instance on the same database) goes on where it stopped:
 * <ol>
 * <li><b>find</b>: the change-log entries committed since the cursor ({@code notification_cursor}) become events of
 * the subscriptions they concern ({@code notification_enqueue}, and new solutions for gaps by {@link OpenGaps}), in
 * the transaction that moves the cursor;</li>
 * <li><b>batch</b>: the events of a subscription that has been quiet for {@code debounce} (or waited
 * {@code max-delay}) become one message (one event, or a digest: a bulk import sends one), with one delivery per
 * channel;</li>
 * <li><b>deliver</b>: due deliveries are claimed for a while (an instance that dies mid-send leaves them to be
 * retried), sent by e-mail or webhook off the event loop, and recorded: delivered, or retried with backoff, or
 * given up after {@code max-attempts}.</li>
 * </ol>
 */
@Component
class Dispatcher implements DisposableBean {

	private static final Log logger = LogFactory.getLog(Dispatcher.class);

	private static final int PAGE = 1_000;

	/** How long a claimed delivery is left to the instance sending it before another may try. */
	private static final Duration LEASE = Duration.ofMinutes(2);

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final NotificationProperties properties;

	private final OpenGaps gaps;

	private final Organizations organizations;

	private final MailChannel mail;

	private final WebhookChannel webhooks;

	private volatile Disposable schedule;

	private volatile Disposable changeSubscription;

	/** A change was announced since the change log was last searched (true at start: what came before). */
	private final AtomicBoolean changed = new AtomicBoolean(true);

	/** Events or deliveries may be waiting (true at start: what a stopped instance left). */
	private final AtomicBoolean pending = new AtomicBoolean(true);

	private final ChangeNotifications notifications;

	private final ActiveSubscriptions active;

	Dispatcher(DatabaseClient db, TransactionalOperator transaction, NotificationProperties properties,
			OpenGaps gaps, Organizations organizations, MailChannel mail, WebhookChannel webhooks,
			ChangeNotifications notifications, ActiveSubscriptions active) {
		this.notifications = notifications;
		this.active = active;
		this.db = db;
		this.transaction = transaction;
		this.properties = properties;
		this.gaps = gaps;
		this.organizations = organizations;
		this.mail = mail;
		this.webhooks = webhooks;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		changeSubscription = notifications.changes().subscribe(change -> changed.set(true), ex -> { });
		schedule = Flux.interval(properties.pollInterval(), properties.pollInterval())
			.onBackpressureDrop()
			.concatMap(tick -> runOnce().onErrorResume(ex -> {
				logger.warn("Notifications: " + ex.getMessage());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	/**
	 * One round of find, batch and deliver, each only when there can be something to do: the change log is searched
	 * after a change was announced and while subscriptions are active; messages are made and sent while events or
	 * deliveries wait. An idle registry (no subscriptions, nothing waiting) sends no statement at all.
	 */
	Mono<Void> runOnce() {
		Mono<Void> find = changed.getAndSet(false) ? active.refreshIfDue().flatMap(any -> any ? findAll() : Mono.empty())
				: Mono.empty();
		return find.then(Mono.defer(() -> pending.get() ? batch().then(deliver()).then(stillPending())
				: Mono.empty()));
	}

	/** Whether events or deliveries are still waiting (a retry later, a debounce not yet over). */
	private Mono<Void> stillPending() {
		return db.sql("""
				select exists (select 1 from notification_event)
				    or exists (select 1 from notification_delivery where state = 'PENDING') as pending""")
			.map(row -> row.get("pending", Boolean.class))
			.one()
			.doOnNext(pending::set)
			.then();
	}

	// ---------------------------------------------------------------------------------------------------------
	// find
	// ---------------------------------------------------------------------------------------------------------

	private record Entry(long seq, String txid, String type, UUID id, String operation, OffsetDateTime changedAt,
			String providerId, String ozgIds) {
	}

	private Mono<Void> findAll() {
		return findPage().flatMap(full -> full ? findAll() : Mono.empty());
	}

	/** One page of entries after the cursor; true if it was full (more may follow). */
	private Mono<Boolean> findPage() {
		return db.sql(Subscriptions.CURSOR_START)
			.then()
			.then(db.sql("""
					select c.txid::text as txid, c.seq, split_part(p, '-', 1) as until_txid,
					       split_part(p, '-', 2)::bigint as until_seq
					from notification_cursor c, snapshot_position() p for update of c skip locked""")
				.map(row -> new String[] { row.get("txid", String.class), String.valueOf(row.get("seq", Long.class)),
						row.get("until_txid", String.class), String.valueOf(row.get("until_seq", Long.class)) })
				.one())
			.flatMap(cursor -> db.sql("""
					select c.seq, c.txid::text as txid, c.entity_type, c.entity_id, c.operation, c.changed_at,
					       c.snapshot ->> 'provider_id' as provider_id, (c.snapshot -> 'ozg_ids')::text as ozg_ids
					from change_log c
					where (c.txid, c.seq) > (:txid::xid8, :seq) and (c.txid, c.seq) <= (:untilTxid::xid8, :untilSeq)
					  and c.entity_type in ('SOLUTION', 'ADOPTION', 'REUSE_REQUEST')
					order by c.txid, c.seq
					limit :limit""")
				.bind("txid", cursor[0])
				.bind("seq", Long.parseLong(cursor[1]))
				.bind("untilTxid", cursor[2])
				.bind("untilSeq", Long.parseLong(cursor[3]))
				.bind("limit", PAGE)
				.map(row -> new Entry(row.get("seq", Long.class), row.get("txid", String.class),
						row.get("entity_type", String.class), row.get("entity_id", UUID.class),
						row.get("operation", String.class), row.get("changed_at", OffsetDateTime.class),
						row.get("provider_id", String.class), row.get("ozg_ids", String.class)))
				.all()
				.collectList()
				.flatMap(entries -> {
					boolean full = entries.size() == PAGE;
					String txid = full ? entries.get(entries.size() - 1).txid() : cursor[2];
					long seq = full ? entries.get(entries.size() - 1).seq() : Long.parseLong(cursor[3]);
					Mono<Void> found = entries.isEmpty() ? Mono.empty()
							: db.sql("select notification_enqueue(:seqs)")
								.bind("seqs", entries.stream().map(Entry::seq).toArray(Long[]::new))
								.then()
								.then(gapEvents(entries))
								.doOnSuccess(done -> pending.set(true));
					return found.then(db.sql("update notification_cursor set txid = :txid::xid8, seq = :seq")
						.bind("txid", txid)
						.bind("seq", seq)
						.then()).thenReturn(full);
				}))
			.defaultIfEmpty(false)
			.as(transaction::transactional);
	}

	/** New solutions for an OZG-Leistung that is a gap of a subscriber ({@link OpenGaps}, the one definition). */
	private Mono<Void> gapEvents(List<Entry> entries) {
		List<Entry> created = entries.stream()
			.filter(e -> e.type().equals("SOLUTION") && e.operation().equals("CREATE") && e.ozgIds() != null)
			.toList();
		if (created.isEmpty()) {
			return Mono.empty();
		}
		return db.sql("""
				select s.id, s.organization_id, s.created_at from notification_subscription s
				where s.active and 'NEW_SOLUTION_FOR_GAP' = any (s.events)""")
			.map(row -> new Object[] { row.get("id", UUID.class), row.get("organization_id", UUID.class),
					row.get("created_at", OffsetDateTime.class) })
			.all()
			.concatMap(subscriber -> organizations.byId((UUID) subscriber[1])
				.flatMap(gaps::of)
				.flatMapMany(open -> Flux.fromIterable(created)
					.filter(e -> !subscriber[1].toString().equals(e.providerId())
							&& !((OffsetDateTime) subscriber[2]).isAfter(e.changedAt()))
					.concatMap(e -> {
						Set<Integer> filled = new TreeSet<>();
						for (JsonNode id : Messages.JSON.readTree(e.ozgIds())) {
							if (open.containsKey(id.asInt())) {
								filled.add(id.asInt());
							}
						}
						if (filled.isEmpty()) {
							return Mono.empty();
						}
						return db.sql("""
								insert into notification_event (subscription_id, event, seq, entity_type, entity_id, details)
								select :subscription, 'NEW_SOLUTION_FOR_GAP', :seq, 'SOLUTION', so.id,
								       jsonb_build_object('solutionId', so.id, 'solutionName', so.name,
								                          'organizationId', p.id, 'organizationName', p.name,
								                          'ozgIds', to_jsonb(:ozgIds::int[]))
								from solution so join organization p on p.id = so.provider_id where so.id = :solution
								on conflict (subscription_id, seq, event) do nothing""")
							.bind("subscription", subscriber[0])
							.bind("seq", e.seq())
							.bind("solution", e.id())
							.bind("ozgIds", filled.toArray(Integer[]::new))
							.then();
					})))
			.then();
	}

	// ---------------------------------------------------------------------------------------------------------
	// batch
	// ---------------------------------------------------------------------------------------------------------

	private Mono<Void> batch() {
		return db.sql("""
				select e.subscription_id from notification_event e
				group by e.subscription_id
				having max(e.found_at) <= now() - make_interval(secs => :debounce)
				    or min(e.found_at) <= now() - make_interval(secs => :maxDelay)""")
			.bind("debounce", seconds(properties.debounce()))
			.bind("maxDelay", seconds(properties.maxDelay()))
			.map(row -> row.get("subscription_id", UUID.class))
			.all()
			.concatMap(this::batch)
			.then();
	}

	/** The waiting events of one subscription as one message, with a delivery for each of its channels. */
	private Mono<Void> batch(UUID subscriptionId) {
		UUID messageId = UUID.randomUUID();
		return db.sql("select email, webhook_url from notification_subscription where id = :id and active "
				+ "for update skip locked")
			.bind("id", subscriptionId)
			.map(row -> new String[] { row.get("email", String.class), row.get("webhook_url", String.class) })
			.one()
			.flatMap(channels -> db.sql("""
					delete from notification_event where subscription_id = :id
					returning event, entity_type, entity_id, found_at, details::text as details, seq""")
				.bind("id", subscriptionId)
				// in the order of the change log
				.map(row -> Map.entry(row.get("seq", Long.class), event(row.get("event", String.class),
						row.get("entity_type", String.class), row.get("entity_id", UUID.class),
						row.get("found_at", OffsetDateTime.class), row.get("details", String.class))))
				.all()
				.sort(Map.Entry.comparingByKey())
				.map(Map.Entry::getValue)
				.collectList()
				.filter(events -> !events.isEmpty())
				.flatMap(events -> {
					ArrayNode stored = Messages.JSON.createArrayNode();
					events.stream().limit(properties.digestSize()).forEach(stored::add);
					Mono<Void> message = db.sql("""
							insert into notification_message (id, subscription_id, event_count, events)
							values (:id, :subscription, :count, :events::jsonb)""")
						.bind("id", messageId)
						.bind("subscription", subscriptionId)
						.bind("count", events.size())
						.bind("events", stored.toString())
						.then();
					List<String> kinds = new ArrayList<>();
					if (channels[0] != null) {
						kinds.add("EMAIL");
					}
					if (channels[1] != null) {
						kinds.add("WEBHOOK");
					}
					return message.thenMany(Flux.fromIterable(kinds).concatMap(channel -> db.sql("""
							insert into notification_delivery (id, message_id, subscription_id, channel)
							values (:id, :message, :subscription, :channel)""")
						.bind("id", UUID.randomUUID())
						.bind("message", messageId)
						.bind("subscription", subscriptionId)
						.bind("channel", channel)
						.then())).then();
				}))
			.as(transaction::transactional);
	}

	private static ObjectNode event(String event, String type, UUID id, OffsetDateTime at, String details) {
		ObjectNode node = Messages.JSON.createObjectNode();
		node.put("event", event);
		node.put("entityType", type);
		node.put("entityId", id.toString());
		node.put("occurredAt", at.toInstant().toString());
		node.set("details", Messages.JSON.readTree(details));
		return node;
	}

	// ---------------------------------------------------------------------------------------------------------
	// deliver
	// ---------------------------------------------------------------------------------------------------------

	/** A claimed delivery with what sending it needs. */
	record Due(UUID id, String channel, int attempts, Messages.Message message, String email, String webhookUrl,
			String webhookSecret, String unsubscribeToken) {
	}

	private Mono<Void> deliver() {
		return db.sql("""
				with claimed as (
				    update notification_delivery d
				    set attempts = d.attempts + 1, last_attempt_at = now(),
				        next_attempt_at = now() + make_interval(secs => :lease)
				    where d.id in (select x.id from notification_delivery x
				                   where x.state = 'PENDING' and x.next_attempt_at <= now()
				                   order by x.next_attempt_at limit 20 for update skip locked)
				    returning d.*)
				select c.id, c.channel, c.attempts, m.id as message_id, m.event_count, m.events::text as events,
				       s.id as subscription_id, s.organization_id, o.name as organization_name, s.email, s.webhook_url,
				       s.webhook_secret, s.unsubscribe_token
				from claimed c
				join notification_message m on m.id = c.message_id
				join notification_subscription s on s.id = c.subscription_id
				join organization o on o.id = s.organization_id""")
			.bind("lease", seconds(LEASE))
			.map(row -> {
				List<Messages.Event> events = new ArrayList<>();
				Messages.JSON.readTree(row.get("events", String.class))
					.forEach(node -> events.add(Messages.Event.of(node)));
				Messages.Message message = new Messages.Message(row.get("message_id", UUID.class).toString(),
						row.get("subscription_id", UUID.class).toString(),
						row.get("organization_id", UUID.class).toString(), row.get("organization_name", String.class),
						row.get("event_count", Integer.class), events);
				return new Due(row.get("id", UUID.class), row.get("channel", String.class),
						row.get("attempts", Integer.class), message, row.get("email", String.class),
						row.get("webhook_url", String.class), row.get("webhook_secret", String.class),
						row.get("unsubscribe_token", String.class));
			})
			.all()
			.flatMap(due -> send(due).flatMap(status -> record(due, status, null))
				.onErrorResume(ex -> record(due, (ex instanceof WebhookChannel.Refused refused) ? refused.status() : null,
						message(ex))), 4)
			.then();
	}

	private Mono<Integer> send(Due due) {
		return due.channel().equals("EMAIL") ? mail.send(due).thenReturn(0) : webhooks.send(due);
	}

	/** Records an attempt: delivered ({@code error == null}), or retried with backoff, or given up. */
	private Mono<Void> record(Due due, Integer status, String error) {
		var spec = (error == null) ? db.sql("""
				update notification_delivery set state = 'DELIVERED', delivered_at = now(), last_error = null,
				    last_http_status = :status
				where id = :id""")
				: db.sql("""
						update notification_delivery
						set state = case when attempts >= :max then 'FAILED' else 'PENDING' end,
						    next_attempt_at = now() + make_interval(secs => least(3600, :base * power(2, attempts - 1))),
						    last_error = :error, last_http_status = :status
						where id = :id and state = 'PENDING'""")
					.bind("max", properties.maxAttempts())
					.bind("base", seconds(properties.retryBase()))
					.bind("error", error);
		spec = spec.bind("id", due.id());
		spec = (status == null || status == 0) ? spec.bindNull("status", Integer.class) : spec.bind("status", status);
		return spec.then();
	}

	private static String message(Throwable ex) {
		String text = (ex.getMessage() == null) ? ex.getClass().getSimpleName() : ex.getMessage();
		return text.length() > 500 ? text.substring(0, 500) : text;
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	@Override
	public void destroy() {
		if (schedule != null) {
			schedule.dispose();
		}
		if (changeSubscription != null) {
			changeSubscription.dispose();
		}
	}

}
