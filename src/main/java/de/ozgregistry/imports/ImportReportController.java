package de.ozgregistry.imports;

import java.util.List;

import de.ozgregistry.graphql.Page;
import de.ozgregistry.graphql.RegistryException;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The rows of every import's report, by outcome and at most as many as asked for. */
@Controller
class ImportReportController {

	@SchemaMapping(typeName = "ImportReport", field = "rows")
	List<ImportReport.ImportRow> rows(ImportReport report, @Argument ImportReport.Outcome outcome,
			@Argument Integer first) {
		int size = first == null ? 1000 : first;
		if (size < 1 || size > Page.MAX_REPORT_ROWS) {
			throw RegistryException.invalid("first", "range", "first must be between 1 and " + Page.MAX_REPORT_ROWS
					+ ", was " + size + ": read a larger report by outcome.");
		}
		return report.rows(outcome, size);
	}

}
