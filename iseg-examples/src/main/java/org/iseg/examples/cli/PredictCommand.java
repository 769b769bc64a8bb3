package org.iseg.examples.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.iseg.data.datasets.CocoMasks;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.ImageHeaders;
import org.iseg.examples.server.RegionOutline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iseg predict}: one image + clicks (+ an optional start mask) → mask PNG, probability PNG, COCO RLE,
 * polygon. Clicks are fed one at a time, as a person would place them, so ITER-M models see their own previous
 * prediction.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Segment one object of one image from clicks.")
final class PredictCommand implements Callable<Integer> {

  @Option(names = "--image", required = true, paramLabel = "FILE", description = "Image (JPEG, PNG, BMP).")
  Path image;

  @Option(names = "--click", paramLabel = "ROW,COL,+|-",
      description = "A click, e.g. --click 120,64,+ --click 30,200,- (in order).")
  List<String> clicks = new ArrayList<>();

  @Option(names = "--clicks-file", paramLabel = "FILE",
      description = "Clicks, one 'row,col,+|-' per line (# comments allowed), placed before --click ones.")
  Optional<Path> clicksFile = Optional.empty();

  @Option(names = "--start-mask", paramLabel = "FILE", description = "Start from this mask (ITER-M models).")
  Optional<Path> startMask = Optional.empty();

  @Mixin ModelChoice modelChoice;

  @Option(names = "--thresh", defaultValue = "0.49", description = "Mask threshold (default 0.49).")
  double threshold;

  @Option(names = "--no-zoom-in", description = "Disable ZoomIn.")
  boolean noZoomIn;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Mask PNG (0/255).")
  Path out;

  @Option(names = "--prob", paramLabel = "FILE", description = "Also write probabilities as an 8-bit PNG.")
  Optional<Path> probOut = Optional.empty();

  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write {size, counts (COCO RLE string), polygon [[x,y],...]} as JSON.")
  Optional<Path> jsonOut = Optional.empty();

  @Option(names = "--max-pixels", defaultValue = "64000000", paramLabel = "N",
      description = "Refuse images of more pixels than this before decoding them (default ${DEFAULT-VALUE}, e.g."
          + " 8000x8000); raise it together with the heap (ISEG_JAVA_OPTS=-Xmx16g).")
  long maxPixels;

  @Override
  public Integer call() throws IOException {
    Ranges.requireProbability("--thresh", threshold);
    // every output is checked before the model runs, so a typo costs no prediction
    Outputs.requireWritableFile(out, "--out");
    probOut.ifPresent(p -> Outputs.requireWritableFile(p, "--prob"));
    jsonOut.ifPresent(p -> Outputs.requireWritableFile(p, "--json"));
    Image picture = readImage(image, maxPixels);
    ClickHistory history = ClickHistory.empty();
    for (String spec : allClickSpecs()) {
      history = history.plus(parseClick(spec, history.nextIndex()).requireInside(picture.height(), picture.width()));
    }
    if (history.isEmpty()) {
      throw new IllegalArgumentException("give at least one click with --click ROW,COL,+ or --clicks-file FILE");
    }
    ProbabilityMap y;
    try (IisModel model = modelChoice.predictor(Map.of("mode", noZoomIn ? "none" : "cvpr"))) {
      State z = startMask.isPresent()
          ? model.initialZ(picture, org.iseg.examples.annotator.AnnotatorFiles.readMask(startMask.get()))
          : model.initialZ(picture);
      y = model.initialY(picture);
      for (int k = 1; k <= history.size(); k++) {
        ClickHistory upToK = history.first(k);
        Prediction prediction = model.predict(picture, z, upToK.positives(), upToK.negatives());
        y = prediction.y();
        z = prediction.z();
      }
    }
    Mask mask = y.threshold(threshold);
    ProbabilityMap probabilities = y;
    Map<Path, Outputs.Writer> files = new LinkedHashMap<>();
    files.put(out, file -> ImageFiles.writePng(file, mask));
    probOut.ifPresent(p -> files.put(p, file -> ImageFiles.writePng(file, probabilityImage(probabilities))));
    jsonOut.ifPresent(p -> files.put(p, file -> writeJson(file, mask)));
    Outputs.writeAll(files); // all of them or none: no mask PNG beside a failed JSON
    System.out.printf("%s: %d clicks, %d object pixels -> %s%n", image.getFileName(), history.size(), mask.area(), out);
    return 0;
  }

  /**
   * Reads an image after checking its declared size: a 20000x20000 file would otherwise end in an
   * OutOfMemoryError deep inside the decoder.
   */
  static Image readImage(Path file, long maxPixels) throws IOException {
    if (Files.isRegularFile(file)) {
      Optional<ImageHeaders.Size> size = ImageHeaders.size(file);
      if (size.isPresent() && size.get().pixels() > maxPixels) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "image %s is %dx%d (%.1f megapixels), more "
            + "than --max-pixels %d; downscale it first (e.g. convert %s -resize 4000x4000 smaller.png), or raise "
            + "--max-pixels and the heap (ISEG_JAVA_OPTS=-Xmx16g)", file, size.get().height(), size.get().width(),
            size.get().pixels() / 1e6, maxPixels, file.getFileName()));
      }
    }
    return ImageFiles.readImage(file);
  }

  private List<String> allClickSpecs() throws IOException {
    List<String> specs = new ArrayList<>();
    if (clicksFile.isPresent()) {
      for (String line : Files.readAllLines(clicksFile.get(), StandardCharsets.UTF_8)) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          specs.add(trimmed);
        }
      }
    }
    specs.addAll(clicks);
    return specs;
  }

  static Click parseClick(String spec, int index) {
    String[] parts = spec.split(",");
    if (parts.length != 3 || !(parts[2].strip().equals("+") || parts[2].strip().equals("-"))) {
      throw new IllegalArgumentException("click '" + spec + "' must look like ROW,COL,+ or ROW,COL,-");
    }
    try {
      return new Click(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
          parts[2].strip().equals("+"), index);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("click '" + spec + "' has a row or column that is not an integer", e);
    }
  }

  private static Image probabilityImage(ProbabilityMap y) {
    byte[] rgb = new byte[3 * y.height() * y.width()];
    for (int i = 0; i < y.height() * y.width(); i++) {
      byte v = (byte) Math.round(255 * y.getAt(i));
      rgb[3 * i] = v;
      rgb[3 * i + 1] = v;
      rgb[3 * i + 2] = v;
    }
    return Image.of(y.height(), y.width(), rgb);
  }

  private static void writeJson(Path file, Mask mask) throws IOException {
    JsonObject json = new JsonObject();
    JsonArray size = new JsonArray();
    size.add(mask.height());
    size.add(mask.width());
    json.add("size", size);
    int[] counts = CocoMasks.fromMask(mask.toObjectArray(), mask.height(), mask.width());
    json.addProperty("counts", CocoMasks.encodeString(counts));
    JsonArray polygon = new JsonArray();
    for (int[] xy : RegionOutline.largest(mask)) {
      JsonArray point = new JsonArray();
      point.add(xy[0]);
      point.add(xy[1]);
      polygon.add(point);
    }
    json.add("polygon", polygon);
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(json), StandardCharsets.UTF_8);
  }
}
