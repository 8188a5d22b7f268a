/*
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.lakehouseml.benchmarks;

import io.trino.jdbc.QueryStats;
import io.trino.jdbc.TrinoStatement;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Runs SQL on the lakehouse server over JDBC and reads the server's own figures for each query:
 * elapsed time, CPU time and peak memory.
 */
public final class BenchmarkClient
        implements AutoCloseable
{
    private final Connection connection;

    public BenchmarkClient(String server)
            throws SQLException
    {
        requireNonNull(server, "server is null");
        String url = "jdbc:trino://" + server.replaceFirst("^https?://", "") + "/iceberg";
        connection = DriverManager.getConnection(url, connectionProperties());
    }

    /**
     * As {@code admin} by default; bin/lakehouse bench sets the user, and for a server started
     * with {@code --secure} the password and the server's certificate, in the environment.
     */
    private static Properties connectionProperties()
    {
        Properties properties = new Properties();
        properties.setProperty("user", requireNonNullElse(System.getenv("LAKEHOUSE_USER"), "admin"));
        String truststore = System.getenv("LAKEHOUSE_TRUSTSTORE");
        if (truststore != null) {
            properties.setProperty("SSL", "true");
            properties.setProperty("SSLTrustStorePath", truststore);
            properties.setProperty("password", requireNonNullElse(System.getenv("LAKEHOUSE_PASSWORD"), ""));
        }
        return properties;
    }

    public void execute(String sql)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Drops a training set when there is one of that name, so that a benchmark makes it anew and
     * reads it as {@code create_training_set} makes training sets now.
     */
    public void dropTrainingSet(String schema, String name)
            throws SQLException
    {
        long existing = ((Number) scalar("SELECT count(*) FROM feature_store.system.training_sets WHERE schema_name = '%s' AND name = '%s'".formatted(schema, name))).longValue();
        if (existing > 0) {
            execute("CALL feature_store.system.drop_training_set('%s', '%s')".formatted(schema, name));
        }
    }

    public Measurement measure(String sql)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            AtomicReference<QueryStats> finalStats = new AtomicReference<>();
            statement.unwrap(TrinoStatement.class).setProgressMonitor(finalStats::set);
            List<List<Object>> rows;
            try (ResultSet resultSet = statement.executeQuery(sql)) {
                rows = rows(resultSet);
            }
            QueryStats stats = requireNonNull(finalStats.get(), "the server sent no query statistics");
            return new Measurement(stats.getQueryId(), rows, stats.getElapsedTimeMillis(), stats.getCpuTimeMillis(), stats.getPeakMemoryBytes());
        }
    }

    public List<List<Object>> query(String sql)
            throws SQLException
    {
        return measure(sql).rows();
    }

    /**
     * Runs a query and cancels it after the given time if it is still running.
     *
     * @return its rows, or empty when it was cancelled
     */
    public Optional<List<List<Object>>> queryCancelledAfter(String sql, long cancelAfterMillis, ScheduledExecutorService scheduler)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            AtomicBoolean cancelled = new AtomicBoolean();
            ScheduledFuture<?> cancel = scheduler.schedule(() -> {
                // set first: the query's thread sees the cancellation as soon as it is sent
                cancelled.set(true);
                try {
                    statement.cancel();
                }
                catch (SQLException _) {
                    // the query ended meanwhile
                }
            }, cancelAfterMillis, MILLISECONDS);
            try (ResultSet resultSet = statement.executeQuery(sql)) {
                List<List<Object>> rows = rows(resultSet);
                cancel.cancel(false);
                return Optional.of(rows);
            }
            catch (SQLException e) {
                if (cancelled.get()) {
                    return Optional.empty();
                }
                throw e;
            }
        }
    }

    private static List<List<Object>> rows(ResultSet resultSet)
            throws SQLException
    {
        List<List<Object>> rows = new ArrayList<>();
        int columns = resultSet.getMetaData().getColumnCount();
        while (resultSet.next()) {
            List<Object> row = new ArrayList<>(columns);
            for (int column = 1; column <= columns; column++) {
                Object value = resultSet.getObject(column);
                // arrays as lists, which compare by their elements
                row.add(value instanceof Array array ? Arrays.asList((Object[]) array.getArray()) : value);
            }
            rows.add(row);
        }
        return rows;
    }

    public Object scalar(String sql)
            throws SQLException
    {
        List<List<Object>> rows = query(sql);
        return rows.isEmpty() ? null : rows.getFirst().getFirst();
    }

    @Override
    public void close()
            throws SQLException
    {
        connection.close();
    }

    public record Measurement(String queryId, List<List<Object>> rows, long elapsedMillis, long cpuMillis, long peakMemoryBytes)
    {
        public Measurement
        {
            requireNonNull(queryId, "queryId is null");
            rows = List.copyOf(rows);
        }
    }
}
