package io.burstpipe.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code java -cp <jar> io.burstpipe.cli.HealthCheck URL}: exits 0 if the URL answers 2xx within 2 s,
 * else 1. For container healthchecks and scripts, where curl may not exist.
 */
public final class HealthCheck {

    private HealthCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HealthCheck URL");
            System.exit(2);
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(args[0]))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            System.exit(response.statusCode() / 100 == 2 ? 0 : 1);
        } catch (Exception e) {
            System.exit(1);
        }
    }
}
