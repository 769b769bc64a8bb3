package org.iseg.engine.training.mask2former;

/**
 * The matching of one image's queries to its target segments, with the cost matrices it was solved on
 * (queries × targets): {@code cost = costMask·mask + costClass·classCost + costDice·dice}.
 *
 * @param queries matched queries, ascending (scipy's order)
 * @param targets the target segment matched to each query
 * @param classCost −softmax probability of the target's class
 * @param maskCost mean sigmoid BCE at the matcher's points
 * @param diceCost dice loss at the matcher's points
 * @param cost the weighted sum the assignment minimises
 */
public record MaskMatching(
    int[] queries, int[] targets, double[][] classCost, double[][] maskCost, double[][] diceCost, double[][] cost) {

  /** Number of matched pairs. */
  public int size() {
    return queries.length;
  }
}
