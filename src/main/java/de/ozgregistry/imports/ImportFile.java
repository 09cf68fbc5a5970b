package de.ozgregistry.imports;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.RegistryException;

/**
 * A file given to an import mutation: its name as the user chose it, its content (sent base64-encoded, RFC 4648) and
 * the SHA-256 of the content, which names the import in the history and in the data source it records.
 */
public record ImportFile(String name, byte[] content, String sha256) {

	/** Decodes the input's file. A name that is blank or too long, or content that is not base64, is refused. */
	public static ImportFile of(String name, String base64) {
		String fileName = Inputs.line(name, "input.fileName", 200, true);
		byte[] content;
		try {
			content = Base64.getDecoder().decode(base64 == null ? "" : base64.replaceAll("\\s", ""));
		}
		catch (IllegalArgumentException ex) {
			throw RegistryException.invalid("input.content", "base64",
					"The file's content must be base64-encoded (RFC 4648).");
		}
		if (content.length == 0) {
			throw RegistryException.invalid("input.content", "required", "The file is empty.");
		}
		try {
			return new ImportFile(fileName, content,
					HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The attribution of the file's data source: its name and hash. */
	public String attribution() {
		return "Import of the file " + name + " (SHA-256 " + sha256 + ")";
	}

	/**
	 * Runs an import whose {@code work} decodes and reads its file off the event loop: a file of 30 MB takes a second
	 * or more to decode and parse, which would stall every other request of the event loop's thread.
	 */
	public static <T> Mono<T> offTheEventLoop(Supplier<Mono<T>> work) {
		return Mono.defer(work).subscribeOn(Schedulers.boundedElastic());
	}

	/** The data source recorded for what the file brings in: one per file content. */
	public String dataSourceId() {
		return "import-" + sha256.substring(0, 16);
	}

}
