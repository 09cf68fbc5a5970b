package de.ozgregistry.responsibility;

import java.util.concurrent.CompletableFuture;

import graphql.schema.DataFetchingEnvironment;

import de.ozgregistry.changes.Histories;
import de.ozgregistry.changes.HistoryEntry;
import de.ozgregistry.graphql.Connection;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code ResponsibilityRule.history}, from the change log. */
@Controller
class ResponsibilityRuleHistoryController {

	@SchemaMapping(typeName = "ResponsibilityRule", field = "history")
	CompletableFuture<Connection<HistoryEntry>> history(ResponsibilityRule rule, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		return Histories.page(rule.id(), first, after, env);
	}

}
