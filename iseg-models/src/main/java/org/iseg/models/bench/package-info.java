/** Benchmarks of the networks ({@link org.iseg.models.bench.ModelBenchmark}). */
package org.iseg.models.bench;
