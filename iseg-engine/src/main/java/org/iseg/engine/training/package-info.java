/**
 * RITM's iterative training (ITER-M) in one {@link org.iseg.engine.training.Trainer}, built from the lower
 * modules' parts: iseg-data's region selectors and {@code Transforms.ritmTraining} augmentation, iseg-clicking's
 * multi-point sampler and training clicker, iseg-metrics' IoU; losses in {@code training.loss}, Adam and the
 * learning-rate schedules in {@code training.optim}; atomic checkpoints ({@link
 * org.iseg.engine.training.TrainingCheckpoint}) for resuming. The command line is {@code iseg train}.
 *
 * <pre>{@code
 * try (Trainer trainer = Trainer.builder().network(net, true).train(train).epochs(20)
 *     .checkpointDir(Path.of("runs/first")).build()) {
 *   Trainer.Result result = trainer.fit();
 * }
 * }</pre>
 */
package org.iseg.engine.training;
