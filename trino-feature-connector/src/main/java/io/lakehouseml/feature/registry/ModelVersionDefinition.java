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
package io.lakehouseml.feature.registry;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.lakehouseml.feature.registry.TrainingSetDefinition.PinnedSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A version of a model: the artefact it is, checksummed when it was registered, and the training
 * set it was made from, with that training set's pinned sources copied, so that the model's
 * lineage outlives the training set. Never changed once registered.
 *
 * @param trainingSetFingerprint the fingerprint of the training set when the model was registered
 * @param sources the training set's spine (first) and feature view sources, each at its pinned snapshot
 * @param artifactSha256 the SHA-256 of the artefact's file, or, for a prefix, of the lines
 *         {@code <sha256>  <relative path>} of its files sorted by path, as {@code sha256sum} prints them
 * @param artifactSize the artefact's size in bytes; for a prefix, the size of all its files
 * @param artifactFiles the files under a prefix, by relative path; empty for a single file
 */
public record ModelVersionDefinition(
        String schema,
        String model,
        int version,
        Optional<String> trainingSet,
        Optional<String> trainingSetFingerprint,
        List<PinnedSource> sources,
        String artifactUri,
        String artifactSha256,
        long artifactSize,
        List<ArtifactFile> artifactFiles,
        Map<String, Double> metrics,
        Map<String, String> params,
        Optional<String> codeVersion,
        Optional<String> description,
        String owner,
        Instant createdAt)
{
    public static final int FIRST_VERSION = 1;

    public ModelVersionDefinition
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(model, "model is null");
        checkArgument(version >= FIRST_VERSION, "version must be at least %s: %s", FIRST_VERSION, version);
        requireNonNull(trainingSet, "trainingSet is null");
        requireNonNull(trainingSetFingerprint, "trainingSetFingerprint is null");
        sources = ImmutableList.copyOf(sources);
        requireNonNull(artifactUri, "artifactUri is null");
        requireNonNull(artifactSha256, "artifactSha256 is null");
        artifactFiles = ImmutableList.copyOf(artifactFiles);
        metrics = ImmutableSortedMap.copyOf(metrics);
        params = ImmutableSortedMap.copyOf(params);
        requireNonNull(codeVersion, "codeVersion is null");
        requireNonNull(description, "description is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /**
     * The sources of the feature views the training set used: every source but the spine.
     */
    public List<PinnedSource> featureViewSources()
    {
        return sources.isEmpty() ? ImmutableList.of() : sources.subList(1, sources.size());
    }

    /**
     * A file of an artefact that is a prefix.
     *
     * @param path the file's path relative to the prefix
     */
    public record ArtifactFile(String path, long size, String sha256)
    {
        public ArtifactFile
        {
            requireNonNull(path, "path is null");
            requireNonNull(sha256, "sha256 is null");
        }
    }
}
