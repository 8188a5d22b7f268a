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

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestBenchmarkSupport
{
    @Test
    void testOptions()
    {
        BenchmarkOptions options = new BenchmarkOptions(new String[] {"--rows", "100_000", "--runs=5"}, Map.of("rows", "1000000", "runs", "3", "server", "127.0.0.1:8080"));
        assertThat(options.integer("rows")).isEqualTo(100_000);
        assertThat(options.integer("runs")).isEqualTo(5);
        assertThat(options.string("server")).isEqualTo("127.0.0.1:8080");

        assertThatThrownBy(() -> new BenchmarkOptions(new String[] {"--size", "1"}, Map.of("rows", "1")))
                .hasMessage("unknown option --size; the options are [--rows]");
        assertThatThrownBy(() -> new BenchmarkOptions(new String[] {"--rows"}, Map.of("rows", "1")))
                .hasMessage("option --rows needs a value");
        assertThatThrownBy(() -> new BenchmarkOptions(new String[] {"--rows", "many"}, Map.of("rows", "1")).integer("rows"))
                .hasMessage("option --rows needs a whole number, not 'many'");
        assertThatThrownBy(() -> new BenchmarkOptions(new String[] {"--rows", "0"}, Map.of("rows", "1")).integer("rows"))
                .hasMessage("option --rows must be positive, not 0");
        assertThat(new BenchmarkOptions(new String[] {"--buckets", "0"}, Map.of("buckets", "16")).integer("buckets", 0)).isZero();
        assertThatThrownBy(() -> new BenchmarkOptions(new String[] {"--buckets", "-1"}, Map.of("buckets", "16")).integer("buckets", 0))
                .hasMessage("option --buckets must be at least 0, not -1");
        assertThat(new BenchmarkOptions(new String[] {"--baselines", "no"}, Map.of("baselines", "yes")).yesOrNo("baselines")).isFalse();
        assertThatThrownBy(() -> new BenchmarkOptions(new String[] {"--baselines", "maybe"}, Map.of("baselines", "yes")).yesOrNo("baselines"))
                .isInstanceOf(BenchmarkOptions.InvalidOptionException.class)
                .hasMessage("option --baselines must be yes or no, not 'maybe'");
    }

    @Test
    void testDataSets()
    {
        assertThat(PointInTimeJoinBenchmark.dataSets("multi-view")).containsExactly("multi-view");
        assertThat(PointInTimeJoinBenchmark.dataSets("uniform, wide,uniform")).containsExactly("uniform", "wide");
        assertThatThrownBy(() -> PointInTimeJoinBenchmark.dataSets("uniform,bogus"))
                .isInstanceOf(BenchmarkOptions.InvalidOptionException.class)
                .hasMessage("option --data-sets names 'bogus'; the data sets are uniform, skewed, multi-view, wide");
    }

    @Test
    void testReport()
    {
        assertThat(BenchmarkReport.median(5, 1, 3)).isEqualTo(3);
        assertThat(BenchmarkReport.median(4, 1, 3, 2)).isEqualTo(2);
        assertThat(BenchmarkReport.seconds(1234)).isEqualTo("1.23 s");
        assertThat(BenchmarkReport.ratio(2.5)).isEqualTo("2.50x");
        assertThat(BenchmarkReport.bytes(3L << 30)).isEqualTo("3.00 GB");
        assertThat(BenchmarkReport.rate(1_000_000, 500)).isEqualTo("2.00M/s");

        BenchmarkReport report = new BenchmarkReport("name", "time");
        report.add("built-in", "10.00 s");
        report.add("ours", "1.00 s");
        assertThat(report.render()).isEqualTo(
                """
                name         time
                --------  -------
                built-in  10.00 s
                ours       1.00 s
                """);
    }
}
