package de.ozgregistry.imports;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.changes.ChangeLog;
import de.ozgregistry.database.Binds;
import de.ozgregistry.imports.ImportReport.ImportRow;
import de.ozgregistry.imports.ImportReport.Outcome;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * How every import writes: its file's data source ({@code import-<hash>}) and all its rows in one
 * transaction, rolled back for a dry run and for a file with a refused row, so that a dry run reports exactly what
 * applying does, a file is applied all or nothing, and nothing is half-applied if the process dies on the way. The
 * projections follow an applied file once, at its end ({@link ChangeLog#deferringProjections}).
 */
@Component
public class ImportTransaction {

	/** From this many rows on, the tables a file grows are analyzed again each time their rows have doubled. */
	static final int ANALYZE_FROM = 1_000;

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final ChangeLog changeLog;

	ImportTransaction(DatabaseClient db, TransactionalOperator transaction, ChangeLog changeLog) {
		this.db = db;
		this.transaction = transaction;
		this.changeLog = changeLog;
	}

	/**
	 * The file's rows, one after another, each through {@code row}. A large file grows the tables it writes to many
	 * times over inside its one transaction, where neither autovacuum sees the new rows nor the statements' cached
	 * plans follow them: on a registry that had few adoptions, a plan chosen for a small table (a scan of the whole
	 * table to find one adoption, or its key for a foreign key) makes every row slower than the one before. So
	 * {@code tables} are analyzed (which counts the transaction's own new rows and makes the plans be made again)
	 * after 1,000 rows, 2,000, 4,000 and so on: a dozen times for 1,000,000 rows.
	 */
	public <T, R> Mono<List<R>> rows(List<T> items, List<String> tables, Function<T, Mono<R>> row) {
		String analyze = "analyze " + String.join(", ", tables);
		return Flux.fromIterable(items)
			.index()
			.concatMap(item -> {
				long done = item.getT1();
				Mono<Void> before = done >= ANALYZE_FROM && Long.bitCount(done / ANALYZE_FROM) == 1
						&& done % ANALYZE_FROM == 0 ? db.sql(analyze).then() : Mono.empty();
				return before.then(row.apply(item.getT2()));
			})
			.collectList();
	}

	/**
	 * Runs an import's {@code work} in the file's one transaction: records the data source (named {@code sourceName},
	 * dated {@code dataDate}, today if null), then the work, whose change-log entries bring the projections up to date
	 * once, at its end. A dry run, and work whose report rows ({@code rowsOf}) have a refused one, are rolled back.
	 */
	public <R> Mono<R> within(ImportFile file, String sourceName, boolean dryRun, LocalDate dataDate,
			String attribution, Supplier<Mono<R>> work, Function<R, List<ImportRow>> rowsOf) {
		var source = db.sql("""
				insert into data_source (id, name, data_date, attribution)
				values (:id, :name, coalesce(:dataDate, current_date), :attribution) on conflict (id) do nothing""")
			.bind("id", file.dataSourceId())
			.bind("name", sourceName)
			.bind("attribution", attribution);
		return transaction.execute(status -> Binds.nullable(source, "dataDate", dataDate, LocalDate.class)
			.then()
			// the projections (search, statistics) follow the file once, after its last row, if it is applied
			.then(changeLog.deferringProjections(Mono.defer(work),
					result -> !dryRun && !refused(rowsOf.apply(result))))
			.doOnNext(result -> {
				if (dryRun || refused(rowsOf.apply(result))) {
					status.setRollbackOnly();
				}
			}))
			.single();
	}

	/** Whether one of the rows is refused (then nothing of the file is written). */
	public static boolean refused(List<ImportRow> rows) {
		return rows.stream().anyMatch(row -> row.outcome() == Outcome.REFUSED);
	}

	/**
	 * A spreadsheet's import {@link #within} its transaction (the data source named after the file): the rows, and
	 * the report with the notes the import made meanwhile ({@code notes} is asked after the rows).
	 */
	public Mono<ImportReport> run(ImportFile file, Spreadsheet.Table table, boolean dryRun, LocalDate dataDate,
			String attribution, List<String> unreadColumns, Supplier<Mono<List<ImportRow>>> rows,
			Supplier<List<String>> notes) {
		boolean csv = table.format().equals("CSV");
		return within(file, file.name(), dryRun, dataDate, attribution, rows, list -> list)
			.map(list -> new ImportReport(file.name(), file.sha256(), dryRun, !dryRun && !refused(list),
					table.format(), csv ? table.encoding() : null, csv ? String.valueOf(table.separator()) : null,
					unreadColumns, notes.get(), list));
	}

}
