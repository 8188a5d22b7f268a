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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static java.lang.String.format;

/**
 * Medians and a plain text table.
 */
public final class BenchmarkReport
{
    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;

    public BenchmarkReport(String... header)
    {
        this.header = header.clone();
    }

    public void add(Object... cells)
    {
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = String.valueOf(cells[i]);
        }
        rows.add(row);
    }

    public String render()
    {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendRow(text, header, widths);
        String[] rule = new String[header.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(widths[i]);
        }
        appendRow(text, rule, widths);
        for (String[] row : rows) {
            appendRow(text, row, widths);
        }
        return text.toString();
    }

    private static void appendRow(StringBuilder text, String[] cells, int[] widths)
    {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                text.append("  ");
            }
            // the first column is a name, the others are figures
            text.append(i == 0 ? padRight(cells[i], widths[i]) : padLeft(cells[i], widths[i]));
        }
        text.append('\n');
    }

    public static long median(long... values)
    {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static String seconds(long millis)
    {
        return format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    public static String ratio(double value)
    {
        return format(Locale.ROOT, "%.2fx", value);
    }

    public static String bytes(long bytes)
    {
        if (bytes >= 1L << 30) {
            return format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30));
        }
        return format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }

    public static String rate(long rows, long millis)
    {
        return format(Locale.ROOT, "%.2fM/s", rows / 1000.0 / Math.max(millis, 1));
    }

    private static String padRight(String value, int width)
    {
        return value + " ".repeat(width - value.length());
    }

    private static String padLeft(String value, int width)
    {
        return " ".repeat(width - value.length()) + value;
    }
}
