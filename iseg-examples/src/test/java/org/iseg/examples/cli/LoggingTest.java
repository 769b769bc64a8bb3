package org.iseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/** The command line ships an SLF4J binding: no "No SLF4J providers were found" and no silently dropped warnings. */
class LoggingTest {
  @Test
  void aRealBindingIsOnTheClassPathShowingWarningsNotLibraryChatter() {
    assertFalse(LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory, "a binding, not the NOP fallback");
    assertEquals("org.slf4j.simple.SimpleLoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName());
    Logger djl = LoggerFactory.getLogger("ai.djl.pytorch.engine.PtEngine");
    assertTrue(djl.isWarnEnabled() && !djl.isInfoEnabled(), "libraries: warnings only");
    assertTrue(LoggerFactory.getLogger("org.iseg.examples.server.AnnotationServer").isInfoEnabled(), "iseg: info");
  }
}
