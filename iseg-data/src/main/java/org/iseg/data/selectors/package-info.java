/** Region selectors: how a binary target is picked from a full mask ({@link org.iseg.data.selectors.RegionSelectors}). */
package org.iseg.data.selectors;
