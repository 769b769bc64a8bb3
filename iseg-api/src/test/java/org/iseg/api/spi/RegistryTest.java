package org.iseg.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.iseg.api.Click;
import org.junit.jupiter.api.Test;

class RegistryTest {

  record Named(String name) implements NamedProvider {}

  @Test
  void serviceLoaderFindsRegisteredRobot() {
    Registry<RobotProvider> robots = RobotProvider.registry();
    assertTrue(robots.names().contains("test-corner"), robots.names().toString());
    assertEquals(List.of(Click.positive(0, 0, 0)),
        robots.get("TEST-CORNER").create(RobotConfig.ofSeed(1)).next(null, null,
            org.iseg.api.ClickHistory.empty()));
  }

  @Property
  void unknownNameListsEveryKnownName(@ForAll("names") Set<String> names, @ForAll("name") String missing) {
    Assume.that(!names.contains(missing));
    List<Named> providers = new ArrayList<>();
    names.forEach(n -> providers.add(new Named(n)));
    Registry<Named> registry = Registry.of("widget", providers);
    UnknownNameException e = assertThrows(UnknownNameException.class, () -> registry.get(missing));
    assertTrue(e.getMessage().startsWith("unknown widget '" + missing + "'"), e.getMessage());
    for (String name : names) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
      assertSame(registry.get(name), registry.get(name.toUpperCase()));
    }
    assertEquals(names.size(), registry.names().size());
  }

  @Test
  void emptyAndDuplicateNamesAreRejected() {
    Registry<Named> registry = Registry.of("widget", List.of(new Named("a")));
    assertThrows(IllegalArgumentException.class, () -> registry.get(" "));
    assertThrows(IllegalArgumentException.class, () -> Registry.of("widget", List.of(new Named(""))));
    IllegalStateException dup = assertThrows(IllegalStateException.class,
        () -> Registry.of("widget", List.of(new Named("x"), new Named("X"))));
    assertTrue(dup.getMessage().contains("'X'"), dup.getMessage());
  }

  @Provide
  Arbitrary<Set<String>> names() {
    return name().set().ofMaxSize(8);
  }

  @Provide
  Arbitrary<String> name() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
  }
}
