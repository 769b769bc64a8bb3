/**
 * Interactive annotation as a value: {@link org.iseg.engine.session.InteractiveSession} holds one image's clicks,
 * predictions, finished objects and threshold with RITM's demo semantics (click, undo, reset, finish object,
 * load mask). The desktop annotator and the annotation server in iseg-examples are both thin layers over it.
 * Depends only on iseg-api types.
 */
package org.iseg.engine.session;
