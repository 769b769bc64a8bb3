package org.iseg.models.external;

/**
 * A DJL block that knows how its network takes the {@link IisInput}: {@link IisTranslatorFactory} uses
 * {@link #inputsArgument()} when the caller gave no {@code inputs} argument, so a model whose block says it needs no
 * layout spelled out in {@code Criteria}.
 */
public interface IisInputLayout {
  /** The {@code inputs} argument for this block, in {@link ExternalModelSpec#fromArguments}'s syntax. */
  String inputsArgument();
}
