/** Reading RITM's checkpoint configuration ({@code model._config}) into a {@link org.iseg.models.NetworkConfig}. */
package org.iseg.models.ritm;
