package io.burstpipe.consumer.store;

import io.burstpipe.message.Message;
import io.burstpipe.store.MessageStore;
import io.burstpipe.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The store for compose and real deployments: PostgreSQL through the Vert.x reactive client. One
 * {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT (id) DO NOTHING RETURNING id} per batch, so a batch is one
 * round trip and one transaction, a redelivered id is skipped, and the ids it returns say which were new. The
 * table is created on open.
 *
 * <p>Thread-safe. {@link #storeBatch} blocks its caller until PostgreSQL has committed, so call it
 * from a store writer thread, never from an event loop.
 */
public final class PgStore implements MessageStore {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final long TIMEOUT_SECONDS = 30;

    private final Pool pool;
    private final String table;
    private final String where;
    private final String insert;

    private PgStore(Pool pool, String table, String where) {
        this.pool = pool;
        this.table = table;
        this.where = where;
        this.insert = "INSERT INTO " + table + " (id, seq, producer, value, created_at_micros) "
                + "SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::int[], $5::bigint[]) "
                + "ON CONFLICT (id) DO NOTHING RETURNING id";
    }

    /**
     * Connects, creates the table if missing, and checks the connection.
     *
     * @param url   e.g. {@code postgresql://postgres@127.0.0.1:5432/test}
     * @param table table name: lower-case letters, digits and '_'
     */
    public static PgStore open(Vertx vertx, String url, String table, int poolSize) throws StoreException {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new StoreException("--pg-table must be lower-case letters, digits and '_', up to 63 (was '"
                    + table + "')");
        }
        PgConnectOptions connect;
        try {
            connect = PgConnectOptions.fromUri(url);
        } catch (RuntimeException e) {
            throw new StoreException("--pg-url is not a PostgreSQL URI (e.g. postgresql://user@host:5432/db): "
                    + e.getMessage(), e);
        }
        connect.setCachePreparedStatements(true);
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(poolSize)).connectingTo(connect)
                .using(vertx).build();
        PgStore store = new PgStore(pool, table, connect.getHost() + ":" + connect.getPort() + "/"
                + connect.getDatabase());
        try {
            await(pool.query("CREATE TABLE IF NOT EXISTS " + table + " (id text PRIMARY KEY, seq bigint NOT NULL, "
                    + "producer text NOT NULL, value int NOT NULL, created_at_micros bigint NOT NULL, "
                    + "stored_at timestamptz NOT NULL DEFAULT now())").execute(), "create table " + table);
            await(pool.query("CREATE INDEX IF NOT EXISTS " + table + "_producer ON " + table + " (producer)")
                    .execute(), "create index");
        } catch (StoreException e) {
            pool.close();
            throw e;
        }
        return store;
    }

    private static <T> T await(Future<T> future, String what) throws StoreException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StoreException("PostgreSQL: " + what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("PostgreSQL: " + what + " took longer than " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("PostgreSQL: " + what + " interrupted", e);
        }
    }

    @Override
    public int storeBatch(List<Message> batch, boolean[] fresh) throws StoreException {
        int n = batch.size();
        String[] ids = new String[n];
        Long[] seqs = new Long[n];
        String[] producers = new String[n];
        Integer[] values = new Integer[n];
        Long[] createdAt = new Long[n];
        for (int i = 0; i < n; i++) {
            Message m = batch.get(i);
            ids[i] = m.id();
            seqs[i] = m.seq();
            producers[i] = m.producer();
            values[i] = m.value();
            createdAt[i] = m.createdAtMicros();
        }
        RowSet<Row> rows = await(pool.preparedQuery(insert)
                .execute(Tuple.of(ids, seqs, producers, values, createdAt)), "insert of " + n);
        java.util.Set<String> inserted = new java.util.HashSet<>(rows.rowCount() * 2);
        for (Row row : rows) {
            inserted.add(row.getString(0));
        }
        for (int i = 0; i < n; i++) {
            fresh[i] = inserted.remove(ids[i]); // the first of an id repeated in the batch is the one stored
        }
        return rows.rowCount();
    }

    @Override
    public long count() {
        return countWhere("", Tuple.tuple());
    }

    @Override
    public long countByProducer(String producer) {
        return countWhere(" WHERE producer = $1", Tuple.of(producer));
    }

    @Override
    public boolean contains(String id) {
        return countWhere(" WHERE id = $1", Tuple.of(id)) > 0;
    }

    @Override
    public org.roaringbitmap.longlong.Roaring64NavigableMap seqsOf(String producer) throws StoreException {
        org.roaringbitmap.longlong.Roaring64NavigableMap seqs = new org.roaringbitmap.longlong.Roaring64NavigableMap();
        for (Row row : await(pool.preparedQuery("SELECT seq FROM " + table + " WHERE producer = $1")
                .execute(Tuple.of(producer)), "list the ids of " + producer)) {
            seqs.addLong(row.getLong(0));
        }
        return seqs;
    }

    private long countWhere(String condition, Tuple args) {
        try {
            RowSet<Row> rows = await(pool.preparedQuery("SELECT count(*) FROM " + table + condition).execute(args),
                    "count");
            return rows.iterator().next().getLong(0);
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Drops the table and closes the store; for tests and clean-ups. */
    public void dropTable() throws StoreException {
        await(pool.query("DROP TABLE IF EXISTS " + table).execute(), "drop table " + table);
        close();
    }

    @Override
    public String describe() {
        return "postgres " + where + " table " + table;
    }

    @Override
    public void close() throws StoreException {
        await(pool.close(), "close");
    }
}
