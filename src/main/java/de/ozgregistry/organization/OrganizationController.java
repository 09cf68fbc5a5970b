package de.ozgregistry.organization;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.NestedPages;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.provenance.Provenance;
import de.ozgregistry.provenance.Provenances;
import de.ozgregistry.subgraph.Representations;

import org.springframework.graphql.data.federation.EntityMapping;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

/** The organization part of the schema. */
@Controller
class OrganizationController {

	static final String CHILDREN = "organizationChildren";

	private final Organizations organizations;

	private final Provenances provenances;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	OrganizationController(Organizations organizations, Provenances provenances, BatchLoaderRegistry loaders) {
		this.organizations = organizations;
		this.provenances = provenances;
		loaders.forTypePair(NestedPages.Key.class, Connection.class)
			.withName(CHILDREN)
			.registerMappedBatchLoader((keys, env) -> (Mono) organizations.children(keys));
	}

	@QueryMapping
	Mono<Connection<Organization>> organizations(@Argument OrganizationFilter filter, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		return Mono.defer(() -> {
			String landCode = OrganizationFilter.landCode(filter);
			return organizations.list(filter, landCode, Page.of(first, after),
					env.getSelectionSet().contains("totalCount"));
		});
	}

	@QueryMapping
	Mono<Organization> organization(@Argument String id, @Argument String ars, @Argument OrganizationKind kind) {
		return Mono.defer(() -> {
			if ((id == null) == (ars == null)) {
				throw RegistryException.invalid((id == null) ? "id" : "ars", "exactly-one",
						"Give exactly one of id and ars.");
			}
			if (id != null) {
				return organizations.byCurrentOrFormerId(Inputs.id(id, "id"));
			}
			return organizations.byArs(Ars.requireWellFormed(ars, "ars"), kind);
		});
	}

	/** Federation: organizations by {@code id} or by {@code ars}, one statement per key for all representations. */
	@EntityMapping(name = "Organization")
	Mono<List<Organization>> organizationEntities(List<Map<String, Object>> representations) {
		Map<String, Function<List<Map<String, Object>>, Mono<List<Organization>>>> keys = new java.util.LinkedHashMap<>();
		keys.put("id", byId -> Representations.resolve(byId, "id", Representations::id, organizations::byIds,
				Organization::id));
		keys.put("ars", byArs -> Representations.resolve(byArs, "ars",
				(value, field) -> Ars.requireWellFormed(Representations.text(value), field), organizations::byArs,
				Organization::ars));
		return Representations.resolveByAnyKey(representations, keys);
	}

	@SchemaMapping
	String ags(Organization organization) {
		return organization.ags();
	}

	@BatchMapping
	Mono<Map<Organization, Organization>> parent(List<Organization> children) {
		List<java.util.UUID> ids = children.stream()
			.map(Organization::parentId)
			.filter(java.util.Objects::nonNull)
			.distinct()
			.toList();
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		return organizations.byIds(ids).collectMap(Organization::id).map(parents -> {
			Map<Organization, Organization> result = new HashMap<>();
			for (Organization child : children) {
				if (child.parentId() != null && parents.containsKey(child.parentId())) {
					result.put(child, parents.get(child.parentId()));
				}
			}
			return result;
		});
	}

	@BatchMapping
	Mono<Map<Organization, Organization>> land(List<Organization> organizations) {
		List<String> codes = organizations.stream()
			.map(Organization::landCode)
			.filter(java.util.Objects::nonNull)
			.distinct()
			.toList();
		if (codes.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.organizations.landsByCode(codes)
			.collectMap(Organization::landCode, Function.identity())
			.map(lands -> {
				Map<Organization, Organization> result = new HashMap<>();
				for (Organization organization : organizations) {
					Organization land = (organization.landCode() != null) ? lands.get(organization.landCode()) : null;
					if (land != null) {
						result.put(organization, land);
					}
				}
				return result;
			});
	}

	@SchemaMapping
	CompletableFuture<Connection<Organization>> children(Organization organization, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		DataLoader<NestedPages.Key, Connection<Organization>> loader = env.getDataLoader(CHILDREN);
		return loader.load(NestedPages.Key.of(organization.id(), Page.of(first, after), env));
	}

	@SchemaMapping
	Mono<Provenance> provenance(Organization organization) {
		return provenances.of(organization.dataSourceId(), "ORGANIZATION", organization.id());
	}


}
