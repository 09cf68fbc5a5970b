package de.ozgregistry.changes;

import java.util.Set;
import java.util.UUID;
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
import de.ozgregistry.security.Permissions;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

/** {@code history} on solutions, adoptions, organizations and rules of Zuständigkeit, from the change log. */
@Controller
class HistoryController {

	private static final String HISTORY = "history";

	/** Fields of a solution that only some may read; hidden in its history as on the solution itself. */
	private static final Set<String> RESTRICTED = Set.of("termsAndCosts", "contactPerson");

	private final Organizations organizations;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	HistoryController(History history, Organizations organizations, BatchLoaderRegistry loaders) {
		this.organizations = organizations;
		loaders.forTypePair(NestedPages.Key.class, Connection.class)
			.withName(HISTORY)
			.registerMappedBatchLoader((keys, env) -> (Mono) history.of(keys));
	}

	@SchemaMapping(typeName = "Organization", field = "history")
	CompletableFuture<Connection<HistoryEntry>> organizationHistory(Organization organization,
			@Argument Integer first, @Argument String after, DataFetchingEnvironment env) {
		return load(organization.id(), first, after, env);
	}

	@SchemaMapping(typeName = "Adoption", field = "history")
	CompletableFuture<Connection<HistoryEntry>> adoptionHistory(de.ozgregistry.adoption.Adoption adoption,
			@Argument Integer first, @Argument String after, DataFetchingEnvironment env) {
		return load(adoption.id(), first, after, env);
	}

	@SchemaMapping(typeName = "ResponsibilityRule", field = "history")
	CompletableFuture<Connection<HistoryEntry>> responsibilityRuleHistory(
			de.ozgregistry.responsibility.ResponsibilityRule rule, @Argument Integer first, @Argument String after,
			DataFetchingEnvironment env) {
		return load(rule.id(), first, after, env);
	}

	@SchemaMapping(typeName = "Solution", field = "history")
	CompletableFuture<Connection<HistoryEntry>> solutionHistory(de.ozgregistry.solution.Solution solution,
			@Argument Integer first, @Argument String after, DataFetchingEnvironment env, GraphQLContext context) {
		CompletableFuture<Connection<HistoryEntry>> page = load(solution.id(), first, after, env);
		if (Permissions.mayReadRestricted(Actor.of(context), solution.providerId(), solution.vendorId())) {
			return page;
		}
		return page.thenApply(connection -> new Connection<>(connection.edges()
			.stream()
			.map(edge -> new Connection.Edge<>(edge.cursor(), edge.node().redact(RESTRICTED)))
			.toList(), connection.pageInfo(), connection.totalCount()));
	}

	private static CompletableFuture<Connection<HistoryEntry>> load(UUID id, Integer first, String after,
			DataFetchingEnvironment env) {
		DataLoader<NestedPages.Key, Connection<HistoryEntry>> loader = env.getDataLoader(HISTORY);
		return loader.load(NestedPages.Key.of(id, Page.of(first, after), env));
	}

	@BatchMapping(typeName = "HistoryEntry")
	Mono<java.util.Map<HistoryEntry, Organization>> actorOrganization(java.util.List<HistoryEntry> entries) {
		var ids = entries.stream()
			.map(HistoryEntry::actorOrganizationId)
			.filter(java.util.Objects::nonNull)
			.distinct()
			.toList();
		if (ids.isEmpty()) {
			return Mono.just(java.util.Map.of());
		}
		return organizations.byIds(ids).collectMap(Organization::id).map(byId -> {
			java.util.Map<HistoryEntry, Organization> result = new java.util.HashMap<>();
			for (HistoryEntry entry : entries) {
				if (entry.actorOrganizationId() != null && byId.containsKey(entry.actorOrganizationId())) {
					result.put(entry, byId.get(entry.actorOrganizationId()));
				}
			}
			return result;
		});
	}

}
