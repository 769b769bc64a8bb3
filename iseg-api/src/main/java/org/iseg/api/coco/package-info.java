/**
 * COCO's mask encodings (run-length counts, their compressed string, polygons) exactly as {@code pycocotools}
 * defines them, shared by the data module's COCO loader, the metrics module's COCO evaluation and the CLI's
 * COCO export. Plain Java with no dependencies.
 */
package org.iseg.api.coco;
