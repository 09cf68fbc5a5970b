package de.ozgregistry.seed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import de.ozgregistry.imports.Spreadsheet;

/** The seed's CSV files (UTF-8, a header row), read with the RFC 4180 reader of the imports. */
final class Csv {

	private Csv() {
	}

	/** The rows of a CSV file with a header row, each as a map from column name to value. */
	static List<Map<String, String>> read(Path file, char separator) throws IOException {
		String text = Files.readString(file, StandardCharsets.UTF_8);
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		List<List<String>> records = Spreadsheet.records(text, separator, file.toString());
		if (records.isEmpty()) {
			return List.of();
		}
		List<String> header = records.get(0);
		List<Map<String, String>> rows = new ArrayList<>();
		for (List<String> record : records.subList(1, records.size())) {
			if (record.size() == 1 && record.get(0).isEmpty()) {
				continue;
			}
			if (record.size() != header.size()) {
				throw new IllegalStateException(file + ": a row has " + record.size() + " fields, the header "
						+ header.size() + ": " + record);
			}
			Map<String, String> row = new HashMap<>();
			for (int i = 0; i < header.size(); i++) {
				row.put(header.get(i), record.get(i));
			}
			rows.add(row);
		}
		return rows;
	}

}
