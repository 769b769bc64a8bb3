/** Benchmarks of iseg-data, run as plain {@code main} programs. */
package org.iseg.data.bench;
