package de.ozgregistry.notification;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.NestedPages;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

/** Notification subscriptions in the schema: subscribe, unsubscribe, list with their delivery logs. */
@Controller
class NotificationController {

	private static final String DELIVERIES = "notificationDeliveries";

	/** Result of {@code subscribeNotifications}. */
	record SubscribeNotificationsPayload(NotificationSubscription subscription, String webhookSecret) {
	}

	/** Input of {@code unsubscribeNotifications}. */
	record UnsubscribeNotificationsInput(String id) {
	}

	/** Result of {@code unsubscribeNotifications}. */
	record UnsubscribeNotificationsPayload(NotificationSubscription subscription) {
	}

	private final Subscriptions subscriptions;

	private final Organizations organizations;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	NotificationController(Subscriptions subscriptions, Organizations organizations, BatchLoaderRegistry loaders) {
		this.subscriptions = subscriptions;
		this.organizations = organizations;
		loaders.forTypePair(NestedPages.Key.class, Connection.class)
			.withName(DELIVERIES)
			.registerMappedBatchLoader((keys, env) -> (Mono) subscriptions.deliveries(keys));
	}

	@MutationMapping
	Mono<SubscribeNotificationsPayload> subscribeNotifications(
			@Argument Subscriptions.SubscribeNotificationsInput input, GraphQLContext context) {
		return subscriptions.subscribe(input, Actor.of(context))
			.map(subscribed -> new SubscribeNotificationsPayload(subscribed.subscription(), subscribed.webhookSecret()));
	}

	@MutationMapping
	Mono<UnsubscribeNotificationsPayload> unsubscribeNotifications(@Argument UnsubscribeNotificationsInput input,
			GraphQLContext context) {
		return subscriptions.unsubscribe(input.id(), Actor.of(context)).map(UnsubscribeNotificationsPayload::new);
	}

	@QueryMapping
	Mono<Connection<NotificationSubscription>> notificationSubscriptions(@Argument String organizationId,
			@Argument Integer first, @Argument String after, GraphQLContext context, DataFetchingEnvironment env) {
		return Mono.defer(() -> subscriptions.list(organizationId, Page.of(first, after),
				env.getSelectionSet().contains("totalCount"), Actor.of(context)));
	}

	@SchemaMapping(typeName = "NotificationSubscription", field = "deliveries")
	CompletableFuture<Connection<NotificationDelivery>> deliveries(NotificationSubscription subscription,
			@Argument Integer first, @Argument String after, DataFetchingEnvironment env) {
		DataLoader<NestedPages.Key, Connection<NotificationDelivery>> loader = env.getDataLoader(DELIVERIES);
		return loader.load(NestedPages.Key.of(subscription.id(), Page.of(first, after), env));
	}

	@BatchMapping(typeName = "NotificationSubscription")
	Mono<Map<NotificationSubscription, Organization>> organization(List<NotificationSubscription> list) {
		return organizations.byIds(list.stream().map(NotificationSubscription::organizationId).distinct().toList())
			.collectMap(Organization::id)
			.map(byId -> {
				Map<NotificationSubscription, Organization> result = new java.util.HashMap<>();
				list.forEach(s -> result.put(s, byId.get(s.organizationId())));
				return result;
			});
	}

}
