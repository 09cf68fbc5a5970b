package de.ozgregistry.discovery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import de.ozgregistry.database.RulesDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ranking score of the search (search_entries in R__search.sql, weights in search_weight) and German folding
 * (de_fold in the database, its Java twin GermanText.fold), without the application: on an empty migrated database
 * with a handful of index entries written by the test.
 */
class SearchScoreTest extends RulesDatabase {

	@Test
	void foldingIsTheSameInTheDatabaseAndInJava() throws SQLException {
		List<String> samples = List.of("Führerschein", "Fuehrerschein", "FÜHRERSCHEIN", "Straße", "Strasse", "Größe",
				"Café", "Crème brûlée", "Österreich", "Übergangsgeld", "Ärztekammer", "Mülheim an der Ruhr",
				"Bad Dürkheim", "Kindergeld-Antrag", "Ausweis 2024");
		for (String sample : samples) {
			try (PreparedStatement query = db.prepareStatement("select de_fold(?)")) {
				query.setString(1, sample);
				try (ResultSet rows = query.executeQuery()) {
					rows.next();
					assertThat(GermanText.fold(sample)).as(sample).isEqualTo(rows.getString(1));
				}
			}
		}
		assertThat(GermanText.fold("Führerschein")).isEqualTo(GermanText.fold("Fuehrerschein")).isEqualTo("fuhrerschein");
		assertThat(GermanText.fold("Straße")).isEqualTo("strasse");
	}

	@Test
	void anExactKeyBeatsAnExactTitleWhichBeatsALongerTitle() throws SQLException {
		entry("OZG_SERVICE", "Hundesteuer", "Steuern", "10057");
		entry("OZG_SERVICE", "Hundesteuer Befreiung und Ermäßigung", "Steuern", "10058");
		entry("SOLUTION", "Hundehaltung digital", "Anmeldung eines Hundes", null);
		assertThat(ranking("hundesteuer", "hundesteuer:*", "{}")).startsWith("Hundesteuer",
				"Hundesteuer Befreiung und Ermäßigung");
		// the official key of the longer one puts it first
		assertThat(ranking("10058", "10058", "{10058}").get(0)).isEqualTo("Hundesteuer Befreiung und Ermäßigung");
		// a typo still finds the entry by trigram similarity
		assertThat(ranking("hundsteuer", "hundsteuer:*", "{}")).first().isEqualTo("Hundesteuer");
	}

	@Test
	void aWeightChangedInTheTableChangesTheScore() throws SQLException {
		entry("OZG_SERVICE", "Wohngeld", "Soziales", "10480");
		double before = score("wohngeld", "wohngeld:*");
		try (var statement = db.createStatement()) {
			statement.executeUpdate("update search_weight set value = value + 50 where name = 'exact_title'");
		}
		assertThat(score("wohngeld", "wohngeld:*")).isCloseTo(before + 50, org.assertj.core.data.Offset.offset(0.01));
	}

	private static void entry(String kind, String title, String body, String key) throws SQLException {
		try (PreparedStatement insert = db.prepareStatement("insert into search_entry (kind, entity_id, title, body, keys, "
				+ "prior) values (?, ?, ?, ?, ?, 1)")) {
			insert.setString(1, kind);
			insert.setObject(2, UUID.randomUUID());
			insert.setString(3, title);
			insert.setString(4, body);
			insert.setArray(5, db.createArrayOf("text", (key == null) ? new String[0] : new String[] { key }));
			insert.executeUpdate();
		}
	}

	private static final String SEARCH = """
			select title, score from search_entries(de_fold(?), to_tsquery('german', ?), null, '{}'::tsquery[], null,
			                                        ?::text[], null, null, null, null, null, null, null)
			order by score desc, title""";

	private static List<String> ranking(String query, String tsquery, String keys) throws SQLException {
		List<String> titles = new ArrayList<>();
		try (PreparedStatement search = db.prepareStatement(SEARCH)) {
			search.setString(1, query);
			search.setString(2, tsquery);
			search.setString(3, keys);
			try (ResultSet rows = search.executeQuery()) {
				while (rows.next()) {
					titles.add(rows.getString(1));
				}
			}
		}
		return titles;
	}

	private static double score(String query, String tsquery) throws SQLException {
		try (PreparedStatement search = db.prepareStatement(SEARCH)) {
			search.setString(1, query);
			search.setString(2, tsquery);
			search.setString(3, "{}");
			try (ResultSet rows = search.executeQuery()) {
				assertThat(rows.next()).isTrue();
				return rows.getDouble(2);
			}
		}
	}

}
