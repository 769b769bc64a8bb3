/**
 * Optimisation for the trainer: {@link org.iseg.engine.training.optim.AdamOptimizer} (PyTorch's Adam whose moments
 * a checkpoint saves; DJL's {@code Adam} keeps them out of reach, so a resumed run would restart them) and the
 * learning-rate schedules ({@link org.iseg.engine.training.optim.LrSchedule}).
 */
package org.iseg.engine.training.optim;
