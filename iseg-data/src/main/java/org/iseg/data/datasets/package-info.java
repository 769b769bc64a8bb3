/**
 * The standard dataset loaders: GrabCut, Berkeley, DAVIS, COCO_MVal (RITM's evaluation layouts, matching its
 * loaders exactly), BSDS500, SBD, PASCAL VOC 2012, COCO/LVIS JSON and a generic images + masks folder. Each is
 * also reachable by name through {@link org.iseg.data.spi.DatasetProvider}.
 */
package org.iseg.data.datasets;
