/**
 * Global image descriptors: resize (one or several scales), backbone, {@link io.sightline.pooling.GlobalHead},
 * L2, scale combination, optional whitening, L2. {@link io.sightline.descriptor.DescriptorExtractor#modelVersion()}
 * names everything that changes the vectors, so descriptors of different versions are never compared.
 */
package io.sightline.descriptor;
