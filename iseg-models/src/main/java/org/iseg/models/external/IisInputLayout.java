package org.iseg.models.external;

/**
 * A DJL block with a fixed interface: it takes the {@link IisInput} as {@link #inputsArgument()} says, RGB in [0, 1]
 * (it normalises inside), and returns logits. {@link IisTranslatorFactory} uses that interface in place of any
 * layout, normalisation or output arguments, so such a model needs none spelled out in {@code Criteria}.
 */
public interface IisInputLayout {
  /** The {@code inputs} argument for this block, in {@link ExternalModelSpec#fromArguments}'s syntax. */
  String inputsArgument();
}
