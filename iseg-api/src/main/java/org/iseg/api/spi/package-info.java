/**
 * The service-provider interfaces of iseg: every plug-in kind extends {@link org.iseg.api.spi.NamedProvider}
 * and is looked up by name through {@link org.iseg.api.spi.Registry}.
 */
package org.iseg.api.spi;
