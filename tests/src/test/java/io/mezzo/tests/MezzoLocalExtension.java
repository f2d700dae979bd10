package io.mezzo.tests;

import java.io.IOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test methods a {@link MezzoLocal} parameter: started on first use, shared by every
 * test class of the run, closed by JUnit when the run ends.
 */
final class MezzoLocalExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == MezzoLocal.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return extension.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(MezzoLocal.class, key -> {
          try {
            return new MezzoLocal();
          } catch (IOException e) {
            throw new IllegalStateException("cannot start mezzo local", e);
          }
        }, MezzoLocal.class);
  }
}
