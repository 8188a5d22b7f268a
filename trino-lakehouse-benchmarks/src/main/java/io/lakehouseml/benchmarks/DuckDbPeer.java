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

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import static java.lang.String.format;

/**
 * DuckDB in this process, the peer of the point-in-time benchmarks: it reads the very Parquet files
 * of the Iceberg tables Trino reads (the data files of their current snapshots, listed by
 * {@code "<table>$files"}), with as many threads as this machine has cores.
 */
final class DuckDbPeer
        implements AutoCloseable
{
    private final Connection connection;
    private final int threads;

    DuckDbPeer()
            throws SQLException
    {
        this.threads = Runtime.getRuntime().availableProcessors();
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + threads);
        }
    }

    int threads()
    {
        return threads;
    }

    /**
     * Whether the data files of a table's current snapshot are on this machine's file system, where
     * this peer can read them (a cluster keeps them in object storage).
     */
    static boolean readsLocally(BenchmarkClient trino, String table)
            throws SQLException
    {
        int dot = table.lastIndexOf('.');
        List<List<Object>> rows = trino.query(format("SELECT file_path FROM %s.\"%s$files\"", table.substring(0, dot), table.substring(dot + 1)));
        return rows.stream().allMatch(row -> isLocal((String) row.getFirst()));
    }

    static final String NOT_LOCAL = "not run: the data files are in object storage, and this peer reads local files only";

    private static boolean isLocal(String location)
    {
        return location.startsWith("file:") || location.startsWith("local:///") || location.startsWith("/");
    }

    /**
     * {@code read_parquet} of the data files of a table's current snapshot, which must be on this machine's file system.
     */
    static String files(BenchmarkClient trino, String table)
            throws SQLException
    {
        int dot = table.lastIndexOf('.');
        List<List<Object>> rows = trino.query(format("SELECT file_path FROM %s.\"%s$files\"", table.substring(0, dot), table.substring(dot + 1)));
        StringJoiner paths = new StringJoiner(", ", "read_parquet([", "])");
        for (List<Object> row : rows) {
            String path = (String) row.getFirst();
            paths.add("'" + localPath(path).replace("'", "''") + "'");
        }
        return paths.toString();
    }

    private static String localPath(String location)
    {
        if (location.startsWith("file:")) {
            return Path.of(URI.create(location.startsWith("file:///") ? location : "file://" + location.substring("file:".length()))).toString();
        }
        if (location.startsWith("local:///")) {
            return location.substring("local://".length());
        }
        if (location.startsWith("/")) {
            return location;
        }
        throw new IllegalArgumentException("DuckDB reads local files; this data file is not one: " + location);
    }

    /**
     * Runs a statement that returns no rows.
     */
    void execute(String sql)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Runs a query and returns its first row and the time it took, as this process measures it.
     */
    Measured measure(String sql)
            throws SQLException
    {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            List<Object> first = new ArrayList<>();
            if (resultSet.next()) {
                for (int column = 1; column <= resultSet.getMetaData().getColumnCount(); column++) {
                    first.add(resultSet.getObject(column));
                }
            }
            while (resultSet.next()) {
                // every row is read
            }
            return new Measured(first, (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Override
    public void close()
            throws SQLException
    {
        connection.close();
    }

    record Measured(List<Object> firstRow, long elapsedMillis) {}
}
