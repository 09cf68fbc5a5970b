package de.ozgregistry.adoption;

import java.util.concurrent.CompletableFuture;

import graphql.schema.DataFetchingEnvironment;

import de.ozgregistry.changes.Histories;
import de.ozgregistry.changes.HistoryEntry;
import de.ozgregistry.graphql.Connection;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code Adoption.history}, from the change log. */
@Controller
class AdoptionHistoryController {

	@SchemaMapping(typeName = "Adoption", field = "history")
	CompletableFuture<Connection<HistoryEntry>> history(Adoption adoption, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		return Histories.page(adoption.id(), first, after, env);
	}

}
