/**
 * Exported interactive segmentation networks (ONNX, TorchScript) behind {@link org.iseg.api.IisModel}: the
 * network's inputs are declared ({@link org.iseg.models.external.ExternalModelSpec}), clicks are encoded in Java
 * ({@link org.iseg.models.external.ClickTensors}), and DJL runs the network
 * ({@link org.iseg.models.external.OnnxIisModel}, {@link org.iseg.models.external.TorchScriptIisModel},
 * {@link org.iseg.models.external.IisTranslatorFactory} for plain DJL {@code Criteria}).
 */
package org.iseg.models.external;
