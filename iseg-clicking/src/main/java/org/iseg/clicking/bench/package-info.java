/** Benchmarks of this module, run as plain {@code main} programs ({@code iseg bench}). */
package org.iseg.clicking.bench;
