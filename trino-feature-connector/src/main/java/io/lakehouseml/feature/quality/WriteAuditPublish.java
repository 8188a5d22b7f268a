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
package io.lakehouseml.feature.quality;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergCatalogFactory;
import io.lakehouseml.feature.iceberg.IcebergCatalogFactory.RegistryCatalog;
import io.lakehouseml.feature.lineage.ProcedureLineage;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types.NestedField;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_ALREADY_EXISTS;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_CATALOG_ERROR;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_NOT_FOUND;
import static io.lakehouseml.feature.registry.FeatureRegistry.access;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Write-audit-publish on Iceberg branches, behind the procedures {@code begin_write},
 * {@code commit_write}, {@code publish_write} and {@code discard_write}.
 * <p>
 * The write goes to the source table of a feature view or to any Iceberg table of the source
 * catalog (the {@code table_name} form, for the layers of a medallion pipeline).
 * New rows go to a staging table that has the source table's schema, field ids and
 * partitioning ({@code <table>_staging_<branch>}), which any Trino client writes with INSERT.
 * {@code commit_write} commits its files to a branch of the source table, where they can be
 * audited with {@code "<view>$violations@<branch>"} (or, for a table,
 * {@code system."<schema>.<table>$violations@<branch>"}) while {@code main}, and so every training
 * set and point-in-time join, does not see them; {@code publish_write} then fast-forwards
 * {@code main} to the branch.
 */
public class WriteAuditPublish
{
    // what the commit of staged files records in its snapshot summary, so that a repeated commit_write is recognised
    private static final String STAGING_TABLE = "feature-store.staging-table";
    private static final String STAGING_SNAPSHOT = "feature-store.staging-snapshot-id";
    // the properties that would make the staging table write into the source table's folders
    private static final int MAX_REF_ATTEMPTS = 10;
    private static final List<String> LOCATION_PROPERTIES = ImmutableList.of("write.data.path", "write.metadata.path", "write.object-storage.path", "write.folder-storage.path");

    private final FeatureRegistry registry;
    private final ProcedureLineage lineage;
    private final RegistryCatalog catalog;
    private final SourceAccessControl sourceAccess;
    private final String sourceCatalog;

    @Inject
    public WriteAuditPublish(FeatureRegistry registry, IcebergCatalogFactory catalogFactory, SourceAccessControl sourceAccess, ProcedureLineage lineage, FeatureStoreConfig config)
    {
        this.sourceCatalog = config.getSourceCatalog();
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.catalog = catalogFactory.catalog();
    }

    private static TrinoException branchExists(Write write, Throwable cause)
    {
        return new TrinoException(FEATURE_STORE_ALREADY_EXISTS, format("%s already has a branch or tag '%s'; publish or discard that write first", write.source(), write.branch()), cause);
    }

    /**
     * Creates the branch at the current snapshot of {@code main} and the empty staging table.
     */
    public void begin(ConnectorSession session, String schemaName, String viewName, String tableName, String branchName)
    {
        Write write = write(session, schemaName, viewName, tableName, branchName);
        Table table = registry.loadSourceTable(write.source());
        if (table.refs().containsKey(write.branch())) {
            throw branchExists(write, null);
        }
        if (stagingTable(write).isPresent()) {
            // another call may have begun this write since the table was loaded: it makes the branch before the staging table
            table.refresh();
            if (table.refs().containsKey(write.branch())) {
                throw branchExists(write, null);
            }
            throw new TrinoException(FEATURE_STORE_ALREADY_EXISTS, format("Staging table %s already exists; discard that write first", write.stagingName()));
        }
        access("begin a write to " + write.source(), () -> {
            try {
                updateRefs(write, table, current -> current.currentSnapshot() == null
                        ? current.manageSnapshots().createBranch(write.branch())
                        : current.manageSnapshots().createBranch(write.branch(), current.currentSnapshot().snapshotId()));
            }
            catch (IllegalArgumentException e) {
                // another call made the branch since the check above
                throw branchExists(write, e);
            }
            // the source's schema with its field ids, partitioning and sort order, so that the staged files can join the source as they are
            TableMetadata base = ((HasTableOperations) table).operations().current();
            String location = format("%s/staging/%s-%s", base.location(), write.branch(), UUID.randomUUID());
            Map<String, String> properties = base.properties().entrySet().stream()
                    .filter(entry -> LOCATION_PROPERTIES.stream().noneMatch(entry.getKey()::startsWith))
                    .collect(toImmutableMap(Map.Entry::getKey, Map.Entry::getValue));
            TableMetadata staging = TableMetadata.buildFromEmpty(base.formatVersion())
                    .assignUUID()
                    .setLocation(location)
                    .setCurrentSchema(base.schema(), base.lastColumnId())
                    .setDefaultPartitionSpec(base.spec())
                    .setDefaultSortOrder(base.sortOrder())
                    .setProperties(ImmutableMap.<String, String>builder()
                            .putAll(properties)
                            .put("comment", format("Rows staged for branch %s of %s", write.branch(), write.source()))
                            .buildKeepingLast())
                    .build();
            String metadataLocation = format("%s/metadata/00000-%s.metadata.json", location, UUID.randomUUID());
            TableMetadataParser.write(staging, table.io().newOutputFile(metadataLocation));
            try {
                catalog.tables().registerTable(write.stagingIdentifier(), metadataLocation);
            }
            catch (AlreadyExistsException e) {
                throw new TrinoException(FEATURE_STORE_ALREADY_EXISTS, format("Staging table %s already exists; discard that write first", write.stagingName()), e);
            }
            return null;
        });
    }

    /**
     * Commits the files of the staging table to the branch, in one snapshot, and removes the
     * staging table from the catalog; its files now belong to the source table.
     */
    public void commit(ConnectorSession session, String schemaName, String viewName, String tableName, String branchName)
    {
        Write write = write(session, schemaName, viewName, tableName, branchName);
        Table table = registry.loadSourceTable(write.source());
        SnapshotRef branch = branch(table, write);
        Table staging = stagingTable(write).orElseThrow(() -> new TrinoException(FEATURE_STORE_NOT_FOUND, format(
                "Staging table %s does not exist; begin_write creates it", write.stagingName())));
        if (!staging.schema().asStruct().equals(table.schema().asStruct()) || !staging.spec().compatibleWith(table.spec())) {
            throw new TrinoException(FEATURE_STORE_INVALID_ARGUMENT, format(
                    "Staging table %s no longer has the schema and partitioning of %s (one of them was altered); discard this write and begin again",
                    write.stagingName(),
                    write.source()));
        }
        if (staging.currentSnapshot() == null) {
            throw new TrinoException(FEATURE_STORE_INVALID_ARGUMENT, format("Staging table %s has no rows to commit; INSERT the new rows into it first", write.stagingName()));
        }
        if (committed(table, branch, write, staging)) {
            // an earlier call committed the files but could not remove the staging table
            access("drop " + write.stagingName(), () -> dropStagingTable(write, false));
            return;
        }
        access(format("commit %s to branch %s of %s", write.stagingName(), write.branch(), write.source()), () -> {
            // an append that fails when another call committed to the branch since it was read, so that no file is committed twice
            OverwriteFiles append = table.newOverwrite()
                    .validateFromSnapshot(branch.snapshotId())
                    .conflictDetectionFilter(Expressions.alwaysTrue())
                    .validateNoConflictingData();
            try (CloseableIterable<FileScanTask> tasks = staging.newScan().planFiles()) {
                for (FileScanTask task : tasks) {
                    if (!task.deletes().isEmpty()) {
                        throw new TrinoException(FEATURE_STORE_INVALID_ARGUMENT, format(
                                "Staging table %s has deleted rows (delete files); only inserted rows can be committed, so discard this write and begin again",
                                write.stagingName()));
                    }
                    append.addFile(asSourceFile(task.file(), table.spec()));
                }
            }
            catch (IOException e) {
                throw new TrinoException(FEATURE_STORE_CATALOG_ERROR, format("Cannot list the files of %s: %s", write.stagingName(), e.getMessage()), e);
            }
            try {
                append.set(STAGING_TABLE, write.stagingName())
                        .set(STAGING_SNAPSHOT, String.valueOf(staging.currentSnapshot().snapshotId()))
                        .toBranch(write.branch())
                        .commit();
            }
            catch (ValidationException e) {
                Table current = registry.loadSourceTable(write.source());
                SnapshotRef head = current.refs().get(write.branch());
                if (head == null || !committed(current, head, write, staging)) {
                    throw new TrinoException(FEATURE_STORE_INVALID_ARGUMENT, format(
                            "Branch %s of %s changed while the staged rows were being committed; audit the branch and call commit_write again",
                            write.branch(),
                            write.source()), e);
                }
                // another call committed the same staged files at the same time
            }
            // without purge: the files are the source table's now; another call may have removed it already
            dropStagingTable(write, false);
            return null;
        });
        List<String> columns = table.schema().columns().stream().map(NestedField::name).toList();
        lineage.record(
                session,
                "commit_write",
                format("commit_write: the rows of %s committed to branch %s of %s", write.stagingName(), write.branch(), write.source()),
                ImmutableList.of(ProcedureLineage.table(write.staging(), columns, staging.currentSnapshot().snapshotId())),
                ImmutableList.of(ProcedureLineage.table(write.source(), columns, registry.loadSourceTable(write.source()).refs().get(write.branch()).snapshotId())));
    }

    /**
     * A data file of the staging table as a file of the source table: the same file, values and
     * partition, in the source table's current partition spec (which may have another id).
     */
    private static DataFile asSourceFile(DataFile file, PartitionSpec spec)
    {
        return DataFiles.builder(spec)
                .withPath(file.location())
                .withFormat(file.format())
                .withFileSizeInBytes(file.fileSizeInBytes())
                .withMetrics(new Metrics(file.recordCount(), file.columnSizes(), file.valueCounts(), file.nullValueCounts(), file.nanValueCounts(), file.lowerBounds(), file.upperBounds()))
                .withSplitOffsets(file.splitOffsets())
                .withPartition(file.partition())
                .build();
    }

    /**
     * Whether the head of the branch is the commit of the staging table's current files.
     */
    private static boolean committed(Table table, SnapshotRef branch, Write write, Table staging)
    {
        if (staging.currentSnapshot() == null) {
            return false;
        }
        Map<String, String> summary = table.snapshot(branch.snapshotId()).summary();
        return write.stagingName().equals(summary.get(STAGING_TABLE)) && String.valueOf(staging.currentSnapshot().snapshotId()).equals(summary.get(STAGING_SNAPSHOT));
    }

    /**
     * Fast-forwards {@code main} to the branch and removes the branch.
     *
     * @param snapshotId the snapshot of the branch that was audited; when given, the branch must still be at it
     */
    public void publish(ConnectorSession session, String schemaName, String viewName, String tableName, String branchName, Long snapshotId)
    {
        Write write = write(session, schemaName, viewName, tableName, branchName);
        Table table = registry.loadSourceTable(write.source());
        long head = branch(table, write).snapshotId();
        if (snapshotId != null && snapshotId != head) {
            throw new TrinoException(FEATURE_STORE_INVALID_ARGUMENT, format(
                    "Branch %s of %s is at snapshot %s, not at the audited snapshot %s: it changed after the audit; audit it again",
                    write.branch(),
                    write.source(),
                    head,
                    snapshotId));
        }
        if (stagingTable(write).isPresent()) {
            throw new TrinoException(FEATURE_STORE_INVALID_ARGUMENT, format(
                    "Staging table %s still holds rows that are not on branch %s; commit_write them (and audit the branch) or discard this write",
                    write.stagingName(),
                    write.branch()));
        }
        access(format("publish branch %s of %s", write.branch(), write.source()), () -> {
            try {
                updateRefs(write, table, current -> current.manageSnapshots()
                        .fastForwardBranch(SnapshotRef.MAIN_BRANCH, write.branch())
                        .removeBranch(write.branch()));
            }
            catch (IllegalArgumentException e) {
                if (!registry.loadSourceTable(write.source()).refs().containsKey(write.branch())) {
                    // published or discarded by another call since it was read
                    throw new TrinoException(FEATURE_STORE_NOT_FOUND, format("%s has no branch '%s'; begin_write creates it", write.source(), write.branch()), e);
                }
                throw new TrinoException(FEATURE_STORE_INVALID_ARGUMENT, format(
                        "Cannot publish branch %s of %s: main changed after the branch was made, so the branch does not hold main's newer rows; discard this write and begin again",
                        write.branch(),
                        write.source()), e);
            }
            return null;
        });
        List<String> columns = table.schema().columns().stream().map(NestedField::name).toList();
        lineage.record(
                session,
                "publish_write",
                format("publish_write: branch %s of %s published to main", write.branch(), write.source()),
                ImmutableList.of(ProcedureLineage.table(write.source(), columns, head)),
                ImmutableList.of(ProcedureLineage.table(write.source(), columns, head)));
    }

    /**
     * Removes the branch and the staging table with its files; {@code main} stays as it is.
     */
    public void discard(ConnectorSession session, String schemaName, String viewName, String tableName, String branchName)
    {
        Write write = write(session, schemaName, viewName, tableName, branchName);
        Table table = registry.loadSourceTable(write.source());
        Optional<Table> staging = stagingTable(write);
        Optional<SnapshotRef> branch = Optional.ofNullable(table.refs().get(write.branch())).filter(SnapshotRef::isBranch);
        if (staging.isEmpty() && branch.isEmpty()) {
            throw new TrinoException(FEATURE_STORE_NOT_FOUND, format("There is no write to branch %s of %s", write.branch(), write.source()));
        }
        access(format("discard branch %s of %s", write.branch(), write.source()), () -> {
            if (staging.isPresent()) {
                // the staged files belong to the staging table alone until commit_write has committed them to the branch
                boolean committed = branch.isPresent() && committed(table, branch.get(), write, staging.get());
                dropStagingTable(write, !committed);
            }
            if (branch.isPresent()) {
                try {
                    updateRefs(write, table, current -> current.manageSnapshots().removeBranch(write.branch()));
                }
                catch (IllegalArgumentException e) {
                    if (registry.loadSourceTable(write.source()).refs().containsKey(write.branch())) {
                        throw e;
                    }
                    // removed by another call at the same time
                }
            }
            return null;
        });
    }

    /**
     * Commits a change of the source table's branches and tags. Iceberg does not retry these
     * commits when another writer committed in the meantime, so the change is made again on the
     * table as it is then: a change that no longer applies (the branch was made or removed by the
     * other writer) fails with IllegalArgumentException, for the caller to report.
     */
    private void updateRefs(Write write, Table table, Function<Table, ManageSnapshots> change)
    {
        Table current = table;
        for (int attempt = 1; ; attempt++) {
            try {
                change.apply(current).commit();
                return;
            }
            catch (CommitFailedException e) {
                if (attempt == MAX_REF_ATTEMPTS) {
                    throw new TrinoException(FEATURE_STORE_CATALOG_ERROR, format("Cannot change the branches of %s: other writes changed the table %s times in a row; try again", write.source(), MAX_REF_ATTEMPTS), e);
                }
                current = registry.loadSourceTable(write.source());
            }
        }
    }

    /**
     * Drops the staging table of a write, unless another call dropped it first.
     *
     * @param purge whether its files go too: only while they are not committed to the branch
     */
    private boolean dropStagingTable(Write write, boolean purge)
    {
        try {
            return catalog.tables().dropTable(write.stagingIdentifier(), purge);
        }
        catch (NoSuchTableException e) {
            return false;
        }
    }

    private Write write(ConnectorSession session, String schemaName, String viewName, String tableName, String branchName)
    {
        SourceTable source = QualityTarget.of(registry, sourceCatalog, schemaName, viewName, tableName).table();
        sourceAccess.checkCanWrite(session, source.catalogSchemaTableName());
        String branch = RegistryNames.identifier("branch_name", branchName);
        if (branch.equals(SnapshotRef.MAIN_BRANCH)) {
            throw new TrinoException(FEATURE_STORE_INVALID_ARGUMENT, "branch_name cannot be 'main': new rows are written to another branch and published to main");
        }
        return new Write(source, branch);
    }

    private static SnapshotRef branch(Table table, Write write)
    {
        SnapshotRef ref = table.refs().get(write.branch());
        if (ref == null || !ref.isBranch()) {
            throw new TrinoException(FEATURE_STORE_NOT_FOUND, format("%s has no branch '%s'; begin_write creates it", write.source(), write.branch()));
        }
        return ref;
    }

    private Optional<Table> stagingTable(Write write)
    {
        return access("look up " + write.stagingName(), () -> {
            try {
                return Optional.of(catalog.tables().loadTable(write.stagingIdentifier()));
            }
            catch (NoSuchTableException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * A write of new rows of a source table through a branch.
     */
    private record Write(SourceTable source, String branch)
    {
        SourceTable staging()
        {
            return new SourceTable(source.catalog(), source.schema(), source.table() + "_staging_" + branch);
        }

        TableIdentifier stagingIdentifier()
        {
            return TableIdentifier.of(source.schema(), source.table() + "_staging_" + branch);
        }

        String stagingName()
        {
            return format("%s.%s.%s_staging_%s", source.catalog(), source.schema(), source.table(), branch);
        }
    }
}
