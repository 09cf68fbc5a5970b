package de.ozgregistry.changes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import graphql.schema.DataFetchingEnvironment;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.NestedPages;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

/**
 * The batch loader behind {@code history} on solutions, adoptions, organizations and rules of Zuständigkeit, and
 * {@code history} on organizations. Solutions, adoptions and rules map the field in their own packages through
 * {@link Histories}: they write the change log, so it must not depend on them.
 */
@Controller
class HistoryController {

	private final Organizations organizations;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	HistoryController(History history, Organizations organizations, BatchLoaderRegistry loaders) {
		this.organizations = organizations;
		loaders.forTypePair(NestedPages.Key.class, Connection.class)
			.withName(Histories.LOADER)
			.registerMappedBatchLoader((keys, env) -> (Mono) history.of(keys));
	}

	@SchemaMapping(typeName = "Organization", field = "history")
	CompletableFuture<Connection<HistoryEntry>> organizationHistory(Organization organization,
			@Argument Integer first, @Argument String after, DataFetchingEnvironment env) {
		return Histories.page(organization.id(), first, after, env);
	}

	@BatchMapping(typeName = "HistoryEntry")
	Mono<Map<HistoryEntry, Organization>> actorOrganization(List<HistoryEntry> entries) {
		var ids = entries.stream().map(HistoryEntry::actorOrganizationId).filter(Objects::nonNull).distinct().toList();
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		return organizations.byIds(ids).collectMap(Organization::id).map(byId -> {
			Map<HistoryEntry, Organization> result = new HashMap<>();
			for (HistoryEntry entry : entries) {
				if (entry.actorOrganizationId() != null && byId.containsKey(entry.actorOrganizationId())) {
					result.put(entry, byId.get(entry.actorOrganizationId()));
				}
			}
			return result;
		});
	}

}
