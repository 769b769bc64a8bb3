package org.iseg.examples.cli;

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
import java.util.stream.Stream;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.ImageHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code iseg predict}: one image + clicks (+ an optional start mask) → mask PNG, probability PNG, COCO RLE,
 * polygon. Clicks are fed one at a time, as a person would place them, so ITER-M models see their own previous
 * prediction.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Segment one object of an image, or of every image of a folder, from clicks.",
      "With a folder as --image, each IMAGE needs its clicks in IMAGE_STEM.clicks.txt (one 'row,col,+|-' per"
          + " line) beside it or in --clicks-dir; masks go to the --out folder, and --coco writes one COCO"
          + " annotations file for the batch."
    })
final class PredictCommand implements Callable<Integer> {

  @Option(names = "--image", required = true, paramLabel = "FILE|DIR",
      description = "Image (JPEG, PNG, BMP), or a folder of images (see above).")
  Path image;

  @Option(names = "--clicks-dir", paramLabel = "DIR",
      description = "Folder mode: where IMAGE_STEM.clicks.txt files are (default: the image folder).")
  Optional<Path> clicksDir = Optional.empty();

  @Option(names = "--coco", paramLabel = "FILE",
      description = "Also write a COCO annotations file (images, categories, RLE segmentation, bbox, area).")
  Optional<Path> cocoOut = Optional.empty();

  @Option(names = "--category", defaultValue = "object",
      description = "The COCO category name of the masks (default ${DEFAULT-VALUE}).")
  String category;

  @Option(names = "--click", paramLabel = "ROW,COL,+|-",
      description = "A click, e.g. --click 120,64,+ --click 30,200,- (in order).")
  List<String> clicks = new ArrayList<>();

  @Option(names = "--clicks-file", paramLabel = "FILE",
      description = "Clicks, one 'row,col,+|-' per line (# comments allowed), placed before --click ones.")
  Optional<Path> clicksFile = Optional.empty();

  @Option(names = "--start-mask", paramLabel = "FILE", description = "Start from this mask (ITER-M models).")
  Optional<Path> startMask = Optional.empty();

  @Mixin ModelChoice modelChoice;

  @Spec CommandSpec spec;

  @Option(names = "--thresh", defaultValue = "0.49", description = "Mask threshold (default 0.49).")
  double threshold;

  @Mixin ZoomInChoice zoomIn;

  @Option(names = "--out", required = true, paramLabel = "FILE|DIR",
      description = "Mask PNG (0/255); in folder mode the folder of IMAGE_STEM.png masks.")
  Path out;

  @Option(names = "--prob", paramLabel = "FILE", description = "Also write probabilities as an 8-bit PNG.")
  Optional<Path> probOut = Optional.empty();

  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write {size, counts (COCO RLE string), polygon (largest region), polygons (every"
          + " region) as [[x,y],...]} as JSON.")
  Optional<Path> jsonOut = Optional.empty();

  @Option(names = "--max-pixels", defaultValue = "64000000", paramLabel = "N",
      description = "Refuse images of more pixels than this before decoding them (default ${DEFAULT-VALUE}, e.g."
          + " 8000x8000); raise it together with the heap (ISEG_JAVA_OPTS=-Xmx16g).")
  long maxPixels;

  @Override
  public Integer call() throws IOException {
    Ranges.requireProbability("--thresh", threshold);
    if (Files.isDirectory(image)) {
      return predictFolder();
    }
    // every output is checked before the model runs, so a typo costs no prediction
    Outputs.requireWritableFile(out, "--out");
    probOut.ifPresent(p -> Outputs.requireWritableFile(p, "--prob"));
    jsonOut.ifPresent(p -> Outputs.requireWritableFile(p, "--json"));
    cocoOut.ifPresent(p -> Outputs.requireWritableFile(p, "--coco"));
    Image picture = readImage(image, maxPixels);
    ClickHistory history = clicks(allClickSpecs(), picture, "--click or --clicks-file");
    ProbabilityMap y;
    try (IisModel model = modelChoice.predictor(zoomIn.predictorOptions())) {
      Optional<Mask> start = startMask.map(org.iseg.examples.annotator.AnnotatorFiles::readMask);
      y = segment(model, picture, history, start);
    }
    Mask mask = y.threshold(threshold);
    ProbabilityMap probabilities = y;
    Map<Path, Outputs.Writer> files = new LinkedHashMap<>();
    files.put(out, file -> ImageFiles.writePng(file, mask));
    probOut.ifPresent(p -> files.put(p, file -> ImageFiles.writePng(file, probabilityImage(probabilities))));
    jsonOut.ifPresent(p -> files.put(p, file -> CocoExport.write(file, CocoExport.object(mask))));
    cocoOut.ifPresent(p -> files.put(p, file -> CocoExport.write(file, CocoExport.annotations(
        List.of(new CocoExport.Entry(image.getFileName().toString(), mask)), category))));
    Outputs.writeAll(files); // all of them or none: no mask PNG beside a failed JSON
    System.out.printf("%s: %d clicks, %d object pixels -> %s%n", image.getFileName(), history.size(), mask.area(), out);
    return 0;
  }

  /** Feeds the clicks one at a time, as a person places them, so ITER-M models see their own previous mask. */
  private static ProbabilityMap segment(IisModel model, Image picture, ClickHistory history, Optional<Mask> start) {
    State z = start.isPresent() ? model.initialZ(picture, start.get()) : model.initialZ(picture);
    ProbabilityMap y = model.initialY(picture);
    for (int k = 1; k <= history.size(); k++) {
      ClickHistory upToK = history.first(k);
      Prediction prediction = model.predict(picture, z, upToK.positives(), upToK.negatives());
      y = prediction.y();
      z = prediction.z();
    }
    return y;
  }

  private static ClickHistory clicks(List<String> specs, Image picture, String source) {
    ClickHistory history = ClickHistory.empty();
    for (String spec : specs) {
      history = history.plus(parseClick(spec, history.nextIndex()).requireInside(picture.height(), picture.width()));
    }
    if (history.isEmpty()) {
      throw new IllegalArgumentException("give at least one click ROW,COL,+ (" + source + ")");
    }
    return history;
  }

  /** Every image of the folder that has a clicks file, with one line of progress per image. */
  private int predictFolder() throws IOException {
    if (!clicks.isEmpty() || clicksFile.isPresent() || startMask.isPresent() || probOut.isPresent()
        || jsonOut.isPresent()) {
      throw new IllegalArgumentException("with a folder as --image, clicks come from IMAGE_STEM.clicks.txt files;"
          + " --click, --clicks-file, --start-mask, --prob and --json take one image (use --coco for the batch)");
    }
    Outputs.requireWritableFolder(out, "--out");
    cocoOut.ifPresent(p -> Outputs.requireWritableFile(p, "--coco"));
    Path clickFolder = clicksDir.orElse(image);
    List<Path> images;
    try (Stream<Path> listing = Files.list(image)) {
      images = listing.filter(PredictCommand::isImageFile).sorted().toList();
    }
    List<Path> todo = images.stream().filter(i -> Files.isRegularFile(clicksFileOf(clickFolder, i))).toList();
    if (todo.isEmpty()) {
      throw new IllegalArgumentException("no image in " + image + " has a clicks file (IMAGE_STEM.clicks.txt in "
          + clickFolder + "); " + images.size() + " images found");
    }
    if (todo.size() < images.size()) {
      err().printf("predict: %d of %d images in %s have no clicks file and are skipped%n",
          images.size() - todo.size(), images.size(), image);
    }
    List<CocoExport.Entry> done = new ArrayList<>();
    try (IisModel model = modelChoice.predictor(zoomIn.predictorOptions())) {
      for (Path file : todo) {
        Image picture = readImage(file, maxPixels);
        Path clickFile = clicksFileOf(clickFolder, file);
        ClickHistory history = clicks(readClickSpecs(clickFile), picture, clickFile.toString());
        Mask mask = segment(model, picture, history, Optional.empty()).threshold(threshold);
        Path maskFile = out.resolve(stem(file) + ".png");
        Outputs.writeAll(Map.of(maskFile, f -> ImageFiles.writePng(f, mask)));
        done.add(new CocoExport.Entry(file.getFileName().toString(), mask));
        err().printf(Locale.ROOT, "predict: %d/%d %s: %d clicks, %d object pixels -> %s%n", done.size(),
            todo.size(), file.getFileName(), history.size(), mask.area(), maskFile);
      }
    }
    if (cocoOut.isPresent()) {
      Outputs.writeAll(Map.of(cocoOut.get(), f -> CocoExport.write(f, CocoExport.annotations(done, category))));
    }
    System.out.printf("%d images -> %s%s%n", done.size(), out, cocoOut.map(c -> ", COCO " + c).orElse(""));
    return 0;
  }

  /** The command line's error stream: progress and notes, kept apart from the results on stdout. */
  private java.io.PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private static boolean isImageFile(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p) && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg")
        || name.endsWith(".bmp"));
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static Path clicksFileOf(Path folder, Path imageFile) {
    return folder.resolve(stem(imageFile) + ".clicks.txt");
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
      specs.addAll(readClickSpecs(clicksFile.get()));
    }
    specs.addAll(clicks);
    return specs;
  }

  /** 'row,col,+|-' lines; blank lines and # comments skipped. */
  private static List<String> readClickSpecs(Path file) throws IOException {
    List<String> specs = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        specs.add(trimmed);
      }
    }
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
}
