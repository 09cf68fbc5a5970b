package de.ozgregistry.solution;

import java.util.List;

import graphql.GraphQLContext;
import reactor.core.publisher.Mono;

import de.ozgregistry.imports.ImportReport;
import de.ozgregistry.security.Actor;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** {@code importPubliccode}: a publiccode.yml becomes a solution of the publishing organization. */
@Controller
class PubliccodeImportController {

	/** Input of {@code importPubliccode}. */
	record ImportPubliccodeInput(String providerId, String fileName, String content, boolean dryRun,
			List<Integer> ozgIds, String reuseModel) {
	}

	/** Result of {@code importPubliccode}. */
	record ImportPubliccodePayload(ImportReport report, Solution solution) {
	}

	private final PubliccodeImport importer;

	PubliccodeImportController(PubliccodeImport importer) {
		this.importer = importer;
	}

	@MutationMapping
	Mono<ImportPubliccodePayload> importPubliccode(@Argument ImportPubliccodeInput input, GraphQLContext context) {
		return importer.run(input.providerId(), input.fileName(), input.content(), input.dryRun(), input.ozgIds(),
				input.reuseModel(), Actor.of(context))
			.map(result -> new ImportPubliccodePayload(result.report(), result.solution()));
	}

}
