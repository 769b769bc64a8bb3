/** The dataset plug-in interface: {@link org.iseg.data.spi.DatasetProvider}, found by name with ServiceLoader. */
package org.iseg.data.spi;
