package de.ozgregistry.federation;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this registry node takes part in a federation (the node's ID is {@code ozg.node-id}).
 *
 * @param name the node's name, e.g. {@code Registry Hessen (ekom21)}
 * @param baseUrl the URL under which peers reach this node, e.g. {@code https://ozg.hessen.example}; the change
 * feed and the node description are below it
 * @param contact whom operators of other nodes write to
 * @param scope what this node is authoritative for: ARS prefixes (2 to 12 digits, e.g. {@code 06} for Hessen),
 * organization IDs (UUIDs), or {@code *} for everything (a registry that federates with nobody)
 * @param peers the nodes this node pulls from at start (more can be added with {@code addFederationPeer})
 * @param pullInterval how often each peer's feed is pulled (a peer's push hint pulls at once)
 * @param pageSize entries per request to a peer's feed
 * @param allowPrivateAddresses whether peer URLs may resolve to loopback, link-local or private addresses (tests,
 * a federation inside one network)
 * @param clockSkew how far a peer's clock may be off (event times in the future by more are refused)
 * @param keyOverlap how long a retired signing key stays published, so that peers verify what it signed
 * @param snapshotInterval how often each peer's snapshot is compared with what came from it (withdrawn records, lost
 * or damaged copies); a new peer starts from its snapshot
 * @param maxWithdrawalShare the largest share of the records received through a peer that one snapshot of it may
 * withdraw; a snapshot that would withdraw more is refused (an empty or cut-off one), with nothing of it applied
 */
@ConfigurationProperties("ozg.federation")
public record FederationProperties(
		@DefaultValue("ozg-registry") String name,
		@DefaultValue("") String baseUrl,
		@DefaultValue("") String contact,
		@DefaultValue("*") List<String> scope,
		@DefaultValue List<Peer> peers,
		@DefaultValue("30s") Duration pullInterval,
		@DefaultValue("500") int pageSize,
		@DefaultValue("false") boolean allowPrivateAddresses,
		@DefaultValue("5m") Duration clockSkew,
		@DefaultValue("7d") Duration keyOverlap,
		@DefaultValue("24h") Duration snapshotInterval,
		@DefaultValue("0.1") double maxWithdrawalShare) {

	/**
	 * The IRI that names this node: its base URL, or {@code urn:ozg-registry:<node ID>} where none is configured.
	 * The change feed's events carry it as their source; the DCAT-AP export names its resources below it.
	 */
	public String nodeIri(String nodeId) {
		return baseUrl.isBlank() ? "urn:ozg-registry:" + nodeId : baseUrl;
	}

	/**
	 * A peer given in the configuration.
	 *
	 * @param nodeId the peer's node ID, checked against its node description at the first contact
	 * @param url the peer's base URL
	 * @param fingerprint the RFC 7638 thumbprint of one of the peer's signing keys; empty: pinned at the first contact
	 */
	public record Peer(String nodeId, String url, @DefaultValue("") String fingerprint) {
	}

}
