package de.ozgregistry.changes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.database.Binds;
import de.ozgregistry.security.Actor;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Appends to the change log and applies the entry to every {@link Projection} (the derived data of the features).
 * Callers run it inside the transaction of the change it records, after the change, so that the JSON snapshot (taken
 * by PostgreSQL from the rows as they now are), the derived data and the change commit or fail together.
 */
@Component
public class ChangeLog {

	/** What kind of record changed. */
	public enum EntityType {

		ORGANIZATION("""
				select to_jsonb(e) from organization e where e.id = x.id"""),

		SOLUTION("""
				select to_jsonb(e)
				       || jsonb_build_object(
				            'ozg_ids', coalesce((select jsonb_agg(so.ozg_id order by so.ozg_id)
				                                 from solution_ozg_service so where so.solution_id = e.id), '[]'),
				            'leika_keys', coalesce((select jsonb_agg(l.leika_key order by l.leika_key)
				                                    from solution_leika_service sl join leika_service l on l.id = sl.leika_id
				                                    where sl.solution_id = e.id), '[]'))
				from solution e where e.id = x.id"""),

		ADOPTION("""
				select to_jsonb(e)
				       || jsonb_build_object(
				            'ozg_ids', coalesce((select jsonb_agg(ao.ozg_id order by ao.ozg_id)
				                                 from adoption_ozg_service ao where ao.adoption_id = e.id), '[]'),
				            'status_history', coalesce((select jsonb_agg(jsonb_build_object('status', t.status,
				                                          'effective_date', t.effective_date, 'recorded_at', t.recorded_at)
				                                          order by t.seq)
				                                        from adoption_status_transition t where t.adoption_id = e.id), '[]'))
				from adoption e where e.id = x.id"""),

		RESPONSIBILITY_RULE("""
				select to_jsonb(e) from responsibility_rule e where e.id = x.id"""),

		/** A provider's confirmation or dispute of an adoption: a record of the provider's. */
		CONFIRMATION("""
				select to_jsonb(e) from confirmation e where e.id = x.id"""),

		/**
		 * A reuse request between an organization and a solution's provider (de.ozgregistry.reuse): in the history of
		 * the request, never in the federation's feed.
		 */
		REUSE_REQUEST("""
				select to_jsonb(e) from reuse_request e where e.id = x.id""");

		private final String snapshot;

		EntityType(String snapshot) {
			this.snapshot = snapshot;
		}

		/** SQL giving the JSON snapshot of the record of table alias {@code x}. */
		public String snapshotSql() {
			return snapshot;
		}

		public String table() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** What happened to it. */
	public enum Operation {

		CREATE, UPDATE, STATUS_TRANSITION, CONFIRM, DISPUTE, MERGE, WITHDRAW

	}

	/** The change-log entries of a bulk change whose projections wait for its end ({@link #deferringProjections}). */
	private static final String DEFERRED = ChangeLog.class.getName() + ".deferred";

	/**
	 * Above this many changes at once, the projections are rebuilt rather than brought up to date change by change:
	 * a rebuild of the national scenario takes about 21 s (BENCHMARKS.md, federation), about as long as 500 changes of
	 * 40–50 ms each (bench/import.sh); on a smaller registry the rebuild is cheaper.
	 */
	static final int REBUILD_ABOVE = 500;

	private final DatabaseClient db;

	private final String nodeId;

	private final ChangeNotifications notifications;

	private final Projections projections;

	private final WriteAuthority authority;

	ChangeLog(DatabaseClient db, RegistryProperties properties, ChangeNotifications notifications,
			Projections projections, WriteAuthority authority) {
		this.db = db;
		this.nodeId = properties.nodeId();
		this.notifications = notifications;
		this.projections = projections;
		this.authority = authority;
	}

	/**
	 * Records the current state of the entity as the result of {@code operation} by {@code actor}, and brings every
	 * projection up to date with it. Fails (and so rolls the change back) if the record belongs to another node of
	 * the federation ({@link WriteAuthority}).
	 */
	public Mono<Void> record(EntityType type, UUID id, Operation operation, Actor actor) {
		return authority.check(type, id).then(Mono.defer(() -> append(type, id, operation, actor)));
	}

	/**
	 * Brings every projection up to date with a change replicated from the node that owns the record, whose change
	 * log entry the federation appended with the record's rows ({@code replica_receive}, R__federation.sql), in the
	 * same transaction. The entry carries the owner's node ID, so this node's change feed does not send it back.
	 */
	public Mono<Void> projectReplica(long seq, EntityType type, UUID id, Operation operation) {
		notifications.changed();
		return projections.apply(new ChangeLogEntry(seq, type, id, operation))
			.doFinally(signal -> notifications.changed());
	}

	private Mono<Void> append(EntityType type, UUID id, Operation operation, Actor actor) {
		String sql = "insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, "
				+ "actor_organization_id, actor_subject, actor_role, registry_node_id) "
				+ "select :type, x.id, x.version, :operation, (" + type.snapshot + "), :actorOrganization, "
				+ ":actorSubject, :actorRole, :node from " + type.table() + " x where x.id = :id "
				+ "returning seq, change_log_keys(snapshot)::text as keys";
		var spec = db.sql(sql)
			.bind("type", type.name())
			.bind("operation", operation.name())
			.bind("node", nodeId)
			.bind("id", id);
		spec = Binds.nullable(spec, "actorOrganization", actor.organizationId(), UUID.class);
		spec = Binds.nullable(spec, "actorSubject", actor.subject(), String.class);
		spec = Binds.nullable(spec, "actorRole", actor.roleNames(), String.class);
		// marked before and after the write, so that no read model computed in between outlives it: after it, what
		// the change reaches (everything if the write failed)
		notifications.writing();
		java.util.concurrent.atomic.AtomicReference<ChangeNotifications.Change> written =
				new java.util.concurrent.atomic.AtomicReference<>();
		return spec.map(row -> new ChangeNotifications.Change(row.get("seq", Long.class), type.name(), id,
				operation.name(), ChangeNotifications.keys(row.get("keys", String.class))))
			.one()
			// a change of a record that is not there would leave the projections behind unnoticed
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("No " + type + " " + id + " to record.")))
			.flatMap(change -> Mono.deferContextual(context -> {
				written.set(change);
				ChangeLogEntry entry = new ChangeLogEntry(change.seq(), type, id, operation);
				Optional<List<ChangeLogEntry>> deferred = context.getOrEmpty(DEFERRED);
				if (deferred.isPresent()) {
					deferred.get().add(entry);
					return Mono.empty();
				}
				return projections.apply(entry);
			}))
			.doFinally(signal -> {
				if (signal == reactor.core.publisher.SignalType.ON_COMPLETE && written.get() != null) {
					notifications.changed(written.get());
				}
				else {
					notifications.changed();
				}
			})
			.then();
	}

	/**
	 * Runs a bulk change (an import's file) whose change-log entries bring the projections up to date once, at its
	 * end and in its transaction, rather than each as it is recorded: change by change for a few, by a rebuild for
	 * more than {@link #REBUILD_ABOVE}. Where {@code project} says no (a dry run or a refused file, which the caller
	 * rolls back), they are not brought up to date at all. The checks the change makes on its way read the base
	 * tables, never the projections, so they are the same either way.
	 */
	public <T> Mono<T> deferringProjections(Mono<T> work, Predicate<T> project) {
		return Mono.defer(() -> {
			List<ChangeLogEntry> deferred = Collections.synchronizedList(new ArrayList<>());
			return work.contextWrite(context -> context.put(DEFERRED, deferred))
				.flatMap(result -> {
					if (!project.test(result) || deferred.isEmpty()) {
						return Mono.just(result);
					}
					List<ChangeLogEntry> entries = List.copyOf(deferred);
					Mono<Void> projecting = entries.size() > REBUILD_ABOVE ? projections.rebuildAll(db)
							: Flux.fromIterable(entries).concatMap(projections::apply).then();
					return projecting.doFinally(signal -> notifications.changed()).thenReturn(result);
				});
		});
	}

}
