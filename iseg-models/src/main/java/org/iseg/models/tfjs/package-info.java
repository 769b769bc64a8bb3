/**
 * TensorFlow.js layers models as weight files: {@link org.iseg.models.tfjs.TfjsModel} reads {@code model.json} +
 * binary shards, or the browserify-wrapped {@code model.min.js} + {@code *.min.js} shards that npm packages such as
 * {@code nsfwjs} ship, into float32 tensors under their Keras names (uint8/uint16/float16 dequantized as TF.js does).
 *
 * <pre>{@code
 * TfjsModel m = TfjsModel.read(Path.of("nsfwjs-4.4.0"));
 * TensorData kernel = m.weight("Conv1/kernel");   // HWIO
 * }</pre>
 */
package org.iseg.models.tfjs;
