package de.ozgregistry.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder between the registry and its PostgreSQL that a test can cut (every connection dropped, new ones
 * refused, like a server that went away) and restore on the same port: an outage of an external database.
 */
final class TcpProxy implements AutoCloseable {

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket listener;

	private volatile int port;

	TcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		listen(0);
	}

	int port() {
		return port;
	}

	/** Drops every connection and refuses new ones. */
	synchronized void cut() throws IOException {
		listener.close();
		for (Socket socket : sockets) {
			socket.close();
		}
		sockets.clear();
	}

	/** Accepts connections on the same port again. */
	synchronized void restore() throws IOException {
		listen(port);
	}

	@Override
	public void close() throws IOException {
		cut();
	}

	private void listen(int onPort) throws IOException {
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
		listener = server;
		port = server.getLocalPort();
		Thread acceptor = new Thread(() -> accept(server), "tcp-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			try {
				Socket client = server.accept();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
				sockets.add(client);
				sockets.add(upstream);
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// closed by cut()
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int n; (n = in.read(buffer)) >= 0;) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
