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
package io.lakehouseml.feature.iceberg;

import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.trino.filesystem.TrinoInput;
import io.trino.filesystem.TrinoInputFile;
import io.trino.memory.context.AggregatedMemoryContext;
import io.trino.parquet.AbstractParquetDataSource;
import io.trino.parquet.Column;
import io.trino.parquet.ParquetDataSourceId;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.parquet.metadata.BlockMetadata;
import io.trino.parquet.metadata.ParquetMetadata;
import io.trino.parquet.metadata.PrunedBlockMetadata;
import io.trino.parquet.reader.MetadataReader;
import io.trino.parquet.reader.ParquetReader;
import io.trino.parquet.reader.RowGroupInfo;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.connector.SourcePage;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ColumnIO;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.schema.MessageType;
import org.joda.time.DateTimeZone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SOURCE_ERROR;
import static io.trino.parquet.ParquetTypeUtils.constructField;
import static io.trino.parquet.ParquetTypeUtils.getColumnIO;
import static io.trino.parquet.ParquetTypeUtils.getDescriptors;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Reads columns of one Parquet data file of an Iceberg table, found by their Iceberg field ids, as
 * pages in the order of the requested columns. A column the file does not have (added to the table
 * after the file was written) reads as NULL, as Iceberg defines.
 */
public final class ParquetFeatureReader
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

    private ParquetFeatureReader() {}

    /**
     * @param identityPartitionFields field ids of identity partition columns: other writers may leave
     *         them out of the data files, where they would not be NULL but the partition's value
     */
    public static FileRead read(TrinoInputFile file, List<ColumnSpec> columns, Set<Integer> identityPartitionFields, Consumer<Page> pages)
    {
        return read(file, columns, identityPartitionFields, (_, _) -> true, (_, page) -> pages.accept(page));
    }

    /**
     * Reads the rows a filter takes. The filter is asked of each row group, then of each page of rows
     * read from one: a page it does not take is skipped without decoding its columns.
     *
     * @param rows takes the position of a first row and a row count: whether to read them
     * @param pages takes the position in the file of a page's first row, and the page: its rows are
     *         consecutive rows of the file
     * @return what reading the file took, the time {@code pages} took left out
     */
    public static FileRead read(TrinoInputFile file, List<ColumnSpec> columns, Set<Integer> identityPartitionFields, RowRangeFilter rows, PositionedPageConsumer pages)
    {
        long startNanos = threadCpuNanos();
        long consumerNanos = 0;
        long rowsRead = 0;
        try (DataSource source = new DataSource(file)) {
            ParquetMetadata metadata = MetadataReader.readFooter(source, Optional.empty());
            MessageType schema = metadata.getFileMetaData().getSchema();
            MessageColumnIO columnIo = getColumnIO(schema, schema);
            List<Column> fields = new ArrayList<>();
            // the reader's channel of each requested column, or -1 when the file does not have it
            int[] channels = new int[columns.size()];
            for (int index = 0; index < columns.size(); index++) {
                ColumnSpec column = columns.get(index);
                Optional<ColumnIO> field = fieldById(columnIo, column.fieldId());
                if (field.isEmpty()) {
                    if (identityPartitionFields.contains(column.fieldId())) {
                        throw new TrinoException(NOT_SUPPORTED, format("Data file %s does not hold its identity partition column '%s'; point_in_time_features cannot read it, use point_in_time_join", file.location(), column.name()));
                    }
                    channels[index] = -1;
                    continue;
                }
                channels[index] = fields.size();
                fields.add(new Column(column.name(), constructField(column.type(), field.get())
                        .orElseThrow(() -> new TrinoException(FEATURE_STORE_SOURCE_ERROR, format("Column '%s' of data file %s cannot be read as %s", column.name(), file.location(), column.type())))));
            }
            Map<List<String>, ColumnDescriptor> descriptors = getDescriptors(schema, schema);
            List<RowGroupInfo> selectedRowGroups = new ArrayList<>();
            long rowOffset = 0;
            for (BlockMetadata block : metadata.getBlocks()) {
                if (rows.reads(rowOffset, block.rowCount())) {
                    selectedRowGroups.add(new RowGroupInfo(PrunedBlockMetadata.createPrunedColumnsMetadata(block, source.getId(), descriptors), rowOffset, Optional.empty()));
                }
                rowOffset += block.rowCount();
            }
            if (selectedRowGroups.isEmpty()) {
                return new FileRead(0, source.getReadBytes(), threadCpuNanos() - startNanos);
            }
            try (ParquetReader reader = new ParquetReader(
                    Optional.ofNullable(metadata.getFileMetaData().getCreatedBy()),
                    fields,
                    false,
                    selectedRowGroups,
                    source,
                    DateTimeZone.UTC,
                    AggregatedMemoryContext.newSimpleAggregatedMemoryContext(),
                    ParquetReaderOptions.defaultOptions(),
                    exception -> new TrinoException(FEATURE_STORE_SOURCE_ERROR, format("Failed to read data file %s: %s", file.location(), exception.getMessage()), exception),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty())) {
                for (SourcePage page = reader.nextPage(); page != null; page = reader.nextPage()) {
                    long firstRow = reader.lastBatchStartRow();
                    if (!rows.reads(firstRow, page.getPositionCount())) {
                        continue;
                    }
                    Block[] blocks = new Block[columns.size()];
                    for (int index = 0; index < columns.size(); index++) {
                        blocks[index] = channels[index] < 0
                                ? RunLengthEncodedBlock.create(columns.get(index).type(), null, page.getPositionCount())
                                : page.getBlock(channels[index]);
                    }
                    rowsRead += page.getPositionCount();
                    long consumerStart = threadCpuNanos();
                    pages.accept(firstRow, new Page(page.getPositionCount(), blocks));
                    consumerNanos += threadCpuNanos() - consumerStart;
                }
            }
            return new FileRead(rowsRead, source.getReadBytes(), threadCpuNanos() - startNanos - consumerNanos);
        }
        catch (IOException e) {
            throw new TrinoException(FEATURE_STORE_SOURCE_ERROR, format("Failed to read data file %s", file.location()), e);
        }
    }

    /**
     * The source columns of identity partition fields, in any partition spec the table has had: the
     * {@code identityPartitionFields} of {@link #read}.
     */
    public static Set<Integer> identityPartitionFields(Table table)
    {
        return table.specs().values().stream()
                .flatMap(spec -> spec.fields().stream())
                .filter(field -> field.transform().isIdentity())
                .map(PartitionField::sourceId)
                .collect(toImmutableSet());
    }

    /**
     * What reading a file took: the rows decoded, the bytes read from the file (footer and column
     * chunks), and the CPU time of the reading thread, decompression and decoding included.
     */
    public record FileRead(long rows, long bytes, long cpuNanos) {}

    private static long threadCpuNanos()
    {
        // 0 throughout where the JVM does not measure a thread's CPU time: then the reads report none
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /**
     * Which rows of a file to read, asked of ranges of rows.
     */
    @FunctionalInterface
    public interface RowRangeFilter
    {
        boolean reads(long firstRow, long rowCount);
    }

    /**
     * Takes the pages read, each with the position in the file of its first row.
     */
    @FunctionalInterface
    public interface PositionedPageConsumer
    {
        void accept(long firstRow, Page page);
    }

    private static Optional<ColumnIO> fieldById(MessageColumnIO columnIo, int fieldId)
    {
        for (int i = 0; i < columnIo.getChildrenCount(); i++) {
            ColumnIO child = columnIo.getChild(i);
            if (child.getType().getId() != null && child.getType().getId().intValue() == fieldId) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    private static final class DataSource
            extends AbstractParquetDataSource
    {
        private final TrinoInput input;

        DataSource(TrinoInputFile file)
                throws IOException
        {
            super(new ParquetDataSourceId(file.location().toString()), file.length(), ParquetReaderOptions.defaultOptions());
            this.input = requireNonNull(file, "file is null").newInput();
        }

        @Override
        protected void readInternal(long position, byte[] buffer, int bufferOffset, int bufferLength)
                throws IOException
        {
            input.readFully(position, buffer, bufferOffset, bufferLength);
        }

        @Override
        public void close()
        {
            try {
                input.close();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
