package de.ozgregistry.relay;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.Inputs;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

/**
 * {@code Query.node}: Relay's Object Identification. The {@code node} fields of one request are loaded together
 * (one batch, see {@link Nodes}); the object then resolves its fields through the same mappings, and so the same
 * restricted-field rules, as when it is reached in any other way.
 */
@Controller
class NodeController {

	static final String LOADER = "nodesById";

	@SuppressWarnings({ "unchecked", "rawtypes" })
	NodeController(Nodes nodes, BatchLoaderRegistry loaders) {
		loaders.forTypePair(UUID.class, Object.class)
			.withName(LOADER)
			.registerMappedBatchLoader((ids, env) -> (Mono) nodes.byIds(ids));
	}

	@QueryMapping
	CompletableFuture<Object> node(@Argument String id, DataFetchingEnvironment env) {
		DataLoader<UUID, Object> loader = env.getDataLoader(LOADER);
		return loader.load(Inputs.id(id, "id"));
	}

}
