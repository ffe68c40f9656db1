package io.burstpipe.e2e;

import java.nio.file.Path;
import java.util.List;

/** The two stores every end-to-end test runs against. */
enum StoreKind {
    EMBEDDED, POSTGRES;

    /** Consumer flags selecting this store; each call for PostgreSQL gets a fresh table. */
    Store prepare(Path dir, String name) throws Exception {
        if (this == EMBEDDED) {
            Path storeDir = dir.resolve("store-" + name);
            return new Store(List.of("--store-dir", storeDir.toString()), producer -> StoreCheck.embedded(storeDir,
                    producer), () -> { });
        }
        StoreCheck.requirePostgres();
        String table = (name.replaceAll("[^a-z0-9]", "_") + "_" + ProcessHandle.current().pid() + "_"
                + Long.toString(System.nanoTime() % 1_000_000)).toLowerCase(java.util.Locale.ROOT);
        StoreCheck.dropTable(table);
        return new Store(List.of("--store", "postgres", "--pg-url", StoreCheck.PG_URL, "--pg-table", table),
                producer -> StoreCheck.postgres(table, producer), () -> StoreCheck.dropTable(table));
    }

    interface Counter {
        StoreCheck.Counts count(String producer) throws Exception;
    }

    interface Cleanup {
        void run() throws Exception;
    }

    record Store(List<String> consumerArgs, Counter counter, Cleanup cleanup) implements AutoCloseable {
        StoreCheck.Counts counts(String producer) throws Exception {
            return counter.count(producer);
        }

        String[] with(String... more) {
            List<String> all = new java.util.ArrayList<>(consumerArgs);
            all.addAll(List.of(more));
            return all.toArray(String[]::new);
        }

        @Override
        public void close() throws Exception {
            cleanup.run();
        }
    }
}
