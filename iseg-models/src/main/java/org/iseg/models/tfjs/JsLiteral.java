package org.iseg.models.tfjs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;

/**
 * Reads one JavaScript object/array literal, as minifiers write JSON data into a bundle, into Gson values: keys
 * may be bare identifiers, numbers may lack the leading zero ({@code .5}, {@code -.03}), booleans may be written
 * {@code !0} / {@code !1}, strings may use single quotes. Anything else (a function call, a variable) is refused
 * with the file and offset, so a bundle that is not plain data fails loudly instead of being half-read.
 *
 * <pre>{@code
 * JsLiteral.Parsed p = JsLiteral.parse("a.exports={x:.5,ok:!0}", 10, "model.min.js");
 * p.value();   // {"x":0.5,"ok":true}
 * p.end();     // offset just after the closing brace
 * }</pre>
 */
final class JsLiteral {
  private final String text;
  private final String file;
  private int pos;

  /** The value and the offset just after it. */
  record Parsed(JsonElement value, int end) {}

  private JsLiteral(String text, int start, String file) {
    this.text = text;
    this.pos = start;
    this.file = file;
  }

  /** Parses the literal starting at {@code start} (leading whitespace allowed); {@code file} names it in errors. */
  static Parsed parse(String text, int start, String file) {
    JsLiteral p = new JsLiteral(text, start, file);
    JsonElement value = p.value();
    return new Parsed(value, p.pos);
  }

  private JsonElement value() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end of the literal");
    }
    char c = text.charAt(pos);
    if (c == '{') {
      return object();
    }
    if (c == '[') {
      return array();
    }
    if (c == '"' || c == '\'') {
      return new JsonPrimitive(string());
    }
    if (c == '!' && pos + 1 < text.length() && (text.charAt(pos + 1) == '0' || text.charAt(pos + 1) == '1')) {
      pos += 2;
      return new JsonPrimitive(text.charAt(pos - 1) == '0'); // minified true / false
    }
    if (c == '-' || c == '.' || Character.isDigit(c)) {
      return new JsonPrimitive(number());
    }
    String word = identifier();
    switch (word) {
      case "true":
        return new JsonPrimitive(true);
      case "false":
        return new JsonPrimitive(false);
      case "null":
        return JsonNull.INSTANCE;
      default:
        throw error("'" + word + "' is not plain data (only objects, arrays, strings, numbers, booleans, null)");
    }
  }

  private JsonObject object() {
    JsonObject o = new JsonObject();
    pos++; // {
    skipSpace();
    if (peek() == '}') {
      pos++;
      return o;
    }
    while (true) {
      skipSpace();
      char c = peek();
      String key = c == '"' || c == '\'' ? string() : Character.isDigit(c) ? number().toPlainString() : identifier();
      skipSpace();
      expect(':');
      o.add(key, value());
      skipSpace();
      char next = peek();
      pos++;
      if (next == '}') {
        return o;
      }
      if (next != ',') {
        throw error("expected ',' or '}' in an object, found '" + next + "'", pos - 1);
      }
    }
  }

  private JsonArray array() {
    JsonArray a = new JsonArray();
    pos++; // [
    skipSpace();
    if (peek() == ']') {
      pos++;
      return a;
    }
    while (true) {
      a.add(value());
      skipSpace();
      char next = peek();
      pos++;
      if (next == ']') {
        return a;
      }
      if (next != ',') {
        throw error("expected ',' or ']' in an array, found '" + next + "'", pos - 1);
      }
    }
  }

  private String string() {
    char quote = text.charAt(pos++);
    StringBuilder s = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return s.toString();
      }
      if (c != '\\') {
        s.append(c);
        continue;
      }
      char e = peek();
      pos++;
      switch (e) {
        case 'n' -> s.append('\n');
        case 't' -> s.append('\t');
        case 'r' -> s.append('\r');
        case 'b' -> s.append('\b');
        case 'f' -> s.append('\f');
        case '0' -> s.append('\0');
        case 'u' -> {
          s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        }
        case 'x' -> {
          s.append((char) Integer.parseInt(text.substring(pos, pos + 2), 16));
          pos += 2;
        }
        default -> s.append(e); // \" \' \\ \/
      }
    }
    throw error("unterminated string");
  }

  private BigDecimal number() {
    int start = pos;
    if (peek() == '-' || peek() == '+') {
      pos++;
    }
    while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      if (peek() == '-' || peek() == '+') {
        pos++;
      }
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    String literal = text.substring(start, pos);
    try {
      // BigDecimal keeps the digits exactly; JavaScript reads them as the nearest double, as doubleValue() does.
      return new BigDecimal(literal.replace("-.", "-0.").replace("+.", "0.").replaceFirst("^\\.", "0."));
    } catch (NumberFormatException e) {
      throw error("'" + literal + "' is not a number", start);
    }
  }

  private String identifier() {
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
        || text.charAt(pos) == '$')) {
      pos++;
    }
    if (start == pos) {
      throw error("unexpected character '" + peek() + "'", start);
    }
    return text.substring(start, pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "', found '" + peek() + "'");
    }
    pos++;
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end of the literal");
    }
    return text.charAt(pos);
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private TfjsFormatException error(String what) {
    return error(what, pos);
  }

  private TfjsFormatException error(String what, int at) {
    return new TfjsFormatException(file + ": " + what + " at offset " + at + " of its JavaScript literal");
  }
}
