package org.iseg.data.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;
import org.iseg.data.DatasetException;

/**
 * MATLAB v5 {@code .mat} label files (BSDS500 {@code groundTruth}, SBD {@code GTinst}/{@code GTcls}) read with
 * the MFL library. MATLAB stores matrices column by column; the label maps returned here are row by row.
 *
 * <pre>{@code
 * MatFile mat = MatFiles.read(path);
 * Cell annotators = MatFiles.cell(mat, "groundTruth", path);
 * LabelMap first = MatFiles.labels(MatFiles.structAt(annotators, 0, path).getMatrix("Segmentation"), path);
 * }</pre>
 */
public final class MatFiles {
  private MatFiles() {}

  /** Reads a whole {@code .mat} file; a missing, truncated or non-MATLAB file fails naming it. */
  public static MatFile read(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new DatasetException(path, "file is missing");
    }
    try {
      return Mat5.readFromFile(path.toFile());
    } catch (IOException | RuntimeException e) {
      throw new DatasetException(path, "is not a readable MATLAB v5 .mat file (corrupt or truncated?)", e);
    }
  }

  /** The cell array named {@code name}, or an error naming the file and the variable. */
  public static Cell cell(MatFile mat, String name, Path path) {
    return typed(mat, name, path, Cell.class, "cell array");
  }

  /** The struct named {@code name}, or an error naming the file and the variable. */
  public static Struct struct(MatFile mat, String name, Path path) {
    return typed(mat, name, path, Struct.class, "struct");
  }

  /** Element {@code index} of a cell array, which must be a struct. */
  public static Struct structAt(Cell cell, int index, Path path) {
    Array element = cell.get(index);
    if (!(element instanceof Struct struct)) {
      throw new DatasetException(path, "cell element " + (index + 1) + " is a "
          + element.getType() + ", expected a struct");
    }
    return struct;
  }

  /** Field {@code field} of a (1x1) struct as a matrix. */
  public static Matrix matrixField(Struct struct, String field, Path path) {
    if (!struct.getFieldNames().contains(field)) {
      throw new DatasetException(path, "struct has no field '" + field + "' (fields: " + struct.getFieldNames() + ")");
    }
    Array value = struct.get(field);
    if (!(value instanceof Matrix matrix)) {
      throw new DatasetException(path, "field '" + field + "' is a " + value.getType() + ", expected a matrix");
    }
    return matrix;
  }

  /** A 2-D integer matrix as a row-major label map (unsigned types read as unsigned). */
  public static LabelMap labels(Matrix matrix, Path path) {
    if (matrix.getNumDimensions() != 2 || matrix.getNumRows() == 0 || matrix.getNumCols() == 0) {
      throw new DatasetException(path, "label matrix has dimensions " + java.util.Arrays.toString(matrix.getDimensions())
          + ", expected a non-empty 2-D matrix");
    }
    int rows = matrix.getNumRows();
    int cols = matrix.getNumCols();
    int[] labels = new int[rows * cols];
    MatlabType type = matrix.getType();
    int i = 0;
    // MATLAB is column-major: element (r, c) is at linear index c * rows + r.
    for (int c = 0; c < cols; c++) {
      for (int r = 0; r < rows; r++, i++) {
        int v;
        if (type == MatlabType.UInt8) {
          v = matrix.getByte(i) & 0xFF;
        } else if (type == MatlabType.UInt16) {
          v = matrix.getShort(i) & 0xFFFF;
        } else if (type == MatlabType.Double || type == MatlabType.Single) {
          double d = matrix.getDouble(i);
          if (d != Math.rint(d)) {
            throw new DatasetException(path, "label matrix holds the non-integer " + d + " at (" + (r + 1) + ", " + (c + 1) + ")");
          }
          v = (int) d;
        } else {
          long l = matrix.getLong(i);
          if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new DatasetException(path, "label " + l + " does not fit an int");
          }
          v = (int) l;
        }
        labels[r * cols + c] = v;
      }
    }
    return LabelMap.wrap(rows, cols, labels);
  }

  private static <T extends Array> T typed(MatFile mat, String name, Path path, Class<T> type, String what) {
    Array value;
    try {
      value = mat.getArray(name);
    } catch (RuntimeException e) {
      throw new DatasetException(path, "has no variable '" + name + "'", e);
    }
    if (!type.isInstance(value)) {
      throw new DatasetException(path, "variable '" + name + "' is a " + value.getType() + ", expected a " + what);
    }
    return type.cast(value);
  }
}
