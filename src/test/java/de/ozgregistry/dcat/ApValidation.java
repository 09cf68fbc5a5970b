package de.ozgregistry.dcat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.lib.ShLib;

/**
 * The official checks of an export, from the copies in {@code src/test/resources/dcat-ap/} (sources and licences in
 * its README): the DCAT-AP 3.0.1 SHACL shapes with their class ranges, and the Joinup ADMS-AP validator's SPARQL
 * rules.
 * <p>
 * The shapes used are {@code dcat-ap-SHACL.ttl} (cardinalities, node kinds, datatypes) and {@code ranges.ttl} (the
 * class of each property's value, checked by {@code rdf:type} in the graph, so the export types every resource it
 * links to, e.g. the SPDX licences as {@code dct:LicenseDocument}). Not used: {@code mdr-vocabularies.shape.ttl},
 * which requires values to be concepts of the EU Publications Office vocabularies (languages, countries, data
 * themes, file types) and checks that against the vocabularies' own data, which is not in this repository
 * (published at {@code http://publications.europa.eu/resource/authority/}, hundreds of MB, no offline copy here); the
 * export uses those vocabularies' IRIs (language DEU/ENG, country DEU, data theme GOVE) all the same.
 * <p>
 * One defect of the upstream files is worked around: {@code ranges.ttl}'s node shapes list five property shapes that
 * neither file defines (one of {@code dcat:RelationshipShape}, two each of {@code dcat:DatasetShape} and
 * {@code dcat:DistributionShape}; apparently those whose range is a literal, left out of a file of class ranges).
 * Jena's SHACL parser refuses an undefined property shape, so these five references are dropped before parsing; an
 * undefined shape has no constraint, so nothing is lost. The copies themselves stay byte-identical to upstream.
 */
final class ApValidation {

	/** The named graph the ADMS-AP rules read (their placeholder {@code @@@TOKEN-GRAPH@@@}). */
	private static final String GRAPH = "urn:ozg-registry:test:export";

	private static final Shapes SHAPES = shapes();

	private static final String ADMS_RULES = text("/dcat-ap/adms-ap-validator-rules/adms-ap-rules.sparql.txt")
		.replace("@@@TOKEN-GRAPH@@@", GRAPH);

	private ApValidation() {
	}

	/** One finding of an ADMS-AP rule. */
	record Finding(int rule, String severity, String message) {

		@Override
		public String toString() {
			return "rule " + rule + " (" + severity + "): " + message;
		}

	}

	static ValidationReport shacl(Model data) {
		return ShaclValidator.get().validate(SHAPES, data.getGraph());
	}

	/** The report as Turtle-like text for an assertion message. */
	static String text(ValidationReport report) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		ShLib.printReport(out, report);
		return out.toString(StandardCharsets.UTF_8);
	}

	/** Every finding of the ADMS-AP rules on the graph (loaded as the named graph the rules read). */
	static List<Finding> admsRules(Model data) {
		Dataset dataset = DatasetFactory.create();
		dataset.addNamedModel(GRAPH, data);
		List<Finding> findings = new ArrayList<>();
		try (QueryExecution execution = QueryExecutionFactory.create(ADMS_RULES, dataset)) {
			ResultSet results = execution.execSelect();
			while (results.hasNext()) {
				QuerySolution row = results.next();
				findings.add(new Finding(row.getLiteral("Rule_ID").getInt(), string(row.get("Rule_Severity")),
						string(row.get("Message"))));
			}
		}
		return findings;
	}

	static List<Finding> errors(List<Finding> findings) {
		return findings.stream().filter(f -> f.severity().equals("error")).toList();
	}

	private static String string(RDFNode node) {
		return node == null ? "" : node.isLiteral() ? node.asLiteral().getLexicalForm() : node.toString();
	}

	private static Shapes shapes() {
		Model shapes = ModelFactory.createDefaultModel();
		for (String file : List.of("dcat-ap-SHACL.ttl", "ranges.ttl")) {
			try (InputStream in = ApValidation.class.getResourceAsStream("/dcat-ap/dcat-ap-3.0.1/shacl/" + file)) {
				RDFDataMgr.read(shapes, in, Lang.TURTLE);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		// ranges.ttl lists five property shapes that neither file defines (see the class comment)
		org.apache.jena.rdf.model.Property property = shapes.createProperty("http://www.w3.org/ns/shacl#property");
		List<org.apache.jena.rdf.model.Statement> dangling = shapes.listStatements(null, property, (RDFNode) null)
			.filterKeep(statement -> !shapes.listStatements(statement.getResource(), null, (RDFNode) null).hasNext())
			.toList();
		if (dangling.size() != 5) {
			throw new IllegalStateException("not the five known undefined property shapes: " + dangling);
		}
		shapes.remove(dangling);
		return Shapes.parse(shapes.getGraph());
	}

	private static String text(String resource) {
		try (InputStream in = ApValidation.class.getResourceAsStream(resource)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
