package de.ozgregistry.changes;

import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.NestedPages;

import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

/**
 * The batch loader behind {@code history} on solutions, adoptions, organizations and rules of Zuständigkeit; each
 * feature maps the field on its type through {@link Histories}.
 */
@Controller
class HistoryController {

	@SuppressWarnings({ "unchecked", "rawtypes" })
	HistoryController(History history, BatchLoaderRegistry loaders) {
		loaders.forTypePair(NestedPages.Key.class, Connection.class)
			.withName(Histories.LOADER)
			.registerMappedBatchLoader((keys, env) -> (Mono) history.of(keys));
	}

}
