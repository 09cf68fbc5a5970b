import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * What a feed entry's signature costs on this machine's JDK (BENCHMARKS.md, federation): ES256 (ECDSA P-256, what the
 * nodes signed with before) against PS256 (RSASSA-PSS, RSA 3,072 bits, what they sign with now), signing and
 * verifying 1.2 kB, about the size of an entry.
 *
 *   java bench/Signatures.java
 */
public class Signatures {

	public static void main(String[] args) throws Exception {
		measure("ES256 (P-256)", "EC", new ECGenParameterSpec("secp256r1"), 0, "SHA256withECDSA", null);
		measure("PS256 (RSA 3072)", "RSA", null, 3072, "RSASSA-PSS",
				new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
	}

	private static void measure(String name, String keyType, AlgorithmParameterSpec keySpec, int bits,
			String algorithm, AlgorithmParameterSpec signatureSpec) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
		if (keySpec != null) {
			generator.initialize(keySpec);
		}
		else {
			generator.initialize(bits);
		}
		KeyPair keys = generator.generateKeyPair();
		byte[] data = new byte[1200];
		new SecureRandom().nextBytes(data);
		int n = 1000;
		byte[] signature = null;
		for (int round = 0; round < 2; round++) {
			long start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				Signature signer = Signature.getInstance(algorithm);
				if (signatureSpec != null) {
					signer.setParameter(signatureSpec);
				}
				signer.initSign(keys.getPrivate());
				signer.update(data);
				signature = signer.sign();
			}
			long signed = System.nanoTime();
			for (int i = 0; i < n; i++) {
				Signature verifier = Signature.getInstance(algorithm);
				if (signatureSpec != null) {
					verifier.setParameter(signatureSpec);
				}
				verifier.initVerify(keys.getPublic());
				verifier.update(data);
				if (!verifier.verify(signature)) {
					throw new IllegalStateException("a signature did not verify");
				}
			}
			long verified = System.nanoTime();
			if (round == 1) {
				// the first round warms the JIT up
				System.out.printf("%s: sign %.3f ms, verify %.3f ms%n", name, (signed - start) / 1e6 / n,
						(verified - signed) / 1e6 / n);
			}
		}
	}

}
