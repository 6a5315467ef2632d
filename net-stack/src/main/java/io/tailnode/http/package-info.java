/**
 * The device's own HTTP/1.1 services on the tunnel addresses (TCP 80): {@code GET /status} (JSON),
 * {@code GET /metrics} (Prometheus text), {@code GET /bytes?n=N} and {@code POST /sink} for throughput and
 * integrity tests. Sans-I/O like the rest of the stack: {@link io.tailnode.http.HttpConnection} turns received
 * bytes into response bytes and the TCP socket moves them; {@link io.tailnode.http.HttpServer} bounds the number of
 * connections; {@link io.tailnode.http.StatusSource} is the device's side of /status and /metrics. Read RFC 9112
 * (message syntax) and RFC 9110 §15 (status codes) before editing. Nothing allocates after construction.
 */
package io.tailnode.http;
