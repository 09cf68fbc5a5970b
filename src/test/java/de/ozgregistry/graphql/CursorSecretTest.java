package de.ozgregistry.graphql;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cursors are signed under the node secret in the database: any instance on the same database (and this one after
 * a restart) reads the same secret and accepts the cursors this one issued.
 */
class CursorSecretTest extends ApiTest {

	@Test
	void cursorsAreSignedUnderTheNodeSecretOfTheDatabase() {
		ByteBuffer stored = db.sql("select secret from node_secret where name = 'cursor'")
			.map(row -> row.get(0, ByteBuffer.class))
			.one()
			.block();
		byte[] secret = new byte[stored.remaining()];
		stored.get(secret);
		String end = execute("{ ozgServices(first: 3) { pageInfo { endCursor } } }").path("ozgServices.pageInfo.endCursor")
			.entity(String.class)
			.get();
		CursorSigner anotherInstance = new CursorSigner(secret);
		assertThat(Cursor.decode(anotherInstance.verify(end, "after"), "after").id()).matches("[0-9]{5}");
	}

}
