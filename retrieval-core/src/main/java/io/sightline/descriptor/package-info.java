/**
 * Global image descriptors: resize, backbone, pooling head, L2. {@link
 * io.sightline.descriptor.DescriptorExtractor#modelVersion()} names everything that changes the vectors, so
 * descriptors of different versions are never compared.
 */
package io.sightline.descriptor;
