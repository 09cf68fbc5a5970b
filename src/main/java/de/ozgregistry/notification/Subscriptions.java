package de.ozgregistry.notification;

import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import de.ozgregistry.database.Binds;
import de.ozgregistry.federation.PublicAddresses;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Cursor;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.NestedPages;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Notification subscriptions of organizations: made and ended by those who speak for the organization, listed with
 * their delivery logs, and ended by the unsubscribe link of their e-mails.
 */
@Service
class Subscriptions {

	/** Input of {@code subscribeNotifications}. */
	record SubscribeNotificationsInput(String organizationId, List<NotificationEvent> events, String email,
			String webhookUrl) {
	}

	/** A new subscription with the webhook's secret (given out only this once). */
	record Subscribed(NotificationSubscription subscription, String webhookSecret) {
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * Starts the search of the change log where it ends now, if it has not started: made with the first subscription,
	 * so that no change after it is missed (and none from before is sent).
	 */
	static final String CURSOR_START = """
			insert into notification_cursor (txid, seq)
			select split_part(p, '-', 1)::xid8, split_part(p, '-', 2)::bigint from snapshot_position() p
			on conflict (id) do nothing""";

	private final DatabaseClient db;

	private final Organizations organizations;

	private final TransactionalOperator transaction;

	private final NotificationProperties properties;

	private final boolean smtp;

	private final ActiveSubscriptions active;

	Subscriptions(DatabaseClient db, Organizations organizations, TransactionalOperator transaction,
			NotificationProperties properties, @Value("${spring.mail.host:}") String smtpHost,
			ActiveSubscriptions active) {
		this.active = active;
		this.db = db;
		this.organizations = organizations;
		this.transaction = transaction;
		this.properties = properties;
		this.smtp = !smtpHost.isBlank();
	}

	Mono<Subscribed> subscribe(SubscribeNotificationsInput input, Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID organizationId = Inputs.id(input.organizationId(), "input.organizationId");
			List<NotificationEvent> given = Inputs.list(input.events(), "input.events", NotificationEvent.values().length);
			if (given.isEmpty()) {
				throw RegistryException.invalid("input.events", "required", "Name at least one event.");
			}
			Set<NotificationEvent> events = EnumSet.copyOf(given);
			String email = Inputs.email(input.email(), "input.email");
			String url = Inputs.url(input.webhookUrl(), "input.webhookUrl");
			if (email == null && url == null) {
				throw RegistryException.invalid("input.email", "channel-required",
						"Give an e-mail address (a role mailbox), a webhook URL, or both.");
			}
			if (email != null && !smtp) {
				throw RegistryException.invalid("input.email", "smtp-not-configured",
						"This registry node sends no e-mail (no SMTP server is configured): use a webhook.");
			}
			Mono<Void> checked = (url == null) ? Mono.empty() : checkWebhook(url, "input.webhookUrl");
			String secret = (url == null) ? null : random();
			UUID id = UUID.randomUUID();
			return organizations.byId(organizationId)
				.switchIfEmpty(Mono.error(RegistryException.notFound("input.organizationId",
						"No organization with this ID.")))
				.doOnNext(organization -> requireMaySubscribe(actor, organization))
				.then(checked)
				.then(Mono.defer(() -> {
					var insert = db.sql("""
							insert into notification_subscription (id, organization_id, events, email, webhook_url,
							                                       webhook_secret, unsubscribe_token, created_by)
							values (:id, :org, :events, :email, :url, :secret, :token, :by)""")
						.bind("id", id)
						.bind("org", organizationId)
						.bind("events", events.stream().map(Enum::name).toArray(String[]::new))
						.bind("token", random());
					insert = Binds.nullable(insert, "email", email, String.class);
					insert = Binds.nullable(insert, "url", url, String.class);
					insert = Binds.nullable(insert, "secret", secret, String.class);
					insert = Binds.nullable(insert, "by", actor.subject(), String.class);
					return insert.then().then(db.sql(CURSOR_START).then());
				}))
				.then(Mono.defer(() -> byId(id)))
				.map(subscription -> new Subscribed(subscription, secret))
				.as(transaction::transactional)
				.doOnSuccess(done -> active.subscribed());
		});
	}

	Mono<NotificationSubscription> unsubscribe(String subscriptionId, Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID id = Inputs.id(subscriptionId, "input.id");
			return byId(id)
				.switchIfEmpty(Mono.error(RegistryException.notFound("input.id", "No subscription with this ID.")))
				.flatMap(subscription -> organizations.byId(subscription.organizationId())
					.doOnNext(organization -> requireMaySubscribe(actor, organization))
					.then(end(id)))
				.then(Mono.defer(() -> byId(id)))
				.as(transaction::transactional)
				.doOnSuccess(done -> active.ended());
		});
	}

	/** Ends the subscription behind an e-mail's unsubscribe link; empty if the token is unknown. */
	Mono<NotificationSubscription> unsubscribeByToken(String token) {
		if (token == null || token.isBlank() || token.length() > 100) {
			return Mono.empty();
		}
		return db.sql("select id from notification_subscription where unsubscribe_token = :token")
			.bind("token", token)
			.map(row -> row.get("id", UUID.class))
			.one()
			.flatMap(id -> end(id).then(byId(id)))
			.as(transaction::transactional)
			.doOnSuccess(done -> active.ended());
	}

	/** The subscription behind an unsubscribe token, with its organization's name, without changing it. */
	Mono<Map.Entry<NotificationSubscription, String>> byToken(String token) {
		if (token == null || token.isBlank() || token.length() > 100) {
			return Mono.empty();
		}
		return db.sql("select " + NotificationSubscription.COLUMNS + ", o.name as organization_name "
				+ "from notification_subscription s join organization o on o.id = s.organization_id "
				+ "where s.unsubscribe_token = :token")
			.bind("token", token)
			.map(row -> Map.entry(NotificationSubscription.of(row), row.get("organization_name", String.class)))
			.one();
	}

	/** Ends it: no more events are collected for it, and what waits to be sent is given up. */
	private Mono<Void> end(UUID id) {
		return db.sql("""
				update notification_subscription set active = false, ended_at = coalesce(ended_at, now())
				where id = :id""")
			.bind("id", id)
			.then()
			.then(db.sql("delete from notification_event where subscription_id = :id").bind("id", id).then())
			.then(db.sql("""
					update notification_delivery set state = 'FAILED', last_error = 'subscription ended'
					where subscription_id = :id and state = 'PENDING'""").bind("id", id).then());
	}

	Mono<Connection<NotificationSubscription>> list(String organizationId, Page page, boolean withTotal,
			Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID orgId = Inputs.id(organizationId, "organizationId");
			return organizations.byId(orgId).flatMap(organization -> {
				if (!Permissions.mayReadPrivateOf(actor, organization) && !Permissions.speaksFor(actor, organization)) {
					return Mono.error(Permissions.forbidden("The notification subscriptions of " + organization.name()
							+ " are seen only by the organization itself, its Land's coordinator and admins."));
				}
				String after = (page.after() == null) ? "" : " and (s.created_at, s.id) < (:afterCreated, :afterId)";
				var rows = db.sql("select " + NotificationSubscription.COLUMNS + " from notification_subscription s "
						+ "where s.organization_id = :org" + after + " order by s.created_at desc, s.id desc limit :limit")
					.bind("org", orgId)
					.bind("limit", page.limit());
				if (page.after() != null) {
					rows = rows.bind("afterCreated", timestamp(page.after().sortKey()))
						.bind("afterId", Inputs.id(page.after().id(), "after"));
				}
				Mono<Integer> total = withTotal ? db.sql("select count(*)::int from notification_subscription "
						+ "where organization_id = :org").bind("org", orgId).map(row -> row.get(0, Integer.class)).one()
						: Mono.just(-1);
				return Mono.zip(rows.map(NotificationSubscription::of).all().collectList(), total)
					.map(both -> Connection.of(both.getT1(), page.first(),
							s -> new Cursor(s.createdAt().toString(), s.id().toString()),
							both.getT2() < 0 ? null : both.getT2()));
			}).defaultIfEmpty(Connection.empty());
		});
	}

	/** The delivery logs of a page of subscriptions, newest first: one statement for the page. */
	Mono<Map<NestedPages.Key, Connection<NotificationDelivery>>> deliveries(Set<NestedPages.Key> keys) {
		return NestedPages.load(keys, (parents, page) -> {
			String after = (page.after() == null) ? "" : " and (d.created_at, d.id) < (:afterCreated, :afterId)";
			var spec = db.sql("select * from (select " + NotificationDelivery.COLUMNS + ", row_number() over "
					+ "(partition by d.subscription_id order by d.created_at desc, d.id desc) as rn "
					+ "from notification_delivery d join notification_message m on m.id = d.message_id "
					+ "where d.subscription_id = any (:parents)" + after + ") x where x.rn <= :limit "
					+ "order by x.subscription_id, x.rn")
				.bind("parents", parents.toArray(UUID[]::new))
				.bind("limit", page.limit());
			if (page.after() != null) {
				spec = spec.bind("afterCreated", timestamp(page.after().sortKey()))
					.bind("afterId", Inputs.id(page.after().id(), "after"));
			}
			return spec.map(row -> new NestedPages.Item<>(row.get("subscription_id", UUID.class),
					NotificationDelivery.of(row))).all();
		}, parents -> db.sql("select subscription_id, count(*)::int as n from notification_delivery "
				+ "where subscription_id = any (:parents) group by 1")
			.bind("parents", parents.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("subscription_id", UUID.class), row.get("n", Integer.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue),
				d -> new Cursor(d.createdAt().toString(), d.id().toString()));
	}

	Mono<NotificationSubscription> byId(UUID id) {
		return db.sql("select " + NotificationSubscription.COLUMNS + " from notification_subscription s where s.id = :id")
			.bind("id", id)
			.map(NotificationSubscription::of)
			.one();
	}

	/**
	 * A webhook must be https on a public address, unless its host is one of {@code ozg.notifications.private-hosts};
	 * checked again before every call (the name may resolve elsewhere by then).
	 */
	Mono<Void> checkWebhook(String url, String field) {
		String host = URI.create(url).getHost();
		if (properties.mayBePrivate(host)) {
			return Mono.empty();
		}
		if (!"https".equalsIgnoreCase(URI.create(url).getScheme())) {
			return Mono.error(RegistryException.invalid(field, "https", field + " must be an https URL."));
		}
		return Mono.fromCallable(() -> {
			try {
				var address = PublicAddresses.firstPrivate(host);
				if (address != null) {
					throw RegistryException.invalid(field, "private-address", host + " resolves to "
							+ address.getHostAddress() + ", a loopback, link-local or private address: webhooks are "
							+ "called only on public addresses (OZG_NOTIFICATIONS_PRIVATE_HOSTS).");
				}
			}
			catch (UnknownHostException ex) {
				throw RegistryException.invalid(field, "unknown-host", "The host " + host + " is unknown.");
			}
			return url;
		}).subscribeOn(Schedulers.boundedElastic()).then();
	}

	private static void requireMaySubscribe(Actor actor, Organization organization) {
		if (!Permissions.speaksFor(actor, organization)) {
			throw Permissions.forbidden("Notifications of " + organization.name() + " are subscribed to by its "
					+ "publishers, its Land's coordinator or an admin.");
		}
	}

	private static OffsetDateTime timestamp(String text) {
		try {
			return OffsetDateTime.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw RegistryException.invalid("after", "cursor", "Not a cursor of this list.");
		}
	}

	static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
