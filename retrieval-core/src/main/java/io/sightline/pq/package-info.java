/**
 * Product quantization for compressed vector search: k-means ({@link io.sightline.pq.KMeans}), the product
 * quantizer with asymmetric distance tables ({@link io.sightline.pq.ProductQuantizer}), the IVF coarse quantizer
 * ({@link io.sightline.pq.IvfQuantizer}) and IVF with residual PQ ({@link io.sightline.pq.IvfPq}).
 *
 * <p>Why hand-written: the Java k-means implementations that are maintained (Apache Commons Math
 * {@code KMeansPlusPlusClusterer}, Smile, Tribuo) work on boxed {@code double[]} points or lists of objects, use
 * one thread for assignment and do not vectorise; training 32 sub-quantizers x 256 centroids on 65k points with
 * them takes minutes where Faiss takes seconds. The hot step of every part here is "inner products of one vector
 * with a block of centroids", so the centroids are kept transposed (dimension-major) and that step is a
 * register-blocked FMA loop over the JDK Vector API ({@link io.sightline.pq.Kernels}); k-means only adds a
 * sequential centroid update, which is a small fraction of the cost. {@link io.sightline.pq.ScalarKernels} is the
 * plain-Java reference the tests compare the vector kernels with.
 *
 * <p>All similarity is inner product on L2-normalised vectors (what the descriptors are); nearest-centroid
 * assignment uses L2, which for unit vectors ranks the same as inner product against the data and keeps the
 * residuals small.
 */
package io.sightline.pq;
