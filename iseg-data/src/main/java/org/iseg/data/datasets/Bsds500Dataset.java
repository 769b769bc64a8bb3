package org.iseg.data.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.iseg.api.Image;
import org.iseg.data.DatasetException;
import org.iseg.data.FullMask;
import org.iseg.data.ImageFileDataset;
import org.iseg.data.SegSample;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.LabelMap;
import org.iseg.data.io.MatFiles;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;

/**
 * BSDS500: {@code images/{train,val,test}/*.jpg} with {@code groundTruth/{split}/*.mat}, where
 * {@code groundTruth{k}.Segmentation} is annotator k's label map. The full mask has one layer per annotator
 * (4–9), each labelling every pixel with a segment id 1..n.
 *
 * <p>The Berkeley and GrabCut test sets reuse BSDS images: {@link #trainingView} (train + val minus every id in
 * {@code overlaps-with-test-sets.txt}) is what to train on; it fails if that list is missing rather than risk a
 * contaminated evaluation.
 *
 * <pre>{@code
 * SegDataset train = Bsds500Dataset.trainingView(root);          // clean train+val
 * SegDataset test = Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST);
 * }</pre>
 */
public final class Bsds500Dataset extends ImageFileDataset {
  /** The release's splits. */
  public enum Split {
    TRAIN, VAL, TEST;

    String folder() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The file listing the ids that Berkeley/GrabCut evaluation images share with BSDS500. */
  public static final String OVERLAPS_FILE = "overlaps-with-test-sets.txt";

  private static final java.util.regex.Pattern IMAGE_NAME = java.util.regex.Pattern.compile(".*\\.(jpe?g|png|bmp|tiff?)");

  private final List<Path> truths;
  private final List<Split> splits;

  private Bsds500Dataset(String name, List<Path> images, List<Path> truths, List<Split> splits) {
    super(name, images);
    this.truths = truths;
    this.splits = splits;
  }

  /** The given splits, every image (including those that overlap evaluation sets). */
  public static Bsds500Dataset open(Path root, Split... splits) {
    if (splits.length == 0) {
      throw new IllegalArgumentException("name at least one BSDS500 split (TRAIN, VAL, TEST)");
    }
    EnumSet<Split> set = EnumSet.noneOf(Split.class);
    set.addAll(List.of(splits));
    return index(root, set, Set.of(), "BSDS500-" + join(set));
  }

  /** Train + val without the images that appear in the GrabCut/Berkeley evaluation sets. */
  public static Bsds500Dataset trainingView(Path root) {
    Path list = root.resolve(OVERLAPS_FILE);
    if (!Files.isRegularFile(list)) {
      throw new DatasetException(list, "is missing; it lists the BSDS500 ids that must not be trained on "
          + "(they are GrabCut/Berkeley test images)");
    }
    Set<String> excluded = new HashSet<>();
    try {
      for (String line : Files.readAllLines(list)) {
        String id = line.strip();
        if (!id.isEmpty() && !id.startsWith("#")) {
          excluded.add(id);
        }
      }
    } catch (IOException e) {
      throw new DatasetException(list, "cannot read", e);
    }
    return index(root, EnumSet.of(Split.TRAIN, Split.VAL), excluded, "BSDS500-train-clean");
  }

  private static Bsds500Dataset index(Path root, Set<Split> wanted, Set<String> excluded, String name) {
    if (!Files.isDirectory(root)) {
      throw new DatasetException(root, "BSDS500 folder is missing");
    }
    List<Path> images = new ArrayList<>();
    List<Path> truths = new ArrayList<>();
    List<Split> splits = new ArrayList<>();
    for (Split split : wanted) {
      Path truthDir = root.resolve("groundTruth").resolve(split.folder());
      if (!Files.isDirectory(truthDir)) {
        throw new DatasetException(truthDir, "folder is missing; expected BSDS500/groundTruth/" + split.folder());
      }
      for (Path image : ImageFiles.listImages(root.resolve("images").resolve(split.folder()))) {
        String stem = ImageFiles.stem(image);
        if (!IMAGE_NAME.matcher(image.getFileName().toString().toLowerCase(Locale.ROOT)).matches()) {
          continue; // the release keeps a Thumbs.db next to the images
        }
        if (excluded.contains(stem)) {
          continue;
        }
        Path truth = truthDir.resolve(stem + ".mat");
        if (!Files.isRegularFile(truth)) {
          throw new DatasetException(image, "has no ground truth " + truth);
        }
        images.add(image);
        truths.add(truth);
        splits.add(split);
      }
    }
    return new Bsds500Dataset(name, List.copyOf(images), List.copyOf(truths), List.copyOf(splits));
  }

  /** The image ids (file names without extension), in sample order. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      ids.add(ImageFiles.stem(imageFile(i)));
    }
    return ids;
  }

  /** The split of sample {@code index}. */
  public Split split(int index) {
    return splits.get(checkIndex(index));
  }

  @Override
  public SegSample get(int index) {
    Path imageFile = imageFile(index);
    Path truthFile = truths.get(index);
    Image image = ImageFiles.readImage(imageFile);
    return new SegSample(id(index), image, readAnnotators(truthFile, image.height(), image.width()),
        Map.of("image", imageFile.toString(), "groundTruth", truthFile.toString(), "split", splits.get(index).folder()));
  }

  /** All annotators' {@code Segmentation} maps of one ground-truth file, one layer each. */
  public static FullMask readAnnotators(Path truthFile, int height, int width) {
    try (MatFile mat = MatFiles.read(truthFile)) {
      Cell cell = MatFiles.cell(mat, "groundTruth", truthFile);
      int n = cell.getNumElements();
      if (n == 0) {
        throw new DatasetException(truthFile, "groundTruth cell array is empty");
      }
      List<int[]> layers = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        LabelMap labels = MatFiles.labels(
            MatFiles.matrixField(MatFiles.structAt(cell, k, truthFile), "Segmentation", truthFile), truthFile);
        if (labels.height() != height || labels.width() != width) {
          throw new DatasetException(truthFile, "annotator " + (k + 1) + " segmentation is " + labels.height()
              + "x" + labels.width() + " but the image is " + height + "x" + width);
        }
        layers.add(labels.toArray());
      }
      return FullMask.of(height, width, layers);
    } catch (IOException e) {
      throw new DatasetException(truthFile, "cannot close", e);
    } catch (IllegalArgumentException e) {
      throw new DatasetException(truthFile, "holds invalid labels", e);
    }
  }

  private static String join(Set<Split> splits) {
    StringBuilder sb = new StringBuilder();
    for (Split s : splits) {
      sb.append(sb.length() == 0 ? "" : "+").append(s.folder());
    }
    return sb.toString();
  }
}
