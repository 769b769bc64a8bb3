package org.iseg.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README compiles as written, each as the body of a method, with its own import
 * lines plus the imports the README names ({@link #README_IMPORTS}), against the project's real classes.
 */
class ReadmeSnippetsTest {
  /** What the README says its snippets assume; keep it equal to the sentence there. */
  static final List<String> README_IMPORTS = List.of("org.iseg.api.*", "org.iseg.api.spi.*", "org.iseg.data.*",
      "org.iseg.data.spi.*", "org.iseg.data.io.*", "org.iseg.engine.predictors.*", "org.iseg.metrics.*",
      "org.iseg.models.zoo.*", "org.iseg.models.external.*", "java.nio.file.*", "java.util.*",
      "ai.djl.inference.Predictor", "ai.djl.repository.zoo.ZooModel");

  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyJavaSnippetOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (String imp : README_IMPORTS) {
      assertTrue(readme.contains("`" + imp.replace(".*", "") + "`") || readme.contains(imp),
          "the README names the import " + imp);
    }
    Matcher m = BLOCK.matcher(readme);
    List<JavaFileObject> sources = new ArrayList<>();
    while (m.find()) {
      StringBuilder imports = new StringBuilder();
      StringBuilder body = new StringBuilder();
      for (String line : m.group(1).split("\n")) {
        (line.startsWith("import ") ? imports : body).append(line).append('\n');
      }
      README_IMPORTS.forEach(i -> imports.append("import ").append(i).append(";\n"));
      String name = "ReadmeSnippet" + sources.size();
      String code = imports + "class " + name + " {\n  void run() throws Exception {\n" + body + "  }\n}\n";
      sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return code;
        }
      });
    }
    assertFalse(sources.isEmpty(), "the README has Java snippets");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    // surefire runs from a manifest-only jar; the real class path is in this property
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    StringWriter errors = new StringWriter();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
      boolean ok = compiler.getTask(errors, files, null, List.of("-classpath", classPath, "-d", out.toString(),
          "-proc:none", "-Xlint:none"), null, sources).call();
      assertTrue(ok, "README snippets do not compile:\n" + errors);
    }
  }
}
